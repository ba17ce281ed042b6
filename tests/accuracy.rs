//! Precision and recall of flagged sink call sites over the fixture suite.
//! Each fixture marks the sink calls that must be reported with `// FLOW`
//! and its hard negatives with `// clean`; a flagged line without `// FLOW`
//! is a false positive, a `// FLOW` line not flagged a false negative.
//!
//! `cargo test --test accuracy -- --nocapture` prints the table.

mod common;

/// The binary's allocator, so the fixtures run as users get them: each
/// file's syntax trees freed with their heap (`heap::TreeHeap`).
#[global_allocator]
static ALLOCATOR: cargo_purpose::heap::Allocator = cargo_purpose::heap::Allocator;

use std::collections::BTreeSet;

use common::{analyze, expectations, fixture_dirs};

/// The suite's measured level; raise these when the analysis improves.
const MIN_PRECISION: f64 = 0.99;
const MIN_RECALL: f64 = 0.995;

#[test]
fn precision_and_recall_over_the_fixture_suite() {
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut misses = Vec::new();
    for dir in fixture_dirs() {
        let name = dir.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let output = analyze(&dir);
        let flagged: BTreeSet<(String, u32)> = output
            .report
            .findings
            .iter()
            .map(|f| (output.files.get(f.sink.span.file).rel_path.clone(), f.sink.span.line))
            .collect();
        let (flows, _) = expectations(&dir);
        let expected: BTreeSet<(String, u32)> = flows.into_iter().collect();
        let (t, p, n) = (
            flagged.intersection(&expected).count(),
            flagged.difference(&expected).count(),
            expected.difference(&flagged).count(),
        );
        for (file, line) in flagged.difference(&expected) {
            misses.push(format!("false positive  {name}/{file}:{line}"));
        }
        for (file, line) in expected.difference(&flagged) {
            misses.push(format!("false negative  {name}/{file}:{line}"));
        }
        println!("{name:<48} tp {t:>3}  fp {p:>3}  fn {n:>3}");
        tp += t;
        fp += p;
        fn_ += n;
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    for m in &misses {
        println!("{m}");
    }
    println!("suite: tp {tp}, fp {fp}, fn {fn_}: precision {precision:.3}, recall {recall:.3}");
    assert!(precision >= MIN_PRECISION, "precision {precision:.3} fell below {MIN_PRECISION}");
    assert!(recall >= MIN_RECALL, "recall {recall:.3} fell below {MIN_RECALL}");
}
