//! `--message-format json`: every line parses the way cargo's JSON
//! consumers parse `cargo check --message-format json` (rust-analyzer's
//! flycheck deserialises each line into `cargo_metadata::Message`). The
//! types below mirror `cargo_metadata`'s `Message`, `CompilerMessage`,
//! `Target` and `Diagnostic` field for field: required fields are required,
//! unknown fields are allowed, as there.

use std::path::Path;
use std::process::Command;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
enum Message {
    CompilerMessage(Box<CompilerMessage>),
    BuildFinished(BuildFinished),
}

#[derive(Debug, Deserialize)]
struct CompilerMessage {
    package_id: String,
    target: Target,
    message: Diagnostic,
    // Not in `cargo_metadata`'s struct, but in cargo's output.
    manifest_path: String,
}

#[derive(Debug, Deserialize)]
struct BuildFinished {
    success: bool,
}

#[derive(Debug, Deserialize)]
struct Target {
    name: String,
    kind: Vec<TargetKind>,
    #[serde(default)]
    crate_types: Vec<String>,
    #[serde(default, rename = "required-features")]
    _required_features: Vec<String>,
    src_path: String,
    #[serde(default = "edition_2015")]
    edition: Edition,
    #[serde(default)]
    _doctest: Option<bool>,
    #[serde(default)]
    _test: Option<bool>,
    #[serde(default)]
    _doc: Option<bool>,
}

