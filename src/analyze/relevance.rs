//! Which function bodies can take part in a flow at all, decided before any
//! body is interpreted, so the engine spends its time only there.
//!
//! A flow needs a source read somewhere and a sink call somewhere, joined
//! by calls, returns and shared state. From a cheap pass over the IR (the
//! names each body mentions: paths as written and as resolved, methods,
//! fields, types) we over-approximate the call graph by name: a body that
//! mentions `foo` may call every fn named `foo`. Then:
//! - *tainted* (T): bodies that read a source themselves, and everything
//!   that may call them (their results may carry it); a static whose
//!   initialiser is tainted, or that a body reachable from T may write,
//!   taints every body that mentions it;
//! - *reaching* (R): bodies that may call a sink, call a value we cannot
//!   see (a closure or fn pointer passed around), or touch shared state,
//!   and everything that may call them;
//! - a flow meets its sink (or its shared state) in a body of both T and
//!   R, and passes only through bodies such a body may call.
//!
//! So the engine analyses the callees, transitively, of T ∩ R. Every other
//! body's summary could hold only parameter labels that no caller in the
//! analysed set ever fills with a source. Matching by name makes the sets
//! larger than the truth, never smaller: precision is the engine's job,
//! this only has to keep everything it could need.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::index::{AdtData, FnData, FnId, FnOwner, Index, Res, Scope};
use crate::ir::{
    word_hash, Block, Body, Callee, FxBuild, Operand, Place, PlaceBase, Rvalue, Stmt, TypeRef, WordHash,
};

use super::interp::is_shared_cell;
use super::ExternalSpec;

/// Most words one alias stands for, following aliases of aliases.
const MAX_RENAME_WORDS: usize = 4096;

/// Methods the engine routes to workspace impls of another name.
const IMPLICIT_CALLS: &[(&str, &str)] = &[("to_string", "fmt"), ("into", "from"), ("try_into", "from")];

/// For each alias (`use .. as`, `type`), every word it stands for,
/// through aliases of aliases: worked out once here rather than for each
/// of the (hundreds of thousands of) bodies that mention an alias.
fn expand_renames(index: &Index) -> HashMap<WordHash, Vec<WordHash>, FxBuild> {
    // Two aliases whose words hash alike share an entry: collisions only
    // add words.
    let mut direct: HashMap<WordHash, Vec<WordHash>, FxBuild> = HashMap::default();
    for (alias, names) in index.renamed_imports() {
        direct.entry(word_hash(&alias)).or_default().extend(names.iter().map(|n| word_hash(n)));
    }
    direct
        .par_iter()
        .map(|(&alias, originals)| {
            // Within a bound: a cycle of aliases is an error in Rust, but
            // the scanned code is not trusted.
            let mut added: HashSet<WordHash, FxBuild> = HashSet::default();
            let mut pending = originals.clone();
            while let Some(word) = pending.pop() {
                if added.len() < MAX_RENAME_WORDS && added.insert(word) {
                    pending.extend(direct.get(&word).into_iter().flatten());
                }
            }
            let mut words: Vec<WordHash> = added.into_iter().collect();
            words.sort_unstable();
            (alias, words)
        })
        .collect()
}

/// A body in the name graph: a fn, or a static's initialiser.
struct Node {
    /// What callers write to reach it (fn or static name).
    name: WordHash,
    fn_id: Option<FnId>,
    /// Every name the body mentions, sorted and deduplicated.
    mentions: Vec<WordHash>,
    /// Reads a source by itself: a `#[security_only]` parameter or `let`.
    marks_source: bool,
    /// Calls a closure or fn pointer whose body it cannot name.
    calls_unknown: bool,
}

/// What the engine must analyse.
#[derive(Debug, Default)]
pub struct Relevant {
    /// The fns whose bodies take part, in layers: a fn may call (as far as
    /// the by-name graph knows) only fns of earlier layers, except around
    /// cycles. The engine runs the bodies of one layer in parallel, so that
    /// a caller usually runs once, with its callees' summaries settled.
    pub layers: Vec<Vec<FnId>>,
    /// Whether anything in the workspace can be a source: without one, no
    /// body and no static's value can be tainted.
    pub any_source: bool,
}

