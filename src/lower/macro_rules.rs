//! `macro_rules!` macros of the scanned project, expanded where a body
//! invokes them, so a sink call or a source read written in a macro is seen
//! at each invocation.
//!
//! Definitions are kept as token text ([`MacroTable`], `Send`, shareable
//! between the files of a crate) and compiled to token trees on first use in
//! a file: `proc_macro2` token streams are tied to the thread that made them.
//! Matching uses `syn` to parse fragments (`$e:expr` is `syn::Expr`), takes
//! the first rule that matches, and substitutes into its transcriber. While
//! an expansion is lowered every span is the invocation's (see
//! [`Expander::span_override`]): transcriber tokens have no place in the
//! user's file, and a finding belongs where the user wrote the macro call.
//! Hygiene is ignored: a `let` in a statement macro binds in the invoking
//! scope, as it does when the name comes from the invocation.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::str::FromStr;
use std::sync::Arc;

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span as PmSpan, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::discouraged::Speculative;
use syn::parse::{ParseStream, Parser};
use syn::visit::Visit;
use syn::Token;

use super::body::{BodyBuilder, Val};
use super::FxBuild;
use crate::ir::{MacroRule, Name};
use crate::source::Span;

/// Nested expansions (a macro invoking a macro) allowed before falling back
/// to the plain lowering of unknown macros.
const MAX_DEPTH: u32 = 16;

/// Tokens matched and produced for one invocation, the expansions it leads
/// to included: recursive macros can grow exponentially within the depth
/// limit.
const INVOCATION_BUDGET: usize = 1 << 15;

/// The same for all the invocations of one file.
const FILE_BUDGET: usize = 1 << 20;

/// `macro_rules!` definitions by name, cheap to clone and to send to other
/// threads, so a driver can collect them once per crate and lower every
/// file with them.
#[derive(Clone, Debug, Default)]
pub struct MacroTable {
    macros: Arc<BTreeMap<Name, Arc<[MacroRule]>>>,
}

impl MacroTable {
    /// Add the definitions of `other`; a name defined in both takes
    /// `other`'s rules.
    pub fn extend(&mut self, other: &MacroTable) {
        if other.macros.is_empty() {
            return;
        }
        if self.macros.is_empty() {
            self.macros = other.macros.clone();
            return;
        }
        let macros = Arc::make_mut(&mut self.macros);
        for (name, rules) in other.macros.iter() {
            macros.insert(*name, rules.clone());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.macros.is_empty()
    }
}

/// Every `macro_rules!` definition in `ast`: at the top, in inline modules,
/// in fn bodies. With two definitions of one name the later one wins.
pub fn collect_macros(ast: &syn::File) -> MacroTable {
    let mut collector = Collector::default();
    collector.visit_file(ast);
    MacroTable { macros: Arc::new(collector.macros) }
}

#[derive(Default)]
struct Collector {
    macros: BTreeMap<Name, Arc<[MacroRule]>>,
}

/// Walks items and the statements of bodies. Types, patterns, paths,
/// attributes and signatures hold no definitions worth the time to walk them
/// (a `macro_rules!` inside an array length is left out).
impl Visit<'_> for Collector {
    fn visit_item_macro(&mut self, item: &syn::ItemMacro) {
        // Other macros' tokens are not syntax trees: nothing to walk into.
        if let (Some(ident), true) = (&item.ident, item.mac.path.is_ident("macro_rules")) {
            let rules = super::items::macro_rules(&item.mac.tokens);
            self.macros.insert(Name::from(ident.unraw().to_string()), Arc::from(rules));
        }
    }

    fn visit_type(&mut self, _: &syn::Type) {}
    fn visit_pat(&mut self, _: &syn::Pat) {}
    fn visit_path(&mut self, _: &syn::Path) {}
    fn visit_attribute(&mut self, _: &syn::Attribute) {}
    fn visit_signature(&mut self, _: &syn::Signature) {}
    fn visit_generics(&mut self, _: &syn::Generics) {}
    fn visit_macro(&mut self, _: &syn::Macro) {}
    fn visit_lit(&mut self, _: &syn::Lit) {}
    fn visit_ident(&mut self, _: &Ident) {}
    fn visit_member(&mut self, _: &syn::Member) {}
    fn visit_use_tree(&mut self, _: &syn::UseTree) {}
    fn visit_fields(&mut self, _: &syn::Fields) {}
}

