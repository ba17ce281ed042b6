//! Expressions: three-address statements into temporaries, places kept as
//! places so field projections and receivers stay precise.

use syn::Expr;

use super::body::{local_place, BodyBuilder, LoopFrame, Val};
use super::items::lower_qpath;
use super::span::{closure_start, expr_end, expr_start, pat_end, pat_start};
use crate::ir::{Block, Callee, Closure, ClosureId, LocalId, Operand, Place, PlaceBase, Rvalue, Stmt};
use crate::source::Span;

/// One part of an `&&` chain in a condition.
enum CondPart<'e> {
    /// A `let` whose scrutinee is already lowered: bind its pattern.
    Bind(&'e syn::Pat, Val),
    /// A part still to lower (a `let` or a boolean expression).
    Expr(&'e Expr),
}

impl BodyBuilder<'_, '_> {
    pub(super) fn operand(&mut self, expr: &Expr) -> Operand {
        self.expr(expr).operand()
    }

    /// Lower an expression and return where its value lives.
    pub(super) fn expr(&mut self, expr: &Expr) -> Val {
        match expr {
            Expr::MethodCall(_) | Expr::Field(_) | Expr::Index(_) | Expr::Try(_) | Expr::Await(_) => {
                self.postfix(expr, false)
            }
            Expr::Path(p) => self.path_value(p),
            Expr::Lit(_) | Expr::Infer(_) | Expr::Verbatim(_) => Val::Const,
            Expr::Reference(r) => self.expr(&r.expr),
            Expr::RawAddr(r) => self.expr(&r.expr),
            Expr::Paren(p) => self.expr(&p.expr),
            Expr::Group(g) => self.expr(&g.expr),
            Expr::Cast(c) => self.expr(&c.expr),
            Expr::Unary(u) => match u.op {
                syn::UnOp::Deref(_) => self.expr(&u.expr).weakened(),
                _ => {
                    let operand = self.operand(&u.expr);
                    self.mix(vec![operand])
                }
            },
            Expr::Binary(b) => self.binary(b),
            Expr::Range(r) => {
                let start = r.start.as_ref().map(|e| self.operand(e));
                let end = r.end.as_ref().map(|e| self.operand(e));
                self.mix(start.into_iter().chain(end).collect())
            }
            Expr::Assign(a) => {
                let span = self.cx.range(expr_start(&a.left), expr_end(&a.right));
                let value = self.expr(&a.right);
                self.assign_to(&a.left, value, span);
                Val::Const
            }
            Expr::Call(c) => self.call(c, false),
            Expr::Struct(s) => self.struct_lit(s),
            Expr::Array(_) | Expr::Tuple(_) if is_literal_tree(expr) => Val::Const,
            Expr::Tuple(t) => self.tuple(t),
            Expr::Array(a) => {
                let operands = a.elems.iter().map(|e| self.operand(e)).collect();
                self.collection(operands)
            }
            Expr::Repeat(r) => {
                let operand = self.operand(&r.expr);
                self.effects(&r.len);
                self.collection(vec![operand])
            }
            Expr::Block(b) => match &b.label {
                Some(label) => self.labelled_block(label, &b.block),
                None => self.block_value(&b.block),
            },
            Expr::Unsafe(u) => self.block_value(&u.block),
            Expr::Const(c) => self.block_value(&c.block),
            Expr::TryBlock(t) => self.block_value(&t.block),
            Expr::Async(a) => self.async_block(a),
            Expr::Closure(c) => self.closure(c),
            Expr::If(i) => self.if_expr(i, true),
            Expr::Match(m) => self.match_expr(m, true),
            Expr::Loop(l) => self.loop_expr(l),
            Expr::While(w) => self.while_expr(w),
            Expr::ForLoop(f) => self.for_expr(f),
            Expr::Break(b) => self.break_expr(b),
            Expr::Continue(_) => {
                self.push(Stmt::Jump);
                Val::Const
            }
            Expr::Return(r) => self.return_expr(r),
            Expr::Let(l) => {
                // Outside an `if`/`while` condition (not valid Rust, but
                // syn accepts it): bind into the current scope.
                let value = self.expr(&l.expr);
                self.bind_refutable(&l.pat, &value);
                Val::Const
            }
            Expr::Macro(m) => self.macro_value(&m.attrs, &m.mac),
            Expr::Yield(y) => {
                if let Some(e) = &y.expr {
                    self.expr(e);
                }
                Val::Const
            }
            _ => Val::Const,
        }
    }

    /// Lower an expression whose value is discarded: only its effects
    /// (calls, assignments, nested statements) are kept, and a call becomes
    /// `Stmt::Eval` instead of filling a temporary.
    pub(super) fn effects(&mut self, expr: &Expr) {
        match expr {
            Expr::Call(c) => {
                self.call(c, true);
            }
            Expr::MethodCall(_) => {
                self.postfix(expr, true);
            }
            Expr::Try(e) => self.effects(&e.expr),
            Expr::Await(e) => self.effects(&e.base),
            Expr::Paren(e) => self.effects(&e.expr),
            Expr::Group(e) => self.effects(&e.expr),
            Expr::Reference(e) => self.effects(&e.expr),
            Expr::RawAddr(e) => self.effects(&e.expr),
            Expr::Cast(e) => self.effects(&e.expr),
            Expr::Unary(e) => self.effects(&e.expr),
            Expr::Field(e) => self.effects(&e.base),
            Expr::Index(e) => {
                self.effects(&e.expr);
                self.effects(&e.index);
            }
            Expr::Binary(b) if !is_compound(&b.op) => {
                self.effects(&b.left);
                self.effects(&b.right);
            }
            Expr::Range(r) => {
                for e in r.start.iter().chain(&r.end) {
                    self.effects(e);
                }
            }
            Expr::Tuple(t) => t.elems.iter().for_each(|e| self.effects(e)),
            Expr::Array(a) => a.elems.iter().for_each(|e| self.effects(e)),
            Expr::Repeat(r) => {
                self.effects(&r.expr);
                self.effects(&r.len);
            }
            Expr::Lit(_) | Expr::Path(_) | Expr::Infer(_) | Expr::Verbatim(_) => {}
            Expr::If(i) => {
                self.if_expr(i, false);
            }
            Expr::Match(m) => {
                self.match_expr(m, false);
            }
            Expr::Block(b) if b.label.is_none() => self.block_effects(&b.block),
            Expr::Unsafe(u) => self.block_effects(&u.block),
            _ => {
                self.expr(expr);
            }
        }
    }

    fn path_value(&mut self, p: &syn::ExprPath) -> Val {
        if let Some(id) = self.local_of_path(p) {
            return Val::local(id);
        }
        let path = lower_qpath(self.cx, p.qself.as_ref(), &p.path);
        Val::Place { place: Place { base: PlaceBase::Global(path), fields: Vec::new() }, weak: false }
    }

    /// The local a single-identifier path names, if one is in scope.
    fn local_of_path(&mut self, p: &syn::ExprPath) -> Option<LocalId> {
        if p.qself.is_some() || p.path.leading_colon.is_some() || p.path.segments.len() != 1 {
            return None;
        }
        let seg = p.path.segments.first()?;
        if !seg.arguments.is_none() {
            return None;
        }
        let name = self.cx.ident(&seg.ident);
        self.lookup(&name)
    }

    fn binary(&mut self, b: &syn::ExprBinary) -> Val {
        if is_compound(&b.op) {
            let span = self.cx.range(expr_start(&b.left), expr_end(&b.right));
            let right = self.operand(&b.right);
            let dest = self.expr(&b.left);
            if let Val::Place { place, .. } = dest {
                let value = Rvalue::Mix(vec![Operand::Place(place.clone()), right]);
                self.push(Stmt::Assign { dest: place, value, strong: false, span });
            }
            return Val::Const;
        }
        let left = self.operand(&b.left);
        let right = self.operand(&b.right);
        self.mix(vec![left, right])
    }

    /// Assign to an assignee expression, destructuring tuples, tuple structs,
    /// structs and slices as patterns do.
    fn assign_to(&mut self, lhs: &Expr, value: Val, span: Span) {
        match lhs {
            Expr::Infer(_) => {}
            Expr::Paren(p) => self.assign_to(&p.expr, value, span),
            Expr::Tuple(t) => self.assign_elems(t.elems.iter(), &value, span),
            Expr::Call(c) => self.assign_elems(c.args.iter(), &value, span),
            Expr::Struct(s) => {
                for field in &s.fields {
                    let name = self.cx.member(&field.member);
                    self.assign_to(&field.expr, value.project(name), span);
                }
            }
            Expr::Array(a) => {
                for elem in &a.elems {
                    self.assign_to(elem, value.clone(), span);
                }
            }
            _ => {
                let dest = self.expr(lhs);
                self.assign_place(dest, value.operand(), span);
            }
        }
    }

    fn assign_elems<'e>(&mut self, elems: impl Iterator<Item = &'e Expr>, value: &Val, span: Span) {
        let mut after_rest = false;
        for (i, elem) in elems.enumerate() {
            if matches!(elem, Expr::Range(r) if r.start.is_none() && r.end.is_none()) {
                after_rest = true;
            } else if after_rest {
                self.assign_to(elem, value.clone(), span);
            } else {
                let name = self.cx.index_name(i);
                self.assign_to(elem, value.project(name), span);
            }
        }
    }

    // --- calls and postfix chains ---

    fn call(&mut self, c: &syn::ExprCall, as_stmt: bool) -> Val {
        let span = self.cx.range(expr_start(&c.func), c.paren_token.span.close());
        let callee = match &*c.func {
            Expr::Path(p) => match self.local_of_path(p) {
                Some(id) => Callee::Local(id),
                None => Callee::Path(lower_qpath(self.cx, p.qself.as_ref(), &p.path)),
            },
            other => Callee::Value(self.operand(other)),
        };
        let args = c.args.iter().map(|a| self.operand(a)).collect();
        self.cur_span = span;
        let value = Rvalue::Call { callee, args, span };
        if as_stmt {
            self.push(Stmt::Eval { value, span });
            Val::Const
        } else {
            self.assign_temp(value, span)
        }
    }

    /// Method calls, fields, indexing, `?` and `.await` form left-nested
    /// chains; lower them bottom-up in a loop so long chains cost neither
    /// recursion depth nor repeated span walks.
    fn postfix(&mut self, expr: &Expr, as_stmt: bool) -> Val {
        let mut chain = Vec::new();
        let mut base = expr;
        loop {
            let next = match base {
                Expr::MethodCall(e) => &e.receiver,
                Expr::Field(e) => &e.base,
                Expr::Index(e) => &e.expr,
                Expr::Try(e) => &e.expr,
                Expr::Await(e) => &e.base,
                _ => break,
            };
            chain.push(base);
            base = next;
        }
        let start = expr_start(base);
        let mut value = self.expr(base);
        let count = chain.len();
        for (i, node) in chain.into_iter().rev().enumerate() {
            let is_top = i + 1 == count;
            value = match node {
                Expr::MethodCall(m) => {
                    let span = self.cx.range(start, m.paren_token.span.close());
                    let args = m.args.iter().map(|a| self.operand(a)).collect();
                    let method = self.cx.ident(&m.method);
                    self.cur_span = span;
                    let call = Rvalue::MethodCall { receiver: value.operand(), method, args, span };
                    if as_stmt && is_top {
                        self.push(Stmt::Eval { value: call, span });
                        Val::Const
                    } else {
                        self.assign_temp(call, span)
                    }
                }
                Expr::Field(f) => {
                    let name = self.cx.member(&f.member);
                    value.project(name)
                }
                Expr::Index(ix) => {
                    self.effects(&ix.index);
                    value.weakened()
                }
                _ => value,
            };
        }
        value
    }

    // --- aggregates ---

    fn struct_lit(&mut self, s: &syn::ExprStruct) -> Val {
        let path = lower_qpath(self.cx, s.qself.as_ref(), &s.path);
        let fields = s
            .fields
            .iter()
            .map(|f| {
                let name = self.cx.member(&f.member);
                (name, self.operand(&f.expr))
            })
            .collect();
        let base = s.rest.as_ref().map(|e| self.operand(e));
        let start = match &s.qself {
            Some(q) => q.lt_token.span,
            None => super::span::path_start(&s.path),
        };
        let span = self.cx.range(start, s.brace_token.span.close());
        self.assign_temp(Rvalue::Struct { path: Some(path), fields, base }, span)
    }

    fn tuple(&mut self, t: &syn::ExprTuple) -> Val {
        let fields: Vec<_> = t
            .elems
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let name = self.cx.index_name(i);
                (name, self.operand(e))
            })
            .collect();
        if fields.iter().all(|(_, o)| matches!(o, Operand::Const)) {
            return Val::Const;
        }
        let span = self.cx.range(t.paren_token.span.open(), t.paren_token.span.close());
        self.assign_temp(Rvalue::Struct { path: None, fields, base: None }, span)
    }

    // --- closures ---

    fn closure(&mut self, c: &syn::ExprClosure) -> Val {
        let span = self.cx.range(closure_start(c), expr_end(&c.body));
        self.closure_like(span, false, |b| {
            let params = c
                .inputs
                .iter()
                .map(|p| {
                    let span = b.cx.range(pat_start(p), pat_end(p));
                    b.param(p, None, span)
                })
                .collect();
            let value = b.expr(&c.body);
            (params, value)
        })
    }

    fn async_block(&mut self, a: &syn::ExprAsync) -> Val {
        let span = self.cx.range(a.async_token.span, a.block.brace_token.span.close());
        self.closure_like(span, true, |b| (Vec::new(), b.block_value(&a.block)))
    }

    /// Lower a closure or async block: its own statement list, scope, return
    /// target and loop stack, sharing the locals of the enclosing body.
    fn closure_like(
        &mut self,
        span: Span,
        is_async_block: bool,
        f: impl FnOnce(&mut Self) -> (Vec<LocalId>, Val),
    ) -> Val {
        let saved_span = self.cur_span;
        self.cur_span = span;
        let result = self.temp();
        let saved_loops = std::mem::take(&mut self.loops);
        let saved_return = self.return_to.replace(result);
        let (block, params) = self.in_block(|b| {
            let (params, value) = f(b);
            if !matches!(value, Val::Const) {
                let value = Rvalue::Use(value.operand());
                b.push(Stmt::Assign { dest: local_place(result), value, strong: true, span });
            }
            params
        });
        self.return_to = saved_return;
        self.loops = saved_loops;
        self.cur_span = saved_span;
        let id = ClosureId(self.body.closures.len() as u32);
        self.body.closures.push(Closure { params, block, result, is_async_block, span });
        self.assign_temp(Rvalue::Closure(id), span)
    }

    // --- control flow ---

    /// Split a condition's `&&` chain: parts up to and including the first
    /// `let`'s scrutinee are lowered now (before the `Branch`); the rest,
    /// which may use the `let`'s bindings, is returned for the then-block.
    fn cond_before<'e>(&mut self, cond: &'e Expr) -> Vec<CondPart<'e>> {
        let mut parts = Vec::new();
        flatten_and(cond, &mut parts);
        let mut deferred = Vec::new();
        for part in parts {
            if !deferred.is_empty() {
                deferred.push(CondPart::Expr(part));
            } else if let Expr::Let(l) = part {
                let value = self.expr(&l.expr);
                deferred.push(CondPart::Bind(&l.pat, value));
            } else {
                self.effects(part);
            }
        }
        deferred
    }

    /// Lower deferred condition parts in the current block and scope.
    fn cond_after(&mut self, parts: Vec<CondPart<'_>>) {
        for part in parts {
            match part {
                CondPart::Bind(pat, value) => self.bind_refutable(pat, &value),
                CondPart::Expr(e) => self.cond_in_place(e),
            }
        }
    }

    /// Lower a whole condition here: `while` conditions and match guards.
    fn cond_in_place(&mut self, cond: &Expr) {
        let mut parts = Vec::new();
        flatten_and(cond, &mut parts);
        for part in parts {
            if let Expr::Let(l) = part {
                let value = self.expr(&l.expr);
                self.bind_refutable(&l.pat, &value);
            } else {
                self.effects(part);
            }
        }
    }

    /// `if` / `else if` / `else` chains become one `Branch`; every
    /// condition's effects come before it.
    fn if_expr(&mut self, first: &syn::ExprIf, want: bool) -> Val {
        let mut result = None;
        let mut branches: Vec<Block> = Vec::new();
        let mut exhaustive = false;
        let mut current = first;
        loop {
            let deferred = self.cond_before(&current.cond);
            let then = &current.then_branch;
            let span = self.cur_span;
            let (block, ()) = self.in_block(|b| {
                b.cond_after(deferred);
                if want {
                    let value = b.block_value(then);
                    b.set_result(&mut result, value, span);
                } else {
                    b.block_effects(then);
                }
            });
            branches.push(block);
            match current.else_branch.as_ref().map(|(_, e)| &**e) {
                None => break,
                Some(Expr::If(next)) => current = next,
                Some(other) => {
                    let (block, ()) = self.in_block(|b| {
                        if want {
                            let value = b.expr(other);
                            b.set_result(&mut result, value, span);
                        } else {
                            b.effects(other);
                        }
                    });
                    branches.push(block);
                    exhaustive = true;
                    break;
                }
            }
        }
        self.push(Stmt::Branch { branches, exhaustive });
        result.map_or(Val::Const, Val::local)
    }

    fn match_expr(&mut self, m: &syn::ExprMatch, want: bool) -> Val {
        let scrutinee = self.expr(&m.expr);
        if m.arms.is_empty() {
            return Val::Const;
        }
        let span = self.cur_span;
        let mut result = None;
        let mut branches = Vec::with_capacity(m.arms.len());
        for arm in &m.arms {
            let (block, ()) = self.in_block(|b| {
                b.bind_refutable(&arm.pat, &scrutinee);
                if let Some((_, guard)) = &arm.guard {
                    b.cond_in_place(guard);
                }
                if want {
                    let value = b.expr(&arm.body);
                    b.set_result(&mut result, value, span);
                } else {
                    b.effects(&arm.body);
                }
            });
            branches.push(block);
        }
        self.push(Stmt::Branch { branches, exhaustive: true });
        result.map_or(Val::Const, Val::local)
    }

    /// Run `f` as a loop body with a `break` frame; returns the frame's
    /// value temp if some `break` carried a value.
    fn loop_body(&mut self, label: Option<&syn::Label>, f: impl FnOnce(&mut Self)) -> Option<LocalId> {
        self.loops.push(LoopFrame { label: label.map(label_text), is_block: false, value: None });
        let (body, ()) = self.in_block(f);
        let frame = self.loops.pop();
        self.push(Stmt::Loop { body });
        frame.and_then(|f| f.value)
    }

    fn loop_expr(&mut self, l: &syn::ExprLoop) -> Val {
        let value = self.loop_body(l.label.as_ref(), |b| b.block_effects(&l.body));
        value.map_or(Val::Const, Val::local)
    }

    fn while_expr(&mut self, w: &syn::ExprWhile) -> Val {
        self.loop_body(w.label.as_ref(), |b| {
            b.cond_in_place(&w.cond);
            b.block_effects(&w.body);
        });
        Val::Const
    }

    /// `for PAT in EXPR`: an element is treated as the collection itself.
    fn for_expr(&mut self, f: &syn::ExprForLoop) -> Val {
        let iterable = self.expr(&f.expr);
        self.loop_body(f.label.as_ref(), |b| {
            b.bind_top(&f.pat, Some(iterable), None, Default::default(), None, false);
            b.block_effects(&f.body);
        });
        Val::Const
    }

    fn labelled_block(&mut self, label: &syn::Label, block: &syn::Block) -> Val {
        self.loops.push(LoopFrame { label: Some(label_text(label)), is_block: true, value: None });
        let value = self.block_value(block);
        let mut slot = self.loops.pop().and_then(|f| f.value);
        if slot.is_none() {
            return value;
        }
        let span = self.cur_span;
        self.set_result(&mut slot, value, span);
        slot.map_or(Val::Const, Val::local)
    }

    fn break_expr(&mut self, b: &syn::ExprBreak) -> Val {
        let value = b.expr.as_ref().map(|e| self.operand(e));
        let label = b.label.as_ref().map(|l| l.ident.to_string());
        let target = self.loops.iter().rposition(|f| match &label {
            Some(label) => f.label.as_deref() == Some(label.as_str()),
            None => !f.is_block,
        });
        if let (Some(value), Some(index)) = (value, target) {
            let span = self.cur_span;
            let existing = self.loops.get(index).and_then(|f| f.value);
            let id = match existing {
                Some(id) => id,
                None => {
                    let id = self.temp();
                    if let Some(frame) = self.loops.get_mut(index) {
                        frame.value = Some(id);
                    }
                    id
                }
            };
            self.push(Stmt::Assign { dest: local_place(id), value: Rvalue::Use(value), strong: true, span });
        }
        self.push(Stmt::Jump);
        Val::Const
    }

    fn return_expr(&mut self, r: &syn::ExprReturn) -> Val {
        let span = match &r.expr {
            Some(e) => self.cx.range(r.return_token.span, expr_end(e)),
            None => self.cx.span(r.return_token.span),
        };
        let value = match &r.expr {
            Some(e) => self.operand(e),
            None => Operand::Const,
        };
        self.return_value(value, span);
        Val::Const
    }

    /// Leave the fn (or, inside a closure, the closure) with `value`.
    pub(super) fn return_value(&mut self, value: Operand, span: Span) {
        match self.return_to {
            Some(result) => {
                self.push(Stmt::Assign {
                    dest: local_place(result),
                    value: Rvalue::Use(value),
                    strong: true,
                    span,
                });
                self.push(Stmt::Jump);
            }
            None if self.declassify_returns => self.push(Stmt::Return { value: Operand::Const, span }),
            None => self.push(Stmt::Return { value, span }),
        }
    }
}

