//! The taint analysis over the IR: summaries computed to a fixpoint over the
//! call graph, then findings.
//!
//! Invariants: no `syn`, no I/O, deterministic (every map is ordered, the
//! results of a parallel wave are taken in a fixed order, and a result that
//! read what the wave changed is computed again).

mod interp;
mod models;
mod relevance;
mod sources;
mod summary;
mod taint;

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;

use crate::finding::{Finding, SinkRef, SourceRef, Step, Warning, RULE_SECURITY_TO_ADVERTISING};
use crate::index::{FnId, Index, StaticId};

pub use interp::{Configured, ExternalSpec};
pub use relevance::{relevant_fns, Relevant};

use interp::{Global, Interp, Outcome, Shared, Tables};
use summary::{RawFinding, Summary};
use taint::Value;

/// Re-analyses of one fn before the engine stops iterating and warns.
const MAX_RUNS_PER_FN: usize = 12;

/// Bodies run in parallel before their results are taken: enough to keep
/// every thread busy, few enough that their outcomes (summaries, findings
/// with traces) do not add up on a workspace with one very wide layer.
const MAX_BATCH: usize = 2048;

/// What the analysis concluded.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Deduplicated; in no particular order (the caller sorts by path).
    pub findings: Vec<Finding>,
    pub warnings: Vec<Warning>,
    /// Function bodies analysed.
    pub functions: usize,
}

