//! Every fixture under `test-fixtures/` is analysed and its JSON and human
//! output compared with `expected.json` / `expected.txt` beside it.
//! Regenerate with `UPDATE_SNAPSHOTS=1 cargo test --test fixtures` and review
//! the diff.

mod common;

/// The binary's allocator, so the fixtures run as users get them: each
/// file's syntax trees freed with their heap (`heap::TreeHeap`).
#[global_allocator]
static ALLOCATOR: cargo_purpose::heap::Allocator = cargo_purpose::heap::Allocator;

use common::{analyze, fixture_dirs, render};

#[test]
fn every_fixture_matches_its_snapshots() {
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut mismatches = Vec::new();
    let dirs = fixture_dirs();
    assert!(dirs.len() >= 20, "expected the fixture suite, found {} fixtures", dirs.len());
    for dir in dirs {
        let (flows, cleans) = common::expectations(&dir);
        assert!(!flows.is_empty(), "{} marks no `// FLOW` line", dir.display());
        assert!(!cleans.is_empty(), "{} marks no `// clean` hard negative", dir.display());
        let (json, human) = render(&analyze(&dir));
        for (file, actual) in [("expected.json", &json), ("expected.txt", &human)] {
            let path = dir.join(file);
            if update {
                std::fs::write(&path, actual).expect("write snapshot");
                continue;
            }
            let Ok(expected) = std::fs::read_to_string(&path) else {
                mismatches.push(format!("{}: missing", path.display()));
                continue;
            };
            if &expected != actual {
                mismatches.push(format!("{}:\n{}", path.display(), first_difference(&expected, actual)));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "snapshots differ (UPDATE_SNAPSHOTS=1 to accept):\n{}",
        mismatches.join("\n")
    );
}

fn first_difference(expected: &str, actual: &str) -> String {
    let mut exp = expected.lines();
    let mut act = actual.lines();
    for n in 1.. {
        match (exp.next(), act.next()) {
            (None, None) => break,
            (e, a) if e == a => continue,
            (e, a) => {
                return format!(
                    "  line {n}\n  expected: {}\n  actual:   {}",
                    e.unwrap_or("<end>"),
                    a.unwrap_or("<end>")
                )
            }
        }
    }
    "  (identical lines, different line endings)".into()
}