/// The fns whose bodies the engine must analyse (see [`Relevant`]).
pub fn relevant_fns(index: &Index, external: &ExternalSpec) -> Relevant {
    // No source anywhere: no body is tainted, so none is needed (walking
    // every body and building the postings would only confirm it).
    if !may_hold_a_source(index, external) {
        return Relevant::default();
    }
    // The vocabulary walks the items again: alongside the bodies.
    let (mut nodes, names) = rayon::join(|| collect_nodes(index), || Vocabulary::of(index, external));
    keep_live_words(&mut nodes, &names);
    let (by_name, mentioned_by) = rayon::join(
        || Postings::new(nodes.len(), nodes.iter().enumerate().map(|(i, node)| (node.name, i))),
        || Postings::of_mentions(&nodes),
    );
    let graph = Graph { nodes: &nodes, by_name, mentioned_by };

    // The nodes that mention a word of the vocabulary, found through the
    // postings: one lookup per word rather than one per mention.
    let mentioning = |words: &[&HashSet<WordHash, FxBuild>], also: &dyn Fn(&Node) -> bool| {
        let mut marked: Vec<bool> = nodes.iter().map(also).collect();
        for word in words.iter().flat_map(|set| set.iter()) {
            for i in graph.mentioned_by(*word) {
                marked[i] = true;
            }
        }
        members(&marked)
    };
    let mut seeds = mentioning(&[&names.sources], &|node: &Node| node.marks_source);
    // `unknown-calls = "sink"`: any body may call a sink.
    let every_call_may_sink = external.unknown_calls_are_sinks.is_some();
    let reach_seeds =
        mentioning(&[&names.sinks, &names.shared], &|node: &Node| node.calls_unknown || every_call_may_sink);
    let reaching = graph.callers_closure(&reach_seeds);

    // Shared state written by a body that tainted data may reach taints
    // every body that mentions it: iterate until no new seed appears.
    let mut tainted;
    loop {
        tainted = graph.callers_closure(&seeds);
        let reachable = graph.callees_closure(&members(&tainted));
        let mut grew = false;
        for i in members(&reachable) {
            for m in &nodes[i].mentions {
                if !names.shared.contains(m) {
                    continue;
                }
                for j in graph.by_name.get(*m).chain(graph.mentioned_by(*m)) {
                    if !tainted[j] {
                        tainted[j] = true;
                        seeds.push(j);
                        grew = true;
                    }
                }
            }
        }
        if !grew {
            break;
        }
    }

    let meeting: Vec<usize> = (0..nodes.len()).filter(|&i| tainted[i] && reaching[i]).collect();
    let needed = graph.callees_closure(&meeting);
    Relevant { layers: layers(&nodes, &graph.callees_first(&needed)), any_source: true }
}

/// Split `order` (callees first) into layers: a node goes one layer above
/// the highest node before it in `order` that bears a name it mentions.
/// Edges to later nodes close cycles and are ignored, and so is a node's
/// own name: by name, every `process` may call every other `process`, and
/// counting that would stack all of them one per layer (the engine reruns
/// a caller its callee's new summary reaches anyway). One pass, keeping
/// the highest layer seen per name, since a name stands for all its nodes.
fn layers(nodes: &[Node], order: &[usize]) -> Vec<Vec<FnId>> {
    let mut highest: HashMap<WordHash, usize, FxBuild> = HashMap::default();
    let mut layers: Vec<Vec<FnId>> = Vec::new();
    for &i in order {
        let node = &nodes[i];
        let callees = node.mentions.iter().filter(|&&m| m != node.name);
        let layer = callees.filter_map(|m| highest.get(m)).max().map_or(0, |&l| l + 1);
        let entry = highest.entry(node.name).or_insert(layer);
        *entry = (*entry).max(layer);
        if let Some(f) = node.fn_id {
            if layers.len() <= layer {
                layers.resize_with(layer + 1, Vec::new);
            }
            layers[layer].push(f);
        }
    }
    layers.retain(|layer| !layer.is_empty());
    layers
}

