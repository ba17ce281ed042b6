//! The finding model: what the analysis concludes and every output format
//! renders. It knows spans and words, nothing of syntax trees or terminals.

use crate::source::{InputError, Span};

/// The rule every data-flow finding belongs to.
pub const RULE_SECURITY_TO_ADVERTISING: &str = "security-to-advertising";

/// The rule of a marker that a baseline recorded and that is gone (or no
/// longer on its item): deleting a marker is the cheapest way to silence
/// the gate, so it is a finding of its own.
pub const RULE_MARKER_REMOVED: &str = "marker-removed";

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
    /// Every approved flow (`declassify!`, `#[declassified]`), sorted by
    /// position.
    pub approvals: Vec<ApprovalRef>,
    /// Every `#[security_only]` and `#[advertising_sink]` marker, sorted by
    /// position: what a baseline records to notice a marker removed.
    pub markers: Vec<MarkerRef>,
}

/// An approved flow, for `cargo purpose audit`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApprovalRef {
    pub span: Span,
    pub reason: String,
    /// The fn (or static) the approval is written in, e.g. `Account::export`.
    pub item: String,
    /// `declassify!` or `#[declassified]`.
    pub form: &'static str,
}

/// One marker of the workspace.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MarkerRef {
    /// `security_only` or `advertising_sink`.
    pub marker: &'static str,
    /// What it is on: `field`, `fn`, `method`, `param`, `let`, `struct`, ...
    pub kind: &'static str,
    /// The item path, e.g. `Account::phone`, `ads::track`, `login(code)`.
    pub item: String,
    /// The marker attribute.
    pub span: Span,
}
