//! The abstract domain: taint labels with their traces, and field-sensitive
//! abstract values.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::index::{AdtId, FnId, TraitId};
use crate::ir::{ClosureId, Name};
use crate::source::Span;

/// A source declaration, by its span (see `sources.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(pub Span);

/// Longest field path a parameter label tracks; deeper reads collapse.
const MAX_PARAM_PATH: usize = 3;
/// Deepest field tree a value keeps; deeper writes collapse into the node.
pub const MAX_FIELD_DEPTH: usize = 4;
/// Largest field tree a value keeps (see `Value::bound`).
const MAX_VALUE_NODES: usize = 32;
/// Most parameter labels a taint keeps before folding them to whole
/// parameters (see `Taint::bound`).
const MAX_PARAM_LABELS: usize = 16;
/// Longest trace kept per label (steps past it are dropped, the flow is not).
const MAX_TRACE: u32 = 40;

/// Where tainted data came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Label {
    /// A concrete `#[security_only]` declaration.
    Source(SourceId),
    /// Symbolic: whatever the caller passes as parameter `.0`, at field path
    /// `.1`. Only inside summaries; call sites replace it by the argument.
    Param(u16, Arc<[Name]>),
}

/// One explained step of a flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    pub span: Span,
    pub note: Arc<str>,
}

/// The steps a label took, newest last, as a persistent structure: pushing
/// a step and appending a whole trace are O(1), so applying summaries does
/// not copy paths around; `steps()` flattens it once, for the report.
#[derive(Clone, Debug, Default)]
pub struct Trace(Option<Arc<TraceNode>>);

#[derive(Debug)]
enum TraceNode {
    Step { step: TraceStep, prev: Trace, len: u32 },
    Concat { first: Trace, then: Trace, len: u32 },
}

impl Trace {
    pub fn len(&self) -> u32 {
        match self.0.as_deref() {
            None => 0,
            Some(TraceNode::Step { len, .. } | TraceNode::Concat { len, .. }) => *len,
        }
    }

    pub fn push(&self, step: TraceStep) -> Trace {
        if self.len() >= MAX_TRACE {
            return self.clone();
        }
        Trace(Some(Arc::new(TraceNode::Step { step, prev: self.clone(), len: self.len() + 1 })))
    }

    /// Oldest first.
    pub fn steps(&self) -> Vec<TraceStep> {
        let mut out = Vec::with_capacity(self.len() as usize);
        self.collect(&mut out);
        out
    }

    fn collect(&self, out: &mut Vec<TraceStep>) {
        match self.0.as_deref() {
            None => {}
            Some(TraceNode::Step { step, prev, .. }) => {
                prev.collect(out);
                out.push(step.clone());
            }
            Some(TraceNode::Concat { first, then, .. }) => {
                first.collect(out);
                then.collect(out);
            }
        }
    }

    /// `self` followed by every step of `later` (dropped past the cap).
    pub fn concat(&self, later: &Trace) -> Trace {
        if later.len() == 0 || self.len() >= MAX_TRACE {
            return self.clone();
        }
        if self.len() == 0 {
            return later.clone();
        }
        let len = self.len() + later.len();
        Trace(Some(Arc::new(TraceNode::Concat { first: self.clone(), then: later.clone(), len })))
    }
}

/// A set of labels, each with the first trace found for it, sorted by
/// label. Copies share the list until one of them adds a label: values are
/// copied far more often than they gain labels (every read of a local, every
/// state a branch or closure starts from), and joining a copy back into
/// what it was copied from is then a pointer comparison.
#[derive(Clone, Debug, Default)]
pub struct Taint {
    /// `None` when empty, so a clean value allocates nothing.
    entries: Option<Arc<Vec<(Label, Trace)>>>,
}

impl PartialEq for Taint {
    /// Equality ignores traces: the fixpoint is over label sets.
    fn eq(&self, other: &Self) -> bool {
        self.shares_with(other)
            || (self.entries().len() == other.entries().len()
                && self.entries().iter().zip(other.entries()).all(|(a, b)| a.0 == b.0))
    }
}

impl Taint {
    pub fn single(label: Label, trace: Trace) -> Taint {
        Taint { entries: Some(Arc::new(vec![(label, trace)])) }
    }

