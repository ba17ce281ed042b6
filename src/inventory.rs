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
use rayon::prelude::*;

/// Every marker of the workspace, sorted by file and position.
pub fn markers(index: &Index, files: &SourceFiles) -> Vec<MarkerRef> {
    let mut out = each_item(&index.fns, |out, data| {
        let kind = match data.owner {
            FnOwner::Free => "fn",
            FnOwner::Impl(_) | FnOwner::Trait(_) => "method",
        };
        push(out, &data.markers, kind, || data.display.clone());
        for param in &data.def.params {
            let name = param.name.as_deref().unwrap_or("_");
            push(out, &param.markers, "param", || format!("{}({name})", data.display));
        }
        if let Some(body) = &data.def.body {
            lets(out, body, &data.display);
        }
    });
    out.extend(each_item(&index.adts, |out, data| {
        let kind = if data.variants.is_empty() { "type" } else { "enum" };
        push(out, &data.markers, kind, || data.display.clone());
        for field in &data.fields {
            push(out, &field.markers, "field", || format!("{}::{}", data.display, field.name));
        }
        for variant in &data.variants {
            for field in &variant.fields {
                let item = || format!("{}::{}::{}", data.display, variant.name, field.name);
                push(out, &field.markers, "field", item);
            }
        }
    }));
    out.extend(each_item(&index.traits, |out, data| {
        push(out, &data.markers, "trait", || data.display.clone());
    }));
    out.extend(each_item(&index.impls, |out, data| {
        let item = || match &data.self_ty {
            TypeRef::Path(path) => format!("impl {}", path.display()),
            _ => "impl".to_owned(),
        };
        push(out, &data.markers, "impl", item);
    }));
    out.extend(each_item(&index.statics, |out, data| {
        let kind = if data.is_const { "const" } else { "static" };
        push(out, &data.markers, kind, || data.display.clone());
        if let Some(body) = &data.init {
            lets(out, body, &data.display);
        }
    }));
    out.sort_by_cached_key(|m| (span_key(files, m.span), m.marker, m.item.clone(), m.kind));
    out.dedup();
    out
}

/// What `visit` finds in each of `items`, in parallel (the index holds
/// hundreds of thousands of items, nearly none marked), in no particular
/// order: the caller sorts.
fn each_item<T: Sync, R: Send>(items: &[T], visit: impl Fn(&mut Vec<R>, &T) + Sync) -> Vec<R> {
    items
        .par_iter()
        .fold(Vec::new, |mut out, item| {
            visit(&mut out, item);
            out
        })
        .reduce(Vec::new, |mut all, mut more| {
            all.append(&mut more);
            all
        })
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
    let mut found = each_item(&index.fns, |out, data| {
        if let Some(body) = &data.def.body {
            approvals_in(out, body, &data.display, files);
        }
    });
    found.extend(each_item(&index.statics, |out, data| {
        if let Some(body) = &data.init {
            approvals_in(out, body, &data.display, files);
        }
    }));
    let (mut approved, mut errors) = (Vec::new(), Vec::new());
    for approval in found {
        match approval {
            Ok(approval) => approved.push(approval),
            Err(error) => errors.push(error),
        }
    }
    approved.sort_by_cached_key(|a| (span_key(files, a.span), a.item.clone(), a.reason.clone(), a.form));
    approved.dedup();
    errors.sort();
    errors.dedup();
    (approved, errors)
}

/// The approved flows of `body` (in the fn or static `item`), or an error
/// for each one without a reason.
fn approvals_in(
    out: &mut Vec<Result<ApprovalRef, InputError>>,
    body: &Body,
    item: &str,
    files: &SourceFiles,
) {
    for approval in &body.approvals {
        let form = if approval.on_fn { "#[declassified]" } else { "declassify!" };
        out.push(match &approval.reason {
            Some(reason) => {
                Ok(ApprovalRef { span: approval.span, reason: reason.clone(), item: item.to_string(), form })
            }
            None => {
                let usage = if approval.on_fn {
                    "#[declassified(reason = \"...\")]"
                } else {
                    "declassify!(value, \"reason\")"
                };
                Err(InputError {
                    file: rel_path(files, approval.span),
                    line: approval.span.line,
                    column: approval.span.column,
                    message: format!(
                        "`{form}` in `{item}` has no reason: an approved flow must say why \
                         (write `{usage}`); the flow is not approved"
                    ),
                })
            }
        });
    }
}

fn rel_path(files: &SourceFiles, span: Span) -> String {
    files.files.get(span.file.0 as usize).map(|f| f.rel_path.clone()).unwrap_or_default()
}

/// Sort key of a span that does not depend on file ids.
fn span_key(files: &SourceFiles, span: Span) -> (String, u32, u32) {
    (rel_path(files, span), span.line, span.column)
}
