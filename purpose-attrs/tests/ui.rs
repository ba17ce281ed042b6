//! Compile tests: every marker position builds and runs unchanged, and each
//! misuse fails with the message in its `.stderr` snapshot. Regenerate the
//! snapshots with `TRYBUILD=overwrite cargo test -p purpose-attrs --test ui`
//! and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
