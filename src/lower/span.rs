//! First and last tokens of expressions, found by walking the left or right
//! spine. `Spanned::span` re-tokenizes a whole node, which is quadratic when
//! done for every call in a long method chain; these walks touch only the
//! nodes on one edge of the tree.

use proc_macro2::Span as PmSpan;
use syn::spanned::Spanned;
use syn::Expr;

/// The span of the first token of `expr` (outer attributes excluded).
pub(super) fn expr_start(mut expr: &Expr) -> PmSpan {
    loop {
        expr = match expr {
            Expr::Assign(e) => &e.left,
            Expr::Await(e) => &e.base,
            Expr::Binary(e) => &e.left,
            Expr::Call(e) => &e.func,
            Expr::Cast(e) => &e.expr,
            Expr::Field(e) => &e.base,
            Expr::Group(e) => &e.expr,
            Expr::Index(e) => &e.expr,
            Expr::MethodCall(e) => &e.receiver,
            Expr::Try(e) => &e.expr,
            Expr::Range(e) => match &e.start {
                Some(start) => start,
                None => return e.limits.span(),
            },
            _ => return leaf_start(expr),
        };
    }
}

fn leaf_start(expr: &Expr) -> PmSpan {
    match expr {
        Expr::Array(e) => e.bracket_token.span.open(),
        Expr::Async(e) => e.async_token.span,
        Expr::Block(e) => match &e.label {
            Some(label) => label.name.apostrophe,
            None => e.block.brace_token.span.open(),
        },
        Expr::Break(e) => e.break_token.span,
        Expr::Closure(e) => closure_start(e),
        Expr::Const(e) => e.const_token.span,
        Expr::Continue(e) => e.continue_token.span,
        Expr::ForLoop(e) => e.label.as_ref().map_or(e.for_token.span, |l| l.name.apostrophe),
        Expr::If(e) => e.if_token.span,
        Expr::Infer(e) => e.underscore_token.span,
        Expr::Let(e) => e.let_token.span,
        Expr::Lit(e) => e.lit.span(),
        Expr::Loop(e) => e.label.as_ref().map_or(e.loop_token.span, |l| l.name.apostrophe),
        Expr::Macro(e) => path_start(&e.mac.path),
        Expr::Match(e) => e.match_token.span,
        Expr::Paren(e) => e.paren_token.span.open(),
        Expr::Path(e) => match &e.qself {
            Some(q) => q.lt_token.span,
            None => path_start(&e.path),
        },
        Expr::RawAddr(e) => e.and_token.span,
        Expr::Reference(e) => e.and_token.span,
        Expr::Repeat(e) => e.bracket_token.span.open(),
        Expr::Return(e) => e.return_token.span,
        Expr::Struct(e) => match &e.qself {
            Some(q) => q.lt_token.span,
            None => path_start(&e.path),
        },
        Expr::TryBlock(e) => e.try_token.span,
        Expr::Tuple(e) => e.paren_token.span.open(),
        Expr::Unary(e) => e.op.span(),
        Expr::Unsafe(e) => e.unsafe_token.span,
        Expr::While(e) => e.label.as_ref().map_or(e.while_token.span, |l| l.name.apostrophe),
        Expr::Yield(e) => e.yield_token.span,
        other => first_token(other),
    }
}

pub(super) fn closure_start(e: &syn::ExprClosure) -> PmSpan {
    if let Some(l) = &e.lifetimes {
        return l.for_token.span;
    }
    e.constness
        .map(|t| t.span)
        .or(e.movability.map(|t| t.span))
        .or(e.asyncness.map(|t| t.span))
        .or(e.capture.map(|t| t.span))
        .unwrap_or(e.or1_token.span)
}

pub(super) fn path_start(path: &syn::Path) -> PmSpan {
    match (&path.leading_colon, path.segments.first()) {
        (Some(colon), _) => colon.spans[0],
        (None, Some(seg)) => seg.ident.span(),
        (None, None) => PmSpan::call_site(),
    }
}