/// Per-file expansion state, kept in the lowering context.
pub(super) struct Expander {
    table: MacroTable,
    /// Rules compiled from their text, by macro name (`None`: nothing
    /// usable).
    compiled: HashMap<Name, Option<Rc<[Rule]>>, FxBuild>,
    /// How many expansions are being lowered, one inside the other.
    depth: u32,
    /// What is left of [`INVOCATION_BUDGET`] and [`FILE_BUDGET`].
    invocation_budget: usize,
    file_budget: usize,
    /// Set while an expansion is lowered: every span made then is this one,
    /// the outermost invocation's.
    pub(super) span_override: Option<Span>,
}

impl Expander {
    /// The rules of the workspace macro `name`, if the table has it.
    pub(super) fn definition(&self, name: &str) -> Option<&[MacroRule]> {
        self.table.macros.get(name).map(|rules| &**rules)
    }

    pub(super) fn new(table: MacroTable) -> Self {
        Expander {
            table,
            compiled: HashMap::default(),
            depth: 0,
            invocation_budget: INVOCATION_BUDGET,
            file_budget: FILE_BUDGET,
            span_override: None,
        }
    }

    /// The expansion of `name!(tokens)` by the first rule that matches.
    fn expand(&mut self, name: &str, tokens: &TokenStream) -> Option<TokenStream> {
        if self.table.is_empty() || self.depth >= MAX_DEPTH {
            return None;
        }
        let rules = self.rules(name)?;
        if self.depth == 0 {
            self.invocation_budget = INVOCATION_BUDGET;
        }
        // Matching and lowering cost what the input holds: charge it, so
        // arguments that double at each level stop the recursion early.
        self.charge(token_count(tokens))?;
        // Like `rustc`, the first rule that matches is the one used.
        let (rule, bindings) = rules.iter().find_map(|rule| Some((rule, rule.matches(tokens)?)))?;
        let mut out = Vec::new();
        let available = self.invocation_budget.min(self.file_budget);
        let mut left = available;
        transcribe(&rule.transcriber, &bindings, &mut Vec::new(), &mut out, &mut left)?;
        self.charge(available - left)?;
        Some(out.into_iter().collect())
    }

    fn charge(&mut self, tokens: usize) -> Option<()> {
        self.invocation_budget = self.invocation_budget.checked_sub(tokens)?;
        self.file_budget = self.file_budget.checked_sub(tokens)?;
        Some(())
    }

    fn rules(&mut self, name: &str) -> Option<Rc<[Rule]>> {
        if let Some(rules) = self.compiled.get(name) {
            return rules.clone();
        }
        let (key, rules) = self.table.macros.get_key_value(name)?;
        let compiled: Vec<Rule> = rules.iter().filter_map(Rule::compile).collect();
        let compiled = (!compiled.is_empty()).then(|| Rc::from(compiled));
        self.compiled.insert(*key, compiled.clone());
        compiled
    }
}

impl BodyBuilder<'_, '_> {
    /// Expand `mac` (whose last path segment is `name`) if it is a project
    /// macro one of whose rules matches, and lower the expansion: as an
    /// expression when it is one, else as statements in the current scope.
    /// `None` leaves the invocation to the caller's ordinary lowering.
    pub(super) fn expand_macro_rules(&mut self, name: &str, mac: &syn::Macro, span: Span) -> Option<Val> {
        let tokens = self.cx.expander.expand(name, &mac.tokens)?;
        let expansion = parse_expansion(tokens)?;
        let saved_override = self.cx.expander.span_override.replace(span);
        let saved_span = std::mem::replace(&mut self.cur_span, span);
        self.cx.expander.depth += 1;
        let value = match &expansion {
            Expansion::Expr(expr) => self.expr(expr),
            Expansion::Stmts(stmts) => self.stmts(stmts, true),
        };
        self.cx.expander.depth -= 1;
        self.cur_span = saved_span;
        self.cx.expander.span_override = saved_override;
        Some(value)
    }
}

enum Expansion {
    Expr(Box<syn::Expr>),
    Stmts(Vec<syn::Stmt>),
}

/// Token trees in `tokens`, those inside groups included.
fn token_count(tokens: &TokenStream) -> usize {
    let mut count = 0;
    let mut stack = vec![tokens.clone()];
    while let Some(stream) = stack.pop() {
        for tree in stream {
            count += 1;
            if let TokenTree::Group(g) = tree {
                stack.push(g.stream());
            }
        }
    }
    count
}

