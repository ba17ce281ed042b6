//! Fuzzing the whole pipeline (issue 6): source text in, findings or errors
//! out, never a panic, and the same output every time (issue 6).
//!
//! Four generators: random bytes, random token soup (which gets past the
//! tokenizer far more often than bytes do), structurally valid annotated
//! Rust from a small grammar (structs with `#[security_only]` fields, sinks,
//! fns with lets, calls, method calls, closures, `if`, loops, `match`,
//! macros), and such programs with a few bytes deleted, inserted or
//! replaced (broken input close to real code). Each case is written as the single file `lib.rs` of a fresh
//! directory and run through `pipeline::run` and both renderers, twice.
//!
//! `proptest` shrinks a failing case to a small one and records its seed in
//! `tests/fuzz.proptest-regressions`, which later runs replay first; a crash
//! found this way also becomes a plain test in `tests/robustness.rs`.
//!
//! In the suite each property runs 64 small cases from a random seed (the
//! analysis is about a hundred times slower unoptimised). Longer runs, with
//! larger programs, one thread, each property for 10 minutes:
//!
//! ```text
//! PURPOSE_FUZZ_SECONDS=600 PURPOSE_FUZZ_SIZE=3 RUST_TEST_THREADS=1 RAYON_NUM_THREADS=1 \
//!     cargo test --release --test fuzz -- --nocapture
//! ```
//!
//! `PURPOSE_FUZZ_CASES` sets the cases per batch (64), `PURPOSE_FUZZ_SECONDS`
//! keeps running batches until that many seconds have passed, and
//! `PURPOSE_FUZZ_SEED` fixes the first batch's seed (each batch prints its
//! seed first, so a batch that kills the process, e.g. by a stack overflow,
//! can be replayed).

use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use cargo_purpose::pipeline::{self, Options};
use cargo_purpose::report::{self, ColorChoice, Format};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngSeed, TestCaseResult, TestRunner};

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|n| n.parse().ok())
}

/// How large generated programs get: 1 in the suite.
fn size() -> u32 {
    env_u64("PURPOSE_FUZZ_SIZE").map_or(1, |n| n.clamp(1, 16) as u32)
}

/// Run `test` on cases of `strategy` in batches of `PURPOSE_FUZZ_CASES`,
/// one batch or until `PURPOSE_FUZZ_SECONDS` have passed, each from its own
/// printed seed. Fails with the shrunk case.
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> TestCaseResult)
where
    S::Value: Debug,
{
    let cases = env_u64("PURPOSE_FUZZ_CASES").map_or(64, |n| n.clamp(1, u64::from(u32::MAX)) as u32);
    let budget = env_u64("PURPOSE_FUZZ_SECONDS").map(Duration::from_secs);
    let first_seed = env_u64("PURPOSE_FUZZ_SEED").unwrap_or_else(rand_seed);
    let started = Instant::now();
    let mut batches = 0u64;
    loop {
        let seed = first_seed.wrapping_add(batches);
        if budget.is_some() {
            println!("{name}: batch {batches}, seed {seed}");
        }
        let config = Config {
            cases,
            rng_seed: RngSeed::Fixed(seed),
            source_file: Some(file!()),
            failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
            // Keep shrinking bounded on long runs.
            max_shrink_iters: 4_096,
            ..Config::default()
        };
        if let Err(e) = TestRunner::new(config).run(&strategy, &test) {
            panic!("{name}: batch seed {seed} (PURPOSE_FUZZ_SEED={seed} replays it): {e}");
        }
        batches += 1;
        if budget.is_none_or(|budget| started.elapsed() >= budget) {
            break;
        }
    }
    println!(
        "{name}: {} cases in {batches} batches, {:.0?}, no failure",
        u64::from(cases) * batches,
        started.elapsed()
    );
}

/// A seed that differs between runs, so that the suite explores.
fn rand_seed() -> u64 {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    nanos.as_nanos() as u64 ^ u64::from(std::process::id()).rotate_left(32)
}

/// The JSON and human reports of one run on `bytes` as `lib.rs`.
fn analyse(bytes: &[u8], jobs: usize) -> (String, String) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let file = dir.path().join("lib.rs");
    std::fs::write(&file, bytes).expect("write the case");
    let output = pipeline::run(&Options { path: Some(file), jobs: Some(jobs), ..Default::default() });
    let render = |format| {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        report::emit(&output.report, &output.files, format, ColorChoice::Never, &mut out, &mut err)
            .expect("render to memory");
        String::from_utf8_lossy(if format == Format::Json { &out } else { &err }).into_owned()
    };
    (render(Format::Json), render(Format::Human))
}

