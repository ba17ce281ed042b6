//! `--format human`: codespan-reporting diagnostics, then one summary line.
//!
//! A finding becomes one diagnostic whose labels span files: the primary label
//! sits on the sink call, where the reviewer has to act, and secondary labels
//! show the source declaration and each step in between.

use std::collections::BTreeSet;
use std::io::{self, Write};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic, Label, LabelStyle};
use codespan_reporting::files::{Error as FilesError, SimpleFiles};
use codespan_reporting::term::termcolor::{Ansi, ColorSpec, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use crate::finding::{Finding, Warning};
use crate::source::{InputError, SourceFiles, Span};

use super::baseline::{removed_marker_text, Entry, MarkerEntry};
use super::{sorted, text, View};

pub(super) const PRIMARY_LABEL: &str = "security-only data reaches the advertising sink here";
pub(super) const HELP: &str = "help: pass only data collected for advertising, or approve this flow \
                    explicitly with a reasoned declassification (see README)";

/// Write the diagnostics for `view` to `out`, with ANSI colours when
/// `color` is set.
pub(super) fn emit(view: &View<'_>, color: bool, out: &mut dyn Write) -> io::Result<()> {
    if color {
        render(view, &mut Ansi::new(out))
    } else {
        render(view, &mut NoColor::new(out))
    }
}

fn render(view: &View<'_>, out: &mut dyn WriteColor) -> io::Result<()> {
    let (report, files) = (view.report, view.files);
    // Added in `FileId` order, so a codespan file id is `FileId.0`.
    let mut database = SimpleFiles::new();
    for file in &files.files {
        database.add(file.rel_path.clone(), Arc::clone(&file.text));
    }
    let config = Config::default();
    let mut diagnostics: Vec<Diagnostic<usize>> =
        view.findings.iter().map(|(finding, _)| finding_diagnostic(finding, files)).collect();
    diagnostics.extend(view.removed_markers().iter().map(|marker| removed_marker_diagnostic(marker, files)));
    diagnostics.extend(sorted(&report.errors).into_iter().map(|error| error_diagnostic(error, files)));
    diagnostics
        .extend(sorted(&report.warnings).into_iter().map(|warning| warning_diagnostic(warning, files)));
    if let Some(fixed) = view.baseline.as_ref().and_then(|baseline| fixed_note(baseline.fixed)) {
        diagnostics.push(fixed);
    }
    for diagnostic in &diagnostics {
        term::emit(out, &config, &database, diagnostic).map_err(into_io_error)?;
    }
    out.set_color(ColorSpec::new().set_bold(true))?;
    write!(out, "{}", summary(view))?;
    out.reset()?;
    writeln!(out)
}

/// One finding as the human format prints it, without colour: the
/// `rendered` text of other formats.
pub(super) fn render_finding(finding: &Finding, files: &SourceFiles) -> String {
    let mut database = SimpleFiles::new();
    for file in &files.files {
        database.add(file.rel_path.clone(), Arc::clone(&file.text));
    }
    let mut out = NoColor::new(Vec::new());
    let _ = term::emit(&mut out, &Config::default(), &database, &finding_diagnostic(finding, files));
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// A marker the baseline recorded and the code no longer has, labelled at
/// its old position when that file still exists.
fn removed_marker_diagnostic(marker: &MarkerEntry, files: &SourceFiles) -> Diagnostic<usize> {
    let known = files.files.iter().enumerate().find(|(_, file)| file.rel_path == marker.file);
    let labels = known
        .map(|(id, file)| {
            let start = text::byte_offset(&file.text, marker.line, marker.column);
            let end = text::byte_offset(&file.text, marker.line, marker.column.saturating_add(1));
            Label::primary(id, start..end.max(start))
                .with_message("the marker was here when the baseline was written")
        })
        .into_iter()
        .collect();
    Diagnostic::error()
        .with_code(crate::finding::RULE_MARKER_REMOVED)
        .with_message(removed_marker_text(marker))
        .with_labels(labels)
        .with_notes(vec![
            "help: restore the marker; if removing it was reviewed and approved, rewrite the baseline \
             with `--write-baseline FILE`"
                .to_owned(),
        ])
}

fn finding_diagnostic(finding: &Finding, files: &SourceFiles) -> Diagnostic<usize> {
    let source_label = format!("security-only source: `{}`", finding.source.label);
    let labels = [(LabelStyle::Primary, &finding.sink.span, PRIMARY_LABEL)]
        .into_iter()
        .chain([(LabelStyle::Secondary, &finding.source.span, source_label.as_str())])
        .chain(finding.steps.iter().map(|step| (LabelStyle::Secondary, &step.span, step.note.as_str())))
        .filter_map(|(style, span, message)| {
            label(files, style, span).map(|label| label.with_message(message))
        })
        .collect();
    Diagnostic::error()
        .with_code(finding.rule)
        .with_message(finding.message())
        .with_labels(labels)
        .with_notes(vec![path_note(finding, files), HELP.to_owned()])
}

/// The whole flow in one place, in order, for reviewers reading a log where
/// labels in several files are hard to follow.
fn path_note(finding: &Finding, files: &SourceFiles) -> String {
    let source = format!("path: {} source `{}`", position(files, &finding.source.span), finding.source.label);
    let steps =
        finding.steps.iter().map(|step| format!("    -> {} {}", position(files, &step.span), step.note));
    let sink = format!(
        "    -> {} sink `{}` called in `{}`",
        position(files, &finding.sink.span),
        finding.sink.function,
        finding.sink.enclosing
    );
    [source].into_iter().chain(steps).chain([sink]).collect::<Vec<_>>().join("\n")
}

fn position(files: &SourceFiles, span: &Span) -> String {
    format!("{}:{}:{}", text::rel_path(files, span), span.line, span.column)
}

/// An input error points into its file when the run knows that file;
/// otherwise its position goes into the message.
fn error_diagnostic(error: &InputError, files: &SourceFiles) -> Diagnostic<usize> {
    let known = files.files.iter().enumerate().find(|(_, file)| file.rel_path == error.file);
    match known {
        Some((id, file)) if error.line > 0 => {
            let start = text::byte_offset(&file.text, error.line, error.column);
            let end = text::byte_offset(&file.text, error.line, error.column.saturating_add(1));
            Diagnostic::error()
                .with_message(&error.message)
                .with_label(Label::primary(id, start..end.max(start)))
        }
        _ if error.line > 0 => Diagnostic::error()
            .with_message(format!("{}:{}:{}: {}", error.file, error.line, error.column, error.message)),
        _ => Diagnostic::error().with_message(format!("{}: {}", error.file, error.message)),
    }
}

fn warning_diagnostic(warning: &Warning, files: &SourceFiles) -> Diagnostic<usize> {
    let labels = warning.span.and_then(|span| label(files, LabelStyle::Primary, &span)).into_iter().collect();
    Diagnostic::warning().with_message(&warning.message).with_labels(labels)
}

/// A label on `span`, or `None` when its file is unknown to this run.
fn label(files: &SourceFiles, style: LabelStyle, span: &Span) -> Option<Label<usize>> {
    let file = text::file(files, span.file)?;
    let id = usize::try_from(span.file.0).ok()?;
    Some(Label::new(style, id, text::byte_range(&file.text, span)))
}

/// Baseline entries that no longer occur, so that the baseline gets
/// pruned instead of silently accepting a flow that comes back later.
fn fixed_note(fixed: &[Entry]) -> Option<Diagnostic<usize>> {
    if fixed.is_empty() {
        return None;
    }
    let entries: Vec<String> = fixed.iter().map(Entry::describe).collect();
    let message = if fixed.len() == 1 {
        format!("1 baseline entry no longer occurs: {}", entries.join(", "))
    } else {
        format!("{} baseline entries no longer occur: {}", fixed.len(), entries.join(", "))
    };
    Some(
        Diagnostic::note().with_message(message).with_notes(vec![
            "help: rewrite the baseline with `--write-baseline FILE` to drop them".to_owned(),
        ]),
    )
}

/// `2 findings in 1 file, 1 error (analysis incomplete)`, or
/// `no findings (3 files, 12 functions analysed)`; with a baseline,
/// `1 new finding in 1 file, 2 known from the baseline`.
fn summary(view: &View<'_>) -> String {
    let report = view.report;
    let noun = if view.baseline.is_some() { "new finding" } else { "finding" };
    let mut line = if view.findings.is_empty() {
        format!(
            "no {noun}s ({}, {} analysed)",
            count(report.files, "file"),
            count(report.functions, "function")
        )
    } else {
        let sink_files: BTreeSet<_> =
            view.findings.iter().map(|(finding, _)| finding.sink.span.file).collect();
        format!("{} in {}", count(view.findings.len(), noun), count(sink_files.len(), "file"))
    };
    let removed = view.removed_markers().len();
    if removed > 0 {
        line = format!("{line}, {}", count(removed, "removed marker"));
    }
    if let Some(baseline) = view.baseline.as_ref().filter(|baseline| baseline.known > 0) {
        line = format!("{line}, {} known from the baseline", baseline.known);
    }
    if !report.errors.is_empty() {
        let errors = count(report.errors.len(), "error");
        line = format!("{line}, {errors} (analysis incomplete)");
    }
    line
}

fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn into_io_error(error: FilesError) -> io::Error {
    match error {
        FilesError::Io(error) => error,
        other => io::Error::other(other.to_string()),
    }
}
