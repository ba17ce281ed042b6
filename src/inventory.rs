//! What the workspace declares, rather than what flows: every marker and
//! every approved flow, read from the index once it is built.
//!
//! Markers go into baselines (so that a marker deleted to silence the gate
//! is noticed) and into `cargo purpose markers`; approvals go into
//! `cargo purpose audit`. An approval without a reason is an input error:
//! the gate must not accept an unexplained exception.

use crate::finding::{ApprovalRef, MarkerRef};
use crate::index::{FnOwner, Index};
use crate::ir::{Body, Markers, TypeRef};
use crate::source::{InputError, SourceFiles, Span};

/// Every marker of the workspace, sorted by file and position.
pub fn markers(index: &Index, files: &SourceFiles) -> Vec<MarkerRef> {
    let mut out = Vec::new();
    for data in &index.fns {
        let kind = match data.owner {
            FnOwner::Free => "fn",
            FnOwner::Impl(_) | FnOwner::Trait(_) => "method",
        };
        push(&mut out, &data.markers, kind, || data.display.clone());
        for param in &data.def.params {
            let name = param.name.as_deref().unwrap_or("_");
            push(&mut out, &param.markers, "param", || format!("{}({name})", data.display));
        }
        if let Some(body) = &data.def.body {
            lets(&mut out, body, &data.display);
        }
    }
    for data in &index.adts {
        let kind = if data.variants.is_empty() { "type" } else { "enum" };
        push(&mut out, &data.markers, kind, || data.display.clone());
        for field in &data.fields {
            push(&mut out, &field.markers, "field", || format!("{}::{}", data.display, field.name));
        }
        for variant in &data.variants {
            for field in &variant.fields {
                let item = || format!("{}::{}::{}", data.display, variant.name, field.name);
                push(&mut out, &field.markers, "field", item);
            }
        }
    }
    for data in &index.traits {
        push(&mut out, &data.markers, "trait", || data.display.clone());
    }
    for data in &index.impls {
        let item = || match &data.self_ty {
            TypeRef::Path(path) => format!("impl {}", path.display()),
            _ => "impl".to_owned(),
        };
        push(&mut out, &data.markers, "impl", item);
    }
    for data in &index.statics {
        let kind = if data.is_const { "const" } else { "static" };
        push(&mut out, &data.markers, kind, || data.display.clone());
        if let Some(body) = &data.init {
            lets(&mut out, body, &data.display);
        }
    }
    out.sort_by_cached_key(|m| (span_key(files, m.span), m.marker, m.item.clone()));
    out.dedup();
    out
}

/// `item` names the marked thing; it is only spelled out for a marker
/// (nearly nothing is marked, and every field and parameter passes here).
fn push(out: &mut Vec<MarkerRef>, markers: &Markers, kind: &'static str, item: impl Fn() -> String) {
    if let Some(span) = markers.security_only() {
        out.push(MarkerRef { marker: "security_only", kind, item: item(), span });
    }
    if let Some(span) = markers.advertising_sink() {
        out.push(MarkerRef { marker: "advertising_sink", kind, item: item(), span });
    }
}

/// `#[security_only] let` statements, named `owner(let name)`.
fn lets(out: &mut Vec<MarkerRef>, body: &Body, owner: &str) {
    for local in &body.locals {
        let name = local.name.as_deref().unwrap_or("_");
        push(out, &local.markers, "let", || format!("{owner}(let {name})"));
    }
}

/// Every approved flow with a reason, sorted by position, and an error for
/// each one without.
pub fn approvals(index: &Index, files: &SourceFiles) -> (Vec<ApprovalRef>, Vec<InputError>) {
    let bodies = index
        .fns
        .iter()
        .filter_map(|data| Some((data.def.body.as_ref()?, &data.display)))
        .chain(index.statics.iter().filter_map(|data| Some((data.init.as_ref()?, &data.display))));
    let (mut approved, mut errors) = (Vec::new(), Vec::new());
    for (body, item) in bodies {
        for approval in &body.approvals {
            let form = if approval.on_fn { "#[declassified]" } else { "declassify!" };
            match &approval.reason {
                Some(reason) => approved.push(ApprovalRef {
                    span: approval.span,
                    reason: reason.clone(),
                    item: item.clone(),
                    form,
                }),
                None => {
                    let usage = if approval.on_fn {
                        "#[declassified(reason = \"...\")]"
                    } else {
                        "declassify!(value, \"reason\")"
                    };
                    errors.push(InputError {
                        file: rel_path(files, approval.span),
                        line: approval.span.line,
                        column: approval.span.column,
                        message: format!(
                            "`{form}` in `{item}` has no reason: an approved flow must say why \
                             (write `{usage}`); the flow is not approved"
                        ),
                    });
                }
            }
        }
    }
    approved.sort_by_cached_key(|a| (span_key(files, a.span), a.item.clone()));
    approved.dedup();
    errors.sort();
    errors.dedup();
    (approved, errors)
}

fn rel_path(files: &SourceFiles, span: Span) -> String {
    files.files.get(span.file.0 as usize).map(|f| f.rel_path.clone()).unwrap_or_default()
}

/// Sort key of a span that does not depend on file ids.
fn span_key(files: &SourceFiles, span: Span) -> (String, u32, u32) {
    (rel_path(files, span), span.line, span.column)
}