/// Whether anything could seed the tainted set: a source word of the
/// vocabulary (a configured source, a marked fn, static, type or field) or
/// a body that marks a source itself (a marked parameter or `let`). The
/// same conditions [`Vocabulary::of`] and [`collect_nodes`] test, without
/// walking every body's words.
fn may_hold_a_source(index: &Index, external: &ExternalSpec) -> bool {
    let security_only = word_hash("security_only");
    let marks = |body: &Body| {
        let mut found = false;
        let blocks = std::iter::once(&body.block).chain(body.closures.iter().map(|c| &c.block));
        blocks.for_each(|block| {
            block.each_stmt(&mut |stmt| found |= matches!(stmt, Stmt::MarkSecurityOnly { .. }))
        });
        found
    };
    let fn_marks = |f: &FnData| {
        f.markers.security_only().is_some()
            || f.def.params.iter().any(|p| p.markers.security_only().is_some())
            || match (&f.def.deferred_body, &f.def.body) {
                // Sorted by `lower::mentions`.
                (Some(words), _) => words.binary_search(&security_only).is_ok(),
                (None, Some(body)) => marks(body),
                (None, None) => false,
            }
    };
    let adt_marked = |adt: &AdtData| {
        adt.markers.security_only().is_some()
            || adt
                .fields
                .iter()
                .chain(adt.variants.iter().flat_map(|v| v.fields.iter()))
                .any(|f| f.markers.security_only().is_some())
    };
    !external.sources.is_empty()
        || index.fns.par_iter().any(fn_marks)
        || index
            .statics
            .iter()
            .any(|s| s.markers.security_only().is_some() || s.init.as_deref().is_some_and(marks))
        || index.adts.iter().any(adt_marked)
}

/// Drop from each node's words those no lookup can match: every lookup is
/// by a node's name or a word of the vocabulary, and on real code three
/// words in five are neither (locals, fields, methods of external types,
/// keywords). A word stays when its bit is set in a filter of the live
/// words, so a few dead ones stay too; they match nothing.
fn keep_live_words(nodes: &mut [Node], names: &Vocabulary) {
    const BITS: usize = 1 << 24;
    let bit = |word: WordHash| (word as usize % BITS / 64, word as usize % 64);
    let mut live = vec![0u64; BITS / 64];
    let vocabulary = names.sources.iter().chain(&names.sinks).chain(&names.shared).copied();
    for word in nodes.iter().map(|node| node.name).chain(vocabulary) {
        let (slot, offset) = bit(word);
        live[slot] |= 1 << offset;
    }
    nodes.par_iter_mut().for_each(|node| {
        node.mentions.retain(|&word| {
            let (slot, offset) = bit(word);
            live[slot] >> offset & 1 == 1
        })
    });
}

fn members(set: &[bool]) -> Vec<usize> {
    set.iter().enumerate().filter(|(_, in_set)| **in_set).map(|(i, _)| i).collect()
}

/// A pair as one key that sorts by word, then node.
fn posting_key(word: WordHash, node: usize) -> u64 {
    u64::from(word) << 32 | node as u64
}

/// Node lists by word, in one sorted array: millions of (word, node)
/// pairs on a large workspace, where a map of vectors would pay a vector
/// (and its spare capacity) per word.
struct Postings {
    /// `word << 32 | node`, sorted: each word's nodes are one run.
    keys: Vec<u64>,
    /// Where each word's run is in `keys`.
    ranges: HashMap<WordHash, (u32, u32), FxBuild>,
}

impl Postings {
    /// `count` is the number of pairs: the array is allocated once, at its
    /// final size.
    fn new(count: usize, pairs: impl Iterator<Item = (WordHash, usize)>) -> Postings {
        let mut keys = Vec::with_capacity(count);
        keys.extend(pairs.map(|(word, node)| posting_key(word, node)));
        Postings::from_keys(keys)
    }