/// The span of the last token of `expr`.
pub(super) fn expr_end(mut expr: &Expr) -> PmSpan {
    loop {
        expr = match expr {
            Expr::Assign(e) => &e.right,
            Expr::Binary(e) => &e.right,
            Expr::Closure(e) => &e.body,
            Expr::Group(e) => &e.expr,
            Expr::Let(e) => &e.expr,
            Expr::RawAddr(e) => &e.expr,
            Expr::Reference(e) => &e.expr,
            Expr::Unary(e) => &e.expr,
            Expr::Range(e) => match &e.end {
                Some(end) => end,
                None => return e.limits.span(),
            },
            Expr::Break(e) => match (&e.expr, &e.label) {
                (Some(value), _) => value,
                (None, Some(label)) => return label.ident.span(),
                (None, None) => return e.break_token.span,
            },
            Expr::Return(e) => match &e.expr {
                Some(value) => value,
                None => return e.return_token.span,
            },
            Expr::Yield(e) => match &e.expr {
                Some(value) => value,
                None => return e.yield_token.span,
            },
            Expr::If(e) => match &e.else_branch {
                Some((_, else_expr)) => else_expr,
                None => return e.then_branch.brace_token.span.close(),
            },
            _ => return leaf_end(expr),
        };
    }
}

fn leaf_end(expr: &Expr) -> PmSpan {
    match expr {
        Expr::Array(e) => e.bracket_token.span.close(),
        Expr::Async(e) => e.block.brace_token.span.close(),
        Expr::Await(e) => e.await_token.span,
        Expr::Block(e) => e.block.brace_token.span.close(),
        Expr::Call(e) => e.paren_token.span.close(),
        Expr::Cast(e) => last_token(&e.ty),
        Expr::Const(e) => e.block.brace_token.span.close(),
        Expr::Continue(e) => e.label.as_ref().map_or(e.continue_token.span, |l| l.ident.span()),
        Expr::Field(e) => e.member.span(),
        Expr::ForLoop(e) => e.body.brace_token.span.close(),
        Expr::Index(e) => e.bracket_token.span.close(),
        Expr::Infer(e) => e.underscore_token.span,
        Expr::Lit(e) => e.lit.span(),
        Expr::Loop(e) => e.body.brace_token.span.close(),
        Expr::Macro(e) => macro_end(&e.mac),
        Expr::Match(e) => e.brace_token.span.close(),
        Expr::MethodCall(e) => e.paren_token.span.close(),
        Expr::Paren(e) => e.paren_token.span.close(),
        Expr::Repeat(e) => e.bracket_token.span.close(),
        Expr::Struct(e) => e.brace_token.span.close(),
        Expr::Try(e) => e.question_token.span,
        Expr::TryBlock(e) => e.block.brace_token.span.close(),
        Expr::Tuple(e) => e.paren_token.span.close(),
        Expr::Unsafe(e) => e.block.brace_token.span.close(),
        Expr::While(e) => e.body.brace_token.span.close(),
        other => last_token(other),
    }
}

pub(super) fn macro_end(mac: &syn::Macro) -> PmSpan {
    match &mac.delimiter {
        syn::MacroDelimiter::Paren(p) => p.span.close(),
        syn::MacroDelimiter::Brace(b) => b.span.close(),
        syn::MacroDelimiter::Bracket(b) => b.span.close(),
    }
}

/// First token of a node without a cheap rule (paths, verbatim tokens).
fn first_token<T: quote::ToTokens>(node: &T) -> PmSpan {
    node.to_token_stream().into_iter().next().map_or_else(PmSpan::call_site, |t| t.span())
}

/// Last token of a small node (a type, a path).
fn last_token<T: quote::ToTokens>(node: &T) -> PmSpan {
    node.to_token_stream().into_iter().last().map_or_else(PmSpan::call_site, |t| match t {
        proc_macro2::TokenTree::Group(g) => g.span_close(),
        other => other.span(),
    })
}

/// The span of the first token of a type.
pub(super) fn type_start(ty: &syn::Type) -> PmSpan {
    match ty {
        syn::Type::Array(a) => a.bracket_token.span.open(),
        syn::Type::Paren(p) => p.paren_token.span.open(),
        syn::Type::Path(p) => match &p.qself {
            Some(q) => q.lt_token.span,
            None => path_start(&p.path),
        },
        syn::Type::Ptr(p) => p.star_token.span,
        syn::Type::Reference(r) => r.and_token.span,
        syn::Type::Slice(s) => s.bracket_token.span.open(),
        syn::Type::Tuple(t) => t.paren_token.span.open(),
        other => first_token(other),
    }
}

