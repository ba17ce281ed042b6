//! The body builder: locals, lexical scopes, the statement list being
//! filled, and the entry points that lower fn bodies and initialisers.

use std::collections::HashMap;

use super::span::{expr_end, expr_start};
use super::Cx;
use crate::ir::{
    Approval, Block, Body, Item, LocalDecl, LocalId, Markers, Name, Operand, Place, PlaceBase, Rvalue, Stmt,
    TypeRef,
};
use crate::source::Span;

/// What an expression evaluated to: a place (read in place, so field
/// projections and receivers keep pointing at the original location) or
/// nothing that carries data.
#[derive(Clone, Debug)]
pub(super) enum Val {
    /// `weak` is set once the place was reached through `*` or an index:
    /// writing there must not replace what the place held.
    Place {
        place: Place,
        weak: bool,
    },
    Const,
}

impl Val {
    pub(super) fn local(id: LocalId) -> Val {
        Val::Place { place: Place { base: PlaceBase::Local(id), fields: Vec::new() }, weak: false }
    }

    pub(super) fn operand(self) -> Operand {
        match self {
            Val::Place { place, .. } => Operand::Place(place),
            Val::Const => Operand::Const,
        }
    }

    pub(super) fn project(&self, field: Name) -> Val {
        match self {
            Val::Place { place, weak } => {
                let mut place = place.clone();
                place.fields.push(field);
                Val::Place { place, weak: *weak }
            }
            Val::Const => Val::Const,
        }
    }

    pub(super) fn weakened(self) -> Val {
        match self {
            Val::Place { place, .. } => Val::Place { place, weak: true },
            Val::Const => Val::Const,
        }
    }
}

/// Name-to-local bindings with block scoping: a map from name to the stack of
/// locals bearing it, plus an undo log, so push, bind, lookup and pop are all
/// O(1) however long the body.
#[derive(Default)]
struct Scopes {
    map: HashMap<Name, Vec<LocalId>, super::FxBuild>,
    log: Vec<Name>,
    marks: Vec<usize>,
}

impl Scopes {
    fn push(&mut self) {
        self.marks.push(self.log.len());
    }

    fn pop(&mut self) {
        let mark = self.marks.pop().unwrap_or(0);
        while self.log.len() > mark {
            if let Some(name) = self.log.pop() {
                if let Some(stack) = self.map.get_mut(&name) {
                    stack.pop();
                }
            }
        }
    }

    fn bind(&mut self, name: Name, id: LocalId) {
        self.map.entry(name).or_default().push(id);
        self.log.push(name);
    }

    fn lookup(&self, name: &str) -> Option<LocalId> {
        self.map.get(name).and_then(|stack| stack.last().copied())
    }
}

/// A loop or labelled block that `break` can leave.
pub(super) struct LoopFrame {
    pub label: Option<String>,
    /// Only labelled blocks: an unlabelled `break` skips them.
    pub is_block: bool,
    /// Receives `break value`, created on the first such break.
    pub value: Option<LocalId>,
}

pub(super) struct BodyBuilder<'c, 't> {
    pub cx: &'c mut Cx<'t>,
    /// Items written inside the body; they are hoisted into the module.
    pub hoisted: Vec<Item>,
    pub body: Body,
    /// The block being filled; enclosing blocks are saved on the Rust stack.
    pub stmts: Vec<Stmt>,
    scopes: Scopes,
    pub loops: Vec<LoopFrame>,
    /// Where `return` goes: `None` in the fn itself, a closure's result
    /// local inside a closure or async block.
    pub return_to: Option<LocalId>,
    /// Span of the statement being lowered, for temporaries.
    pub cur_span: Span,
    /// Set in a fn with `#[declassified(reason = "..")]`: what it returns
    /// carries no data.
    pub declassify_returns: bool,
}