fn label_text(label: &syn::Label) -> String {
    label.name.ident.to_string()
}

/// Literals, and what is computed from literals alone: casts, operators,
/// tuples, arrays and references of them. Big constant tables are common
/// (and bindings crates declare hundreds of thousands of constants); they
/// carry no data.
pub(super) fn is_literal_tree(expr: &Expr) -> bool {
    match expr {
        Expr::Lit(_) => true,
        Expr::Tuple(t) => t.elems.iter().all(is_literal_tree),
        Expr::Array(a) => a.elems.iter().all(is_literal_tree),
        // The length is a constant expression too; the element is the data.
        Expr::Repeat(r) => is_literal_tree(&r.expr),
        Expr::Unary(u) => is_literal_tree(&u.expr),
        Expr::Reference(r) => is_literal_tree(&r.expr),
        Expr::Cast(c) => is_literal_tree(&c.expr),
        Expr::Paren(p) => is_literal_tree(&p.expr),
        Expr::Group(g) => is_literal_tree(&g.expr),
        Expr::Binary(b) => is_literal_tree(&b.left) && is_literal_tree(&b.right),
        _ => false,
    }
}

fn is_compound(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(
        op,
        AddAssign(_)
            | SubAssign(_)
            | MulAssign(_)
            | DivAssign(_)
            | RemAssign(_)
            | BitXorAssign(_)
            | BitAndAssign(_)
            | BitOrAssign(_)
            | ShlAssign(_)
            | ShrAssign(_)
    )
}

/// The operands of an `&&` chain, left to right, without recursion.
fn flatten_and<'e>(cond: &'e Expr, out: &mut Vec<&'e Expr>) {
    let mut stack = vec![cond];
    while let Some(e) = stack.pop() {
        match e {
            Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
                stack.push(&b.right);
                stack.push(&b.left);
            }
            other => out.push(other),
        }
    }
}
