//! Render a [`Report`] in one of the output formats. Only this module knows
//! JSON, SARIF, workflow commands and terminals.
//!
//! Every format renders the same finding model and the same finding ids
//! ([`fingerprint`]). Emitters never reorder findings (the analysis already
//! sorted them) but do sort errors and warnings, which are collected from
//! several stages in no guaranteed order.

mod baseline;
mod cargo;
mod fingerprint;
mod github;
mod human;
mod json;
mod listing;
mod sarif;
mod text;

use std::ffi::OsStr;
use std::io::{self, IsTerminal, Write};

use crate::finding::{Finding, Report};
use crate::source::SourceFiles;

pub use baseline::{Baseline, BaselineError, Comparison, Entry as BaselineEntry, MarkerEntry};
pub use fingerprint::{fingerprint, fingerprints};
pub use listing::{emit_approvals, emit_markers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Diagnostics on stderr.
    Human,
    /// The contract's JSON report on stdout.
    Json,
    /// SARIF 2.1.0 on stdout, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands on stdout, for inline annotations.
    Github,
    /// Cargo's JSON messages (`compiler-message` records, then
    /// `build-finished`) on stdout, one per line, for editors.
    CargoJson,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Write `report` in `format`: human output goes to `stderr`, machine formats
/// to `stdout`.
///
/// `ColorChoice::Auto` colours human output only when the process's real
/// stderr is a terminal and `NO_COLOR` is unset or empty (no-color.org);
/// `stderr` itself is an opaque writer, so it cannot be asked.
pub fn emit(
    report: &Report,
    files: &SourceFiles,
    format: Format,
    color: ColorChoice,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> io::Result<()> {
    let ids = fingerprints(&report.findings, files);
    let findings = report.findings.iter().zip(ids.iter().map(String::as_str)).collect();
    let view = View { report, files, findings, baseline: None };
    emit_view(&view, format, color, stdout, stderr)
}

/// Like [`emit`], but show only the findings that `comparison` found new,
/// and say how many the baseline knows and which of its entries no longer
/// occur.
pub fn emit_compared(
    report: &Report,
    files: &SourceFiles,
    comparison: &Comparison,
    format: Format,
    color: ColorChoice,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> io::Result<()> {
    let findings = report
        .findings
        .iter()
        .zip(&comparison.ids)
        .zip(&comparison.is_new)
        .filter(|(_, is_new)| **is_new)
        .map(|((finding, id), _)| (finding, id.as_str()))
        .collect();
    let baseline = BaselineView {
        known: comparison.known_findings(),
        fixed: &comparison.fixed,
        removed_markers: &comparison.removed_markers,
    };
    let view = View { report, files, findings, baseline: Some(baseline) };
    emit_view(&view, format, color, stdout, stderr)
}

/// What an emitter shows: the findings to report, each with its id, beside
/// the report's errors, warnings and counts.
struct View<'a> {
    report: &'a Report,
    files: &'a SourceFiles,
    findings: Vec<(&'a Finding, &'a str)>,
    /// Set when a baseline was applied.
    baseline: Option<BaselineView<'a>>,
}

/// What a baseline changed about a run.
struct BaselineView<'a> {
    /// Findings left out because the baseline knows them.
    known: usize,
    /// Baseline entries that no longer occur.
    fixed: &'a [baseline::Entry],
    /// Recorded markers that are gone: findings of rule `marker-removed`.
    removed_markers: &'a [MarkerEntry],
}

impl View<'_> {
    /// The markers to report as removed.
    fn removed_markers(&self) -> &[MarkerEntry] {
        self.baseline.as_ref().map_or(&[], |baseline| baseline.removed_markers)
    }

    /// Whether the run passes the gate: exit status 0.
    fn success(&self) -> bool {
        self.report.errors.is_empty() && self.findings.is_empty() && self.removed_markers().is_empty()
    }
}

fn emit_view(
    view: &View<'_>,
    format: Format,
    color: ColorChoice,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => json::emit(view, stdout),
        Format::Sarif => sarif::emit(view, stdout),
        Format::Github => github::emit(view, stdout),
        Format::CargoJson => cargo::emit(view, view.success(), stdout),
        Format::Human => {
            let no_color = std::env::var_os("NO_COLOR");
            let color = use_color(color, io::stderr().is_terminal(), no_color.as_deref());
            human::emit(view, color, stderr)
        }
    }
}

/// Whether to write ANSI colours, from the user's choice and the environment.
fn use_color(choice: ColorChoice, stderr_is_terminal: bool, no_color: Option<&OsStr>) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stderr_is_terminal && no_color.is_none_or(OsStr::is_empty),
    }
}