impl<'c, 't> BodyBuilder<'c, 't> {
    pub(super) fn new(cx: &'c mut Cx<'t>, span: Span) -> Self {
        BodyBuilder {
            cx,
            hoisted: Vec::new(),
            body: Body::default(),
            stmts: Vec::new(),
            scopes: Scopes::default(),
            loops: Vec::new(),
            return_to: None,
            cur_span: span,
            declassify_returns: false,
        }
    }

    pub(super) fn finish(mut self) -> (Body, Vec<Item>) {
        self.body.block = Block { stmts: std::mem::take(&mut self.stmts) };
        (self.body, self.hoisted)
    }

    // --- locals and scopes ---

    pub(super) fn new_local(
        &mut self,
        name: Option<Name>,
        ty: Option<TypeRef>,
        markers: Markers,
        span: Span,
    ) -> LocalId {
        let id = LocalId(self.body.locals.len() as u32);
        self.body.locals.push(LocalDecl { name, ty, markers, span });
        if let Some(name) = name {
            self.scopes.bind(name, id);
        }
        id
    }

    pub(super) fn temp(&mut self) -> LocalId {
        self.new_local(None, None, Markers::default(), self.cur_span)
    }

    pub(super) fn lookup(&self, name: &str) -> Option<LocalId> {
        self.scopes.lookup(name)
    }

    pub(super) fn is_named(&self, id: LocalId) -> bool {
        self.body.locals.get(id.0 as usize).is_some_and(|l| l.name.is_some())
    }

    pub(super) fn push_scope(&mut self) {
        self.scopes.push();
    }

    pub(super) fn pop_scope(&mut self) {
        self.scopes.pop();
    }

    // --- statements ---

    pub(super) fn push(&mut self, stmt: Stmt) {
        self.stmts.push(stmt);
    }

    /// Run `f` with a fresh statement list and scope; return what it emitted.
    pub(super) fn in_block<R>(&mut self, f: impl FnOnce(&mut Self) -> R) -> (Block, R) {
        let saved = std::mem::take(&mut self.stmts);
        self.push_scope();
        let result = f(self);
        self.pop_scope();
        let stmts = std::mem::replace(&mut self.stmts, saved);
        (Block { stmts }, result)
    }

    /// `temp = rvalue`, the value being the temp.
    pub(super) fn assign_temp(&mut self, value: Rvalue, span: Span) -> Val {
        let id = self.temp();
        self.push(Stmt::Assign { dest: local_place(id), value, strong: true, span });
        Val::local(id)
    }

    /// Data derived from all operands; constants are dropped, and no data at
    /// all gives no temporary.
    pub(super) fn mix(&mut self, operands: Vec<Operand>) -> Val {
        let operands: Vec<Operand> =
            operands.into_iter().filter(|o| matches!(o, Operand::Place(_))).collect();
        if operands.is_empty() {
            return Val::Const;
        }
        let span = self.cur_span;
        self.assign_temp(Rvalue::Mix(operands), span)
    }

    /// A literal collection of `operands` (array, `vec!`).
    pub(super) fn collection(&mut self, operands: Vec<Operand>) -> Val {
        let operands: Vec<Operand> =
            operands.into_iter().filter(|o| matches!(o, Operand::Place(_))).collect();
        if operands.is_empty() {
            return Val::Const;
        }
        let span = self.cur_span;
        self.assign_temp(Rvalue::Collection(operands), span)
    }

    /// Store `value` into the result temp of an `if`/`match`/loop, creating
    /// the temp on first use (branches without a value leave it untouched).
    pub(super) fn set_result(&mut self, slot: &mut Option<LocalId>, value: Val, span: Span) {
        if matches!(value, Val::Const) {
            return;
        }
        let id = match *slot {
            Some(id) => id,
            None => {
                let id = self.temp();
                *slot = Some(id);
                id
            }
        };
        self.push(Stmt::Assign {
            dest: local_place(id),
            value: Rvalue::Use(value.operand()),
            strong: true,
            span,
        });
    }

