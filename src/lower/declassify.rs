//! Approved flows: `declassify!(expr, "reason")` and
//! `#[declassified(reason = "...")]` on a fn.
//!
//! The macro is lowered as its expression evaluated for its effects (a sink
//! call inside it is still a sink call) followed by a value that carries no
//! data; the attribute makes every value the fn returns such a value. The
//! analysis needs no rule of its own for approvals, and each one is recorded
//! in the body so that `cargo purpose audit` can list it. A missing or empty
//! reason is recorded too (the driver reports it as an input error), and the
//! value then stays as it was: an approval that is not explained approves
//! nothing.

use syn::parse::ParseStream;
use syn::{Expr, LitStr, Token};

use super::body::{BodyBuilder, Val};
use super::Cx;
use crate::ir::Approval;
use crate::source::Span;

/// The last path segment that names the approval macro and attribute.
pub(super) const DECLASSIFY: &str = "declassify";

/// The fn attribute: `#[declassified(reason = "..")]` (an attribute macro
/// cannot share the name of the expression macro).
const DECLASSIFIED: &str = "declassified";

impl BodyBuilder<'_, '_> {
    /// `declassify!(expr, "reason")`.
    pub(super) fn declassify_macro(&mut self, mac: &syn::Macro, span: Span) -> Val {
        match parse_declassify(mac) {
            Ok((expr, reason)) => {
                let reason = reason.filter(|r| !r.trim().is_empty());
                let approved = reason.is_some();
                self.body.approvals.push(Approval { span, reason, on_fn: false });
                if approved {
                    self.effects(&expr);
                    Val::Const
                } else {
                    self.expr(&expr)
                }
            }
            Err(_) => {
                self.body.approvals.push(Approval { span, reason: None, on_fn: false });
                self.unknown_macro(mac)
            }
        }
    }
}

/// The expression and reason of `declassify!(expr, "reason")`.
fn parse_declassify(mac: &syn::Macro) -> syn::Result<(Expr, Option<String>)> {
    mac.parse_body_with(|input: ParseStream| {
        let expr: Expr = input.parse()?;
        let reason = if input.is_empty() {
            None
        } else {
            input.parse::<Token![,]>()?;
            let reason = input.parse::<LitStr>().ok().map(|lit| lit.value());
            // Whatever follows (a trailing comma) does not matter here:
            // the compiler checks the macro's exact form.
            input.parse::<proc_macro2::TokenStream>()?;
            reason
        };
        Ok((expr, reason))
    })
}

/// The approval a `declassify!` invocation records, for a body whose
/// lowering is deferred (the same record [`BodyBuilder::declassify_macro`]
/// makes).
pub(super) fn macro_approval(mac: &syn::Macro, span: Span) -> Approval {
    let reason = parse_declassify(mac).ok().and_then(|(_, reason)| reason).filter(|r| !r.trim().is_empty());
    Approval { span, reason, on_fn: false }
}

/// The `#[declassified(reason = "...")]` attribute among `attrs`, if any,
/// with its reason (`None` when missing, empty or malformed).
pub(super) fn fn_approval(cx: &Cx, attrs: &[syn::Attribute]) -> Option<Approval> {
    let attr = attrs.iter().find(|attr| {
        attr.path().segments.last().is_some_and(|s| s.ident == DECLASSIFIED || s.ident == DECLASSIFY)
    })?;
    let span = cx.range(attr.pound_token.span, attr.bracket_token.span.close());
    let mut reason = None;
    if let syn::Meta::List(list) = &attr.meta {
        let _ = list.parse_nested_meta(|meta| {
            if meta.path.is_ident("reason") {
                let value: LitStr = meta.value()?.parse()?;
                reason = Some(value.value());
            }
            Ok(())
        });
    }
    let reason = reason.filter(|r| !r.trim().is_empty());
    Some(Approval { span, reason, on_fn: true })
}