/// `items` in their natural order, without cloning them.
fn sorted<T: Ord>(items: &[T]) -> Vec<&T> {
    let mut items: Vec<&T> = items.iter().collect();
    items.sort();
    items
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use serde_json::Value;

    use super::*;
    use crate::finding::{Finding, SinkRef, SourceRef, Step, Warning, RULE_SECURITY_TO_ADVERTISING};
    use crate::source::{FileId, InputError, SourceFile, Span};

    const MODEL: &str = "\
pub struct Account {
    #[security_only]
    pub phone: String,
}

impl Account {
    pub fn share(&self) {
        ads::track(&self.phone);
    }
}
";

    const API: &str = "\
pub fn login(account: &Account) {
    let msg = format!(\"📱 {}\", account.phone);
    Pixel::fire(&msg);
}
";

    const MODEL_RS: FileId = FileId(0);
    const API_RS: FileId = FileId(1);

    /// The span of the first `needle` in `file`, found in the text so that the
    /// fixture stays right when the text changes.
    fn span_of(files: &SourceFiles, file: FileId, needle: &str) -> Span {
        let text = &files.get(file).text;
        let start = text.find(needle).unwrap_or_else(|| panic!("`{needle}` not in fixture"));
        let before = &text[..start];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = text[line_start..start].chars().count() as u32 + 1;
        let width = needle.chars().count() as u32;
        Span { file, line, column, end_line: line, end_column: column + width }
    }

    /// Two findings (one within `src/model.rs`, one from it into
    /// `src/api.rs`), an error in a known and one in an unknown file, and
    /// warnings with and without a position. `prefix` goes before both texts.
    fn fixture(prefix: &str) -> (Report, SourceFiles) {
        let mut files = SourceFiles::default();
        for (rel_path, text) in [("src/model.rs", MODEL), ("src/api.rs", API)] {
            files.add(SourceFile {
                rel_path: rel_path.to_owned(),
                abs_path: PathBuf::from("/ws").join(rel_path),
                text: format!("{prefix}{text}").into(),
                digest: 0,
            });
        }
        let phone = SourceRef {
            span: span_of(&files, MODEL_RS, "pub phone: String"),
            label: "Account::phone".to_owned(),
        };
        let findings = vec![
            Finding {
                rule: RULE_SECURITY_TO_ADVERTISING,
                source: phone.clone(),
                sink: SinkRef {
                    span: span_of(&files, MODEL_RS, "ads::track(&self.phone)"),
                    function: "ads::track".to_owned(),
                    enclosing: "Account::share".to_owned(),
                },
                steps: vec![Step {
                    span: span_of(&files, MODEL_RS, "&self.phone"),
                    note: "borrowed as `&self.phone`".to_owned(),
                }],
            },
            Finding {
                rule: RULE_SECURITY_TO_ADVERTISING,
                source: phone,
                sink: SinkRef {
                    span: span_of(&files, API_RS, "Pixel::fire(&msg)"),
                    function: "Pixel::fire".to_owned(),
                    enclosing: "api::login".to_owned(),
                },
                steps: vec![
                    Step {
                        span: span_of(&files, API_RS, "format!(\"📱 {}\", account.phone)"),
                        note: "formatted into `msg`".to_owned(),
                    },
                    Step { span: span_of(&files, API_RS, "&msg"), note: "borrowed as `&msg`".to_owned() },
                ],
            },
        ];
        let errors = vec![
            InputError {
                file: "src/broken.rs".to_owned(),
                line: 3,
                column: 1,
                message: "expected `;`".to_owned(),
            },
            InputError {
                file: "src/api.rs".to_owned(),
                line: 2 + prefix.matches('\n').count() as u32,
                column: 15,
                message: "unsupported macro body; analysed as opaque".to_owned(),
            },
        ];
        let warnings = vec![
            Warning {
                span: Some(span_of(&files, API_RS, "pub fn login")),
                message: "analysis budget reached in `api::login`; its flows are over-approximated"
                    .to_owned(),
            },
            Warning { span: None, message: "no `#[advertising_sink]` in crate `cli`".to_owned() },
        ];
        (Report { findings, errors, warnings, files: 2, functions: 2, ..Report::default() }, files)
    }

    fn render(report: &Report, files: &SourceFiles, format: Format, color: ColorChoice) -> String {
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        emit(report, files, format, color, &mut stdout, &mut stderr).expect("emit");
        match format {
            Format::Json | Format::Sarif | Format::Github | Format::CargoJson => {
                assert!(stderr.is_empty(), "{format:?} writes nothing to stderr");
                String::from_utf8(stdout).expect("utf-8")
            }
            Format::Human => {
                assert!(stdout.is_empty(), "human writes nothing to stdout");
                String::from_utf8(stderr).expect("utf-8")
            }
        }
    }

    #[test]
    fn json_report() {
        let (report, files) = fixture("");
        let json = render(&report, &files, Format::Json, ColorChoice::Never);
        assert!(json.ends_with("}\n"));
        insta::assert_snapshot!("json_report", json);

        let value: Value = serde_json::from_str(&json).expect("valid json");
        let keys = |v: &Value| v.as_object().expect("object").keys().cloned().collect::<Vec<_>>();
        assert_eq!(value["version"], 1);
        let findings = value["findings"].as_array().expect("findings");
        assert_eq!(findings.len(), 2);
        for finding in findings {
            let id = finding["id"].as_str().expect("id");
            assert!(id.len() == 16 && id.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f')));
            assert_eq!(finding["rule"], "security-to-advertising");
            assert!(finding["message"].is_string());
            for (part, extra) in [("source", "label"), ("sink", "function")] {
                let object = &finding[part];
                assert!(object["file"].is_string() && object[extra].is_string());
                for key in ["line", "column", "end_line", "end_column"] {
                    assert!(object[key].as_u64().is_some_and(|n| n >= 1), "{part}.{key}");
                }
            }
            for step in finding["steps"].as_array().expect("steps") {
                assert!(step["file"].is_string() && step["note"].is_string());
                assert!(step["line"].is_u64() && step["end_column"].is_u64());
            }
        }
        assert_ne!(findings[0]["id"], findings[1]["id"]);
        assert_eq!(findings[1]["sink"]["file"], "src/api.rs");
        assert_eq!(findings[1]["steps"][0]["column"], 15, "columns count chars");
        // Errors are sorted: by file first.
        assert_eq!(value["errors"][0]["file"], "src/api.rs");
        assert_eq!(keys(&value["errors"][0]), ["column", "file", "line", "message"]);
        // Warnings are sorted: those without a position first.
        assert_eq!(keys(&value["warnings"][0]), ["message"]);
        assert_eq!(value["warnings"][1]["file"], "src/api.rs");
        assert_eq!(value["summary"]["findings"], 2);
        assert_eq!(value["summary"]["errors"], 2);
        assert_eq!(value["summary"]["files"], 2);
        assert_eq!(value["summary"]["functions"], 2);
    }

    #[test]
    fn sarif_report() {
        let (report, files) = fixture("");
        let sarif = render(&report, &files, Format::Sarif, ColorChoice::Never);
        insta::assert_snapshot!("sarif_report", sarif);
        let value: Value = serde_json::from_str(&sarif).expect("valid json");
        let run = &value["runs"][0];
        assert_eq!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///ws/");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let ids = fingerprints(&report.findings, &files);
        for (result, id) in run["results"].as_array().expect("results").iter().zip(&ids) {
            assert_eq!(result["partialFingerprints"]["cargoPurpose/v1"], id.as_str());
        }
        let api = &run["results"][1];
        assert_eq!(api["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "src/api.rs");
        let flow = api["codeFlows"][0]["threadFlows"][0]["locations"].as_array().expect("flow");
        let notes: Vec<&str> =
            flow.iter().filter_map(|step| step["location"]["message"]["text"].as_str()).collect();
        assert_eq!(
            notes,
            [
                "security-only source `Account::phone`",
                "formatted into `msg`",
                "borrowed as `&msg`",
                "passed to advertising sink `Pixel::fire` in `api::login`",
            ]
        );
        assert_eq!(flow[1]["location"]["physicalLocation"]["region"]["startColumn"], 15, "code points");
        let invocation = &run["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        let levels: Vec<&str> = invocation["toolExecutionNotifications"]
            .as_array()
            .expect("notifications")
            .iter()
            .filter_map(|n| n["level"].as_str())
            .collect();
        assert_eq!(levels, ["error", "error", "warning", "warning"]);
    }

    #[test]
    fn github_report() {
        let (report, files) = fixture("");
        let github = render(&report, &files, Format::Github, ColorChoice::Never);
        insta::assert_snapshot!("github_report", github);
        let lines: Vec<&str> = github.lines().collect();
        assert_eq!(lines.len(), 6, "2 findings, 2 errors, 2 warnings");
        assert!(lines[..4].iter().all(|line| line.starts_with("::error ")));
        assert!(lines[4..].iter().all(|line| line.starts_with("::warning")));
        assert!(lines[1].starts_with("::error file=src/api.rs,line=3,col=5,endLine=3,endColumn=22,title="));
        assert_eq!(lines[4], "::warning::no `#[advertising_sink]` in crate `cli`");
    }

    #[test]
    fn baseline_hides_known_findings_and_lists_fixed_entries() {
        let (report, files) = fixture("");
        // Known: the first finding, and a flow that no longer occurs.
        let mut old = Report { findings: report.findings[..1].to_vec(), ..Report::default() };
        let mut gone = report.findings[0].clone();
        gone.source.label = "Account::email".to_owned();
        old.findings.push(gone);
        let baseline = Baseline::from_report(&old, &files);
        let comparison = baseline.compare(&report, &files);
        assert_eq!(comparison.is_new, [false, true]);
        assert_eq!(comparison.fixed.len(), 1);
        assert_eq!(comparison.fixed[0].source, "Account::email");

        let render_compared = |format| {
            let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
            emit_compared(&report, &files, &comparison, format, ColorChoice::Never, &mut stdout, &mut stderr)
                .expect("emit");
            String::from_utf8([stdout, stderr].concat()).expect("utf-8")
        };
        let json: Value = serde_json::from_str(&render_compared(Format::Json)).expect("json");
        assert_eq!(json["findings"].as_array().map(Vec::len), Some(1));
        assert_eq!(json["findings"][0]["id"], comparison.ids[1].as_str());
        assert_eq!(json["summary"]["findings"], 1);
        assert_eq!(json["fixed_baseline_entries"][0]["source"], "Account::email");
        let human = render_compared(Format::Human);
        assert!(human.contains("note: 1 baseline entry no longer occurs: "), "{human}");
        assert!(
            human.ends_with(
                "\n1 new finding in 1 file, 1 known from the baseline, 2 errors (analysis incomplete)\n"
            ),
            "{human}"
        );
        let github = render_compared(Format::Github);
        assert_eq!(github.lines().filter(|line| line.contains("title=")).count(), 1);
        assert!(github.lines().last().is_some_and(|line| line.starts_with("::notice::1 baseline entry")));
        let sarif: Value = serde_json::from_str(&render_compared(Format::Sarif)).expect("sarif");
        assert_eq!(sarif["runs"][0]["results"].as_array().map(Vec::len), Some(1));
        let notes =
            sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().expect("notes");
        assert!(notes.iter().any(|n| n["level"] == "note"));
    }

    #[test]
    fn json_key_order() {
        let (report, files) = fixture("");
        let json = render(&report, &files, Format::Json, ColorChoice::Never);
        let order = ["\"version\"", "\"findings\"", "\"errors\"", "\"warnings\"", "\"summary\""];
        let positions: Vec<usize> = order.iter().filter_map(|key| json.find(key)).collect();
        assert_eq!(positions.len(), order.len());
        assert!(positions.windows(2).all(|pair| pair[0] < pair[1]), "{positions:?}");
        assert!(json.starts_with("{\n  \"version\": 1,\n  \"findings\": [\n    {\n      \"id\""));
    }

    #[test]
    fn human_report() {
        let (report, files) = fixture("");
        let human = render(&report, &files, Format::Human, ColorChoice::Never);
        insta::assert_snapshot!("human_report", human);
        for expected in [
            "error[security-to-advertising]: security-only value `Account::phone` reaches \
             advertising sink `Pixel::fire`",
            "security-only data reaches the advertising sink here",
            "security-only source: `Account::phone`",
            "formatted into `msg`",
            "= path: src/model.rs:3:5 source `Account::phone`",
            "-> src/api.rs:3:5 sink `Pixel::fire` called in `api::login`",
            "= help: pass only data collected for advertising, or approve this flow explicitly \
             with a reasoned declassification (see README)",
            "error: src/broken.rs:3:1: expected `;`",
            "warning: no `#[advertising_sink]` in crate `cli`",
        ] {
            assert!(human.contains(expected), "missing {expected:?} in\n{human}");
        }
        assert!(human.ends_with("\n2 findings in 2 files, 2 errors (analysis incomplete)\n"));
        assert!(!human.contains('\x1b'), "no colour with ColorChoice::Never");
    }

    #[test]
    fn always_forces_colour() {
        let (report, files) = fixture("");
        let human = render(&report, &files, Format::Human, ColorChoice::Always);
        assert!(human.contains("\x1b["));
    }

    #[test]
    fn colour_choice() {
        let set = Some(OsStr::new("1"));
        assert!(use_color(ColorChoice::Always, false, set));
        assert!(!use_color(ColorChoice::Never, true, None));
        assert!(use_color(ColorChoice::Auto, true, None));
        assert!(use_color(ColorChoice::Auto, true, Some(OsStr::new(""))));
        assert!(!use_color(ColorChoice::Auto, true, set));
        assert!(!use_color(ColorChoice::Auto, false, None));
    }

    #[test]
    fn summary_lines() {
        let (report, files) = fixture("");
        let last_line = |report: &Report| {
            let human = render(report, &files, Format::Human, ColorChoice::Never);
            human.lines().last().unwrap_or_default().to_owned()
        };
        let clean = Report { files: 3, functions: 1, ..Report::default() };
        assert_eq!(last_line(&clean), "no findings (3 files, 1 function analysed)");
        let one = Report { findings: report.findings[..1].to_vec(), ..Report::default() };
        assert_eq!(last_line(&one), "1 finding in 1 file");
        // Both sinks in `src/model.rs`: files are counted once.
        let sink = &report.findings[0].sink;
        let same_file = Report {
            findings: report
                .findings
                .iter()
                .map(|finding| Finding { sink: sink.clone(), ..finding.clone() })
                .collect(),
            errors: report.errors[..1].to_vec(),
            ..Report::default()
        };
        assert_eq!(last_line(&same_file), "2 findings in 1 file, 1 error (analysis incomplete)");
        let broken = Report { errors: report.errors.clone(), files: 1, functions: 0, ..Report::default() };
        assert_eq!(
            last_line(&broken),
            "no findings (1 file, 0 functions analysed), 2 errors (analysis incomplete)"
        );
    }

    #[test]
    fn fingerprint_ignores_moved_lines() {
        let (report, files) = fixture("");
        let (shifted, shifted_files) = fixture(&"// unrelated\n".repeat(10));
        for (before, after) in report.findings.iter().zip(&shifted.findings) {
            assert_eq!(after.sink.span.line, before.sink.span.line + 10);
            assert_eq!(after.source.span.line, before.source.span.line + 10);
            assert_eq!(fingerprint(before, &files, 0), fingerprint(after, &shifted_files, 0));
        }
        assert_eq!(fingerprints(&report.findings, &files), fingerprints(&shifted.findings, &shifted_files));
    }

    #[test]
    fn fingerprint_follows_what_the_flow_is() {
        let (report, files) = fixture("");
        let finding = &report.findings[0];
        let id = fingerprint(finding, &files, 0);
        let relabelled = Finding {
            source: SourceRef { label: "Account::email".to_owned(), ..finding.source.clone() },
            ..finding.clone()
        };
        assert_ne!(fingerprint(&relabelled, &files, 0), id);
        let moved = Finding {
            sink: SinkRef { enclosing: "Account::export".to_owned(), ..finding.sink.clone() },
            ..finding.clone()
        };
        assert_ne!(fingerprint(&moved, &files, 0), id);
        assert_ne!(fingerprint(finding, &files, 1), id);
    }

    #[test]
    fn duplicate_fingerprints_are_numbered_in_report_order() {
        let (report, files) = fixture("");
        let twice = vec![report.findings[0].clone(), report.findings[0].clone()];
        let ids = fingerprints(&twice, &files);
        assert_eq!(ids[0], fingerprint(&twice[0], &files, 0));
        assert_eq!(ids[1], fingerprint(&twice[0], &files, 1));
        assert_eq!(ids, fingerprints(&twice, &files), "deterministic");
    }

    #[test]
    fn spans_outside_the_text_do_not_panic() {
        let (mut report, files) = fixture("");
        let far = Span { file: API_RS, line: 900, column: 4, end_line: 901, end_column: 2 };
        let nowhere = Span { file: FileId(42), line: 1, column: 1, end_line: 1, end_column: 2 };
        report.findings[1].sink.span = far;
        report.findings[1].steps[0].span = nowhere;
        report.warnings.push(Warning { span: Some(nowhere), message: "lost".to_owned() });
        report.errors.push(InputError {
            file: "src/model.rs".to_owned(),
            line: 77,
            column: 3,
            message: "past the end".to_owned(),
        });
        for format in [Format::Human, Format::Json, Format::Sarif, Format::Github, Format::CargoJson] {
            let output = render(&report, &files, format, ColorChoice::Never);
            assert!(!output.is_empty());
        }
    }
}