/// Analyse the bodies of `relevant`'s layers (see [`relevant_fns`]: no
/// other body can take part in a flow), to a fixpoint, with the configured third-party
/// sinks and sources. `progress(done, total)` hears how many of them have
/// been run at least once.
///
/// The bodies run in waves: a layer, with the bodies that earlier waves
/// woke (a callee's summary or a static they read changed). A wave runs in
/// parallel against the summaries and statics as they were when it
/// started; its results are then taken in a fixed order, and one that read
/// what an earlier body of the wave changed is computed again. The outcome
/// is the one running the bodies one by one in that order would give, on
/// any number of threads.
pub fn analyze(
    index: &Index,
    relevant: &Relevant,
    external: &ExternalSpec,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Analysis {
    let tables = Tables::new(external);
    let mut summaries: BTreeMap<FnId, Summary> = BTreeMap::new();
    let mut globals: BTreeMap<Global, Value> = BTreeMap::new();
    let mut raw: Vec<RawFinding> = Vec::new();
    let mut warnings = Vec::new();

    // Initial values of statics, in parallel (each reads no other static's
    // value), folded in id order. With no source anywhere no value can be
    // tainted, so there are none to compute (on the corpus: 31 399
    // initialisers, 37 ms of the run's wall time).
    let layers = &relevant.layers;
    let initialised: Vec<(StaticId, Outcome)> = if !relevant.any_source {
        Vec::new()
    } else {
        let empty = BTreeMap::new();
        let shared = Shared { index, summaries: &summaries, globals: &empty };
        (0..index.statics.len())
            .into_par_iter()
            .map(|i| StaticId(i as u32))
            .filter(|&s| index.static_data(s).init.is_some())
            .map(|s| (s, Interp::run_static(&shared, &tables, s)))
            .collect()
    };
    for (s, outcome) in initialised {
        raw.extend(outcome.findings);
        // An absent global reads as a default value: bindings crates have
        // hundreds of thousands of statics that start out as nothing.
        if outcome.summary.ret != Value::default() {
            globals.entry(Global::Static(s)).or_default().join(&outcome.summary.ret);
        }
    }

    let with_body = index.fns.iter().filter(|f| f.def.body.is_some()).count();
    let total = layers.iter().map(Vec::len).sum();
    // Where each fn is in the schedule: woken bodies rerun in this order.
    let position: BTreeMap<FnId, usize> = layers.iter().flatten().enumerate().map(|(i, f)| (*f, i)).collect();
    let mut callers: BTreeMap<FnId, BTreeSet<FnId>> = BTreeMap::new();
    let mut readers: BTreeMap<Global, BTreeSet<FnId>> = BTreeMap::new();
    let mut findings_by_fn: BTreeMap<FnId, Vec<RawFinding>> = BTreeMap::new();
    let mut deferred_by_fn: BTreeMap<FnId, Vec<RawFinding>> = BTreeMap::new();
    let mut runs: BTreeMap<FnId, usize> = BTreeMap::new();
    let mut woken: BTreeSet<(usize, FnId)> = BTreeSet::new();
    let mut next_layer = layers.iter();

    loop {
        let mut wave: Vec<FnId> = Vec::new();
        for (_, f) in std::mem::take(&mut woken) {
            let count = runs.entry(f).or_default();
            if *count >= MAX_RUNS_PER_FN {
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
            wave.push(f);
        }
        if let Some(layer) = next_layer.next() {
            wave.extend(layer.iter().copied());
            wave.sort_by_key(|f| position.get(f));
        }
        if wave.is_empty() {
            break;
        }
        // The wave runs in batches, so that the results waiting to be taken
        // stay few however wide a layer is.
        let mut pending: BTreeSet<FnId> = wave.iter().copied().collect();
        for batch in wave.chunks(MAX_BATCH) {
            for f in batch {
                *runs.entry(*f).or_default() += 1;
            }
            let outcomes: Vec<Outcome> = {
                let shared = Shared { index, summaries: &summaries, globals: &globals };
                batch.par_iter().with_max_len(1).map(|&f| Interp::run_fn(&shared, &tables, f)).collect()
            };
            progress(runs.len(), total);

            // Take the results in order, as if the batch had run one body after
            // the other: a result that read a summary or a static an earlier
            // body of the batch changed is stale, and that body runs again now.
            let mut changed_fns: BTreeSet<FnId> = BTreeSet::new();
            let mut changed_globals: BTreeSet<Global> = BTreeSet::new();
            for (&f, speculative) in batch.iter().zip(outcomes) {
                pending.remove(&f);
                let stale = speculative.callees.iter().any(|c| changed_fns.contains(c))
                    || speculative.global_reads.iter().any(|g| changed_globals.contains(g));
                let outcome = if stale {
                    let shared = Shared { index, summaries: &summaries, globals: &globals };
                    Interp::run_fn(&shared, &tables, f)
                } else {
                    speculative
                };
                warnings.extend(run_warnings(index, f, &outcome));
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
                        changed_globals.insert(s.clone());
                    }
                }
                findings_by_fn.insert(f, outcome.findings);
                deferred_by_fn.insert(f, outcome.deferred_findings);
                if summaries.get(&f) != Some(&outcome.summary) {
                    summaries.insert(f, outcome.summary);
                    wake.extend(callers.get(&f).into_iter().flatten().copied());
                    changed_fns.insert(f);
                }
                // A body not run yet will see the change; one of this batch
                // not taken yet is checked when it is.
                for w in wake {
                    if runs.contains_key(&w) && !pending.contains(&w) {
                        woken.insert((position.get(&w).copied().unwrap_or(usize::MAX), w));
                    }
                }
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

/// The warnings one run of `f` calls for.
fn run_warnings(index: &Index, f: FnId, outcome: &Outcome) -> Vec<Warning> {
    let data = index.fn_data(f);
    let mut warnings = Vec::new();
    let mut warn = |message: String| warnings.push(Warning { span: Some(data.span), message });
    if outcome.exhausted {
        warn(format!(
            "`{}` is too large to analyse completely; what it returns is taken to carry every \
             argument, and flows to sinks after the cut-off may be missed",
            data.display
        ));
    }
    if outcome.unfollowed_callbacks {
        warn(format!(
            "in `{}`, calls back into closures or trait impls passed to a recursive call, or nested \
             more than {} deep, were not followed; flows through them may be missed",
            data.display,
            interp::MAX_NESTED_APPLY
        ));
    }
    if outcome.widened_loop {
        warn(format!(
            "a loop in `{}` did not settle; what it assigns is taken to carry everything the fn holds",
            data.display
        ));
    }
    warnings
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
            let (span, label) = (r.source.0, tables.sources.label(r.source));
            let mut steps: Vec<Step> = Vec::new();
            for s in r.trace.steps() {
                let step = Step { span: s.span, note: s.note.to_string() };
                if steps.last() != Some(&step) {
                    steps.push(step);
                }
            }
            Finding {
                rule: RULE_SECURITY_TO_ADVERTISING,
                source: SourceRef { span, label },
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
