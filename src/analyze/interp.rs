//! The abstract interpreter: runs one body over the taint domain, using the
//! callees' summaries, and produces this body's summary and findings.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use std::sync::{Arc, Mutex, OnceLock};

use crate::index::{AdtId, FnId, FnOwner, Index, Res, Scope, StaticId, TyRes};
use crate::ir::{
    Block, Body, Callee, ClosureId, GenericParam, LocalId, Name, Operand, Place, PlaceBase, Rvalue, Stmt,
    TypeRef,
};
use crate::source::Span;

use super::models::{is_transparent_fn, method_model, MethodModel};

// Configured third-party sinks and sources: hooks called from `eval_call`
// and `call_method`.
#[path = "external.rs"]
mod external;
use super::sources::Sources;
use super::summary::{RawFinding, SinkHit, Summary};
use super::taint::{Label, Taint, Trace, TraceStep, Ty, Value};
pub use external::{Configured, ExternalSpec};

/// Iterations of one loop before its state is taken as final. The state
/// only grows, so reaching the cap is rare; each iteration joins.
const MAX_LOOP_ROUNDS: usize = 24;

/// State shared beyond one call: a static, or a field behind a lock or cell
/// (`Mutex`, `RwLock`, `RefCell`, ...) of a workspace type, which `&self`
/// methods write and other methods read on the same (shared) object. All
/// values of the type share one abstract cell: what one method stores there,
/// every other method may read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Global {
    Static(StaticId),
    Cell(AdtId, Name),
}

/// Statements one run of a body may interpret before it stops and the
/// engine over-approximates the fn (pathological input: thousands of nested
/// closures or loops).
const MAX_STATEMENTS_PER_RUN: u64 = 300_000;

/// How deep summaries applied inside summaries (callbacks, trait dispatch on
/// parameters) are followed.
pub(super) const MAX_NESTED_APPLY: usize = 8;

/// Candidates a method call on a value of unknown type follows by name;
/// past this many, the call is modelled as external code.
const MAX_BY_NAME: usize = 4;

/// The workspace methods a method call may reach.
struct MethodTargets {
    fns: Vec<FnId>,
    /// Picked by name: the receiver's type was not inferred.
    by_name: bool,
    /// The std model (or the conservative default) also applies.
    external: bool,
}

/// What the engine hands every body run: read-only for the run.
pub struct Shared<'a> {
    pub index: &'a Index,
    pub summaries: &'a BTreeMap<FnId, Summary>,
    pub globals: &'a BTreeMap<Global, Value>,
}

/// Tables that grow across runs, shared by the bodies analysed in
/// parallel. What they hold depends only on the index, never on which body
/// asked first, so the analysis is the same on any number of threads.
#[derive(Default)]
pub struct Tables {
    pub sources: Sources,
    /// Security sources implied by holding a value of an ADT.
    type_sources: Mutex<BTreeMap<AdtId, TypeSources>>,
    /// Every workspace `from` fn, for `.into()` (built on first use).
    from_fns: OnceLock<Arc<[FnId]>>,
    /// Configured third-party sinks and sources (`external.rs`).
    pub external: Arc<ExternalSpec>,
}

impl Tables {
    pub fn new(external: &ExternalSpec) -> Tables {
        Tables { external: Arc::new(external.clone()), ..Tables::default() }
    }
}

/// The sources a value of an ADT holds by its type, each with the ADT that
/// declares it.
type TypeSources = Arc<[(super::taint::SourceId, AdtId)]>;

/// Everything one run of a body produced.
#[derive(Default)]
pub struct Outcome {
    pub summary: Summary,
    pub findings: Vec<RawFinding>,
    /// Findings of trait calls on parameters, which the callers decide;
    /// reported only when the fn has no caller in the workspace.
    pub deferred_findings: Vec<RawFinding>,
    pub callees: BTreeSet<FnId>,
    /// The run stopped at its statement budget: the summary is incomplete.
    pub exhausted: bool,
    /// A loop did not settle within `MAX_LOOP_ROUNDS` and was widened.
    pub widened_loop: bool,
    /// Calls back into closures or trait impls the caller passed were not
    /// followed (recursion, or nesting past `MAX_NESTED_APPLY`).
    pub unfollowed_callbacks: bool,
    pub global_reads: BTreeSet<Global>,
    pub global_writes: BTreeMap<Global, Value>,
}

/// Abstract state at one program point.
#[derive(Clone, Default, PartialEq)]
struct State {
    locals: Locals,
    /// Locals that refer to (part of) another place: writes through them
    /// reach the place too (`let g = CACHE.lock().unwrap(); g.push(x)`).
    aliases: BTreeMap<LocalId, Vec<Place>>,
}

impl State {
    fn new(locals: usize) -> State {
        State { locals: Locals::clean(locals), aliases: BTreeMap::new() }
    }

    fn join(&mut self, other: &State) {
        self.locals.join(&other.locals);
        for (local, places) in &other.aliases {
            let entry = self.aliases.entry(*local).or_default();
            for p in places {
                if !entry.contains(p) {
                    entry.push(p.clone());
                }
            }
        }
    }
}

/// The values of a body's locals, shared between copies of the state: a
/// branch, a loop round or a closure call starts from a copy of the state
/// and changes a few locals, so a copy shares every value until it is
/// written (`Rc::make_mut`), and joining two copies skips the values they
/// still share. Copying and joining whole states was most of the analysis'
/// time on closure- and branch-heavy code.
#[derive(Clone, Default)]
struct Locals(Vec<Rc<Value>>);

impl Locals {
    /// `n` clean locals (one shared clean value).
    fn clean(n: usize) -> Locals {
        let clean = Rc::new(Value::default());
        Locals(std::iter::repeat_n(clean, n).collect())
    }

    fn get(&self, i: usize) -> Option<&Value> {
        self.0.get(i).map(|v| &**v)
    }

    /// The local, made this copy's own first if it is shared.
    fn get_mut(&mut self, i: usize) -> Option<&mut Value> {
        self.0.get_mut(i).map(Rc::make_mut)
    }

