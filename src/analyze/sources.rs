//! The table of source declarations the analysis has met, so findings can
//! name their source.
//!
//! A source is identified by its declaration's span (every declaration has
//! its own), so an id does not depend on which body met the source first:
//! bodies are analysed in parallel, and labels, which are ordered by id,
//! come out the same on any number of threads.

use std::collections::btree_map::Entry;
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
    /// The id of the source declared at `span`, named `label`. A file that
    /// several crates include declares its sources once, but each crate's
    /// copy names them with its own path: of the names met, the least is
    /// kept, so which body met the source first (on which thread) does not
    /// decide it.
    pub fn intern(&self, span: Span, label: String) -> SourceId {
        let mut labels = self.labels.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match labels.entry(span) {
            Entry::Vacant(entry) => {
                entry.insert(label);
            }
            Entry::Occupied(mut entry) => {
                if label < *entry.get() {
                    entry.insert(label);
                }
            }
        }
        SourceId(span)
    }

    /// The declaration's label (empty for an id this table never gave).
    pub fn label(&self, id: SourceId) -> String {
        let labels = self.labels.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        labels.get(&id.0).cloned().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn a_source_keeps_the_least_of_its_names_whichever_came_first() {
        let span = Span { file: FileId(3), line: 4, column: 5, end_line: 4, end_column: 30 };
        for names in [["b::Account::phone", "a::Account::phone"], ["a::Account::phone", "b::Account::phone"]]
        {
            let sources = Sources::default();
            let ids: Vec<SourceId> = names.iter().map(|n| sources.intern(span, n.to_string())).collect();
            assert_eq!(ids, [SourceId(span), SourceId(span)]);
            assert_eq!(sources.label(SourceId(span)), "a::Account::phone");
        }
    }
}
