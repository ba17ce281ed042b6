//! The table of source declarations the analysis has met, so findings can
//! name their source.
//!
//! A source is identified by its declaration's span (every declaration has
//! its own), so an id does not depend on which body met the source first:
//! bodies are analysed in parallel, and labels, which are ordered by id,
//! come out the same on any number of threads.

use std::collections::BTreeMap;
use std::sync::Mutex;

use crate::source::Span;

use super::taint::SourceId;

/// The display labels of the sources met so far, shared by every worker.
#[derive(Debug, Default)]
pub struct Sources {
    labels: Mutex<BTreeMap<Span, String>>,
}

impl Sources {
    /// The id of the source declared at `span`; `label` names it the first
    /// time (every caller computes the same label for a span).
    pub fn intern(&self, span: Span, label: impl FnOnce() -> String) -> SourceId {
        let mut labels = self.labels.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        labels.entry(span).or_insert_with(label);
        SourceId(span)
    }

    /// The declaration's label (empty for an id this table never gave).
    pub fn label(&self, id: SourceId) -> String {
        let labels = self.labels.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        labels.get(&id.0).cloned().unwrap_or_default()
    }
}