fn parse_expansion(tokens: TokenStream) -> Option<Expansion> {
    if let Ok(expr) = syn::parse2::<syn::Expr>(tokens.clone()) {
        return Some(Expansion::Expr(Box::new(expr)));
    }
    Parser::parse2(syn::Block::parse_within, tokens).ok().map(Expansion::Stmts)
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

struct Rule {
    matcher: Vec<Matcher>,
    transcriber: Vec<Trans>,
}

/// One element of a rule's matcher.
enum Matcher {
    /// An identifier, punctuation or literal that must be there.
    Token(TokenTree),
    Group(Delimiter, Vec<Matcher>),
    Fragment {
        name: String,
        kind: Fragment,
    },
    Repeat(Repeat<Matcher>),
}

/// One element of a rule's transcriber.
enum Trans {
    Token(TokenTree),
    Group(Delimiter, PmSpan, Vec<Trans>),
    /// `$name`; unbound names are copied as written (they belong to a
    /// `macro_rules!` defined by the expansion).
    Var(Punct, Ident),
    /// `$crate`: the defining crate, which we take to be the invoking one.
    Crate(PmSpan),
    Repeat(Repeat<Trans>),
}

/// `$( body ) sep op`.
struct Repeat<T> {
    body: Vec<T>,
    sep: Vec<TokenTree>,
    op: RepeatOp,
    /// The variables named inside `body`, nested repetitions included.
    vars: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum RepeatOp {
    ZeroOrMore,
    OneOrMore,
    ZeroOrOne,
}

/// Fragment specifiers, `$x:expr`.
#[derive(Clone, Copy)]
enum Fragment {
    Expr,
    Ident,
    Ty,
    Tt,
    Literal,
    Path,
    Pat,
    PatParam,
    Block,
    Lifetime,
    Vis,
    Item,
    Stmt,
    Meta,
}

impl Fragment {
    fn from_name(name: &str) -> Option<Fragment> {
        Some(match name {
            "expr" | "expr_2021" => Fragment::Expr,
            "ident" => Fragment::Ident,
            "ty" => Fragment::Ty,
            "tt" => Fragment::Tt,
            "literal" => Fragment::Literal,
            "path" => Fragment::Path,
            "pat" => Fragment::Pat,
            "pat_param" => Fragment::PatParam,
            "block" => Fragment::Block,
            "lifetime" => Fragment::Lifetime,
            "vis" => Fragment::Vis,
            "item" => Fragment::Item,
            "stmt" => Fragment::Stmt,
            "meta" => Fragment::Meta,
            _ => return None,
        })
    }
}

impl Rule {
    /// `None` for a rule whose text does not lex or whose matcher is
    /// malformed: it can never be the one to apply.
    fn compile(rule: &MacroRule) -> Option<Rule> {
        let matcher = compile_matcher(TokenStream::from_str(&rule.matcher).ok()?)?;
        let transcriber = compile_trans(TokenStream::from_str(&rule.transcriber).ok()?)?;
        Some(Rule { matcher, transcriber })
    }

    fn matches(&self, input: &TokenStream) -> Option<Bindings> {
        let mut bindings = Bindings::new();
        Parser::parse2(|s: ParseStream| match_seq(s, &self.matcher, &mut bindings), input.clone()).ok()?;
        Some(bindings)
    }
}

fn compile_matcher(stream: TokenStream) -> Option<Vec<Matcher>> {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(tree) = tokens.get(i) {
        i += 1;
        match tree {
            TokenTree::Group(g) => out.push(Matcher::Group(g.delimiter(), compile_matcher(g.stream())?)),
            TokenTree::Punct(p) if p.as_char() == '$' => match tokens.get(i) {
                Some(TokenTree::Ident(name)) => {
                    let kind = match (tokens.get(i + 1), tokens.get(i + 2)) {
                        (Some(TokenTree::Punct(colon)), Some(TokenTree::Ident(kind)))
                            if colon.as_char() == ':' =>
                        {
                            Fragment::from_name(&kind.to_string())?
                        }
                        _ => return None,
                    };
                    out.push(Matcher::Fragment { name: name.to_string(), kind });
                    i += 3;
                }
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                    let body = compile_matcher(g.stream())?;
                    let (sep, op, used) = repeat_tail(tokens.get(i + 1..)?)?;
                    i += 1 + used;
                    let mut vars = Vec::new();
                    matcher_vars(&body, &mut vars);
                    out.push(Matcher::Repeat(Repeat { body, sep, op, vars }));
                }
                _ => out.push(Matcher::Token(tree.clone())),
            },
            other => out.push(Matcher::Token(other.clone())),
        }
    }
    Some(out)
}

fn matcher_vars(matchers: &[Matcher], out: &mut Vec<String>) {
    for m in matchers {
        match m {
            Matcher::Fragment { name, .. } => out.push(name.clone()),
            Matcher::Group(_, inner) => matcher_vars(inner, out),
            Matcher::Repeat(rep) => out.extend(rep.vars.iter().cloned()),
            Matcher::Token(_) => {}
        }
    }
}

fn compile_trans(stream: TokenStream) -> Option<Vec<Trans>> {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(tree) = tokens.get(i) {
        i += 1;
        match tree {
            TokenTree::Group(g) => {
                out.push(Trans::Group(g.delimiter(), g.span(), compile_trans(g.stream())?))
            }
            TokenTree::Punct(dollar) if dollar.as_char() == '$' => match tokens.get(i) {
                Some(TokenTree::Ident(name)) if name == "crate" => {
                    out.push(Trans::Crate(name.span()));
                    i += 1;
                }
                Some(TokenTree::Ident(name)) => {
                    out.push(Trans::Var(dollar.clone(), name.clone()));
                    i += 1;
                }
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                    let body = compile_trans(g.stream())?;
                    let (sep, op, used) = repeat_tail(tokens.get(i + 1..)?)?;
                    i += 1 + used;
                    let mut vars = Vec::new();
                    trans_vars(&body, &mut vars);
                    out.push(Trans::Repeat(Repeat { body, sep, op, vars }));
                }
                _ => out.push(Trans::Token(tree.clone())),
            },
            other => out.push(Trans::Token(other.clone())),
        }
    }
    Some(out)
}