    /// Every node under each word it mentions: millions of pairs, written
    /// on every worker, each into its own part of the array.
    fn of_mentions(nodes: &[Node]) -> Postings {
        const CHUNK: usize = 4096;
        let mut keys = vec![0; nodes.iter().map(|node| node.mentions.len()).sum()];
        let mut rest = keys.as_mut_slice();
        let mut parts = Vec::new();
        for (c, chunk) in nodes.chunks(CHUNK).enumerate() {
            let len = chunk.iter().map(|node| node.mentions.len()).sum();
            let (part, tail) = std::mem::take(&mut rest).split_at_mut(len);
            rest = tail;
            parts.push((c * CHUNK, chunk, part));
        }
        parts.into_par_iter().for_each(|(first, chunk, part)| {
            let pairs = chunk
                .iter()
                .enumerate()
                .flat_map(|(i, node)| node.mentions.iter().map(move |&m| (m, first + i)));
            for (slot, (word, node)) in part.iter_mut().zip(pairs) {
                *slot = posting_key(word, node);
            }
        });
        Postings::from_keys(keys)
    }

    fn from_keys(mut keys: Vec<u64>) -> Postings {
        keys.par_sort_unstable();
        let mut ranges = HashMap::default();
        let mut start = 0;
        for (i, key) in keys.iter().enumerate() {
            let word = (key >> 32) as WordHash;
            if keys.get(i + 1).is_none_or(|next| (next >> 32) as WordHash != word) {
                ranges.insert(word, (start, i as u32 + 1));
                start = i as u32 + 1;
            }
        }
        Postings { keys, ranges }
    }

    /// The nodes filed under `word`.
    fn get(&self, word: WordHash) -> impl Iterator<Item = usize> + '_ {
        self.run(word).iter().map(|key| *key as u32 as usize)
    }

    fn run(&self, word: WordHash) -> &[u64] {
        let run =
            self.ranges.get(&word).and_then(|&(start, end)| self.keys.get(start as usize..end as usize));
        run.unwrap_or(&[])
    }
}

struct Graph<'n> {
    nodes: &'n [Node],
    /// Nodes by the name callers use.
    by_name: Postings,
    /// Nodes by the names they mention.
    mentioned_by: Postings,
}

impl Graph<'_> {
    fn mentioned_by(&self, name: WordHash) -> impl Iterator<Item = usize> + '_ {
        self.mentioned_by.get(name)
    }

    /// `start` and every node that may call one of them, transitively.
    fn callers_closure(&self, start: &[usize]) -> Vec<bool> {
        self.closure(start, |node| std::slice::from_ref(&node.name), |name| self.mentioned_by(name))
    }

    /// `start` and every node one of them may call, transitively.
    fn callees_closure(&self, start: &[usize]) -> Vec<bool> {
        self.closure(start, |node| &node.mentions, |name| self.by_name.get(name))
    }

    /// The members of `set` in depth-first post-order over may-call edges
    /// within the set, roots in id order: callees come before their callers
    /// except around cycles.
    ///
    /// Once one node has gone through all the nodes of a name, every one
    /// of them in `set` is visited, so later nodes that mention the name
    /// skip it: each name's nodes are scanned once, not once per node that
    /// mentions it (`new` is mentioned by most bodies and defined by
    /// hundreds of types).
    fn callees_first(&self, set: &[bool]) -> Vec<usize> {
        let mut order = Vec::new();
        let mut visited = vec![false; self.nodes.len()];
        let mut scanned: HashSet<WordHash, FxBuild> = HashSet::default();
        for root in members(set) {
            if visited[root] {
                continue;
            }
            visited[root] = true;
            // (node, next mention to follow, next candidate of it)
            let mut stack = vec![(root, 0usize, 0usize)];
            while let Some(top) = stack.last_mut() {
                let (node, mention, candidate) = *top;
                let mentions = &self.nodes[node].mentions;
                let Some(&name) = mentions.get(mention) else {
                    order.push(node);
                    stack.pop();
                    continue;
                };
                let run = if scanned.contains(&name) { &[][..] } else { self.by_name.run(name) };
                let next = run.iter().skip(candidate).position(|&key| {
                    let next = key as u32 as usize;
                    set[next] && !visited[next]
                });
                match next {
                    Some(skipped) => {
                        let next = run[candidate + skipped] as u32 as usize;
                        top.2 = candidate + skipped + 1;
                        visited[next] = true;
                        stack.push((next, 0, 0));
                    }
                    None => {
                        scanned.insert(name);
                        top.1 += 1;
                        top.2 = 0;
                    }
                }
            }
        }
        order
    }

    /// Graph search where a node leads to names and a name to nodes; each
    /// name is expanded once (many nodes share one: `new`, `fmt`).
    fn closure<'s, Nodes: Iterator<Item = usize>>(
        &'s self,
        start: &[usize],
        names_of: impl Fn(&'s Node) -> &'s [WordHash],
        nodes_of: impl Fn(WordHash) -> Nodes,
    ) -> Vec<bool> {
        let mut seen = vec![false; self.nodes.len()];
        let mut expanded: HashSet<WordHash, FxBuild> = HashSet::default();
        let mut stack = Vec::new();
        for &i in start {
            if !seen[i] {
                seen[i] = true;
                stack.push(i);
            }
        }
        while let Some(i) = stack.pop() {
            for &name in names_of(&self.nodes[i]) {
                if !expanded.insert(name) {
                    continue;
                }
                for j in nodes_of(name) {
                    if !seen[j] {
                        seen[j] = true;
                        stack.push(j);
                    }
                }
            }
        }
        seen
    }
}