/// The span of the last token of a type.
pub(super) fn type_end(ty: &syn::Type) -> PmSpan {
    match ty {
        syn::Type::Array(a) => a.bracket_token.span.close(),
        syn::Type::BareFn(f) => match &f.output {
            syn::ReturnType::Type(_, t) => type_end(t),
            syn::ReturnType::Default => f.paren_token.span.close(),
        },
        syn::Type::Group(g) => type_end(&g.elem),
        syn::Type::ImplTrait(t) => bounds_end(&t.bounds).unwrap_or(t.impl_token.span),
        syn::Type::Infer(t) => t.underscore_token.span,
        syn::Type::Macro(m) => macro_end(&m.mac),
        syn::Type::Never(n) => n.bang_token.span,
        syn::Type::Paren(p) => p.paren_token.span.close(),
        syn::Type::Path(p) => path_end(&p.path),
        syn::Type::Ptr(p) => type_end(&p.elem),
        syn::Type::Reference(r) => type_end(&r.elem),
        syn::Type::Slice(s) => s.bracket_token.span.close(),
        syn::Type::TraitObject(t) => bounds_end(&t.bounds).unwrap_or_else(|| last_token(t)),
        syn::Type::Tuple(t) => t.paren_token.span.close(),
        other => last_token(other),
    }
}

fn path_end(path: &syn::Path) -> PmSpan {
    let Some(seg) = path.segments.last() else {
        return PmSpan::call_site();
    };
    match &seg.arguments {
        syn::PathArguments::None => seg.ident.span(),
        syn::PathArguments::AngleBracketed(a) => a.gt_token.span,
        syn::PathArguments::Parenthesized(p) => match &p.output {
            syn::ReturnType::Type(_, t) => type_end(t),
            syn::ReturnType::Default => p.paren_token.span.close(),
        },
    }
}

fn bounds_end(bounds: &syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]>) -> Option<PmSpan> {
    Some(match bounds.last()? {
        syn::TypeParamBound::Trait(t) => match &t.paren_token {
            Some(p) => p.span.close(),
            None => path_end(&t.path),
        },
        syn::TypeParamBound::Lifetime(l) => l.ident.span(),
        other => last_token(other),
    })
}

/// The span of the first token of a pattern.
pub(super) fn pat_start(pat: &syn::Pat) -> PmSpan {
    match pat {
        syn::Pat::Ident(p) => {
            p.by_ref.map(|t| t.span).or(p.mutability.map(|t| t.span)).unwrap_or_else(|| p.ident.span())
        }
        syn::Pat::Type(p) => pat_start(&p.pat),
        syn::Pat::Tuple(p) => p.paren_token.span.open(),
        syn::Pat::Paren(p) => p.paren_token.span.open(),
        syn::Pat::TupleStruct(p) => match &p.qself {
            Some(q) => q.lt_token.span,
            None => path_start(&p.path),
        },
        syn::Pat::Struct(p) => match &p.qself {
            Some(q) => q.lt_token.span,
            None => path_start(&p.path),
        },
        syn::Pat::Reference(p) => p.and_token.span,
        syn::Pat::Slice(p) => p.bracket_token.span.open(),
        syn::Pat::Wild(p) => p.underscore_token.span,
        other => first_token(other),
    }
}

/// The span of the last token of a pattern.
pub(super) fn pat_end(pat: &syn::Pat) -> PmSpan {
    match pat {
        syn::Pat::Ident(p) => match &p.subpat {
            Some((_, sub)) => pat_end(sub),
            None => p.ident.span(),
        },
        syn::Pat::Type(p) => type_end(&p.ty),
        syn::Pat::Tuple(p) => p.paren_token.span.close(),
        syn::Pat::Paren(p) => p.paren_token.span.close(),
        syn::Pat::TupleStruct(p) => p.paren_token.span.close(),
        syn::Pat::Struct(p) => p.brace_token.span.close(),
        syn::Pat::Reference(p) => pat_end(&p.pat),
        syn::Pat::Slice(p) => p.bracket_token.span.close(),
        syn::Pat::Wild(p) => p.underscore_token.span,
        other => last_token(other),
    }
}