fn trans_vars(trans: &[Trans], out: &mut Vec<String>) {
    for t in trans {
        match t {
            Trans::Var(_, name) => out.push(name.to_string()),
            Trans::Group(_, _, inner) => trans_vars(inner, out),
            Trans::Repeat(rep) => out.extend(rep.vars.iter().cloned()),
            Trans::Token(_) | Trans::Crate(_) => {}
        }
    }
}

/// The separator and operator after `$( .. )`, and how many tokens they
/// take. A separator is one token, or punctuation written joined (`=>`).
fn repeat_tail(rest: &[TokenTree]) -> Option<(Vec<TokenTree>, RepeatOp, usize)> {
    if let Some(op) = rest.first().and_then(repeat_op) {
        return Some((Vec::new(), op, 1));
    }
    for len in 1..=3 {
        let sep = rest.get(..len)?;
        let joined = sep
            .iter()
            .take(len - 1)
            .all(|t| matches!(t, TokenTree::Punct(p) if p.spacing() == Spacing::Joint))
            && (len == 1 || sep.iter().all(|t| matches!(t, TokenTree::Punct(_))));
        if !joined || matches!(sep.first(), Some(TokenTree::Group(_))) {
            return None;
        }
        if let Some(op) = rest.get(len).and_then(repeat_op) {
            return Some((sep.to_vec(), op, len + 1));
        }
    }
    None
}

fn repeat_op(tree: &TokenTree) -> Option<RepeatOp> {
    match tree {
        TokenTree::Punct(p) => match p.as_char() {
            '*' => Some(RepeatOp::ZeroOrMore),
            '+' => Some(RepeatOp::OneOrMore),
            '?' => Some(RepeatOp::ZeroOrOne),
            _ => None,
        },
        _ => None,
    }
}

// ---------------------------------------------------------------------------
// Matching
// ---------------------------------------------------------------------------

type Bindings = BTreeMap<String, Binding>;

enum Binding {
    /// The tokens a fragment matched; `wrap` puts them in an invisible group
    /// when substituted, so `$e * 2` keeps `$e` whole.
    One { tokens: TokenStream, wrap: bool },
    /// One entry per round of the enclosing repetition.
    Many(Vec<Binding>),
}

