//! `--format github`: GitHub Actions workflow commands, one per line on
//! stdout, so that a pull request shows findings inline without code
//! scanning.
//!
//! A finding becomes `::error file=..,line=..,col=..,endLine=..,endColumn=..,title=..::message`
//! on the sink call, its message giving the source and the steps in short.
//! Input errors become `::error`, warnings `::warning`, and baseline entries
//! that no longer occur one `::notice`. Paths are relative to the scanned
//! root, so run from the repository root for GitHub to place them.

use std::io::{self, Write};

use crate::finding::{Finding, Warning};
use crate::source::{InputError, SourceFiles, Span};

use super::baseline::{removed_marker_text, Entry};
use super::{sorted, text, View};

const FINDING_TITLE: &str = "cargo-purpose: security-only data reaches advertising";
const MARKER_TITLE: &str = "cargo-purpose: a marker recorded in the baseline was removed";

pub(super) fn emit(view: &View<'_>, out: &mut dyn Write) -> io::Result<()> {
    let files = view.files;
    for &(finding, id) in &view.findings {
        let properties = span_properties(files, &finding.sink.span)
            .into_iter()
            .chain([("title", FINDING_TITLE.to_owned())])
            .collect();
        writeln!(out, "{}", command("error", properties, &finding_message(finding, id, files)))?;
    }
    for marker in view.removed_markers() {
        let mut properties = vec![("file", marker.file.clone())];
        if marker.line > 0 {
            properties.push(("line", marker.line.to_string()));
            properties.push(("col", marker.column.to_string()));
        }
        properties.push(("title", MARKER_TITLE.to_owned()));
        writeln!(out, "{}", command("error", properties, &removed_marker_text(marker)))?;
    }
    for error in sorted(&view.report.errors) {
        writeln!(out, "{}", command("error", error_properties(error), &error.message))?;
    }
    for warning in sorted(&view.report.warnings) {
        writeln!(out, "{}", command("warning", warning_properties(warning, files), &warning.message))?;
    }
    if let Some(baseline) = &view.baseline {
        if !baseline.fixed.is_empty() {
            writeln!(out, "{}", command("notice", Vec::new(), &fixed_message(baseline.fixed)))?;
        }
    }
    Ok(())
}

/// `::name key=value,...::message`, escaped as the Actions runner expects.
fn command(name: &str, properties: Vec<(&str, String)>, message: &str) -> String {
    let properties: Vec<String> =
        properties.into_iter().map(|(key, value)| format!("{key}={}", escape_property(&value))).collect();
    let separator = if properties.is_empty() { "" } else { " " };
    format!("::{name}{separator}{}::{}", properties.join(","), escape_data(message))
}

/// The finding's message, then its path: source, steps, sink, and its id
/// (what a baseline records).
fn finding_message(finding: &Finding, id: &str, files: &SourceFiles) -> String {
    let mut lines = vec![
        finding.message(),
        format!("source: {} `{}`", position(files, &finding.source.span), finding.source.label),
    ];
    lines.extend(
        finding.steps.iter().map(|step| format!("  -> {} {}", position(files, &step.span), step.note)),
    );
    lines.push(format!(
        "sink: {} `{}` called in `{}`",
        position(files, &finding.sink.span),
        finding.sink.function,
        finding.sink.enclosing
    ));
    lines.push(format!("id: {id}"));
    lines.join("\n")
}

fn fixed_message(fixed: &[Entry]) -> String {
    let mut lines = vec![format!(
        "{} baseline {} no longer occur; rewrite the baseline with --write-baseline to drop them:",
        fixed.len(),
        if fixed.len() == 1 { "entry" } else { "entries" }
    )];
    lines.extend(
        fixed.iter().map(|entry| {
            format!("{} `{}` -> `{}` in {}", entry.id, entry.source, entry.sink, entry.sink_file)
        }),
    );
    lines.join("\n")
}

fn position(files: &SourceFiles, span: &Span) -> String {
    format!("{}:{}:{}", text::rel_path(files, span), span.line, span.column)
}

/// `file`, `line`, `col`, `endLine`, `endColumn` of `span`, leaving out
/// what is unknown.
fn span_properties(files: &SourceFiles, span: &Span) -> Vec<(&'static str, String)> {
    let mut properties = Vec::new();
    let file = text::rel_path(files, span);
    if !file.is_empty() {
        properties.push(("file", file.to_owned()));
    }
    if span.line > 0 {
        properties.push(("line", span.line.to_string()));
        if span.column > 0 {
            properties.push(("col", span.column.to_string()));
        }
        if (span.end_line, span.end_column) >= (span.line, span.column) {
            properties.push(("endLine", span.end_line.to_string()));
            if span.end_column > 0 && span.column > 0 {
                properties.push(("endColumn", span.end_column.to_string()));
            }
        }
    }
    properties
}

fn error_properties(error: &InputError) -> Vec<(&'static str, String)> {
    let mut properties = Vec::new();
    if !error.file.is_empty() {
        properties.push(("file", error.file.clone()));
    }
    if error.line > 0 {
        properties.push(("line", error.line.to_string()));
        if error.column > 0 {
            properties.push(("col", error.column.to_string()));
        }
    }
    properties
}

fn warning_properties(warning: &Warning, files: &SourceFiles) -> Vec<(&'static str, String)> {
    warning.span.map(|span| span_properties(files, &span)).unwrap_or_default()
}

/// A command's message: `%`, CR and LF are encoded.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: as [`escape_data`], and `:` and `,`, which would end it.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(escape_data("100% a:b,c\r\nd"), "100%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("100% a:b,c\r\nd"), "100%25 a%3Ab%2Cc%0D%0Ad");
        assert_eq!(escape_data("%0A"), "%250A", "an escape in the text stays text");
    }

    #[test]
    fn commands() {
        let with =
            command("error", vec![("file", "src/a,b.rs".to_owned()), ("line", "3".to_owned())], "x\ny");
        assert_eq!(with, "::error file=src/a%2Cb.rs,line=3::x%0Ay");
        assert_eq!(command("warning", Vec::new(), "no sink"), "::warning::no sink");
    }

    #[test]
    fn unknown_positions_are_left_out() {
        let error =
            InputError { file: String::new(), line: 0, column: 0, message: "bad manifest".to_owned() };
        assert_eq!(command("error", error_properties(&error), &error.message), "::error::bad manifest");
        let error = InputError { file: "src/x.rs".to_owned(), line: 4, column: 0, message: "m".to_owned() };
        assert_eq!(
            command("error", error_properties(&error), &error.message),
            "::error file=src/x.rs,line=4::m"
        );
    }
}
