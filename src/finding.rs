//! The finding model: what the analysis concludes and every output format
//! renders. It knows spans and words, nothing of syntax trees or terminals.

use crate::source::{InputError, Span};

/// The rule every data-flow finding belongs to.
pub const RULE_SECURITY_TO_ADVERTISING: &str = "security-to-advertising";

/// One flow from a security-only source into an advertising sink call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub source: SourceRef,
    pub sink: SinkRef,
    /// From source to sink, in order.
    pub steps: Vec<Step>,
}

/// The annotated declaration the data comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRef {
    pub span: Span,
    /// `Account::phone`, `login(phone)`, `TotpSecret`, ...
    pub label: String,
}

/// The call expression that hands the data to advertising.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SinkRef {
    pub span: Span,
    /// The sink function called, e.g. `ads::track` or `Pixel::fire`.
    pub function: String,
    /// The function that contains the call, e.g. `api::signup`. Part of the
    /// fingerprint, so a finding keeps its id when lines move.
    pub enclosing: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub span: Span,
    pub note: String,
}

/// A note that does not change the verdict but that a reviewer should see,
/// e.g. an analysis budget that forced an over-approximation.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub span: Option<Span>,
    pub message: String,
}

impl Finding {
    pub fn message(&self) -> String {
        format!(
            "security-only value `{}` reaches advertising sink `{}`",
            self.source.label, self.sink.function
        )
    }
}

/// Everything one run produced, ready for an emitter.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted by sink location, then source; deduplicated.
    pub findings: Vec<Finding>,
    pub errors: Vec<InputError>,
    pub warnings: Vec<Warning>,
    /// Number of source files analysed.
    pub files: usize,
    /// Number of function bodies analysed.
    pub functions: usize,
}
