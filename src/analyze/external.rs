//! Sinks and sources in code outside the workspace, named by configuration
//! (`[workspace.metadata.purpose]`, `purpose.toml`) because a third-party
//! crate cannot be annotated.
//!
//! A call into external code reaches the interpreter as a path as written
//! (`Client::upload_audience`, `pixel::track`) or as a method call on a
//! value whose type is not a workspace type. A path call matches a
//! configured path when its segments end the configured ones (a `use`
//! shortens what is written); a method call matches when its name is the
//! last segment of a configured `Type::method` (the receiver's external type
//! is not known). A configured sink is a sink call like any other; a
//! configured source makes the call's result security-only, declared at the
//! call.
//!
//! This file is a child module of `interp` so that the hooks can use the
//! interpreter's state; `interp` calls them at two points only.

use std::sync::Arc;

use super::{Interp, Label, Taint, Trace, Ty, Value};
use crate::source::Span;

/// The configured sinks and sources the analysis applies.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExternalSpec {
    pub sinks: Vec<Configured>,
    pub sources: Vec<Configured>,
    /// `unknown-calls = "sink"`: every external call that no model covers
    /// is treated as a sink; the file that says so.
    pub unknown_calls_are_sinks: Option<String>,
}

/// One configured path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Configured {
    /// `["ads_sdk", "Client", "upload_audience"]`.
    pub segments: Vec<String>,
    /// The configuration file that names it, relative to the scanned root.
    pub origin: String,
}

impl Configured {
    fn display(&self) -> String {
        self.segments.join("::")
    }

    /// A path call written as `written` may be a call of this item.
    fn matches_path(&self, written: &str) -> bool {
        let written: Vec<&str> = written.split("::").filter(|s| !s.is_empty()).collect();
        !written.is_empty()
            && written.len() <= self.segments.len()
            && self.segments[self.segments.len() - written.len()..].iter().zip(&written).all(|(a, b)| a == b)
    }

    /// A method call named `method` may be a call of this item: it is a
    /// `Type::method` (its type segment starts with a capital) of that name.
    fn matches_method(&self, method: &str) -> bool {
        match self.segments.as_slice() {
            [.., ty, name] => name == method && ty.chars().next().is_some_and(char::is_uppercase),
            _ => false,
        }
    }
}

/// Whether a std model, or std itself, tells what the external path call
/// `name` does, so that `unknown-calls = "sink"` leaves it alone.
pub(super) fn is_modelled_path(name: &str) -> bool {
    const STD: &[&str] = &[
        "alloc", "Arc", "Box", "BTreeMap", "BTreeSet", "Cell", "core", "Cow", "Err", "HashMap", "HashSet",
        "Mutex", "None", "Ok", "Option", "Rc", "RefCell", "Result", "RwLock", "Some", "std", "String", "Vec",
        "VecDeque",
    ];
    let first = name.split("::").next().unwrap_or_default();
    super::is_transparent_fn(name) || STD.contains(&first)
}

impl ExternalSpec {
    pub fn is_empty(&self) -> bool {
        self.sinks.is_empty() && self.sources.is_empty() && self.unknown_calls_are_sinks.is_none()
    }
}

impl Interp<'_, '_> {
    /// A call of the external path `name` with `values`: a configured sink
    /// records a hit; a configured source gives the value to join into the
    /// result. `modelled`: a std model knows what the call does.
    pub(super) fn external_path_call(
        &mut self,
        name: &str,
        values: &[Value],
        span: Span,
        modelled: bool,
    ) -> Option<Value> {
        let spec = Arc::clone(&self.tables.external);
        if spec.is_empty() {
            return None;
        }
        let sink = spec.sinks.iter().find(|c| c.matches_path(name));
        self.configured_sink(sink, name, values, span, modelled, &spec);
        let source = spec.sources.iter().find(|c| c.matches_path(name))?;
        Some(self.configured_source(source, span))
    }

    /// A method call on `recv`, whose type is not a workspace type, with
    /// `args`; as [`Interp::external_path_call`].
    pub(super) fn external_method_call(
        &mut self,
        recv: &Value,
        method: &str,
        args: &[Value],
        span: Span,
        modelled: bool,
    ) -> Option<Value> {
        let spec = Arc::clone(&self.tables.external);
        if spec.is_empty() || matches!(recv.ty, Ty::Adt(_) | Ty::Traits(_)) {
            return None;
        }
        let mut values = Vec::with_capacity(args.len() + 1);
        values.push(recv.clone());
        values.extend(args.iter().cloned());
        let sink = spec.sinks.iter().find(|c| c.matches_method(method));
        self.configured_sink(sink, method, &values, span, modelled, &spec);
        let source = spec.sources.iter().find(|c| c.matches_method(method))?;
        Some(self.configured_source(source, span))
    }

    fn configured_sink(
        &mut self,
        sink: Option<&Configured>,
        name: &str,
        values: &[Value],
        span: Span,
        modelled: bool,
        spec: &ExternalSpec,
    ) {
        let function = match (sink, &spec.unknown_calls_are_sinks) {
            (Some(sink), _) => format!("{} (configured sink, {})", sink.display(), sink.origin),
            (None, Some(origin)) if !modelled => {
                format!("{name} (external call, unknown-calls = \"sink\" in {origin})")
            }
            _ => return,
        };
        let mut taint = Taint::default();
        for v in values {
            let t = self.flatten_typed(v);
            taint.join(&t);
        }
        if taint.is_empty() {
            return;
        }
        let enclosing = self.enclosing.clone();
        self.record_hit(span, function.into(), enclosing, taint);
    }

    fn configured_source(&mut self, source: &Configured, span: Span) -> Value {
        let label = format!("{}() (configured source, {})", source.display(), source.origin);
        let id = self.tables.sources.intern(span, label);
        Value::from_taint(Taint::single(Label::Source(id), Trace::default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn configured(path: &str) -> Configured {
        Configured { segments: path.split("::").map(str::to_owned).collect(), origin: "Cargo.toml".into() }
    }

    #[test]
    fn paths_match_by_their_end() {
        let sink = configured("ads_sdk::Client::upload_audience");
        assert!(sink.matches_path("ads_sdk::Client::upload_audience"));
        assert!(sink.matches_path("Client::upload_audience"));
        assert!(sink.matches_path("upload_audience"));
        assert!(!sink.matches_path("Client::upload_events"));
        assert!(!sink.matches_path("other::Client::upload_audience"));
        assert!(!sink.matches_path("x::ads_sdk::Client::upload_audience"));
    }

    #[test]
    fn methods_match_type_methods_only() {
        assert!(configured("ads_sdk::Client::upload_audience").matches_method("upload_audience"));
        assert!(!configured("ads_sdk::Client::upload_audience").matches_method("upload"));
        assert!(!configured("pixel::track").matches_method("track"), "a free fn is not a method");
    }
}