/// Match `matchers` against the start of `input`.
fn match_seq(input: ParseStream, matchers: &[Matcher], bindings: &mut Bindings) -> syn::Result<()> {
    for m in matchers {
        match m {
            Matcher::Token(expected) => match_token(input, expected)?,
            Matcher::Group(delimiter, inner) => match input.parse::<TokenTree>()? {
                TokenTree::Group(g) if g.delimiter() == *delimiter => {
                    Parser::parse2(|s: ParseStream| match_seq(s, inner, bindings), g.stream())?;
                }
                _ => return Err(input.error("expected a group")),
            },
            Matcher::Fragment { name, kind } => {
                let binding = parse_fragment(input, *kind)?;
                bindings.insert(name.clone(), binding);
            }
            Matcher::Repeat(rep) => match_repeat(input, rep, bindings)?,
        }
    }
    Ok(())
}

fn match_token(input: ParseStream, expected: &TokenTree) -> syn::Result<()> {
    let found: TokenTree = input.parse()?;
    let same = match (expected, &found) {
        (TokenTree::Ident(a), TokenTree::Ident(b)) => a == b,
        (TokenTree::Punct(a), TokenTree::Punct(b)) => a.as_char() == b.as_char(),
        (TokenTree::Literal(a), TokenTree::Literal(b)) => a.to_string() == b.to_string(),
        _ => false,
    };
    if same {
        Ok(())
    } else {
        Err(syn::Error::new(found.span(), "unexpected token"))
    }
}

/// As many rounds as match (greedy, like `rustc` for unambiguous macros).
/// A separator is taken only when a round follows it, so `$(,)?` after
/// `$($e:expr),*` still sees a trailing comma.
fn match_repeat(input: ParseStream, rep: &Repeat<Matcher>, bindings: &mut Bindings) -> syn::Result<()> {
    let mut rounds: Vec<Bindings> = Vec::new();
    while rep.op != RepeatOp::ZeroOrOne || rounds.is_empty() {
        let fork = input.fork();
        let mut round = Bindings::new();
        let sep_ok = rounds.is_empty() || rep.sep.iter().all(|t| match_token(&fork, t).is_ok());
        if !sep_ok || match_seq(&fork, &rep.body, &mut round).is_err() || fork.cursor() == input.cursor() {
            break;
        }
        input.advance_to(&fork);
        rounds.push(round);
    }
    if rep.op == RepeatOp::OneOrMore && rounds.is_empty() {
        return Err(input.error("expected at least one repetition"));
    }
    for var in &rep.vars {
        let items = rounds.iter_mut().map(|r| r.remove(var).unwrap_or(Binding::Many(Vec::new()))).collect();
        bindings.insert(var.clone(), Binding::Many(items));
    }
    Ok(())
}

fn parse_fragment(input: ParseStream, kind: Fragment) -> syn::Result<Binding> {
    let tokens = match kind {
        Fragment::Expr => {
            let tokens = input.parse::<syn::Expr>()?.into_token_stream();
            return Ok(Binding::One { tokens, wrap: true });
        }
        Fragment::Ident => {
            let ident = Ident::parse_any(input)?;
            if ident == "_" {
                return Err(syn::Error::new(ident.span(), "expected an identifier"));
            }
            ident.into_token_stream()
        }
        Fragment::Ty => input.parse::<syn::Type>()?.into_token_stream(),
        Fragment::Tt => input.parse::<TokenTree>()?.into_token_stream(),
        Fragment::Literal => {
            let mut tokens = TokenStream::new();
            if input.peek(Token![-]) {
                input.parse::<Token![-]>()?.to_tokens(&mut tokens);
            }
            input.parse::<syn::Lit>()?.to_tokens(&mut tokens);
            tokens
        }
        Fragment::Path => input.parse::<syn::Path>()?.into_token_stream(),
        Fragment::Pat => syn::Pat::parse_multi_with_leading_vert(input)?.into_token_stream(),
        Fragment::PatParam => syn::Pat::parse_single(input)?.into_token_stream(),
        Fragment::Block => input.parse::<syn::Block>()?.into_token_stream(),
        Fragment::Lifetime => input.parse::<syn::Lifetime>()?.into_token_stream(),
        Fragment::Vis => input.parse::<syn::Visibility>()?.into_token_stream(),
        Fragment::Item => input.parse::<syn::Item>()?.into_token_stream(),
        Fragment::Stmt => parse_stmt_fragment(input)?,
        Fragment::Meta => input.parse::<syn::Meta>()?.into_token_stream(),
    };
    Ok(Binding::One { tokens, wrap: false })
}