/// The names that make a body interesting.
struct Vocabulary {
    /// Security-only fields, fns, statics, and types that hold a source.
    sources: HashSet<WordHash, FxBuild>,
    /// Sink fns and methods.
    sinks: HashSet<WordHash, FxBuild>,
    /// Statics and shared-cell fields: state that outlives a call.
    shared: HashSet<WordHash, FxBuild>,
}

impl Vocabulary {
    fn of(index: &Index, external: &ExternalSpec) -> Vocabulary {
        let mut sources = HashSet::default();
        // Configured paths match by what is written last (`track(..)` for
        // `pixel::track`).
        let last = |c: &super::Configured| c.segments.last().map(|s| word_hash(s));
        sources.extend(external.sources.iter().filter_map(last));
        let mut shared = HashSet::default();
        for f in &index.fns {
            if f.markers.security_only().is_some() {
                sources.insert(word_hash(&f.def.name));
            }
        }
        for s in &index.statics {
            shared.insert(word_hash(&s.name));
            if s.markers.security_only().is_some() {
                sources.insert(word_hash(&s.name));
            }
        }
        // Types that hold a source, directly or through their fields'
        // workspace types, to a fixpoint.
        let mut holds = vec![false; index.adts.len()];
        // Until some type holds a source, no field's type can lead to one:
        // resolving them all would find nothing.
        let mut any_holds = false;
        loop {
            let mut grew = false;
            for (i, adt) in index.adts.iter().enumerate() {
                if holds[i] {
                    continue;
                }
                let scope = Scope { module: adt.module, impl_: None, trait_: None };
                let fields = adt.fields.iter().chain(adt.variants.iter().flat_map(|v| v.fields.iter()));
                let mut found = adt.markers.security_only().is_some();
                for field in fields {
                    if is_shared_cell(&field.ty) {
                        shared.insert(word_hash(&field.name));
                    }
                    if field.markers.security_only().is_some() {
                        sources.insert(word_hash(&field.name));
                        found = true;
                    }
                    found |=
                        any_holds && index.adts_in_type(scope, &field.ty).iter().any(|a| holds[a.0 as usize]);
                }
                if found {
                    holds[i] = true;
                    any_holds = true;
                    sources.insert(word_hash(&adt.name));
                    grew = true;
                }
            }
            if !grew {
                break;
            }
        }
        let mut sinks: HashSet<WordHash, FxBuild> =
            index.fns.iter().filter(|f| f.sink_marker.is_some()).map(|f| word_hash(&f.def.name)).collect();
        sinks.extend(external.sinks.iter().filter_map(last));
        Vocabulary { sources, sinks, shared }
    }
}