    /// Replace a local (without copying the value it replaces).
    fn set(&mut self, i: usize, value: Value) {
        if let Some(slot) = self.0.get_mut(i) {
            *slot = Rc::new(value);
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Value> {
        self.0.iter().map(|v| &**v)
    }

    fn join(&mut self, other: &Locals) {
        for (mine, theirs) in self.0.iter_mut().zip(&other.0) {
            if !Rc::ptr_eq(mine, theirs) {
                Rc::make_mut(mine).join(theirs);
            }
        }
    }
}

impl PartialEq for Locals {
    fn eq(&self, other: &Locals) -> bool {
        self.0.len() == other.0.len()
            && self.0.iter().zip(&other.0).all(|(a, b)| Rc::ptr_eq(a, b) || **a == **b)
    }
}

/// A value plus the place it aliases, if it is a view of one.
struct Evaluated {
    value: Value,
    alias: Option<Place>,
}

impl From<Value> for Evaluated {
    fn from(value: Value) -> Self {
        Evaluated { value, alias: None }
    }
}

pub struct Interp<'a, 't> {
    sh: &'a Shared<'a>,
    tables: &'t Tables,
    scope: Scope,
    generics: Vec<GenericParam>,
    body: &'a Body,
    /// Display name of the body's owner, for sink hits.
    enclosing: Arc<str>,
    /// The owner fn, for parameter and `let` source labels.
    owner_display: String,
    out: Outcome,
    ret: Value,
    /// Closures being run, so a closure that reaches itself terminates.
    closure_stack: Vec<ClosureId>,
    captures: BTreeMap<ClosureId, Vec<LocalId>>,
    /// Span of the statement being interpreted, for steps.
    cur_span: Span,
    /// Set while applying a call whose sink hits are decided by the caller
    /// (see `call_method`).
    mute_sinks: bool,
    /// The type the statement being run converts into, when declared.
    expected_ty: Option<TypeRef>,
    /// Fns whose summaries are being applied, innermost last.
    applying: Vec<FnId>,
    /// Set while re-dispatching a callee's trait call on the caller's type.
    redispatching: bool,
    /// The fn being run (`None` for a static's initialiser).
    current: Option<FnId>,
    /// Statements this run may still interpret (closures and loops run
    /// statements more than once); see `MAX_STATEMENTS_PER_RUN`.
    budget: u64,
}

impl<'a, 't> Interp<'a, 't> {
    /// Run fn `f`'s body with symbolic parameters.
    pub fn run_fn(sh: &'a Shared<'a>, tables: &'t Tables, f: FnId) -> Outcome {
        let data = sh.index.fn_data(f);
        let Some(body) = data.def.body.as_ref() else {
            return Outcome::default();
        };
        let mut it = Interp {
            sh,
            tables,
            scope: data.scope,
            generics: sh.index.generics_of(f),
            body,
            enclosing: data.display.as_str().into(),
            owner_display: data.display.clone(),
            out: Outcome::default(),
            ret: Value::default(),
            closure_stack: Vec::new(),
            captures: BTreeMap::new(),
            cur_span: data.span,
            mute_sinks: false,
            expected_ty: None,
            applying: Vec::new(),
            redispatching: false,
            current: Some(f),
            budget: MAX_STATEMENTS_PER_RUN,
        };
        let mut state = State::new(body.locals.len());
        let mut initial = Vec::new();
        for (i, local) in body.params.iter().enumerate() {
            let mut value =
                Value::from_taint(Taint::single(Label::Param(i as u16, Arc::from([])), Trace::default()));
            if let Some(param) = data.def.params.get(i) {
                value.ty = it.ty_of(&param.ty);
                if let Some(marker) = param.markers.security_only() {
                    let label = format!("{}({})", data.display, param.name.as_deref().unwrap_or("_"));
                    let id = it.tables.sources.intern(param.span.to(marker), label);
                    value.taint.insert(Label::Source(id), Trace::default());
                }
            }
            state.locals.set(local.0 as usize, value.clone());
            initial.push((*local, value));
        }
        it.exec_block(&mut state, &body.block);
        for (i, (local, before)) in initial.iter().enumerate() {
            if let Some(after) = state.locals.get(local.0 as usize) {
                if after != before {
                    it.out.summary.param_out.insert(i as u16, after.clone());
                }
            }
        }
        it.out.summary.ret = std::mem::take(&mut it.ret);
        if it.out.exhausted {
            // What was not interpreted may return anything it was given,
            // and any sink call in it may receive anything the body holds.
            for (_, value) in &initial {
                let t = it.flatten_typed(value);
                it.out.summary.ret.taint.join(&t);
            }
            it.exhausted_fallback(&state, body);
        }
        it.out
    }

    /// The statement budget ran out: the rest of the body was not
    /// interpreted. Flow-insensitively, every sink call the body writes may
    /// receive everything the state holds and every source the body names
    /// (a field, fn or static marked `#[security_only]`): the possible flow
    /// is reported, never dropped.
    fn exhausted_fallback(&mut self, state: &State, body: &Body) {
        let mut everything = Taint::default();
        for value in state.locals.iter() {
            everything.join(&self.flatten_typed(value));
        }
        let mut calls = Vec::new();
        let mut names = Vec::new();
        for block in std::iter::once(&body.block).chain(body.closures.iter().map(|c| &c.block)) {
            body_calls(block, &mut calls, &mut names);
        }
        let index = self.sh.index;
        for name in &names {
            for (adt, field) in index.security_fields_named(name) {
                let Some(marker) = field.markers.security_only() else { continue };
                let label = field_label(index, adt, field);
                let id = self.tables.sources.intern(field.span.to(marker), label);
                everything.insert(Label::Source(id), Trace::default());
            }
        }
        let note: Arc<str> =
            Arc::from("analysis budget exhausted in this fn: assumed to reach every sink call it makes");
        let mut sinks = Vec::new();
        for call in &calls {
            let (targets, span) = match call {
                BodyCall::Path(path, span) => {
                    let value = self.read_global(path);
                    everything.join(&value.taint);
                    let fns =
                        self.sh.index.resolve_path(self.scope, path).into_iter().filter_map(|r| match r {
                            Res::Fn(f) => Some(f),
                            _ => None,
                        });
                    (fns.collect::<Vec<_>>(), *span)
                }
                BodyCall::Method(name, span) => (index.methods_named(name), *span),
            };
            for f in targets {
                let data = index.fn_data(f);
                if let Some(marker) = data.markers.security_only() {
                    let label = format!("{}()", data.display);
                    let id = self.tables.sources.intern(data.span.to(marker), label);
                    everything.insert(Label::Source(id), Trace::default());
                }
                if data.sink_marker.is_some() {
                    sinks.push((span, Arc::<str>::from(data.display.as_str())));
                }
            }
        }
        let taint = everything.with_step(self.cur_span, &note);
        for (span, sink) in sinks {
            let enclosing = self.enclosing.clone();
            self.record_hit(span, sink, enclosing, taint.clone());
        }
    }

    /// A loop still changing after `MAX_LOOP_ROUNDS`: every local it
    /// assigns may hold whatever any local holds, and one more round runs
    /// with that (so sink calls in the loop see it). Over-approximate,
    /// never short: the engine warns.
    fn widen_loop(&mut self, state: &mut State, body: &Block) {
        let mut everything = Taint::default();
        for value in state.locals.iter() {
            everything.join(&self.flatten_typed(value));
        }
        let mut assigned = Vec::new();
        assigned_locals(body, &mut assigned);
        for local in assigned {
            if let Some(slot) = state.locals.get_mut(local.0 as usize) {
                slot.taint.join(&everything);
            }
        }
        let mut next = state.clone();
        self.exec_block(&mut next, body);
        state.join(&next);
        self.out.widened_loop = true;
    }

    /// Run a static's initialiser; its return value is the initial value.
    pub fn run_static(sh: &'a Shared<'a>, tables: &'t Tables, s: StaticId) -> Outcome {
        let data = sh.index.static_data(s);
        let Some(body) = data.init.as_ref() else {
            return Outcome::default();
        };
        let mut it = Interp {
            sh,
            tables,
            scope: Scope { module: data.module, impl_: None, trait_: None },
            generics: Vec::new(),
            body,
            enclosing: format!("static {}", data.display).into(),
            owner_display: data.display.clone(),
            out: Outcome::default(),
            ret: Value::default(),
            closure_stack: Vec::new(),
            captures: BTreeMap::new(),
            cur_span: data.span,
            mute_sinks: false,
            expected_ty: None,
            applying: Vec::new(),
            redispatching: false,
            current: None,
            budget: MAX_STATEMENTS_PER_RUN,
        };
        let mut state = State::new(body.locals.len());
        it.exec_block(&mut state, &body.block);
        it.out.summary.ret = std::mem::take(&mut it.ret);
        it.out
    }

    // -----------------------------------------------------------------
    // Statements
    // -----------------------------------------------------------------

    fn exec_block(&mut self, state: &mut State, block: &Block) {
        for (i, stmt) in block.stmts.iter().enumerate() {
            self.expected_ty = block.stmts.get(i + 1).and_then(|next| self.declared_target(stmt, next));
            self.exec_stmt(state, stmt);
        }
    }

    /// The name of the source a marked `let` declares: `owner::otp`; one
    /// that binds several names is one declaration, `owner::(phone, email)`.
    fn let_source_label(&self, local: LocalId) -> String {
        let marker = self.body.locals.get(local.0 as usize).and_then(|d| d.markers.security_only());
        let mut names: Vec<&str> = match marker {
            Some(marker) => self
                .body
                .locals
                .iter()
                .filter(|d| d.markers.security_only() == Some(marker))
                .filter_map(|d| d.name.as_deref())
                .collect(),
            None => self.local_name(local).map(|n| &**n).into_iter().collect(),
        };
        let mut seen = BTreeSet::new();
        names.retain(|name| seen.insert(*name));
        match names.as_slice() {
            [] => format!("{}::<let>", self.owner_display),
            [one] => format!("{}::{one}", self.owner_display),
            many => format!("{}::({})", self.owner_display, many.join(", ")),
        }
    }

    /// `let e: T = x.into();` lowers to `_t = x.into(); e = _t`: the type
    /// `_t` is converted to is the one `e` declares.
    fn declared_target(&self, stmt: &Stmt, next: &Stmt) -> Option<TypeRef> {
        let Stmt::Assign { dest: temp, .. } = stmt else { return None };
        let Stmt::Assign { dest, value: Rvalue::Use(Operand::Place(src)), .. } = next else { return None };
        let PlaceBase::Local(local) = dest.base else { return None };
        if src != temp || !dest.fields.is_empty() {
            return None;
        }
        self.body.locals.get(local.0 as usize)?.ty.clone()
    }

    fn exec_stmt(&mut self, state: &mut State, stmt: &Stmt) {
        if self.budget == 0 {
            self.out.exhausted = true;
            return;
        }
        self.budget -= 1;
        match stmt {
            Stmt::Assign { dest, value, strong, span } => {
                self.cur_span = *span;
                let evaluated = self.eval(state, value);
                let mut value = evaluated.value;
                if let Some(note) = self.copy_note(dest) {
                    if !value.is_clean() {
                        value = value.with_step(*span, &note.into());
                    }
                }
                self.write(state, dest, value, *strong, evaluated.alias);
            }
            Stmt::Eval { value, span } => {
                self.cur_span = *span;
                self.eval(state, value);
            }
            Stmt::MarkSecurityOnly { local, span } => {
                let id = self.tables.sources.intern(*span, self.let_source_label(*local));
                if let Some(slot) = state.locals.get_mut(local.0 as usize) {
                    slot.taint.insert(Label::Source(id), Trace::default());
                }
            }
            Stmt::Branch { branches, exhaustive } => {
                let entry = state.clone();
                let mut joined: Option<State> = if *exhaustive { None } else { Some(entry.clone()) };
                for branch in branches {
                    let mut s = entry.clone();
                    self.exec_block(&mut s, branch);
                    match joined.as_mut() {
                        Some(j) => j.join(&s),
                        None => joined = Some(s),
                    }
                }
                if let Some(j) = joined {
                    *state = j;
                }
            }
            Stmt::Loop { body } => {
                let mut settled = false;
                for _ in 0..MAX_LOOP_ROUNDS {
                    let mut next = state.clone();
                    self.exec_block(&mut next, body);
                    let before = state.clone();
                    state.join(&next);
                    if *state == before {
                        settled = true;
                        break;
                    }
                }
                if !settled {
                    self.widen_loop(state, body);
                }
            }
            Stmt::Return { value, span } => {
                self.cur_span = *span;
                let v = self.read_operand(state, value);
                self.ret.join(&v);
            }
            Stmt::Jump => {}
        }
    }

    /// "copied into `x.f`" for writes to named locals; temporaries get none.
    fn copy_note(&self, dest: &Place) -> Option<String> {
        let PlaceBase::Local(local) = &dest.base else {
            return None;
        };
        let name = self.local_name(*local)?;
        let mut text = name.to_string();
        for f in &dest.fields {
            text.push('.');
            text.push_str(f);
        }
        Some(format!("copied into `{text}`"))
    }

    fn local_name(&self, local: LocalId) -> Option<&Name> {
        self.body.locals.get(local.0 as usize).and_then(|d| d.name.as_ref())
    }

    // -----------------------------------------------------------------
    // Places
    // -----------------------------------------------------------------

    fn write(
        &mut self,
        state: &mut State,
        dest: &Place,
        mut value: Value,
        strong: bool,
        alias: Option<Place>,
    ) {
        match &dest.base {
            PlaceBase::Local(local) => {
                let idx = local.0 as usize;
                if dest.fields.is_empty() {
                    if let Some(decl_ty) = self.body.locals.get(idx).and_then(|d| d.ty.as_ref()) {
                        let ty = self.ty_of(decl_ty);
                        if ty != Ty::Unknown {
                            value.ty = ty;
                        }
                    }
                }
                let whole_strong = strong && dest.fields.is_empty();
                if whole_strong {
                    state.aliases.remove(local);
                    // A temporary that views nothing holds a fresh value:
                    // binding it makes a new root, not a view.
                    let fresh = |p: &Place| match p.base {
                        PlaceBase::Local(l) => {
                            self.local_name(l).is_none() && !state.aliases.contains_key(&l)
                        }
                        PlaceBase::Global(_) => false,
                    };
                    if let Some(target) = alias.filter(|t| !fresh(t)) {
                        let target = self.resolve_alias(state, &target);
                        state.aliases.insert(*local, target);
                    }
                } else {
                    // Writes through a view reach what it views.
                    for target in state.aliases.get(local).cloned().unwrap_or_default() {
                        let mut fields = target.fields.clone();
                        fields.extend(dest.fields.iter().cloned());
                        let place = Place { base: target.base.clone(), fields };
                        self.write(state, &place, value.clone(), false, None);
                    }
                }
                if !dest.fields.is_empty() {
                    let base_ty = state.locals.get(idx).map(|v| v.ty.clone()).unwrap_or_default();
                    self.write_cells(&base_ty, &dest.fields, &value);
                }
                if whole_strong {
                    value.bound();
                    state.locals.set(idx, value);
                } else if let Some(slot) = state.locals.get_mut(idx) {
                    slot.write_path(&dest.fields, value, strong);
                    slot.bound();
                }
            }
            PlaceBase::Global(path) => {
                for res in self.sh.index.resolve_path(self.scope, path) {
                    if let Res::Static(s) = res {
                        let mut whole = Value::default();
                        whole.write_path(&dest.fields, value.clone(), false);
                        self.out.global_writes.entry(Global::Static(s)).or_default().join(&whole);
                    }
                }
            }
        }
    }

    /// A write at `fields` below a value of type `base_ty` that passes
    /// through a shared cell field also goes to that cell (concrete sources
    /// only: parameter labels mean nothing outside this call).
    fn write_cells(&mut self, base_ty: &Ty, fields: &[Name], value: &Value) {
        let index = self.sh.index;
        let mut ty = base_ty.clone();
        for (depth, name) in fields.iter().enumerate() {
            let Ty::Adt(adt) = ty else { return };
            let data = index.adt(adt);
            let found = index.fields_named(adt, name);
            if found.iter().any(|f| is_shared_cell(&f.ty)) {
                let mut stored = Value::default();
                stored.write_path(&fields[depth + 1..], concrete_only(value), false);
                if !stored.is_clean() {
                    self.out.global_writes.entry(Global::Cell(adt, *name)).or_default().join(&stored);
                }
                return;
            }
            let scope = Scope { module: data.module, impl_: None, trait_: None };
            ty = match found.first() {
                Some(f) => self.ty_in(scope, &data.generics, &f.ty),
                None => Ty::Unknown,
            };
        }
    }

    /// The root places `place` stands for, following aliases of its base.
    fn resolve_alias(&self, state: &State, place: &Place) -> Vec<Place> {
        if let PlaceBase::Local(local) = &place.base {
            if let Some(targets) = state.aliases.get(local) {
                return targets
                    .iter()
                    .map(|t| {
                        let mut fields = t.fields.clone();
                        fields.extend(place.fields.iter().cloned());
                        Place { base: t.base.clone(), fields }
                    })
                    .collect();
            }
        }
        vec![place.clone()]
    }

    fn read_operand(&mut self, state: &State, op: &Operand) -> Value {
        match op {
            Operand::Const => Value::default(),
            Operand::Place(place) => self.read_place(state, place),
        }
    }

    fn read_place(&mut self, state: &State, place: &Place) -> Value {
        let mut value = match &place.base {
            PlaceBase::Local(local) => state.locals.get(local.0 as usize).cloned().unwrap_or_default(),
            PlaceBase::Global(path) => self.read_global(path),
        };
        for field in &place.fields {
            value = self.read_field(&value, field);
        }
        value
    }

    fn read_global(&mut self, path: &crate::ir::PathRef) -> Value {
        let mut value = Value::default();
        let mut fns = Vec::new();
        for res in self.sh.index.resolve_path(self.scope, path) {
            match res {
                Res::Static(s) => {
                    self.out.global_reads.insert(Global::Static(s));
                    let data = self.sh.index.static_data(s);
                    if let Some(v) = self.sh.globals.get(&Global::Static(s)) {
                        value.join(v);
                    }
                    if let Some(marker) = data.markers.security_only() {
                        let id = self.tables.sources.intern(data.span.to(marker), data.display.clone());
                        value.taint.insert(Label::Source(id), Trace::default());
                    }
                    if value.ty == Ty::Unknown {
                        let scope = Scope { module: data.module, impl_: None, trait_: None };
                        value.ty = self.ty_in(scope, &[], &data.ty);
                    }
                }
                Res::Fn(f) => fns.push(f),
                Res::Adt(a) | Res::Variant(a, _) => value.ty = Ty::Adt(a),
                _ => {}
            }
        }
        if !fns.is_empty() {
            value.ty = Ty::FnItems(fns);
        }
        value
    }

    /// Read field `name` of `base`, adding the sources its declaration
    /// implies: a `#[security_only]` field, or a field of a value whose type
    /// is not known but whose name is a security-only field somewhere.
    fn read_field(&mut self, base: &Value, name: &Name) -> Value {
        let mut child = base.read_field(name);
        let index = self.sh.index;
        match &base.ty {
            Ty::Adt(adt) => {
                let adt_data = index.adt(*adt);
                if let Some(marker) = adt_data.markers.security_only() {
                    let id = self.tables.sources.intern(adt_data.span.to(marker), adt_data.display.clone());
                    child.taint.insert(Label::Source(id), Trace::default());
                }
                let fields = variant_fields(index, *adt, name);
                if fields.is_empty() {
                    // `Some(x)`, `Ok(x)`, a tuple around it: a wrapper we see
                    // through, so the value keeps its type.
                    child.ty = base.ty.clone();
                }
                if fields.iter().any(|f| is_shared_cell(&f.ty)) {
                    let key = Global::Cell(*adt, *name);
                    if let Some(shared) = self.sh.globals.get(&key) {
                        child.join(shared);
                    }
                    self.out.global_reads.insert(key);
                }
                for field in fields {
                    if let Some(marker) = field.markers.security_only() {
                        let label = field_label(index, *adt, field);
                        let id = self.tables.sources.intern(field.span.to(marker), label);
                        child.taint.insert(Label::Source(id), Trace::default());
                    }
                    if child.ty == Ty::Unknown {
                        let scope = Scope { module: adt_data.module, impl_: None, trait_: None };
                        child.ty = self.ty_in(scope, &adt_data.generics, &field.ty);
                    }
                }
            }
            Ty::Unknown => {
                for (adt, field) in index.security_fields_named(name) {
                    let Some(marker) = field.markers.security_only() else { continue };
                    let adt_data = index.adt(adt);
                    let label = field_label(index, adt, field);
                    let id = self.tables.sources.intern(field.span.to(marker), label);
                    let note: Arc<str> = format!(
                        "type not inferred here: `.{name}` taken to be `{}::{name}`",
                        adt_data.display
                    )
                    .into();
                    let trace = Trace::default().push(TraceStep { span: self.cur_span, note });
                    child.taint.insert(Label::Source(id), trace);
                }
            }
            _ => {}
        }
        child
    }

    // -----------------------------------------------------------------
    // Types
    // -----------------------------------------------------------------

    fn ty_of(&self, ty: &TypeRef) -> Ty {
        self.ty_in(self.scope, &self.generics, ty)
    }

    fn ty_in(&self, scope: Scope, generics: &[GenericParam], ty: &TypeRef) -> Ty {
        match self.sh.index.resolve_type(scope, generics, ty) {
            TyRes::Adt(a) => Ty::Adt(a),
            TyRes::Traits(ts) if !ts.is_empty() => Ty::Traits(ts),
            _ => Ty::Unknown,
        }
    }

    /// Sources a value of `adt` holds by its type: the type itself when it
    /// is `#[security_only]`, its security-only fields, and those of the
    /// workspace types in its fields, transitively (recursive types
    /// included: every type reachable through fields is visited once).
    fn type_sources(&mut self, adt: AdtId) -> TypeSources {
        let lock = || self.tables.type_sources.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(found) = lock().get(&adt) {
            return found.clone();
        }
        let index = self.sh.index;
        let mut out = Vec::new();
        let mut seen = BTreeSet::from([adt]);
        let mut stack = vec![adt];
        while let Some(owner) = stack.pop() {
            let data = index.adt(owner);
            if let Some(marker) = data.markers.security_only() {
                out.push((self.tables.sources.intern(data.span.to(marker), data.display.clone()), owner));
            }
            let scope = Scope { module: data.module, impl_: None, trait_: None };
            let all_fields = data.fields.iter().chain(data.variants.iter().flat_map(|v| v.fields.iter()));
            for field in all_fields {
                if let Some(marker) = field.markers.security_only() {
                    let label = field_label(index, owner, field);
                    out.push((self.tables.sources.intern(field.span.to(marker), label), owner));
                }
                for inner in index.adts_in_type(scope, &field.ty) {
                    if seen.insert(inner) {
                        stack.push(inner);
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        let out: TypeSources = out.into();
        lock().insert(adt, out.clone());
        out
    }

    /// Every label a use of the whole value carries, including the sources
    /// its type implies (passing `&account` whole passes its phone).
    fn flatten_typed(&mut self, value: &Value) -> Taint {
        let mut out = value.taint.clone();
        if let Ty::Adt(adt) = value.ty {
            for (id, _) in self.type_sources(adt).iter() {
                out.insert(Label::Source(*id), Trace::default());
            }
        }
        for field in value.fields.values() {
            let t = self.flatten_typed(field);
            out.join(&t);
        }
        out
    }

    fn derived(&mut self, values: &[&Value]) -> Value {
        let mut taint = Taint::default();
        for v in values {
            let t = self.flatten_typed(v);
            taint.join(&t);
        }
        Value::from_taint(taint)
    }

    // -----------------------------------------------------------------
    // Rvalues
    // -----------------------------------------------------------------

    fn eval(&mut self, state: &mut State, rvalue: &Rvalue) -> Evaluated {
        match rvalue {
            Rvalue::Use(op) => {
                let value = self.read_operand(state, op);
                let alias = match op {
                    Operand::Place(p) if matches!(p.base, PlaceBase::Local(_)) => Some(p.clone()),
                    Operand::Place(p) => Some(p.clone()),
                    Operand::Const => None,
                };
                Evaluated { value, alias }
            }
            Rvalue::Mix(ops) => {
                let values: Vec<Value> = ops.iter().map(|op| self.read_operand(state, op)).collect();
                let refs: Vec<&Value> = values.iter().collect();
                self.derived(&refs).into()
            }
            Rvalue::Collection(ops) => {
                let mut value = Value::default();
                for op in ops {
                    let v = self.read_operand(state, op);
                    value.join(&v);
                }
                value.into()
            }
            Rvalue::Struct { path, fields, base } => {
                let mut value = match base {
                    Some(op) => self.read_operand(state, op),
                    None => Value::default(),
                };
                for (name, op) in fields {
                    let v = self.read_operand(state, op);
                    value.write_path(std::slice::from_ref(name), v, true);
                }
                if let Some(path) = path {
                    for res in self.sh.index.resolve_path(self.scope, path) {
                        if let Res::Adt(a) | Res::Variant(a, _) = res {
                            value.ty = Ty::Adt(a);
                        }
                    }
                }
                value.into()
            }
            Rvalue::Closure(id) => self.make_closure(state, *id).into(),
            Rvalue::Call { callee, args, span } => self.eval_call(state, callee, args, *span).into(),
            Rvalue::MethodCall { receiver, method, args, span } => {
                self.eval_method_call(state, receiver, method, args, *span)
            }
        }
    }

    fn make_closure(&mut self, state: &mut State, id: ClosureId) -> Value {
        let Some(closure) = self.body.closures.get(id.0 as usize) else {
            return Value::default();
        };
        if closure.is_async_block {
            // An async block runs where it is written, as far as data goes.
            return self.run_closure(state, id, Vec::new(), None);
        }
        // Run it once as written, so flows through captures are seen even
        // if it is never called where we can see.
        self.run_closure(state, id, Vec::new(), None);
        let mut taint = Taint::default();
        for local in self.captured(id) {
            if let Some(v) = state.locals.get(local.0 as usize) {
                taint.join(&v.flatten());
            }
        }
        Value { taint, ty: Ty::Closure(id), ..Value::default() }
    }

    /// Locals a closure mentions (its captures, plus its own locals, which
    /// are still clean when it is created).
    fn captured(&mut self, id: ClosureId) -> Vec<LocalId> {
        if let Some(found) = self.captures.get(&id) {
            return found.clone();
        }
        let mut out = BTreeSet::new();
        if let Some(closure) = self.body.closures.get(id.0 as usize) {
            let mut seen = BTreeSet::new();
            collect_locals(self.body, &closure.block, &mut out, &mut seen);
        }
        let out: Vec<LocalId> = out.into_iter().collect();
        self.captures.insert(id, out.clone());
        out
    }

    /// Run closure `id` with its parameters bound to `params` (missing ones
    /// clean). Effects on captured variables are joined into `state`.
    fn run_closure(
        &mut self,
        state: &mut State,
        id: ClosureId,
        params: Vec<Value>,
        alias: Option<Place>,
    ) -> Value {
        let body = self.body;
        let Some(closure) = body.closures.get(id.0 as usize) else {
            return Value::default();
        };
        if self.closure_stack.contains(&id) {
            let refs: Vec<&Value> = params.iter().collect();
            return self.derived(&refs);
        }
        self.closure_stack.push(id);
        let mut inner = state.clone();
        for (i, local) in closure.params.iter().enumerate() {
            let mut value = params.get(i).cloned().unwrap_or_default();
            if let Some(decl_ty) = body.locals.get(local.0 as usize).and_then(|d| d.ty.as_ref()) {
                let ty = self.ty_of(decl_ty);
                if ty != Ty::Unknown {
                    value.ty = ty;
                }
            }
            inner.locals.set(local.0 as usize, value);
            inner.aliases.remove(local);
            if let Some(target) = &alias {
                let targets = self.resolve_alias(state, target);
                inner.aliases.insert(*local, targets);
            }
        }
        inner.locals.set(closure.result.0 as usize, Value::default());
        self.exec_block(&mut inner, &closure.block);
        let result = inner.locals.get(closure.result.0 as usize).cloned().unwrap_or_default();
        state.join(&inner);
        self.closure_stack.pop();
        result
    }

    fn eval_args(&mut self, state: &State, args: &[Operand]) -> (Vec<Value>, Vec<Option<Place>>) {
        let values = args.iter().map(|a| self.read_operand(state, a)).collect();
        let places = args
            .iter()
            .map(|a| match a {
                Operand::Place(p) => Some(p.clone()),
                Operand::Const => None,
            })
            .collect();
        (values, places)
    }

    fn eval_call(&mut self, state: &mut State, callee: &Callee, args: &[Operand], span: Span) -> Value {
        let (values, places) = self.eval_args(state, args);
        match callee {
            Callee::Path(path) => {
                let mut result = Value::default();
                let resolved = self.sh.index.resolve_path(self.scope, path);
                for res in resolved {
                    let v = match res {
                        Res::Fn(f) => {
                            let targets = self.dispatch_path_call(f, &values);
                            self.apply_fns(state, &targets, &values, &places, span, false)
                        }
                        Res::Adt(a) | Res::Variant(a, _) => {
                            // Fields as patterns name them: `Variant::0` for
                            // an enum variant, `0` for a tuple struct.
                            let prefix = match res {
                                Res::Variant(a, vi) => index_variant_name(self.sh.index, a, vi),
                                _ => None,
                            };
                            let mut v = Value::default();
                            for (i, arg) in values.iter().enumerate() {
                                let name = match &prefix {
                                    Some(p) => Name::from(format!("{p}::{i}")),
                                    None => Name::from(i.to_string()),
                                };
                                v.write_path(&[name], arg.clone(), true);
                            }
                            v.ty = Ty::Adt(a);
                            v
                        }
                        Res::External(name) => {
                            let mut v = self.call_external(state, &name, &values, span);
                            let modelled = external::is_modelled_path(&name);
                            if let Some(source) = self.external_path_call(&name, &values, span, modelled) {
                                v.join(&source);
                            }
                            v
                        }
                        _ => self.call_unknown_callable(state, &values, span, None),
                    };
                    result.join(&v);
                }
                result
            }
            Callee::Local(local) => {
                let callee_value = state.locals.get(local.0 as usize).cloned().unwrap_or_default();
                self.call_value(state, &callee_value, &values, &places, span)
            }
            Callee::Value(op) => {
                let callee_value = self.read_operand(state, op);
                self.call_value(state, &callee_value, &values, &places, span)
            }
        }
    }

    /// `Trait::m(x)` and `Type::m(x)` written as paths: a trait method's
    /// declaration dispatches to the impls.
    fn dispatch_path_call(&self, f: FnId, args: &[Value]) -> Vec<FnId> {
        let index = self.sh.index;
        let data = index.fn_data(f);
        let FnOwner::Trait(tr) = data.owner else {
            return vec![f];
        };
        if let Some(Ty::Adt(a)) = args.first().map(|v| &v.ty) {
            let found = index.methods_of(*a, &data.def.name);
            if !found.is_empty() {
                return found;
            }
        }
        let targets = index.trait_method_targets(tr, &data.def.name);
        if targets.is_empty() {
            vec![f]
        } else {
            targets
        }
    }

    fn call_value(
        &mut self,
        state: &mut State,
        callee: &Value,
        values: &[Value],
        places: &[Option<Place>],
        span: Span,
    ) -> Value {
        match &callee.ty {
            Ty::Closure(id) => {
                let mut result = self.run_closure(state, *id, values.to_vec(), None);
                result.taint.join(&callee.taint);
                result
            }
            Ty::FnItems(fns) => {
                let fns = fns.clone();
                self.apply_fns(state, &fns, values, places, span, false)
            }
            _ => {
                // A callable parameter: the caller knows what it is.
                for (label, _) in callee.taint.iter() {
                    if let Label::Param(i, path) = label {
                        if path.is_empty() {
                            let recorded = self.out.summary.callbacks.entry((*i, span)).or_default();
                            for (k, v) in values.iter().enumerate() {
                                match recorded.get_mut(k) {
                                    Some(slot) => {
                                        slot.join(v);
                                    }
                                    None => recorded.push(v.clone()),
                                }
                            }
                        }
                    }
                }
                self.call_unknown_callable(state, values, span, Some(callee))
            }
        }
    }

    /// A callee we cannot see (a fn pointer parameter, an unresolved
    /// callable): its result derives from everything passed.
    fn call_unknown_callable(
        &mut self,
        state: &mut State,
        values: &[Value],
        span: Span,
        callee: Option<&Value>,
    ) -> Value {
        self.run_closure_args(state, values, &[]);
        let mut refs: Vec<&Value> = values.iter().collect();
        if let Some(c) = callee {
            refs.push(c);
        }
        let result = self.derived(&refs);
        result.with_step(
            span,
            &Arc::from("passed through a function value the analysis cannot see (assumed to propagate)"),
        )
    }

    /// Closures passed to code whose body we do not follow run once, with
    /// their parameters bound to `elements` (or all other arguments).
    fn run_closure_args(&mut self, state: &mut State, values: &[Value], elements: &[Value]) -> Vec<Value> {
        let mut results = Vec::new();
        let others: Vec<&Value> = values.iter().filter(|v| !matches!(v.ty, Ty::Closure(_))).collect();
        let fallback = if elements.is_empty() { Some(self.derived(&others)) } else { None };
        for v in values {
            if let Ty::Closure(id) = v.ty {
                let params = match &fallback {
                    Some(d) => vec![d.clone(); 4],
                    None => elements.to_vec(),
                };
                results.push(self.run_closure(state, id, params, None));
            }
        }
        results
    }

    fn call_external(&mut self, state: &mut State, name: &str, values: &[Value], span: Span) -> Value {
        let closure_results = self.run_closure_args(state, values, &[]);
        if is_transparent_fn(name) {
            let mut v = values.first().cloned().unwrap_or_default();
            for r in &closure_results {
                v.join(r);
            }
            return v;
        }
        let mut refs: Vec<&Value> = values.iter().filter(|v| !matches!(v.ty, Ty::Closure(_))).collect();
        refs.extend(closure_results.iter());
        let result = self.derived(&refs);
        if result.is_clean() {
            return result;
        }
        let note: Arc<str> =
            format!("passed through `{name}` (outside the workspace: assumed to propagate)").into();
        result.with_step(span, &note)
    }

    /// Apply the summaries of `fns` (all possible targets of one call).
    /// `by_name`: the receiver's type was unknown and the targets were
    /// picked by method name, so their declared return type is not trusted.
    fn apply_fns(
        &mut self,
        state: &mut State,
        fns: &[FnId],
        values: &[Value],
        places: &[Option<Place>],
        span: Span,
        by_name: bool,
    ) -> Value {
        let index = self.sh.index;
        let mut result = Value::default();
        for &f in fns {
            self.out.callees.insert(f);
            let data = index.fn_data(f);
            let display: Arc<str> = data.display.as_str().into();
            if data.sink_marker.is_some() {
                let mut taint = Taint::default();
                for v in values {
                    let t = self.flatten_typed(v);
                    taint.join(&t);
                }
                if by_name && !taint.is_empty() {
                    let note: Arc<str> =
                        format!("receiver type not inferred: the call may reach `{}`", data.display).into();
                    taint = taint.with_step(span, &note);
                }
                let enclosing = self.enclosing.clone();
                self.record_hit(span, display.clone(), enclosing, taint);
            }
            let mut ret = match (&data.def.body, self.sh.summaries.get(&f)) {
                (Some(_), Some(summary)) => {
                    let summary = summary.clone();
                    // Calls a summary makes back into its caller's callables
                    // and trait parameters can lead to the summary again:
                    // follow them once per fn on the stack, and not deeper
                    // than `MAX_NESTED_APPLY`.
                    let nested = !self.redispatching
                        && self.applying.len() < MAX_NESTED_APPLY
                        && !self.applying.contains(&f);
                    self.applying.push(f);
                    let v = self.apply_summary(state, &summary, &display, values, places, span, nested);
                    self.applying.pop();
                    v
                }
                (Some(_), None) => Value::default(),
                (None, _) => {
                    let refs: Vec<&Value> = values.iter().collect();
                    self.derived(&refs)
                }
            };
            if let Some(marker) = data.markers.security_only() {
                let label = format!("{}()", data.display);
                let id = self.tables.sources.intern(data.span.to(marker), label);
                ret.taint.insert(Label::Source(id), Trace::default());
            }
            if !by_name {
                if let Some(ret_ty) = &data.def.ret {
                    let ty = self.ty_in(data.scope, &index.generics_of(f), ret_ty);
                    if ty != Ty::Unknown {
                        ret.ty = ty;
                    }
                }
            }
            if !ret.is_clean() {
                let note: Arc<str> = format!("returned from `{}`", data.display).into();
                ret = ret.with_step(span, &note);
            }
            result.join(&ret);
        }
        result
    }

    #[allow(clippy::too_many_arguments)]
    fn apply_summary(
        &mut self,
        state: &mut State,
        summary: &Summary,
        callee: &Arc<str>,
        values: &[Value],
        places: &[Option<Place>],
        span: Span,
        nested: bool,
    ) -> Value {
        let ret = self.instantiate_value(&summary.ret, values, span, callee);
        for (i, out) in &summary.param_out {
            let v = self.instantiate_value(out, values, span, callee);
            if let Some(Some(place)) = places.get(*i as usize) {
                if !v.is_clean() {
                    self.write(state, place, v, false, None);
                }
            }
        }
        let (callbacks, dispatches) = if nested {
            (&summary.callbacks, &summary.dispatches)
        } else {
            if !summary.callbacks.is_empty() || !summary.dispatches.is_empty() {
                self.out.unfollowed_callbacks = true;
            }
            (&BTreeMap::new(), &BTreeMap::new())
        };
        for ((i, site), args) in callbacks {
            let Some(callable) = values.get(*i as usize) else { continue };
            let args: Vec<Value> =
                args.iter().map(|a| self.instantiate_value(a, values, span, callee)).collect();
            let step = self.call_step(span, callee, *i);
            let args: Vec<Value> = args.iter().map(|a| append_trace(a, &step, &Trace::default())).collect();
            self.call_value(state, callable, &args, &[], *site);
        }
        for ((i, site, method), args) in dispatches {
            let Some(recv) = values.get(*i as usize) else { continue };
            let args: Vec<Value> =
                args.iter().map(|a| self.instantiate_value(a, values, span, callee)).collect();
            let places = vec![None; args.len()];
            // Only the sink hits matter here: the value was accounted for
            // when the callee was summarised. One level: the targets' own
            // callbacks and dispatches are not followed again, which keeps
            // the work linear in the number of impls.
            let outer = std::mem::replace(&mut self.redispatching, true);
            self.call_method(state, recv.clone(), None, method, args, places, *site);
            self.redispatching = outer;
        }
        for ((site, sink), hit) in &summary.sink_hits {
            let taint = self.instantiate_taint(&hit.taint, values, span, callee);
            self.record_hit(*site, sink.clone(), hit.enclosing.clone(), taint);
        }
        ret
    }

    fn call_step(&self, span: Span, callee: &str, param: u16) -> TraceStep {
        TraceStep { span, note: format!("passed to `{callee}` as argument {}", param + 1).into() }
    }

    /// Replace parameter labels by what the caller passed.
    fn instantiate_taint(&mut self, taint: &Taint, values: &[Value], span: Span, callee: &str) -> Taint {
        let mut out = Taint::default();
        for (label, trace) in taint.iter() {
            match label {
                Label::Source(_) => {
                    out.insert(label.clone(), trace.clone());
                }
                Label::Param(i, path) => {
                    let Some(arg) = values.get(*i as usize) else { continue };
                    let sub = self.read_path(arg, path);
                    let step = self.call_step(span, callee, *i);
                    for (l2, t2) in self.flatten_typed(&sub).iter() {
                        out.insert(l2.clone(), t2.push(step.clone()).concat(trace));
                    }
                }
            }
        }
        out
    }

    fn instantiate_value(&mut self, value: &Value, values: &[Value], span: Span, callee: &str) -> Value {
        let mut out = Value {
            ty: match &value.ty {
                // A closure of the callee's body means nothing here.
                Ty::Closure(_) => Ty::Unknown,
                other => other.clone(),
            },
            ..Value::default()
        };
        for (label, trace) in value.taint.iter() {
            match label {
                Label::Source(_) => {
                    out.taint.insert(label.clone(), trace.clone());
                }
                Label::Param(i, path) => {
                    let Some(arg) = values.get(*i as usize) else { continue };
                    let sub = self.read_path(arg, path);
                    let step = self.call_step(span, callee, *i);
                    let sub = append_trace(&sub, &step, trace);
                    out.join(&sub);
                }
            }
        }
        for (name, child) in &value.fields {
            let child = self.instantiate_value(child, values, span, callee);
            out.write_path(std::slice::from_ref(name), child, false);
        }
        out.bound();
        out
    }

    fn read_path(&mut self, value: &Value, path: &[Name]) -> Value {
        let mut v = value.clone();
        for name in path {
            v = self.read_field(&v, name);
        }
        v
    }

    /// Data reached sink call `site`: concrete sources are findings,
    /// parameter labels go into this body's summary.
    fn record_hit(&mut self, site: Span, sink: Arc<str>, enclosing: Arc<str>, taint: Taint) {
        if self.mute_sinks {
            // Decided by the callers; kept for a fn nothing calls.
            for (label, trace) in taint.iter() {
                if let Label::Source(source) = label {
                    self.out.deferred_findings.push(RawFinding {
                        source: *source,
                        site,
                        sink: sink.clone(),
                        enclosing: enclosing.clone(),
                        trace: trace.clone(),
                    });
                }
            }
            return;
        }
        for (label, trace) in taint.iter() {
            match label {
                Label::Source(source) => self.out.findings.push(RawFinding {
                    source: *source,
                    site,
                    sink: sink.clone(),
                    enclosing: enclosing.clone(),
                    trace: trace.clone(),
                }),
                Label::Param(..) => {
                    let hit =
                        self.out.summary.sink_hits.entry((site, sink.clone())).or_insert_with(|| SinkHit {
                            enclosing: enclosing.clone(),
                            taint: Taint::default(),
                        });
                    hit.taint.insert(label.clone(), trace.clone());
                }
            }
        }
    }

    fn eval_method_call(
        &mut self,
        state: &mut State,
        receiver: &Operand,
        method: &Name,
        args: &[Operand],
        span: Span,
    ) -> Evaluated {
        let recv = self.read_operand(state, receiver);
        let recv_place = match receiver {
            Operand::Place(p) => Some(p.clone()),
            Operand::Const => None,
        };
        let (arg_values, arg_places) = self.eval_args(state, args);
        self.call_method(state, recv, recv_place, method, arg_values, arg_places, span)
    }

    /// The workspace methods a call of `method` on `recv` may reach, and
    /// whether they were picked by name alone (receiver type unknown).
    fn method_targets(&self, recv: &Value, method: &str, arg_count: usize) -> MethodTargets {
        let index = self.sh.index;
        let typed = match &recv.ty {
            Ty::Adt(a) => Some(index.methods_of(*a, method)),
            Ty::Traits(traits) => {
                let mut all: Vec<FnId> =
                    traits.iter().flat_map(|t| index.trait_method_targets(*t, method)).collect();
                all.sort();
                all.dedup();
                (!all.is_empty()).then_some(all)
            }
            _ => None,
        };
        if let Some(fns) = typed {
            let external = fns.is_empty();
            return MethodTargets { fns, by_name: false, external };
        }
        // Unknown receiver: every workspace method of that name might be
        // meant. When the name is a std method, or too common to follow
        // every candidate, the std/default model decides the data and only
        // the sink candidates are kept (a possible sink call stays one).
        // A fn is not taken to call itself by name alone: `self.vis.to_tokens(t)`
        // inside `DeriveInput::to_tokens` is another type's method.
        let mut named = index.methods_named(method);
        named.retain(|f| Some(*f) != self.current);
        let common = method_model(method, arg_count) != MethodModel::Unknown || named.len() > MAX_BY_NAME;
        if !common {
            let external = named.is_empty();
            return MethodTargets { fns: named, by_name: true, external };
        }
        let sinks = named.into_iter().filter(|f| index.fn_data(*f).sink_marker.is_some()).collect();
        MethodTargets { fns: sinks, by_name: true, external: true }
    }

    #[allow(clippy::too_many_arguments)]
    fn call_method(
        &mut self,
        state: &mut State,
        recv: Value,
        recv_place: Option<Place>,
        method: &Name,
        arg_values: Vec<Value>,
        arg_places: Vec<Option<Place>>,
        span: Span,
    ) -> Evaluated {
        let MethodTargets { fns: targets, by_name, external } =
            self.method_targets(&recv, method, arg_values.len());
        if targets.is_empty() && matches!(&**method, "into" | "try_into") {
            if let Some(converted) = self.convert_by_workspace_impl(state, &recv, span) {
                return converted.into();
            }
        }
        if targets.is_empty() && &**method == "to_string" {
            if let Some(text) = self.formatted_by_workspace_impl(&recv, span) {
                return text.into();
            }
        }
        let model = method_model(method, arg_values.len());
        // A call through a trait on a parameter (`exp: &E` with `E: Tr`,
        // `&dyn Tr`): which impls it reaches depends on what the caller
        // passes, so its sink hits are decided at each call site.
        let deferred_param = match recv.ty {
            Ty::Traits(_) if !targets.is_empty() => recv.taint.iter().find_map(|(l, _)| match l {
                Label::Param(i, path) if path.is_empty() => Some(*i),
                _ => None,
            }),
            _ => None,
        };
        let mut values = Vec::with_capacity(arg_values.len() + 1);
        values.push(recv.clone());
        values.extend(arg_values.iter().cloned());
        let mut places = Vec::with_capacity(arg_places.len() + 1);
        places.push(recv_place.clone());
        places.extend(arg_places.iter().cloned());

        let mut result = Evaluated { value: Value::default(), alias: None };
        if !targets.is_empty() {
            let muted = std::mem::replace(&mut self.mute_sinks, deferred_param.is_some());
            let v = self.apply_fns(state, &targets, &values, &places, span, by_name);
            self.mute_sinks = muted;
            result.value.join(&v);
        }
        if let Some(param) = deferred_param {
            let call = self.out.summary.dispatches.entry((param, span, *method)).or_default();
            for (k, v) in arg_values.iter().enumerate() {
                match call.get_mut(k) {
                    Some(slot) => {
                        slot.join(v);
                    }
                    None => call.push(v.clone()),
                }
            }
        }
        if external {
            let modelled = model != MethodModel::Unknown;
            if let Some(source) = self.external_method_call(&recv, method, &arg_values, span, modelled) {
                result.value.join(&source);
            }
            let ext = self.apply_model(
                state,
                model,
                method,
                &recv,
                recv_place.as_ref(),
                &arg_values,
                &arg_places,
                span,
            );
            result.value.join(&ext.value);
            result.alias = ext.alias;
        }
        result
    }

    /// `value.into()` for a workspace type: the workspace `From` impls that
    /// take it (those of the declared target type when it is known), or,
    /// when there are none, data derived from the whole value.
    fn convert_by_workspace_impl(&mut self, state: &mut State, value: &Value, span: Span) -> Option<Value> {
        let Ty::Adt(source) = value.ty else { return None };
        let index = self.sh.index;
        let target = self.expected_ty.clone().map(|t| self.ty_of(&t));
        let candidates: Vec<FnId> = match &target {
            Some(Ty::Adt(t)) => index.methods_of(*t, "from"),
            _ => self.workspace_from_fns().to_vec(),
        };
        let takes_source = |f: &FnId| {
            let data = index.fn_data(*f);
            !data.def.has_self
                && data.def.params.len() == 1
                && data.def.params.first().is_some_and(|p| {
                    index.resolve_type(data.scope, &index.generics_of(*f), &p.ty) == TyRes::Adt(source)
                })
        };
        let impls: Vec<FnId> = candidates.into_iter().filter(takes_source).collect();
        if impls.is_empty() {
            // No conversion we can see: whatever it makes holds everything.
            return Some(self.derived(&[value]));
        }
        Some(self.apply_fns(state, &impls, std::slice::from_ref(value), &[None], span, false))
    }

    /// Every `from` associated fn of the workspace.
    fn workspace_from_fns(&mut self) -> Arc<[FnId]> {
        let index = self.sh.index;
        let found = self.tables.from_fns.get_or_init(|| {
            (0..index.fns.len() as u32).map(FnId).filter(|f| &*index.fn_data(*f).def.name == "from").collect()
        });
        found.clone()
    }

    /// `value.to_string()` for a workspace type with its own `fmt` impl:
    /// what that impl writes into the formatter, so a `Display` that shows
    /// only the handle does not leak the phone beside it.
    fn formatted_by_workspace_impl(&mut self, value: &Value, span: Span) -> Option<Value> {
        let Ty::Adt(adt) = value.ty else { return None };
        let fmts = self.sh.index.methods_of(adt, "fmt");
        let mut text = Value::default();
        let mut found = false;
        for f in fmts {
            self.out.callees.insert(f);
            let data = self.sh.index.fn_data(f);
            if data.def.params.len() != 2 || data.def.body.is_none() {
                continue;
            }
            found = true;
            let Some(summary) = self.sh.summaries.get(&f) else { continue };
            let display: Arc<str> = data.display.as_str().into();
            let args = [value.clone(), Value::default()];
            if let Some(written) = summary.param_out.get(&1) {
                let written = written.clone();
                let v = self.instantiate_value(&written, &args, span, &display);
                text.join(&self.derived(&[&v]));
            }
        }
        found.then_some(text)
    }

    #[allow(clippy::too_many_arguments)]
    fn apply_model(
        &mut self,
        state: &mut State,
        model: MethodModel,
        method: &str,
        recv: &Value,
        recv_place: Option<&Place>,
        args: &[Value],
        arg_places: &[Option<Place>],
        span: Span,
    ) -> Evaluated {
        // Closure arguments see the receiver's elements (a collection's
        // element is the collection, to us); `fold`'s accumulator starts as
        // the initial value.
        let mut closure_results = Vec::new();
        let non_closures: Vec<&Value> = args.iter().filter(|v| !matches!(v.ty, Ty::Closure(_))).collect();
        for v in args {
            match &v.ty {
                Ty::Closure(id) => {
                    let params = match method {
                        "fold" | "try_fold" | "scan" => {
                            let init = self.derived(&non_closures);
                            vec![init, recv.clone()]
                        }
                        _ => vec![recv.clone(); 4],
                    };
                    let r = self.run_closure(state, *id, params, recv_place.cloned());
                    closure_results.push(r);
                }
                Ty::FnItems(fns) => {
                    let fns = fns.clone();
                    let r = self.apply_fns(state, &fns, std::slice::from_ref(recv), &[None], span, false);
                    closure_results.push(r);
                }
                _ => {}
            }
        }
        match model {
            MethodModel::Project => {
                // The result may be a closure's value (`unwrap_or_else`),
                // but a predicate's verdict (`filter`, `find`) only selects:
                // control dependence, not data.
                let produces = method.ends_with("_else") || method.ends_with("_with");
                let mut value = recv.clone();
                let produced = closure_results.iter().filter(|_| produces);
                for v in non_closures.iter().copied().chain(produced) {
                    value.join(v);
                }
                Evaluated { value, alias: recv_place.cloned() }
            }
            MethodModel::Query => {
                let mut refs: Vec<&Value> = vec![recv];
                refs.extend(non_closures.iter().copied());
                refs.extend(closure_results.iter());
                self.derived(&refs).into()
            }
            MethodModel::Absorb => {
                if let Some(place) = recv_place {
                    for v in non_closures.iter().copied().chain(closure_results.iter()) {
                        if !v.is_clean() {
                            let note: Arc<str> = format!("stored by `.{method}(..)`").into();
                            let stored = v.with_step(span, &note);
                            self.write(state, place, stored, false, None);
                        }
                    }
                }
                let mut refs: Vec<&Value> = vec![recv];
                refs.extend(non_closures.iter().copied());
                self.derived(&refs).into()
            }
            MethodModel::MapWith => {
                if closure_results.is_empty() {
                    let mut refs: Vec<&Value> = vec![recv];
                    refs.extend(non_closures.iter().copied());
                    return self.derived(&refs).into();
                }
                let mut value = Value::default();
                for r in &closure_results {
                    value.join(r);
                }
                if matches!(method, "fold" | "try_fold") {
                    let init = self.derived(&non_closures);
                    value.join(&init);
                }
                value.into()
            }
            MethodModel::IntoArgs => {
                let mut refs: Vec<&Value> = vec![recv];
                refs.extend(non_closures.iter().copied());
                let data = self.derived(&refs);
                if !data.is_clean() {
                    for place in arg_places.iter().flatten() {
                        self.write(state, place, data.clone(), false, None);
                    }
                }
                data.into()
            }
            MethodModel::Unknown => {
                let mut refs: Vec<&Value> = non_closures.clone();
                refs.extend(closure_results.iter());
                let passed = self.derived(&refs);
                if let Some(place) = recv_place {
                    if !passed.is_clean() {
                        let note: Arc<str> =
                            format!("passed to `.{method}(..)` (outside the workspace: assumed stored in its receiver)")
                                .into();
                        let stored = passed.with_step(span, &note);
                        self.write(state, place, stored, false, None);
                    }
                }
                let mut result = self.derived(&[recv]);
                result.join(&passed);
                if !result.is_clean() {
                    let note: Arc<str> = format!(
                        "passed through `.{method}(..)` (outside the workspace: assumed to propagate)"
                    )
                    .into();
                    result = result.with_step(span, &note);
                }
                result.into()
            }
        }
    }
}

/// Every label of `value` gets `step` and then `suffix`'s steps appended.
fn append_trace(value: &Value, step: &TraceStep, suffix: &Trace) -> Value {
    let mut taint = Taint::default();
    for (label, trace) in value.taint.iter() {
        taint.insert(label.clone(), trace.push(step.clone()).concat(suffix));
    }
    Value {
        taint,
        fields: value.fields.iter().map(|(k, v)| (*k, append_trace(v, step, suffix))).collect(),
        ty: value.ty.clone(),
    }
}

/// Locals mentioned anywhere in `block`, nested closures included.
fn collect_locals(body: &Body, block: &Block, out: &mut BTreeSet<LocalId>, seen: &mut BTreeSet<ClosureId>) {
    fn place(p: &Place, out: &mut BTreeSet<LocalId>) {
        if let PlaceBase::Local(l) = p.base {
            out.insert(l);
        }
    }
    fn operand(op: &Operand, out: &mut BTreeSet<LocalId>) {
        if let Operand::Place(p) = op {
            place(p, out);
        }
    }
    for stmt in &block.stmts {
        match stmt {
            Stmt::Assign { dest, value, .. } => {
                place(dest, out);
                rvalue(body, value, out, seen);
            }
            Stmt::Eval { value, .. } => rvalue(body, value, out, seen),
            Stmt::MarkSecurityOnly { local, .. } => {
                out.insert(*local);
            }
            Stmt::Branch { branches, .. } => {
                for b in branches {
                    collect_locals(body, b, out, seen);
                }
            }
            Stmt::Loop { body: b } => collect_locals(body, b, out, seen),
            Stmt::Return { value, .. } => operand(value, out),
            Stmt::Jump => {}
        }
    }
    fn rvalue(body: &Body, rv: &Rvalue, out: &mut BTreeSet<LocalId>, seen: &mut BTreeSet<ClosureId>) {
        match rv {
            Rvalue::Use(op) => operand(op, out),
            Rvalue::Mix(ops) | Rvalue::Collection(ops) => ops.iter().for_each(|o| operand(o, out)),
            Rvalue::Call { callee, args, .. } => {
                match callee {
                    Callee::Local(l) => {
                        out.insert(*l);
                    }
                    Callee::Value(op) => operand(op, out),
                    Callee::Path(_) => {}
                }
                args.iter().for_each(|o| operand(o, out));
            }
            Rvalue::MethodCall { receiver, args, .. } => {
                operand(receiver, out);
                args.iter().for_each(|o| operand(o, out));
            }
            Rvalue::Struct { fields, base, .. } => {
                fields.iter().for_each(|(_, o)| operand(o, out));
                if let Some(b) = base {
                    operand(b, out);
                }
            }
            Rvalue::Closure(id) => {
                if seen.insert(*id) {
                    if let Some(c) = body.closures.get(id.0 as usize) {
                        collect_locals(body, &c.block, out, seen);
                    }
                }
            }
        }
    }
}

/// Whether a field of this type is shared mutable state behind `&self`:
/// a lock, a cell, an atomic, possibly inside `Arc`/`Rc`/`Box`.
pub(super) fn is_shared_cell(ty: &TypeRef) -> bool {
    const CELLS: &[&str] =
        &["Cell", "DashMap", "Lazy", "LazyLock", "Mutex", "OnceCell", "OnceLock", "RefCell", "RwLock"];
    match ty {
        TypeRef::Path(path) => {
            let Some(last) = path.segments.last() else { return false };
            if CELLS.contains(&&*last.name) || last.name.starts_with("Atomic") {
                return true;
            }
            matches!(&*last.name, "Arc" | "Rc" | "Box") && last.generics.iter().any(is_shared_cell)
        }
        TypeRef::Ref { inner, .. } => is_shared_cell(inner),
        _ => false,
    }
}

/// `value` without its parameter labels.
fn concrete_only(value: &Value) -> Value {
    let mut taint = Taint::default();
    for (label, trace) in value.taint.iter() {
        if let Label::Source(_) = label {
            taint.insert(label.clone(), trace.clone());
        }
    }
    Value {
        taint,
        fields: value.fields.iter().map(|(k, v)| (*k, concrete_only(v))).collect(),
        ty: value.ty.clone(),
    }
}

/// The fields a read of `name` on a value of `adt` may mean: `Variant::0`
/// names a tuple variant's field, anything else any field so named.
fn variant_fields<'i>(index: &'i Index, adt: AdtId, name: &str) -> Vec<&'i crate::index::FieldData> {
    if let Some((variant, field)) = name.split_once("::") {
        let data = index.adt(adt);
        let found: Vec<_> = data
            .variants
            .iter()
            .filter(|v| &*v.name == variant)
            .flat_map(|v| v.fields.iter().filter(|f| &*f.name == field))
            .collect();
        if !found.is_empty() || data.variants.iter().any(|v| &*v.name == variant) {
            return found;
        }
        return index.fields_named(adt, field);
    }
    index.fields_named(adt, name)
}

fn index_variant_name(index: &Index, adt: AdtId, variant: usize) -> Option<Name> {
    index.adt(adt).variants.get(variant).map(|v| v.name)
}

/// `Account::phone`, or `Contact::Phone::0` for a variant's field.
fn field_label(index: &Index, adt: AdtId, field: &crate::index::FieldData) -> String {
    let data = index.adt(adt);
    let variant = data.variants.iter().find(|v| v.fields.iter().any(|f| f.span == field.span));
    match variant {
        Some(v) => format!("{}::{}::{}", data.display, v.name, field.name),
        None => format!("{}::{}", data.display, field.name),
    }
}

/// Every local a block assigns, nested blocks included.
fn assigned_locals(block: &Block, out: &mut Vec<LocalId>) {
    block.each_stmt(&mut |stmt| {
        if let Stmt::Assign { dest: Place { base: PlaceBase::Local(local), .. }, .. } = stmt {
            out.push(*local);
        }
    });
}

/// A call written in a body, for [`Interp::exhausted_fallback`].
enum BodyCall<'b> {
    Path(&'b crate::ir::PathRef, Span),
    Method(&'b Name, Span),
}

/// Every call in `block` (nested blocks included) and every field name it
/// reads or writes.
fn body_calls<'b>(block: &'b Block, calls: &mut Vec<BodyCall<'b>>, names: &mut Vec<&'b Name>) {
    block.each_stmt(&mut |stmt| {
        let (written, value, returned) = match stmt {
            Stmt::Assign { dest, value, .. } => (Some(dest), Some(value), None),
            Stmt::Eval { value, .. } => (None, Some(value), None),
            Stmt::Return { value, .. } => (None, None, Some(value)),
            Stmt::MarkSecurityOnly { .. } | Stmt::Branch { .. } | Stmt::Loop { .. } | Stmt::Jump => {
                (None, None, None)
            }
        };
        let read = value.map(Rvalue::operands).unwrap_or_default();
        let places = read.into_iter().chain(returned).filter_map(|op| match op {
            Operand::Place(place) => Some(place),
            Operand::Const => None,
        });
        for place in written.into_iter().chain(places) {
            names.extend(place.fields.iter());
        }
        match value {
            Some(Rvalue::Call { callee: Callee::Path(path), span, .. }) => {
                calls.push(BodyCall::Path(path, *span))
            }
            Some(Rvalue::MethodCall { method, span, .. }) => calls.push(BodyCall::Method(method, *span)),
            _ => {}
        }
    });
}
