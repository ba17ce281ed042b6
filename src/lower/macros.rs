//! Macro invocations in expression and statement position. Nothing is
//! expanded: the well-known macros are lowered as the expressions they
//! contain, and an unknown macro as whatever its tokens parse as. When
//! nothing parses, every local its tokens mention flows into its value, so
//! an opaque macro never hides data.

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::{Expr, Token};

use super::body::{BodyBuilder, Val};
use super::span::{macro_end, path_start};
use crate::ir::{LocalId, Operand, Place, PlaceBase, Rvalue, Stmt};
use crate::source::Span;

/// What a `format!`-family macro does with the data of its arguments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FmtUse {
    /// `format!`, `format_args!`, `anyhow!`: a value derived from them.
    Value,
    /// `write!(dst, ...)`: the writer receives them.
    Write,
    /// `bail!`: returned from the enclosing fn.
    Return,
    /// `ensure!(cond, ...)`: maybe returned.
    MaybeReturn,
}

/// One argument of a format-like macro.
struct FmtArg {
    /// `name = expr`: `{name}` refers to it, not to a local.
    name: Option<String>,
    expr: Expr,
}

impl BodyBuilder<'_, '_> {
    pub(super) fn macro_value(&mut self, attrs: &[syn::Attribute], mac: &syn::Macro) -> Val {
        let name = match mac.path.segments.last() {
            Some(seg) => self.cx.ident(&seg.ident),
            None => return Val::Const,
        };
        let span = self.cx.range(path_start(&mac.path), macro_end(mac));
        if let Some(value) = self.expand_macro_rules(&name, mac, span) {
            return value;
        }
        let fmt = match &*name {
            "thread_local" | "lazy_static" => {
                super::items::lower_item_macro(self.cx, attrs, mac, &mut self.hoisted);
                return Val::Const;
            }
            "vec" => return self.vec_macro(mac),
            super::declassify::DECLASSIFY => return self.declassify_macro(mac, span),
            "matches" => return self.matches_macro(mac),
            "cfg_if" => {
                self.cfg_if(mac);
                return Val::Const;
            }
            // Their values are literals, or come from outside the code.
            "stringify" | "concat" | "env" | "option_env" | "include" | "include_str" | "include_bytes"
            | "line" | "column" | "file" | "module_path" | "cfg" | "compile_error" => return Val::Const,
            "format" | "format_args" | "anyhow" | "eyre" | "format_err" => FmtUse::Value,
            "write" | "writeln" => FmtUse::Write,
            "bail" => FmtUse::Return,
            "ensure" => FmtUse::MaybeReturn,
            "print" | "println" | "eprint" | "eprintln" | "panic" | "assert" | "assert_eq" | "assert_ne"
            | "debug_assert" | "debug_assert_eq" | "debug_assert_ne" | "unreachable" | "todo"
            | "unimplemented" | "trace" | "debug" | "info" | "warn" | "error" | "log" | "event" => {
                self.effects_macro(mac);
                return Val::Const;
            }
            _ => return self.unknown_macro(mac),
        };
        match mac.parse_body_with(parse_fmt_args) {
            Ok(args) => self.format_macro(&args, fmt, span),
            Err(_) => self.unknown_macro(mac),
        }
    }

    /// Printing, logging and assertion macros: their data goes nowhere, so
    /// only calls among their arguments matter. A call needs a delimited
    /// group (`f(..)`, a block...), so plain `"...", a, b.c` is not parsed.
    fn effects_macro(&mut self, mac: &syn::Macro) {
        if has_group(&mac.tokens) {
            if let Ok(args) = mac.parse_body_with(parse_fmt_args) {
                args.iter().for_each(|arg| self.effects(&arg.expr));
            }
        }
    }

    /// `cfg_if! { if #[cfg(..)] { .. } else { .. } }` in a body: every
    /// branch's statements, each in its own scope (all configurations).
    fn cfg_if(&mut self, mac: &syn::Macro) {
        for group in brace_groups(&mac.tokens) {
            if let Ok(stmts) = syn::parse::Parser::parse2(syn::Block::parse_within, group) {
                self.push_scope();
                self.stmts(&stmts, false);
                self.pop_scope();
            }
        }
    }