fn collect_nodes(index: &Index) -> Vec<Node> {
    let renamed = expand_renames(index);
    let security_only = word_hash("security_only");
    // Bodies are independent: walk them on every worker (collected in
    // order, so the result does not depend on scheduling).
    let fn_nodes: Vec<Option<Node>> = index
        .fns
        .par_iter()
        .enumerate()
        .map(|(i, data)| {
            let body = data.def.body.as_ref()?;
            let f = FnId(i as u32);
            let mut walk = Mentions::new(index, data.scope);
            for p in &data.def.params {
                walk.ty(&p.ty);
            }
            if let Some(ret) = &data.def.ret {
                walk.ty(ret);
            }
            match &data.def.deferred_body {
                // Identifiers only: a `#[security_only] let` shows as its
                // attribute's name, a renamed import as its alias.
                Some(words) => {
                    walk.marks_source |= words.contains(&security_only);
                    walk.names.extend(words.iter().copied());
                }
                None => walk.body(body),
            }
            walk.follow_renames(&renamed);
            // `self`, `Self::..` and `Self { .. }` name the impl's type.
            if let FnOwner::Impl(imp) = data.owner {
                let imp = index.impl_data(imp);
                walk.names.extend(imp.self_adt.map(|a| word_hash(&index.adt(a).name)));
                walk.names.extend(imp.trait_.map(|t| word_hash(&index.trait_data(t).name)));
            }
            let marks_source =
                walk.marks_source || data.def.params.iter().any(|p| p.markers.security_only().is_some());
            Some(walk.finish(&data.def.name, Some(f), marks_source))
        })
        .collect();
    // Statics too: bindings crates declare hundreds of thousands. Written
    // straight after the fns' nodes, in one array of the final size.
    let mut nodes = Vec::with_capacity(fn_nodes.iter().flatten().count() + index.statics.len());
    nodes.extend(fn_nodes.into_iter().flatten());
    nodes.par_extend(index.statics.par_iter().map(|data| {
        let scope = Scope { module: data.module, impl_: None, trait_: None };
        let mut walk = Mentions::new(index, scope);
        walk.ty(&data.ty);
        if let Some(init) = &data.init {
            walk.body(init);
        }
        walk.follow_renames(&renamed);
        let marks_source = walk.marks_source;
        walk.finish(&data.name, None, marks_source)
    }));
    nodes
}

/// Collects the names one body mentions.
struct Mentions<'a> {
    index: &'a Index,
    scope: Scope,
    names: Vec<WordHash>,
    marks_source: bool,
    calls_unknown: bool,
}

impl<'a> Mentions<'a> {
    fn new(index: &'a Index, scope: Scope) -> Self {
        Mentions { index, scope, names: Vec::new(), marks_source: false, calls_unknown: false }
    }

    fn finish(mut self, name: &str, fn_id: Option<FnId>, marks_source: bool) -> Node {
        for (written, reached) in IMPLICIT_CALLS {
            if self.names.contains(&word_hash(written)) {
                self.names.push(word_hash(reached));
            }
        }
        self.names.sort_unstable();
        self.names.dedup();
        let name = word_hash(name);
        Node { name, fn_id, mentions: self.names, marks_source, calls_unknown: self.calls_unknown }
    }

    /// Add what each alias mentioned stands for (see [`expand_renames`]);
    /// duplicates go in `finish`.
    fn follow_renames(&mut self, renamed: &HashMap<WordHash, Vec<WordHash>, FxBuild>) {
        let added: Vec<WordHash> =
            self.names.iter().filter_map(|w| renamed.get(w)).flatten().copied().collect();
        self.names.extend(added);
    }

    fn body(&mut self, body: &Body) {
        for local in &body.locals {
            if let Some(ty) = &local.ty {
                self.ty(ty);
            }
        }
        self.block(&body.block);
        for closure in &body.closures {
            self.block(&closure.block);
        }
    }

    fn block(&mut self, block: &Block) {
        block.each_stmt(&mut |stmt| match stmt {
            Stmt::Assign { dest, value, .. } => {
                self.place(dest);
                self.rvalue(value);
            }
            Stmt::Eval { value, .. } => self.rvalue(value),
            Stmt::MarkSecurityOnly { .. } => self.marks_source = true,
            Stmt::Return { value, .. } => self.operand(value),
            Stmt::Branch { .. } | Stmt::Loop { .. } | Stmt::Jump => {}
        });
    }