/// Run the case twice (one and two worker threads): no panic anywhere, no
/// panic turned into an "internal error" by the pipeline's guard, valid
/// JSON, byte-identical output. Returns the JSON report.
fn check(bytes: &[u8]) -> Result<serde_json::Value, TestCaseError> {
    let first = catch_unwind(AssertUnwindSafe(|| analyse(bytes, 1)));
    let second = catch_unwind(AssertUnwindSafe(|| analyse(bytes, 2)));
    let (Ok(first), Ok(second)) = (first, second) else {
        return Err(TestCaseError::fail("the pipeline panicked"));
    };
    prop_assert_eq!(&first, &second, "output differs between runs");
    let json: serde_json::Value =
        serde_json::from_str(&first.0).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let internal = json["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .any(|e| e["message"].as_str().is_some_and(|m| m.contains("internal error")));
    prop_assert!(!internal, "a panic was caught while analysing:\n{}", first.0);
    Ok(json)
}

/// Tokens that make up most Rust, markers included.
const TOKENS: &[&str] = &[
    "fn",
    "pub",
    "struct",
    "enum",
    "impl",
    "trait",
    "mod",
    "use",
    "let",
    "mut",
    "if",
    "else",
    "match",
    "for",
    "in",
    "while",
    "loop",
    "return",
    "break",
    "move",
    "async",
    "await",
    "static",
    "const",
    "self",
    "Self",
    "crate",
    "super",
    "where",
    "dyn",
    "as",
    "ref",
    "x",
    "y",
    "s",
    "f",
    "g",
    "S",
    "T",
    "String",
    "u32",
    "0",
    "1",
    "\"s\"",
    "'a'",
    "'a",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    ",",
    ";",
    ":",
    "::",
    ".",
    "..",
    "=",
    "==",
    "=>",
    "->",
    "+",
    "-",
    "*",
    "&",
    "&&",
    "|",
    "||",
    "!",
    "?",
    "#",
    "#[security_only]",
    "#[advertising_sink]",
    "#[purpose]",
    "format!",
    "vec!",
    "println!",
    "macro_rules!",
    "$",
    "@",
    "_",
    "r#x",
    "b\"x\"",
    "/*",
    "*/",
    "//",
    "\n",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(TOKENS), 0..300).prop_map(|tokens| tokens.join(" "))
}

// ---------------------------------------------------------------------------
// A small grammar of annotated Rust. It need not type-check, only parse.

/// Names an expression may use: parameters, locals, a static.
const VARS: &[&str] = &["a", "b", "n", "v0", "v1", "v2", "PEPPER"];

fn var() -> impl Strategy<Value = String> {
    prop::sample::select(VARS).prop_map(str::to_string)
}

fn expr() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        var(),
        Just("secret()".to_string()),
        Just("String::new()".to_string()),
        Just("\"campaign\".to_string()".to_string()),
        Just("a.phone.clone()".to_string()),
        Just("a.nick.clone()".to_string()),
        (0u32..100).prop_map(|n| n.to_string()),
    ];
    leaf.prop_recursive(2 + size(), 8 * size(), 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("format!(\"{{}}{{}}\", {x}, {y})")),
            inner.clone().prop_map(|x| format!("{x}.to_string()")),
            inner.clone().prop_map(|x| format!("{x}.trim().len().to_string()")),
            inner.clone().prop_map(|x| format!("(|t: String| t)({x})")),
            inner.clone().prop_map(|x| format!("{{ let t = {x}; t }}")),
            (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("if n > 3 {{ {x} }} else {{ {y} }}")),
            (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("match n {{ 0 => {x}, _ => {y} }}")),
            (inner.clone(), inner.clone()).prop_map(|(x, y)| format!("vec![{x}, {y}].join(\",\")")),
            (inner.clone(), inner.clone())
                .prop_map(|(x, y)| format!("Account {{ phone: {x}, nick: {y} }}.nick.clone()")),
            (0usize..4, inner.clone(), inner.clone())
                .prop_map(|(k, x, y)| format!("f{k}(a.clone(), {x}, {y})")),
            inner.clone().prop_map(|x| format!("mystery!({x})")),
            inner.clone().prop_map(|x| format!("Some({x}).unwrap_or_default()")),
            inner.prop_map(|x| format!("a.wrap({x})")),
        ]
    })
}

fn stmt() -> impl Strategy<Value = String> {
    let simple = prop_oneof![
        (0usize..3, expr()).prop_map(|(i, e)| format!("let mut v{i} = {e};")),
        (0usize..3, expr()).prop_map(|(i, e)| format!("v{i} = {e};")),
        (0usize..3, expr()).prop_map(|(k, e)| format!("sink{k}(&{e});")),
        expr().prop_map(|e| format!("Pixel.fire(&{e});")),
        expr().prop_map(|e| format!("let c = move || {e}; sink0(&c());")),
        Just("#[security_only] let v1 = n.to_string();".to_string()),
    ];
    simple.prop_recursive(1 + size(), 6 * size(), 3, |inner| {
        let block = prop::collection::vec(inner, 0..3).prop_map(|stmts| stmts.join("\n"));
        prop_oneof![
            (block.clone(), block.clone())
                .prop_map(|(x, y)| format!("if n == 1 {{\n{x}\n}} else {{\n{y}\n}}")),
            block.clone().prop_map(|x| format!("for _ in 0..n {{\n{x}\n}}")),
            block.clone().prop_map(|x| format!("loop {{\n{x}\nbreak;\n}}")),
            block.clone().prop_map(|x| format!("while n > 2 {{\n{x}\nbreak;\n}}")),
            (block.clone(), block)
                .prop_map(|(x, y)| format!("match n {{\n0 => {{\n{x}\n}}\n_ => {{\n{y}\n}}\n}}")),
        ]
    })
}