    fn format_macro(&mut self, args: &[FmtArg], fmt: FmtUse, span: Span) -> Val {
        let mut rest = args;
        let mut writer = None;
        if fmt == FmtUse::Write {
            if let Some((first, tail)) = args.split_first() {
                writer = Some(self.expr(&first.expr));
                rest = tail;
            }
        }
        let mut operands = self.fmt_operands(rest);
        match fmt {
            FmtUse::Value => self.mix(operands),
            FmtUse::Write => {
                if let Some(Val::Place { place, .. }) = writer {
                    operands.insert(0, Operand::Place(place.clone()));
                    let value = Rvalue::Mix(operands);
                    self.push(Stmt::Assign { dest: place, value, strong: false, span });
                }
                Val::Const
            }
            FmtUse::Return => {
                let value = self.mix(operands).operand();
                self.return_value(value, span);
                Val::Const
            }
            FmtUse::MaybeReturn => {
                let (block, ()) = self.in_block(|b| {
                    let value = b.mix(operands).operand();
                    b.return_value(value, span);
                });
                self.push(Stmt::Branch { branches: vec![block], exhaustive: false });
                Val::Const
            }
        }
    }

    /// Lower format arguments in order; a string literal also contributes
    /// the locals it captures implicitly (`{name}`, `{name:?}`, `{:width$}`).
    fn fmt_operands(&mut self, args: &[FmtArg]) -> Vec<Operand> {
        let named: Vec<&str> = args.iter().filter_map(|a| a.name.as_deref()).collect();
        let mut operands = Vec::new();
        for arg in args {
            let operand = self.operand(&arg.expr);
            if matches!(operand, Operand::Place(_)) {
                operands.push(operand);
            }
            if let Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) = &arg.expr {
                for capture in format_captures(&s.value()) {
                    if named.contains(&capture.as_str()) {
                        continue;
                    }
                    if let Some(id) = self.lookup(&capture) {
                        operands.push(local_operand(id));
                    }
                }
            }
        }
        operands
    }

    fn vec_macro(&mut self, mac: &syn::Macro) -> Val {
        if let Ok(elems) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            let operands = elems.iter().map(|e| self.operand(e)).collect();
            return self.collection(operands);
        }
        let repeat = |input: ParseStream| {
            let elem: Expr = input.parse()?;
            input.parse::<Token![;]>()?;
            let len: Expr = input.parse()?;
            Ok((elem, len))
        };
        match mac.parse_body_with(repeat) {
            Ok((elem, len)) => {
                let operand = self.operand(&elem);
                self.expr(&len);
                self.collection(vec![operand])
            }
            Err(_) => self.unknown_macro(mac),
        }
    }

    /// `matches!(expr, pat)`: a bool derived from `expr`.
    fn matches_macro(&mut self, mac: &syn::Macro) -> Val {
        let scrutinee = |input: ParseStream| {
            let expr: Expr = input.parse()?;
            input.parse::<TokenStream>()?;
            Ok(expr)
        };
        match mac.parse_body_with(scrutinee) {
            Ok(expr) => {
                let operand = self.operand(&expr);
                self.mix(vec![operand])
            }
            Err(_) => self.unknown_macro(mac),
        }
    }

    /// A macro we know nothing about: its comma-separated expressions, or
    /// its statements, or failing both every local its tokens mention.
    pub(super) fn unknown_macro(&mut self, mac: &syn::Macro) -> Val {
        if let Ok(args) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
            let operands = args.iter().map(|e| self.operand(e)).collect();
            return self.mix(operands);
        }
        if let Ok(stmts) = mac.parse_body_with(syn::Block::parse_within) {
            self.push_scope();
            let value = self.stmts(&stmts, true);
            self.pop_scope();
            return value;
        }
        let operands = self.token_locals(&mac.tokens);
        self.mix(operands)
    }

    /// Every bound local named in `tokens` (or captured by a string literal
    /// in them), once each, in order of first mention.
    fn token_locals(&mut self, tokens: &TokenStream) -> Vec<Operand> {
        let mut found: Vec<LocalId> = Vec::new();
        let mut stack = vec![tokens.clone().into_iter()];
        while let Some(iter) = stack.last_mut() {
            let Some(tree) = iter.next() else {
                stack.pop();
                continue;
            };
            match tree {
                TokenTree::Group(g) => stack.push(g.stream().into_iter()),
                TokenTree::Ident(ident) => {
                    let name = self.cx.ident(&ident);
                    if let Some(id) = self.lookup(&name) {
                        if !found.contains(&id) {
                            found.push(id);
                        }
                    }
                }
                TokenTree::Literal(lit) => {
                    let Ok(s) = syn::parse2::<syn::LitStr>(TokenTree::Literal(lit).into()) else {
                        continue;
                    };
                    for capture in format_captures(&s.value()) {
                        if let Some(id) = self.lookup(&capture) {
                            if !found.contains(&id) {
                                found.push(id);
                            }
                        }
                    }
                }
                TokenTree::Punct(_) => {}
            }
        }
        found.into_iter().map(local_operand).collect()
    }
}