    fn rvalue(&mut self, value: &Rvalue) {
        match value {
            Rvalue::Call { callee: Callee::Path(path), .. } => self.path(path),
            Rvalue::Call { .. } => self.calls_unknown = true,
            Rvalue::MethodCall { method, .. } => self.names.push(word_hash(method)),
            Rvalue::Struct { path, fields, .. } => {
                if let Some(path) = path {
                    self.path(path);
                }
                self.names.extend(fields.iter().map(|(name, _)| word_hash(name)));
            }
            Rvalue::Use(_) | Rvalue::Mix(_) | Rvalue::Collection(_) | Rvalue::Closure(_) => {}
        }
        value.operands().into_iter().for_each(|op| self.operand(op));
    }

    fn operand(&mut self, op: &Operand) {
        if let Operand::Place(place) = op {
            self.place(place);
        }
    }

    fn place(&mut self, place: &Place) {
        if let PlaceBase::Global(path) = &place.base {
            self.path(path);
        }
        self.names.extend(place.fields.iter().map(|f| word_hash(f)));
    }

    /// A path as written and what it resolves to (a `use` may rename it).
    fn path(&mut self, path: &crate::ir::PathRef) {
        for segment in &path.segments {
            self.names.push(word_hash(&segment.name));
            segment.generics.iter().for_each(|g| self.ty(g));
        }
        for res in self.index.resolve_path(self.scope, path) {
            let name = match res {
                Res::Fn(f) => self.index.fn_data(f).def.name,
                Res::Adt(a) | Res::Variant(a, _) => self.index.adt(a).name,
                Res::Static(s) => self.index.static_data(s).name,
                _ => continue,
            };
            self.names.push(word_hash(&name));
        }
    }

    /// Names in a type as written (an alias is followed through the
    /// renamed table).
    fn ty(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Path(path) => {
                for segment in &path.segments {
                    self.names.push(word_hash(&segment.name));
                    segment.generics.iter().for_each(|g| self.ty(g));
                }
            }
            TypeRef::Ref { inner, .. } | TypeRef::Slice(inner) => self.ty(inner),
            TypeRef::Tuple(items) => items.iter().for_each(|t| self.ty(t)),
            TypeRef::Traits(paths) => {
                paths.iter().for_each(|p| self.names.extend(p.last_name().map(|n| word_hash(n))))
            }
            TypeRef::Other => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The post-order as it is defined: every node scans every candidate
    /// of every name it mentions.
    fn callees_first_by_definition(graph: &Graph, set: &[bool]) -> Vec<usize> {
        fn visit(graph: &Graph, set: &[bool], node: usize, visited: &mut [bool], order: &mut Vec<usize>) {
            for &name in &graph.nodes[node].mentions {
                for next in graph.by_name.get(name) {
                    if set[next] && !visited[next] {
                        visited[next] = true;
                        visit(graph, set, next, visited, order);
                    }
                }
            }
            order.push(node);
        }
        let mut visited = vec![false; graph.nodes.len()];
        let mut order = Vec::new();
        for root in members(set) {
            if !visited[root] {
                visited[root] = true;
                visit(graph, set, root, &mut visited, &mut order);
            }
        }
        order
    }

    #[test]
    fn callees_first_scans_each_name_once_in_the_same_order() {
        // Small pseudo-random graphs over few names, so that names are
        // shared by many nodes (as `new` is), with cycles and a partial set.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        for _ in 0..200 {
            let count = 1 + next(40) as usize;
            let names = 1 + next(6) as u32;
            let nodes: Vec<Node> = (0..count)
                .map(|_| {
                    let mut mentions: Vec<WordHash> =
                        (0..next(5)).map(|_| next(u64::from(names)) as u32).collect();
                    mentions.sort_unstable();
                    mentions.dedup();
                    let name = next(u64::from(names)) as u32;
                    Node { name, fn_id: None, mentions, marks_source: false, calls_unknown: false }
                })
                .collect();
            let set: Vec<bool> = (0..count).map(|_| next(4) != 0).collect();
            let by_name = Postings::new(nodes.len(), nodes.iter().enumerate().map(|(i, n)| (n.name, i)));
            let mentioned_by = Postings::of_mentions(&nodes);
            let graph = Graph { nodes: &nodes, by_name, mentioned_by };
            assert_eq!(graph.callees_first(&set), callees_first_by_definition(&graph, &set));
        }
    }

