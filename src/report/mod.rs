//! Render a [`Report`] in one of the output formats. Only this module knows
//! JSON and terminals.
//!
//! Every format renders the same finding model and the same finding ids
//! ([`fingerprint`]). Emitters never reorder findings (the analysis already
//! sorted them) but do sort errors and warnings, which are collected from
//! several stages in no guaranteed order.

mod fingerprint;
mod human;
mod json;
mod text;

use std::ffi::OsStr;
use std::io::{self, IsTerminal, Write};

use crate::finding::Report;
use crate::source::SourceFiles;

pub use fingerprint::{fingerprint, fingerprints};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
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
    match format {
        Format::Json => json::emit(report, files, stdout),
        Format::Human => {
            let no_color = std::env::var_os("NO_COLOR");
            let color = use_color(color, io::stderr().is_terminal(), no_color.as_deref());
            human::emit(report, files, color, stderr)
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
        (Report { findings, errors, warnings, files: 2, functions: 2 }, files)
    }

    fn render(report: &Report, files: &SourceFiles, format: Format, color: ColorChoice) -> String {
        let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
        emit(report, files, format, color, &mut stdout, &mut stderr).expect("emit");
        match format {
            Format::Json => {
                assert!(stderr.is_empty(), "json writes nothing to stderr");
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
        for format in [Format::Human, Format::Json] {
            let output = render(&report, &files, format, ColorChoice::Never);
            assert!(!output.is_empty());
        }
    }
}