/// Whether any top-level token is a delimited group.
fn has_group(tokens: &TokenStream) -> bool {
    tokens.clone().into_iter().any(|t| matches!(t, TokenTree::Group(_)))
}

/// The contents of the top-level `{ }` groups of a `cfg_if!` body.
pub(super) fn brace_groups(tokens: &TokenStream) -> Vec<TokenStream> {
    tokens
        .clone()
        .into_iter()
        .filter_map(|t| match t {
            TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace => Some(g.stream()),
            _ => None,
        })
        .collect()
}

fn local_operand(id: LocalId) -> Operand {
    Operand::Place(Place { base: PlaceBase::Local(id), fields: Vec::new() })
}

/// Arguments of `format!`-like macros, tolerant of the `log`/`tracing`
/// extensions: `target: expr` keys, `name = value` fields, `?x`/`%x`
/// sigils, and `;` between key-values and the message.
fn parse_fmt_args(input: ParseStream) -> syn::Result<Vec<FmtArg>> {
    let mut args = Vec::new();
    while !input.is_empty() {
        let mut name = None;
        if input.peek(syn::Ident) && input.peek2(Token![:]) && !input.peek2(Token![::]) {
            input.parse::<syn::Ident>()?;
            input.parse::<Token![:]>()?;
        } else if input.peek(syn::Ident) && input.peek2(Token![=]) && !input.peek2(Token![==]) {
            name = Some(input.parse::<syn::Ident>()?.to_string());
            input.parse::<Token![=]>()?;
        }
        if input.peek(Token![?]) {
            input.parse::<Token![?]>()?;
        } else if input.peek(Token![%]) {
            input.parse::<Token![%]>()?;
        }
        let expr: Expr = input.parse()?;
        let expr = match expr {
            // A dotted `tracing` field name: `user.id = value`.
            Expr::Assign(assign) => *assign.right,
            other => other,
        };
        args.push(FmtArg { name, expr });
        if input.is_empty() {
            break;
        }
        if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
        } else {
            input.parse::<Token![,]>()?;
        }
    }
    Ok(args)
}

/// Names a format string captures implicitly: the argument of `{name}`,
/// `{name:?}`, `{name:>8}` and the `name$` of widths and precisions.
/// Positional (`{0}`, `{}`) and escaped (`{{`) references are skipped.
pub(super) fn format_captures(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '{' {
            continue;
        }
        if chars.peek() == Some(&'{') {
            chars.next();
            continue;
        }
        let mut inner = String::new();
        for c in chars.by_ref() {
            if c == '}' {
                break;
            }
            inner.push(c);
        }
        let (arg, spec) = inner.split_once(':').unwrap_or((&inner, ""));
        push_ident(arg.trim(), &mut names);
        // `{:width$}` / `{:.prec$}` / `{:>width$.prec$}`
        for part in spec.split('$').collect::<Vec<_>>().iter().rev().skip(1) {
            let tail: String = part
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            push_ident(&tail, &mut names);
        }
    }
    names
}

fn push_ident(text: &str, names: &mut Vec<String>) {
    let mut chars = text.chars();
    let starts_ok = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
    if starts_ok && chars.all(|c| c.is_alphanumeric() || c == '_') && !names.iter().any(|n| n == text) {
        names.push(text.to_string());
    }
}