    /// Words that are neither a node's name nor in the vocabulary go; every
    /// other word stays, in order.
    #[test]
    fn only_words_a_lookup_can_match_are_kept() {
        let node = |name: &str, mentions: &[&str]| Node {
            name: word_hash(name),
            fn_id: None,
            mentions: mentions.iter().map(|m| word_hash(m)).collect(),
            marks_source: false,
            calls_unknown: false,
        };
        let mut nodes = vec![
            node("sync", &["phone", "helper", "tmp", "len", "self"]),
            node("helper", &["sync", "counter", "x", "track"]),
        ];
        let set = |words: &[&str]| words.iter().map(|w| word_hash(w)).collect::<HashSet<WordHash, FxBuild>>();
        let names =
            Vocabulary { sources: set(&["phone"]), sinks: set(&["track"]), shared: set(&["counter"]) };
        keep_live_words(&mut nodes, &names);
        let words = |ws: &[&str]| ws.iter().map(|w| word_hash(w)).collect::<Vec<_>>();
        assert_eq!(nodes[0].mentions, words(&["phone", "helper"]));
        assert_eq!(nodes[1].mentions, words(&["sync", "counter", "track"]));
    }

    fn index_of(src: &str, defer_bodies: bool) -> Index {
        let file = crate::source::FileId(0);
        let ast = syn::parse_file(src).expect("test source parses");
        let lowered = match defer_bodies {
            true => crate::lower::lower_signatures(file, &ast, src),
            false => crate::lower::lower_file(file, &ast),
        };
        let mut builder = crate::index::IndexBuilder::default();
        let items = lowered.items;
        builder.add(vec![crate::index::CrateInput { name: "c".to_string(), items, deps: Vec::new() }]);
        builder.finish()
    }

    /// Every kind of source seeds the pass, in a lowered and in a deferred
    /// body; unmarked code with a sink does not, and needs no body.
    #[test]
    fn the_pass_stops_early_only_where_nothing_is_a_source() {
        let none = ExternalSpec::default();
        let sink = "#[advertising_sink] fn track(s: &str) {} fn send(p: &str) { track(p) }\n";
        let sources = [
            "struct A { #[security_only] phone: String }",
            "enum E { V(#[security_only] String) }",
            "#[security_only] struct Totp(String);",
            "#[security_only] fn phone() -> String { String::new() }",
            "fn f(#[security_only] phone: String) { send(&phone) }",
            "fn f() { #[security_only] let phone = 1; }",
            "fn f() { let c = || { #[security_only] let phone = 1; }; }",
            "#[security_only] static PHONE: u8 = 1;",
            "static S: u8 = { #[security_only] let phone = 1; phone };",
        ];
        for source in sources {
            for defer_bodies in [false, true] {
                let index = index_of(&format!("{sink}{source}"), defer_bodies);
                assert!(may_hold_a_source(&index, &none), "{source} (deferred: {defer_bodies})");
            }
        }
        let index = index_of(&format!("{sink}fn f() {{ let phone = 1; send(&phone.to_string()) }}"), true);
        assert!(!may_hold_a_source(&index, &none));
        assert!(relevant_fns(&index, &none).layers.is_empty());
        let configured = ExternalSpec {
            sources: vec![super::super::Configured {
                segments: vec!["twilio".to_string(), "phone".to_string()],
                origin: "purpose.toml".to_string(),
            }],
            ..ExternalSpec::default()
        };
        assert!(may_hold_a_source(&index, &configured));
        let flow = index_of(&format!("{sink}fn f(#[security_only] phone: String) {{ send(&phone) }}"), true);
        assert!(!relevant_fns(&flow, &none).layers.is_empty(), "a flow's bodies are still needed");
    }
}
