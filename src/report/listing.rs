//! `cargo purpose markers` and `cargo purpose audit`: what the workspace
//! declares rather than what flows. Both print to stdout, as a table or as
//! JSON; input errors go with them (to stderr in the table form), since a
//! file that was not parsed is missing from the list.
//!
//! JSON shapes (`version` is bumped on incompatible changes):
//! - markers: `{"version": 1, "markers": [{"marker", "kind", "item", "file",
//!   "line", "column"}], "errors": [..]}`;
//! - audit: `{"version": 1, "approvals": [{"file", "line", "column",
//!   "end_line", "end_column", "item", "form", "reason"}], "errors": [..]}`.

use std::io::{self, Write};

use serde::Serialize;

use crate::finding::Report;
use crate::source::{InputError, SourceFiles};

use super::baseline::MarkerEntry;
use super::json::JsonSpan;
use super::{sorted, text};

const VERSION: u32 = 1;

#[derive(Serialize)]
struct MarkerList<'a> {
    version: u32,
    markers: Vec<MarkerEntry>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct ApprovalList<'a> {
    version: u32,
    approvals: Vec<JsonApproval<'a>>,
    errors: Vec<JsonError<'a>>,
}

#[derive(Serialize)]
struct JsonApproval<'a> {
    #[serde(flatten)]
    at: JsonSpan<'a>,
    item: &'a str,
    form: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonError<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

fn json_errors(report: &Report) -> Vec<JsonError<'_>> {
    sorted(&report.errors)
        .into_iter()
        .map(|e| JsonError { file: &e.file, line: e.line, column: e.column, message: &e.message })
        .collect()
}

fn write_errors(errors: &[InputError], err: &mut dyn Write) -> io::Result<()> {
    for error in sorted(errors) {
        match error.line {
            0 => writeln!(err, "error: {}: {}", error.file, error.message)?,
            line => writeln!(err, "error: {}:{line}:{}: {}", error.file, error.column, error.message)?,
        }
    }
    Ok(())
}

/// The inventory of markers, as a table or JSON.
pub fn emit_markers(
    report: &Report,
    files: &SourceFiles,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    let markers: Vec<MarkerEntry> = report
        .markers
        .iter()
        .map(|m| MarkerEntry {
            marker: m.marker.to_owned(),
            kind: m.kind.to_owned(),
            item: m.item.clone(),
            file: text::rel_path(files, &m.span).to_owned(),
            line: m.span.line,
            column: m.span.column,
        })
        .collect();
    if json {
        let list = MarkerList { version: VERSION, markers, errors: json_errors(report) };
        serde_json::to_writer_pretty(&mut *out, &list)?;
        return writeln!(out);
    }
    for m in &markers {
        let at = format!("{}:{}:{}", m.file, m.line, m.column);
        let marker = format!("#[{}]", m.marker);
        writeln!(out, "{at:<32} {marker:<19} {:<7} {}", m.kind, m.item)?;
    }
    let sources = markers.iter().filter(|m| m.marker == "security_only").count();
    writeln!(
        out,
        "{} ({sources} security_only, {} advertising_sink)",
        plural(markers.len(), "marker"),
        markers.len() - sources
    )?;
    write_errors(&report.errors, err)
}

/// Every approved flow with its reason, as a table or JSON.
pub fn emit_approvals(
    report: &Report,
    files: &SourceFiles,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    if json {
        let approvals = report
            .approvals
            .iter()
            .map(|a| JsonApproval {
                at: JsonSpan::of(files, &a.span),
                item: &a.item,
                form: a.form,
                reason: &a.reason,
            })
            .collect();
        let list = ApprovalList { version: VERSION, approvals, errors: json_errors(report) };
        serde_json::to_writer_pretty(&mut *out, &list)?;
        return writeln!(out);
    }
    for a in &report.approvals {
        let at = format!("{}:{}:{}", text::rel_path(files, &a.span), a.span.line, a.span.column);
        writeln!(out, "{at}: {} in `{}`", a.form, a.item)?;
        writeln!(out, "    reason: {}", a.reason)?;
    }
    writeln!(out, "{}", plural(report.approvals.len(), "approved flow"))?;
    write_errors(&report.errors, err)
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