    /// Write `value` to an lvalue place: strong only for a named local reached
    /// through field projections alone.
    pub(super) fn assign_place(&mut self, dest: Val, value: Operand, span: Span) {
        if let Val::Place { place, weak } = dest {
            let strong = !weak && matches!(place.base, PlaceBase::Local(id) if self.is_named(id));
            self.push(Stmt::Assign { dest: place, value: Rvalue::Use(value), strong, span });
        }
    }

    // --- blocks ---

    /// Lower a block's statements inline in a nested scope; its value is the
    /// tail expression's.
    pub(super) fn block_value(&mut self, block: &syn::Block) -> Val {
        self.push_scope();
        let value = self.stmts(&block.stmts, true);
        self.pop_scope();
        value
    }

    /// A block whose value is not used.
    pub(super) fn block_effects(&mut self, block: &syn::Block) {
        self.push_scope();
        self.stmts(&block.stmts, false);
        self.pop_scope();
    }

    /// Lower statements in the current scope. With `want_tail`, the value is
    /// that of the tail expression (the last statement, without `;`).
    pub(super) fn stmts(&mut self, stmts: &[syn::Stmt], want_tail: bool) -> Val {
        let count = stmts.len();
        for (i, stmt) in stmts.iter().enumerate() {
            if want_tail && i + 1 == count {
                return self.tail_stmt(stmt);
            }
            self.stmt(stmt);
        }
        Val::Const
    }

    fn tail_stmt(&mut self, stmt: &syn::Stmt) -> Val {
        let outer = self.cur_span;
        let value = match stmt {
            syn::Stmt::Expr(expr, None) => {
                self.cur_span = self.cx.range(expr_start(expr), expr_end(expr));
                self.expr(expr)
            }
            syn::Stmt::Macro(m) if m.semi_token.is_none() => {
                self.cur_span = macro_span(self.cx, &m.mac);
                self.macro_value(&m.attrs, &m.mac)
            }
            other => {
                self.stmt(other);
                Val::Const
            }
        };
        self.cur_span = outer;
        value
    }

    /// Lower one statement whose value, if any, is discarded. Temporaries
    /// made for it take its span (restored afterwards for the enclosing one).
    fn stmt(&mut self, stmt: &syn::Stmt) {
        let outer = self.cur_span;
        match stmt {
            syn::Stmt::Local(local) => self.let_stmt(local),
            syn::Stmt::Item(item) => super::items::lower_item(self.cx, item, &mut self.hoisted),
            syn::Stmt::Expr(expr, _) => {
                self.cur_span = self.cx.range(expr_start(expr), expr_end(expr));
                self.effects(expr);
            }
            syn::Stmt::Macro(m) => {
                self.cur_span = macro_span(self.cx, &m.mac);
                self.macro_value(&m.attrs, &m.mac);
            }
        }
        self.cur_span = outer;
    }

    // --- let ---

    fn let_stmt(&mut self, local: &syn::Local) {
        let span = self.cx.range(local.let_token.span, local.semi_token.span);
        self.cur_span = span;
        let markers = self.cx.markers(&local.attrs);
        let (pat, ty) = match &local.pat {
            syn::Pat::Type(pt) => (&*pt.pat, Some(super::items::lower_type(self.cx, &pt.ty))),
            other => (other, None),
        };
        let bound = match &local.init {
            None => self.bind_top(pat, None, ty, markers.clone(), Some(span), false),
            Some(init) => {
                let value = self.expr(&init.expr);
                self.cur_span = span;
                if let Some((_, diverge)) = &init.diverge {
                    let (block, ()) = self.in_block(|b| b.effects(diverge));
                    self.push(Stmt::Branch { branches: vec![block], exhaustive: false });
                }
                let refutable = init.diverge.is_some();
                self.bind_top(pat, Some(value), ty, markers.clone(), Some(span), refutable)
            }
        };
        if markers.security_only().is_some() {
            for local in bound {
                self.push(Stmt::MarkSecurityOnly { local, span });
            }
        }
    }

    // --- parameters ---

