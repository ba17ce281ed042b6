//! Function summaries: what a fn does with the data its parameters carry,
//! in terms of symbolic parameter labels, so each body is analysed once per
//! fixpoint round rather than once per call path.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::ir::Name;
use crate::source::Span;

use super::taint::{SourceId, Taint, Trace, Value};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// The return value, over parameter labels and the sources the fn
    /// reads itself.
    pub ret: Value,
    /// Final values of parameters the body changed (written through `&mut`,
    /// `self` fields set by a setter, a receiver that stored something).
    pub param_out: BTreeMap<u16, Value>,
    /// Sink calls (site, sink fn) reached by parameter data, in this fn or
    /// in its callees.
    pub sink_hits: BTreeMap<(Span, Arc<str>), SinkHit>,
    /// Calls of a parameter that holds a callable (a closure or fn passed
    /// in): (parameter, call site) to the arguments passed. The caller runs
    /// what it passed with them.
    pub callbacks: BTreeMap<(u16, Span), Vec<Value>>,
    /// Method calls through a trait on a parameter: (parameter, call site,
    /// method) to the other arguments. The caller dispatches them on the
    /// type it passes, so a generic used only with non-sink types is clean.
    pub dispatches: BTreeMap<(u16, Span, Name), Vec<Value>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SinkHit {
    /// The fn that contains the sink call.
    pub enclosing: Arc<str>,
    /// Parameter labels reaching it.
    pub taint: Taint,
}

/// A concrete source reaching a sink call, with the path it took.
#[derive(Clone, Debug)]
pub struct RawFinding {
    pub source: SourceId,
    pub site: Span,
    pub sink: Arc<str>,
    pub enclosing: Arc<str>,
    pub trace: Trace,
}