/// Four fns `f0`..`f3` calling each other, over fixed declarations. Line 2
/// holds a flow that must always be found, whatever surrounds it.
fn program() -> impl Strategy<Value = String> {
    let statements = 0..(2 + 2 * size() as usize);
    let body = prop::collection::vec(stmt(), statements).prop_map(|stmts| stmts.join("\n"));
    let markers = prop::collection::vec(any::<bool>(), 2);
    (prop::collection::vec((body, expr()), 4), markers).prop_map(|(fns, markers)| {
        let mark = |on: bool| if on { "#[security_only] " } else { "" };
        let mut text = format!(
            "pub fn must_flow() {{\n    sink0(&secret());\n}}\n\
             #[security_only]\npub fn secret() -> String {{ String::new() }}\n\
             #[security_only]\npub static PEPPER: &str = \"pepper\";\n\
             #[advertising_sink]\npub fn sink0(_x: &String) {{}}\n\
             #[advertising_sink]\npub fn sink1<T>(_x: &T) {{}}\n\
             pub fn sink2(_x: &String) {{}}\n\
             #[purpose]\n#[derive(Clone, Default)]\npub struct Account {{\n    {}pub phone: String,\n    {}pub nick: String,\n}}\n\
             impl Account {{\n    pub fn wrap(&self, x: String) -> String {{ x }}\n}}\n\
             pub struct Pixel;\n#[advertising_sink]\nimpl Pixel {{\n    pub fn fire(&self, _x: &String) {{}}\n}}\n\
             macro_rules! mystery {{ ($e:expr) => {{ $e }}; }}\n",
            mark(markers.first().copied().unwrap_or(true)),
            mark(markers.get(1).copied().unwrap_or(false)),
        );
        for (i, (body, tail)) in fns.iter().enumerate() {
            text.push_str(&format!(
                "#[purpose]\npub fn f{i}(a: Account, b: String, #[security_only] n: u32) -> String {{\n\
                 let mut v0 = b.clone();\nlet mut v1 = String::new();\nlet mut v2 = n.to_string();\n{body}\n{tail}\n}}\n"
            ));
        }
        text
    })
}

/// One edit of a program: at a fraction of its length, delete some bytes
/// or insert one.
#[derive(Clone, Debug)]
enum Edit {
    Delete { at: f64, len: usize },
    Insert { at: f64, byte: u8 },
}

fn mutated_program() -> impl Strategy<Value = Vec<u8>> {
    let edit = prop_oneof![
        (0.0..1.0, 1usize..8).prop_map(|(at, len)| Edit::Delete { at, len }),
        (0.0..1.0, prop::sample::select(b"{}()[]<>|;,.=!&#'\"/*\\\n\0\xff".to_vec()))
            .prop_map(|(at, byte)| Edit::Insert { at, byte }),
    ];
    (program(), prop::collection::vec(edit, 1..4)).prop_map(|(text, edits)| {
        let mut bytes = text.into_bytes();
        for edit in edits {
            match edit {
                Edit::Delete { at, len } => {
                    let start = ((bytes.len() as f64) * at) as usize;
                    let end = (start + len).min(bytes.len());
                    bytes.drain(start.min(end)..end);
                }
                Edit::Insert { at, byte } => {
                    let at = (((bytes.len() as f64) * at) as usize).min(bytes.len());
                    bytes.insert(at, byte);
                }
            }
        }
        bytes
    })
}

#[test]
fn random_bytes_never_crash() {
    fuzz("random_bytes", prop::collection::vec(any::<u8>(), 0..4096), |bytes| check(&bytes).map(drop));
}

#[test]
fn random_text_never_crashes() {
    let text = prop_oneof![any::<String>(), token_soup()];
    fuzz("random_text", text, |text| check(text.as_bytes()).map(drop));
}

#[test]
fn broken_generated_rust_never_crashes() {
    fuzz("broken_rust", mutated_program(), |bytes| check(&bytes).map(drop));
}

#[test]
fn generated_rust_is_analysed_deterministically() {
    fuzz("generated_rust", program(), |text| {
        let json = check(text.as_bytes())?;
        prop_assert_eq!(json["errors"].as_array().map(Vec::len), Some(0), "{}\n{}", json, text);
        let must_flow = json["findings"].as_array().into_iter().flatten().any(|f| f["sink"]["line"] == 2);
        prop_assert!(must_flow, "the flow in `must_flow` was not found:\n{}\n{}", json, text);
        Ok(())
    });
}