/// A statement without its `;`: a `let`, an expression or an item.
fn parse_stmt_fragment(input: ParseStream) -> syn::Result<TokenStream> {
    if input.peek(Token![let]) {
        let mut tokens = input.parse::<Token![let]>()?.into_token_stream();
        syn::Pat::parse_multi_with_leading_vert(input)?.to_tokens(&mut tokens);
        if input.peek(Token![:]) {
            input.parse::<Token![:]>()?.to_tokens(&mut tokens);
            input.parse::<syn::Type>()?.to_tokens(&mut tokens);
        }
        if input.peek(Token![=]) {
            input.parse::<Token![=]>()?.to_tokens(&mut tokens);
            input.parse::<syn::Expr>()?.to_tokens(&mut tokens);
            if input.peek(Token![else]) {
                input.parse::<Token![else]>()?.to_tokens(&mut tokens);
                input.parse::<syn::Block>()?.to_tokens(&mut tokens);
            }
        }
        return Ok(tokens);
    }
    let fork = input.fork();
    if let Ok(expr) = fork.parse::<syn::Expr>() {
        input.advance_to(&fork);
        return Ok(expr.into_token_stream());
    }
    Ok(input.parse::<syn::Item>()?.into_token_stream())
}

// ---------------------------------------------------------------------------
// Transcription
// ---------------------------------------------------------------------------

/// Substitute `bindings` into `trans`; `rounds` holds the current round of
/// each enclosing repetition. `None` on an inconsistent repetition or when
/// the budget runs out.
fn transcribe(
    trans: &[Trans],
    bindings: &Bindings,
    rounds: &mut Vec<usize>,
    out: &mut Vec<TokenTree>,
    budget: &mut usize,
) -> Option<()> {
    for t in trans {
        *budget = budget.checked_sub(1)?;
        match t {
            Trans::Token(tree) => out.push(tree.clone()),
            Trans::Crate(span) => out.push(Ident::new("crate", *span).into()),
            Trans::Group(delimiter, span, inner) => {
                let mut tokens = Vec::new();
                transcribe(inner, bindings, rounds, &mut tokens, budget)?;
                let mut group = Group::new(*delimiter, tokens.into_iter().collect());
                group.set_span(*span);
                out.push(group.into());
            }
            Trans::Var(dollar, name) => match bindings.get(&name.to_string()) {
                None => {
                    out.push(dollar.clone().into());
                    out.push(name.clone().into());
                }
                Some(binding) => match in_round(binding, rounds)? {
                    Binding::One { tokens, wrap: true } => {
                        out.push(Group::new(Delimiter::None, tokens.clone()).into());
                    }
                    Binding::One { tokens, wrap: false } => out.extend(tokens.clone()),
                    Binding::Many(_) => return None,
                },
            },
            Trans::Repeat(rep) => {
                let count = repeat_count(rep, bindings, rounds)?;
                for round in 0..count {
                    if round > 0 {
                        out.extend(rep.sep.iter().cloned());
                    }
                    rounds.push(round);
                    let done = transcribe(&rep.body, bindings, rounds, out, budget);
                    rounds.pop();
                    done?;
                }
            }
        }
    }
    Some(())
}

/// The part of `binding` for the current rounds; a variable bound outside
/// a repetition stays the same in every round.
fn in_round<'b>(mut binding: &'b Binding, rounds: &[usize]) -> Option<&'b Binding> {
    for &round in rounds {
        match binding {
            Binding::Many(items) => binding = items.get(round)?,
            Binding::One { .. } => break,
        }
    }
    Some(binding)
}

/// How many rounds a transcriber repetition makes: the length of the
/// repeating variables it names, which must agree.
fn repeat_count(rep: &Repeat<Trans>, bindings: &Bindings, rounds: &[usize]) -> Option<usize> {
    let mut count = None;
    for var in &rep.vars {
        if let Some(Binding::Many(items)) = bindings.get(var).and_then(|b| in_round(b, rounds)) {
            match count {
                None => count = Some(items.len()),
                Some(n) if n != items.len() => return None,
                Some(_) => {}
            }
        }
    }
    count
}
