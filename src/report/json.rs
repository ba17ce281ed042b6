//! `--format json`: the machine-readable report of CONTRACT.md.
//!
//! The structs below mirror the contract field by field; serde writes struct
//! fields in declaration order, so the key order is part of this file.
//!
//! One addition to the contract: a `warnings` array after `errors`, each entry
//! `{"file"?, "line"?, "column"?, "message"}` (position omitted when the
//! warning has none). Warnings do not change the verdict, but a reviewer or CI
//! step should be able to show them.
//!
//! A second addition, only with `--baseline`: `findings` holds only the
//! findings that the baseline does not know, and a top-level
//! `fixed_baseline_entries` array (after `warnings`) lists the baseline
//! entries that no longer occur, each as written in the baseline file:
//! `{"id", "rule", "source", "sink", "sink_file"}`. `summary.findings`
//! counts the findings shown.
//!
//! Also only with `--baseline`, a top-level `removed_markers` array (after
//! `fixed_baseline_entries`): the markers the baseline recorded that are
//! gone, each `{"rule": "marker-removed", "message", "marker", "kind",
//! "item", "file", "line", "column"}` at its old position. They fail the
//! gate like new findings; `summary.removed_markers` counts them.

use std::io::{self, Write};

use serde::Serialize;

use crate::finding::{Finding, Warning};
use crate::source::{InputError, SourceFiles, Span};

use super::baseline::{removed_marker_text, Entry, MarkerEntry};
use super::{sorted, text, View};

/// Bumped on any incompatible change to the shape below.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    findings: Vec<JsonFinding<'a>>,
    errors: Vec<JsonError<'a>>,
    warnings: Vec<JsonWarning<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed_baseline_entries: Option<&'a [Entry]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed_markers: Option<Vec<JsonRemovedMarker<'a>>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonRemovedMarker<'a> {
    rule: &'static str,
    message: String,
    #[serde(flatten)]
    marker: &'a MarkerEntry,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    id: &'a str,
    rule: &'a str,
    message: String,
    source: JsonSource<'a>,
    sink: JsonSink<'a>,
    steps: Vec<JsonStep<'a>>,
}

/// Where something is: the fields every located JSON record starts with.
#[derive(Serialize)]
pub(super) struct JsonSpan<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

impl<'a> JsonSpan<'a> {
    pub(super) fn of(files: &'a SourceFiles, span: &Span) -> JsonSpan<'a> {
        JsonSpan {
            file: text::rel_path(files, span),
            line: span.line,
            column: span.column,
            end_line: span.end_line,
            end_column: span.end_column,
        }
    }
}

#[derive(Serialize)]
struct JsonSource<'a> {
    #[serde(flatten)]
    at: JsonSpan<'a>,
    label: &'a str,
}

#[derive(Serialize)]
struct JsonSink<'a> {
    #[serde(flatten)]
    at: JsonSpan<'a>,
    function: &'a str,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    #[serde(flatten)]
    at: JsonSpan<'a>,
    note: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonWarning<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    column: Option<u32>,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    functions: usize,
    findings: usize,
    errors: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    removed_markers: Option<usize>,
}

/// Write `report` as pretty-printed JSON (2-space indent) and a newline.
pub(super) fn emit(view: &View<'_>, out: &mut dyn Write) -> io::Result<()> {
    let (report, files) = (view.report, view.files);
    let document = JsonReport {
        version: VERSION,
        findings: view.findings.iter().map(|&(finding, id)| json_finding(finding, id, files)).collect(),
        errors: sorted(&report.errors).into_iter().map(json_error).collect(),
        warnings: sorted(&report.warnings).into_iter().map(|warning| json_warning(warning, files)).collect(),
        fixed_baseline_entries: view.baseline.as_ref().map(|baseline| baseline.fixed),
        removed_markers: view.baseline.as_ref().map(|baseline| {
            baseline
                .removed_markers
                .iter()
                .map(|marker| JsonRemovedMarker {
                    rule: crate::finding::RULE_MARKER_REMOVED,
                    message: removed_marker_text(marker),
                    marker,
                })
                .collect()
        }),
        summary: JsonSummary {
            files: report.files,
            functions: report.functions,
            findings: view.findings.len(),
            errors: report.errors.len(),
            removed_markers: view.baseline.as_ref().map(|baseline| baseline.removed_markers.len()),
        },
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

fn json_finding<'a>(finding: &'a Finding, id: &'a str, files: &'a SourceFiles) -> JsonFinding<'a> {
    JsonFinding {
        id,
        rule: finding.rule,
        message: finding.message(),
        source: JsonSource { at: JsonSpan::of(files, &finding.source.span), label: &finding.source.label },
        sink: JsonSink { at: JsonSpan::of(files, &finding.sink.span), function: &finding.sink.function },
        steps: finding
            .steps
            .iter()
            .map(|step| JsonStep { at: JsonSpan::of(files, &step.span), note: &step.note })
            .collect(),
    }
}

fn json_error(error: &InputError) -> JsonError<'_> {
    JsonError { file: &error.file, line: error.line, column: error.column, message: &error.message }
}

fn json_warning<'a>(warning: &'a Warning, files: &'a SourceFiles) -> JsonWarning<'a> {
    JsonWarning {
        file: warning.span.as_ref().map(|span| text::rel_path(files, span)),
        line: warning.span.map(|span| span.line),
        column: warning.span.map(|span| span.column),
        message: &warning.message,
    }
}