fn edition_2015() -> Edition {
    Edition::E2015
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum TargetKind {
    Lib,
    Bin,
    Example,
    Test,
    Bench,
}

#[derive(Debug, Deserialize, PartialEq)]
enum Edition {
    #[serde(rename = "2015")]
    E2015,
    #[serde(rename = "2018")]
    E2018,
    #[serde(rename = "2021")]
    E2021,
    #[serde(rename = "2024")]
    E2024,
}

#[derive(Debug, Deserialize)]
struct Diagnostic {
    message: String,
    code: Option<DiagnosticCode>,
    level: DiagnosticLevel,
    spans: Vec<DiagnosticSpan>,
    children: Vec<Diagnostic>,
    rendered: Option<String>,
}

#[derive(Debug, Deserialize)]
struct DiagnosticCode {
    code: String,
    explanation: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
enum DiagnosticLevel {
    Error,
    Warning,
    Note,
    Help,
}

#[derive(Debug, Deserialize)]
struct DiagnosticSpan {
    file_name: String,
    byte_start: u32,
    byte_end: u32,
    line_start: usize,
    line_end: usize,
    column_start: usize,
    column_end: usize,
    is_primary: bool,
    text: Vec<DiagnosticSpanLine>,
    label: Option<String>,
    suggested_replacement: Option<String>,
    suggestion_applicability: Option<String>,
    expansion: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
struct DiagnosticSpanLine {
    _text: String,
}

fn run(args: &[&str], cwd: &Path) -> (String, Option<i32>) {
    let output = Command::new(env!("CARGO_BIN_EXE_cargo-purpose"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run cargo-purpose");
    (String::from_utf8(output.stdout).expect("utf-8"), output.status.code())
}

fn parse(stdout: &str) -> Vec<Message> {
    stdout
        .lines()
        .map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).expect("one JSON object per line");
            assert!(value.is_object(), "{line}");
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"))
        })
        .collect()
}

#[test]
fn findings_are_compiler_messages() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/twitter-2fa");
    let (stdout, status) = run(&["--message-format", "json"], &example);
    assert_eq!(status, Some(1), "exit status as with every format");
    let messages = parse(&stdout);
    let Some((Message::BuildFinished(last), rest)) = messages.split_last() else {
        panic!("the last line is build-finished:\n{stdout}");
    };
    assert!(!last.success);
    assert_eq!(rest.len(), 2, "{stdout}");
    for message in rest {
        let Message::CompilerMessage(record) = message else { panic!("only one build-finished") };
        assert!(record.package_id.starts_with("path+file://"), "{}", record.package_id);
        assert!(record.package_id.ends_with("#api@0.1.0"), "{}", record.package_id);
        assert!(record.manifest_path.ends_with("crates/api/Cargo.toml"));
        assert_eq!(record.target.kind, [TargetKind::Bin]);
        assert_eq!(record.target.name, "api");
        assert_eq!(record.target.crate_types, ["bin"]);
        assert!(record.target.src_path.ends_with("crates/api/src/main.rs"));
        assert_eq!(record.target.edition, Edition::E2021);
        let diagnostic = &record.message;
        assert_eq!(diagnostic.level, DiagnosticLevel::Error);
        let code = diagnostic.code.as_ref().expect("code");
        assert_eq!(code.code, "purpose::security-to-advertising");
        assert!(code.explanation.is_none());
        assert!(diagnostic.message.starts_with("security-only value `Account::"));
        let rendered = diagnostic.rendered.as_deref().expect("rendered");
        assert!(rendered.starts_with("error[security-to-advertising]: security-only value"), "{rendered}");
        assert!(rendered.contains("security-only data reaches the advertising sink here"));

        let primary: Vec<&DiagnosticSpan> = diagnostic.spans.iter().filter(|s| s.is_primary).collect();
        assert_eq!(primary.len(), 1, "one primary span: the sink call");
        let sink = primary[0];
        assert!(sink.file_name.ends_with("crates/api/src/ad_sync.rs"), "{}", sink.file_name);
        assert!(Path::new(&sink.file_name).is_absolute());
        // The span's bytes are the sink call, as its lines and columns say.
        let text = std::fs::read_to_string(&sink.file_name).expect("the span's file");
        let call = &text[sink.byte_start as usize..sink.byte_end as usize];
        assert!(call.contains('(') && call.ends_with(')'), "{call}");
        let line = text.lines().nth(sink.line_start - 1).expect("line");
        assert_eq!(
            line.chars()
                .skip(sink.column_start - 1)
                .take(sink.column_end - sink.column_start)
                .collect::<String>(),
            call
        );
        assert_eq!(sink.line_start, sink.line_end);
        // Secondary spans: the source declaration and every step.
        let secondary: Vec<&DiagnosticSpan> = diagnostic.spans.iter().filter(|s| !s.is_primary).collect();
        assert!(secondary.iter().any(|s| s.file_name.ends_with("crates/accounts/src/lib.rs")
            && s.label.as_deref().is_some_and(|l| l.starts_with("security-only source: `Account::"))));
        let steps: Vec<&Diagnostic> =
            diagnostic.children.iter().filter(|c| c.message.starts_with("step ")).collect();
        assert!(!steps.is_empty());
        assert_eq!(secondary.len(), steps.len() + 1, "the source, then one span per step");
        for span in &diagnostic.spans {
            assert!(span.byte_start <= span.byte_end && span.line_start <= span.line_end);
            assert!(span.column_start >= 1 && span.text.is_empty());
            assert!(span.suggested_replacement.is_none() && span.suggestion_applicability.is_none());
            assert!(span.expansion.is_none());
        }
        for child in &diagnostic.children {
            assert!(matches!(child.level, DiagnosticLevel::Note | DiagnosticLevel::Help));
            assert!(child.code.is_none() && child.rendered.is_none() && child.children.is_empty());
        }
        assert!(diagnostic.children.iter().any(|c| c.level == DiagnosticLevel::Help));
    }
}

#[test]
fn a_clean_workspace_finishes_successfully() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("src")).expect("mkdir");
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"quiet\"\nversion = \"0.2.0\"\nedition = \"2024\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("src/lib.rs"), "pub fn f() {}\n").expect("write");
    let (stdout, status) = run(&["--message-format=json"], dir.path());
    assert_eq!(status, Some(0));
    assert_eq!(stdout, "{\"reason\":\"build-finished\",\"success\":true}\n");
}

#[test]
fn input_errors_are_error_messages_and_fail_the_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("src")).expect("mkdir");
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"broken\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("src/lib.rs"), "pub fn f( {}\n").expect("write");
    let (stdout, status) = run(&["--message-format", "json"], dir.path());
    assert_eq!(status, Some(2));
    let messages = parse(&stdout);
    let Some(Message::CompilerMessage(record)) = messages.first() else { panic!("{stdout}") };
    assert_eq!(record.message.level, DiagnosticLevel::Error);
    assert_eq!(record.target.kind, [TargetKind::Lib]);
    assert_eq!(record.target.name, "broken");
    let span = record.message.spans.first().expect("the error's position");
    assert!(span.file_name.ends_with("src/lib.rs") && span.line_start == 1);
    assert!(matches!(messages.last(), Some(Message::BuildFinished(BuildFinished { success: false }))));
}

#[test]
fn message_format_and_format_exclude_each_other() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/twitter-2fa");
    let (_, status) = run(&["--message-format", "json", "--format", "sarif"], &example);
    assert_eq!(status, Some(2));
}