    fn from_entries(entries: Vec<(Label, Trace)>) -> Taint {
        Taint { entries: (!entries.is_empty()).then(|| Arc::new(entries)) }
    }

    fn entries(&self) -> &[(Label, Trace)] {
        self.entries.as_deref().map_or(&[], Vec::as_slice)
    }

    /// Both are the same list (or both empty).
    fn shares_with(&self, other: &Taint) -> bool {
        match (&self.entries, &other.entries) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_none()
    }

    pub fn iter(&self) -> impl Iterator<Item = &(Label, Trace)> {
        self.entries().iter()
    }

    /// Add one label; keeps the existing trace when the label is present.
    pub fn insert(&mut self, label: Label, trace: Trace) -> bool {
        match self.entries().binary_search_by(|(l, _)| l.cmp(&label)) {
            Ok(_) => false,
            Err(pos) => {
                let entries = self.entries.get_or_insert_with(Default::default);
                Arc::make_mut(entries).insert(pos, (label, trace));
                true
            }
        }
    }

    /// Union; returns whether a label was added. Labels already present
    /// keep their trace.
    pub fn join(&mut self, other: &Taint) -> bool {
        if other.is_empty() || self.shares_with(other) {
            return false;
        }
        if self.is_empty() {
            self.entries = other.entries.clone();
            return true;
        }
        let (mine, theirs) = (self.entries(), other.entries());
        if is_subset(theirs, mine) {
            return false;
        }
        let mut merged = Vec::with_capacity(mine.len() + theirs.len());
        let (mut i, mut j) = (0, 0);
        while i < mine.len() && j < theirs.len() {
            match mine[i].0.cmp(&theirs[j].0) {
                std::cmp::Ordering::Less => {
                    merged.push(mine[i].clone());
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    merged.push(theirs[j].clone());
                    j += 1;
                }
                std::cmp::Ordering::Equal => {
                    merged.push(mine[i].clone());
                    i += 1;
                    j += 1;
                }
            }
        }
        merged.extend_from_slice(&mine[i..]);
        merged.extend_from_slice(&theirs[j..]);
        self.entries = Some(Arc::new(merged));
        true
    }

    /// Append a step to every label's trace.
    pub fn with_step(&self, span: Span, note: &Arc<str>) -> Taint {
        let step = TraceStep { span, note: note.clone() };
        Taint::from_entries(self.iter().map(|(l, t)| (l.clone(), t.push(step.clone()))).collect())
    }

    /// Past `MAX_PARAM_LABELS` parameter labels, fold `Param(i, path)` into
    /// `Param(i, [])`: the whole parameter instead of many of its fields.
    pub fn bound(&mut self) {
        let params = self.iter().filter(|(l, _)| matches!(l, Label::Param(..))).count();
        if params <= MAX_PARAM_LABELS {
            return;
        }
        let entries = std::mem::take(self);
        for (label, trace) in entries.iter().cloned() {
            let label = match label {
                Label::Param(i, _) => Label::Param(i, Arc::from([])),
                other => other,
            };
            self.insert(label, trace);
        }
    }

    /// Labels after reading field `name` of a value carrying them: parameter
    /// labels extend their path, concrete sources stay.
    fn project(&self, name: &Name) -> Taint {
        let mut out = Taint::default();
        for (label, trace) in self.iter() {
            let label = match label {
                Label::Param(i, path) if path.len() < MAX_PARAM_PATH => {
                    let mut p: Vec<Name> = path.to_vec();
                    p.push(*name);
                    Label::Param(*i, p.into())
                }
                other => other.clone(),
            };
            out.insert(label, trace.clone());
        }
        out
    }
}

/// Every label of `small` is in `large` (both sorted by label).
fn is_subset(small: &[(Label, Trace)], large: &[(Label, Trace)]) -> bool {
    let mut rest = large;
    small.iter().all(|(label, _)| match rest.binary_search_by(|(l, _)| l.cmp(label)) {
        Ok(pos) => {
            rest = &rest[pos + 1..];
            true
        }
        Err(_) => false,
    })
}

