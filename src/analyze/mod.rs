//! The taint analysis over the IR: summaries computed to a fixpoint over the
//! call graph, then findings.
//!
//! Invariants: no `syn`, no I/O, deterministic (every map is ordered, the
//! worklist is processed in a fixed order).

mod interp;
mod models;
mod relevance;
mod sources;
mod summary;
mod taint;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::finding::{Finding, SinkRef, SourceRef, Step, Warning, RULE_SECURITY_TO_ADVERTISING};
use crate::index::{FnId, Index, StaticId};

pub use interp::{Configured, ExternalSpec};
pub use relevance::relevant_fns;

use interp::{Global, Interp, Shared, Tables};
use summary::{RawFinding, Summary};
use taint::Value;

/// Re-analyses of one fn before the engine stops iterating and warns.
const MAX_RUNS_PER_FN: usize = 12;

/// What the analysis concluded.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Deduplicated; in no particular order (the caller sorts by path).
    pub findings: Vec<Finding>,
    pub warnings: Vec<Warning>,
    /// Function bodies analysed.
    pub functions: usize,
}

/// Analyse the bodies of `fns` (see [`relevant_fns`]: no other body can
/// take part in a flow), to a fixpoint, with the configured third-party
/// sinks and sources. `progress(done, total)` hears how many of `fns` have
/// been run at least once.
pub fn analyze(
    index: &Index,
    fns: &[FnId],
    external: &ExternalSpec,
    progress: &dyn Fn(usize, usize),
) -> Analysis {
    let mut tables = Tables::default();
    tables.external = std::sync::Arc::new(external.clone());
    let mut summaries: BTreeMap<FnId, Summary> = BTreeMap::new();
    let mut globals: BTreeMap<Global, Value> = BTreeMap::new();
    let mut raw: Vec<RawFinding> = Vec::new();
    let mut warnings = Vec::new();

    // Initial values of statics.
    for i in 0..index.statics.len() {
        let s = StaticId(i as u32);
        let empty = BTreeMap::new();
        let shared = Shared { index, summaries: &summaries, globals: &empty };
        let outcome = Interp::run_static(&shared, &mut tables, s);
        raw.extend(outcome.findings);
        // An absent global reads as a default value: bindings crates have
        // hundreds of thousands of statics that start out as nothing.
        if outcome.summary.ret != Value::default() {
            globals.entry(Global::Static(s)).or_default().join(&outcome.summary.ret);
        }
    }

    let with_body = index.fns.iter().filter(|f| f.def.body.is_some()).count();
    let bodies = fns.to_vec();
    let mut callers: BTreeMap<FnId, BTreeSet<FnId>> = BTreeMap::new();
    let mut readers: BTreeMap<Global, BTreeSet<FnId>> = BTreeMap::new();
    let mut findings_by_fn: BTreeMap<FnId, Vec<RawFinding>> = BTreeMap::new();
    let mut deferred_by_fn: BTreeMap<FnId, Vec<RawFinding>> = BTreeMap::new();
    let mut runs: BTreeMap<FnId, usize> = BTreeMap::new();
    let mut queue: VecDeque<FnId> = bodies.iter().copied().collect();
    let mut queued: BTreeSet<FnId> = bodies.iter().copied().collect();

    while let Some(f) = queue.pop_front() {
        queued.remove(&f);
        let count = runs.entry(f).or_default();
        *count += 1;
        if *count > MAX_RUNS_PER_FN {
            let data = index.fn_data(f);
            warnings.push(Warning {
                span: Some(data.span),
                message: format!(
                    "analysis of `{}` did not settle after {MAX_RUNS_PER_FN} rounds; flows through it may be incomplete",
                    data.display
                ),
            });
            continue;
        }
        progress(runs.len(), bodies.len());
        let outcome = {
            let shared = Shared { index, summaries: &summaries, globals: &globals };
            Interp::run_fn(&shared, &mut tables, f)
        };
        if outcome.exhausted {
            let data = index.fn_data(f);
            warnings.push(Warning {
                span: Some(data.span),
                message: format!(
                    "`{}` is too large to analyse completely; what it returns is taken to carry every \
                     argument, and flows to sinks after the cut-off may be missed",
                    data.display
                ),
            });
        }
        if outcome.unfollowed_callbacks {
            let data = index.fn_data(f);
            warnings.push(Warning {
                span: Some(data.span),
                message: format!(
                    "in `{}`, calls back into closures or trait impls passed to a recursive call, or nested \
                     more than {} deep, were not followed; flows through them may be missed",
                    data.display,
                    interp::MAX_NESTED_APPLY
                ),
            });
        }
        if outcome.widened_loop {
            let data = index.fn_data(f);
            warnings.push(Warning {
                span: Some(data.span),
                message: format!(
                    "a loop in `{}` did not settle; what it assigns is taken to carry everything the fn holds",
                    data.display
                ),
            });
        }
        let mut wake = BTreeSet::new();
        for callee in &outcome.callees {
            callers.entry(*callee).or_default().insert(f);
        }
        for s in &outcome.global_reads {
            readers.entry(s.clone()).or_default().insert(f);
        }
        for (s, v) in &outcome.global_writes {
            if globals.entry(s.clone()).or_default().join(v) {
                wake.extend(readers.get(s).into_iter().flatten().copied());
            }
        }
        findings_by_fn.insert(f, outcome.findings);
        deferred_by_fn.insert(f, outcome.deferred_findings);
        if summaries.get(&f) != Some(&outcome.summary) {
            summaries.insert(f, outcome.summary);
            wake.extend(callers.get(&f).into_iter().flatten().copied());
        }
        for w in wake {
            if queued.insert(w) {
                queue.push_back(w);
            }
        }
    }

    raw.extend(findings_by_fn.into_values().flatten());
    for (f, deferred) in deferred_by_fn {
        if callers.get(&f).is_none_or(|c| c.is_empty()) {
            raw.extend(deferred);
        }
    }
    Analysis { findings: to_findings(raw, &tables), warnings, functions: with_body }
}

/// One finding per (source, sink call), with the shortest path found.
fn to_findings(raw: Vec<RawFinding>, tables: &Tables) -> Vec<Finding> {
    let mut best: BTreeMap<(taint::SourceId, crate::source::Span), RawFinding> = BTreeMap::new();
    for r in raw {
        let key = (r.source, r.site);
        match best.get(&key) {
            Some(existing) if existing.trace.len() <= r.trace.len() => {}
            _ => {
                best.insert(key, r);
            }
        }
    }
    best.into_values()
        .map(|r| {
            let decl = tables.sources.get(r.source);
            let mut steps: Vec<Step> = Vec::new();
            for s in r.trace.steps() {
                let step = Step { span: s.span, note: s.note.to_string() };
                if steps.last() != Some(&step) {
                    steps.push(step);
                }
            }
            Finding {
                rule: RULE_SECURITY_TO_ADVERTISING,
                source: SourceRef { span: decl.span, label: decl.label.clone() },
                sink: SinkRef {
                    span: r.site,
                    function: r.sink.to_string(),
                    enclosing: r.enclosing.to_string(),
                },
                steps,
            }
        })
        .collect()
}
