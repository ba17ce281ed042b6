//! The table of source declarations the analysis has met, so labels can be
//! small ids and findings can name and locate their source.

use std::collections::BTreeMap;

use crate::source::Span;

use super::taint::SourceId;

#[derive(Clone, Debug)]
pub struct SourceDecl {
    pub span: Span,
    /// `Account::phone`, `TotpSecret`, `accounts::otp()`, ...
    pub label: String,
}

/// Interns source declarations by their span (every declaration has its
/// own span).
#[derive(Debug, Default)]
pub struct Sources {
    by_span: BTreeMap<Span, SourceId>,
    decls: Vec<SourceDecl>,
}

impl Sources {
    pub fn intern(&mut self, span: Span, label: impl FnOnce() -> String) -> SourceId {
        if let Some(id) = self.by_span.get(&span) {
            return *id;
        }
        let id = SourceId(self.decls.len() as u32);
        self.decls.push(SourceDecl { span, label: label() });
        self.by_span.insert(span, id);
        id
    }

    pub fn get(&self, id: SourceId) -> &SourceDecl {
        &self.decls[id.0 as usize]
    }
}