/// What the analysis knows of a value's type, enough to resolve methods and
/// to know which fields are security-only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Ty {
    #[default]
    Unknown,
    Adt(AdtId),
    /// `dyn`/`impl`/generic: calls dispatch to every impl of these traits.
    Traits(Vec<TraitId>),
    /// A closure of the body being analysed.
    Closure(ClosureId),
    /// A fn item or pointer (`let f = ads::track;`).
    FnItems(Vec<FnId>),
}

/// An abstract value: taint on the whole value, plus field-sensitive taint
/// of the fields written or read so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Value {
    pub taint: Taint,
    pub fields: BTreeMap<Name, Value>,
    pub ty: Ty,
}

impl Value {
    pub fn from_taint(taint: Taint) -> Value {
        Value { taint, ..Value::default() }
    }

    pub fn is_clean(&self) -> bool {
        self.taint.is_empty() && self.fields.values().all(Value::is_clean)
    }

    /// Every label anywhere in the value: what a use of the whole value
    /// (a sink argument, derived data) carries.
    pub fn flatten(&self) -> Taint {
        let mut out = self.taint.clone();
        for field in self.fields.values() {
            out.join(&field.flatten());
        }
        out
    }

    /// The value of field `name`: its own tree plus the whole value's taint.
    pub fn read_field(&self, name: &Name) -> Value {
        let mut child = self.fields.get(name).cloned().unwrap_or_default();
        child.taint.join(&self.taint.project(name));
        child
    }

    /// Join `other` into `self`; returns whether any label was added.
    pub fn join(&mut self, other: &Value) -> bool {
        let mut changed = self.taint.join(&other.taint);
        for (name, theirs) in &other.fields {
            match self.fields.get_mut(name) {
                Some(mine) => changed |= mine.join(theirs),
                None => {
                    if !theirs.is_clean() {
                        changed = true;
                    }
                    self.fields.insert(*name, theirs.clone());
                }
            }
        }
        if self.ty != other.ty {
            match (&self.ty, &other.ty) {
                (Ty::Unknown, _) => self.ty = other.ty.clone(),
                (_, Ty::Unknown) => {}
                (Ty::FnItems(a), Ty::FnItems(b)) => {
                    let mut all = a.clone();
                    all.extend(b.iter().copied());
                    all.sort();
                    all.dedup();
                    self.ty = Ty::FnItems(all);
                }
                // Conflicting knowledge: keep the first; taint is joined anyway.
                _ => {}
            }
        }
        changed
    }

    /// Write `value` at field path `path` (strong update of that field).
    pub fn write_path(&mut self, path: &[Name], value: Value, strong: bool) {
        match path.split_first() {
            None => {
                if strong {
                    *self = value;
                } else {
                    self.join(&value);
                }
            }
            Some((first, rest)) => {
                if path.len() > MAX_FIELD_DEPTH {
                    self.taint.join(&value.flatten());
                    return;
                }
                self.fields.entry(*first).or_default().write_path(rest, value, strong);
            }
        }
    }

    /// Nodes in the tree.
    fn size(&self) -> usize {
        1 + self.fields.values().map(Value::size).sum::<usize>()
    }

    /// Keep the value small: past `MAX_VALUE_NODES` nodes, fields below the
    /// first level are folded into their parent's taint, and past it again
    /// every field is. Folding loses precision (a field read sees its
    /// siblings' data), never a label; it keeps pathological inputs (values
    /// rebuilt from themselves through many summaries) linear.
    pub fn bound(&mut self) {
        if self.size() <= MAX_VALUE_NODES {
            return;
        }
        for child in self.fields.values_mut() {
            let folded = child.flatten();
            child.fields.clear();
            child.taint = folded;
        }
        if self.size() > MAX_VALUE_NODES {
            let folded = self.flatten();
            self.fields.clear();
            self.taint = folded;
        }
        self.taint.bound();
    }

    /// Append a step to every label in the value.
    pub fn with_step(&self, span: Span, note: &Arc<str>) -> Value {
        Value {
            taint: self.taint.with_step(span, note),
            fields: self.fields.iter().map(|(k, v)| (*k, v.with_step(span, note))).collect(),
            ty: self.ty.clone(),
        }
    }
}