    /// Bind one fn or closure parameter pattern to a new local (named for a
    /// plain identifier, hidden otherwise) and destructure it.
    pub(super) fn param(&mut self, pat: &syn::Pat, ty: Option<TypeRef>, span: Span) -> LocalId {
        match pat {
            syn::Pat::Type(pt) => {
                let ty = Some(super::items::lower_type(self.cx, &pt.ty));
                self.param(&pt.pat, ty, span)
            }
            syn::Pat::Ident(pi) if pi.subpat.is_none() => {
                let name = self.cx.ident(&pi.ident);
                let ident_span = self.cx.span(pi.ident.span());
                self.new_local(Some(name), ty, Markers::default(), ident_span)
            }
            _ => {
                let id = self.new_local(None, ty, Markers::default(), span);
                self.bind_top(pat, Some(Val::local(id)), None, Markers::default(), None, false);
                id
            }
        }
    }
}

pub(super) fn local_place(id: LocalId) -> Place {
    Place { base: PlaceBase::Local(id), fields: Vec::new() }
}

/// Lower a fn body: parameters first (in order, `self` included), then the
/// block, whose tail value is returned unless the fn returns `()`. With an
/// `approval` that has a reason (`#[declassified]`), every return value is
/// evaluated and then replaced by a value that carries no data.
pub(super) fn lower_fn_body(
    cx: &mut Cx,
    sig: &syn::Signature,
    block: &syn::Block,
    span: Span,
    approval: Option<Approval>,
) -> (Body, Vec<Item>) {
    let mut b = BodyBuilder::new(cx, span);
    if let Some(approval) = approval {
        b.declassify_returns = approval.reason.is_some();
        b.body.approvals.push(approval);
    }
    b.push_scope();
    for input in &sig.inputs {
        let id = match input {
            syn::FnArg::Receiver(r) => {
                let ty = super::items::lower_type(b.cx, &r.ty);
                let name = b.cx.name("self");
                let span = b.cx.span(r.self_token.span);
                b.new_local(Some(name), Some(ty), Markers::default(), span)
            }
            syn::FnArg::Typed(pt) => {
                let ty = super::items::lower_type(b.cx, &pt.ty);
                let span = super::items::param_span(b.cx, pt);
                b.param(&pt.pat, Some(ty), span)
            }
        };
        b.body.params.push(id);
    }
    let returns_unit = match &sig.output {
        syn::ReturnType::Default => true,
        syn::ReturnType::Type(_, ty) => matches!(&**ty, syn::Type::Tuple(t) if t.elems.is_empty()),
    };
    let value = b.stmts(&block.stmts, !returns_unit);
    let tail_span = match block.stmts.last() {
        Some(syn::Stmt::Expr(expr, None)) if !matches!(expr, syn::Expr::Return(_)) => {
            Some(b.cx.range(expr_start(expr), expr_end(expr)))
        }
        Some(syn::Stmt::Macro(m)) if m.semi_token.is_none() => Some(macro_span(b.cx, &m.mac)),
        _ => None,
    };
    if let (false, Some(span)) = (returns_unit, tail_span) {
        let value = if b.declassify_returns { Operand::Const } else { value.operand() };
        b.push(Stmt::Return { value, span });
    }
    b.pop_scope();
    b.finish()
}

fn macro_span(cx: &Cx, mac: &syn::Macro) -> Span {
    cx.range(super::span::path_start(&mac.path), super::span::macro_end(mac))
}

/// Lower a static's or const's initialiser: a body without parameters that
/// returns the initial value.
pub(super) fn lower_init(cx: &mut Cx, expr: &syn::Expr, span: Span) -> (Body, Vec<Item>) {
    let mut b = BodyBuilder::new(cx, span);
    b.push_scope();
    let value = b.expr(expr);
    let span = b.cx.range(expr_start(expr), expr_end(expr));
    b.push(Stmt::Return { value: value.operand(), span });
    b.pop_scope();
    b.finish()
}
