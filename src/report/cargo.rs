//! `--message-format json`: cargo's JSON messages, one object per line on
//! stdout, so that editors and tools that read `cargo check
//! --message-format json` show findings as they show compiler errors
//! (rust-analyzer's `check.overrideCommand`, `cargo_metadata::Message`).
//!
//! Each finding is a `compiler-message` record whose `message` is a rustc
//! diagnostic: code `purpose::<rule>`, level `error`, the primary span on
//! the sink call, secondary spans on the source declaration and every step,
//! a `note` child per step and a `help` child, and `rendered` as the human
//! format prints it. Input errors and warnings are records too (an error
//! without a position has no span). The last line is
//! `{"reason":"build-finished","success":..}`, `success` being whether the
//! exit status is 0.
//!
//! Spans name files by absolute path, which every consumer accepts however
//! its workspace root is set. `package_id`, `manifest_path` and `target` are
//! those of the package whose directory holds the sink's file (read from
//! its `Cargo.toml`; the target is guessed from the file's place in the
//! package, as cargo lays targets out).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::finding::{Finding, Warning};
use crate::source::{InputError, SourceFile, SourceFiles, Span};

use super::baseline::MarkerEntry;
use super::{human, sorted, text, View};

#[derive(Serialize)]
struct CompilerMessage<'a> {
    reason: &'static str,
    package_id: String,
    manifest_path: String,
    target: &'a Target,
    message: Diagnostic,
}

#[derive(Serialize)]
struct BuildFinished {
    reason: &'static str,
    success: bool,
}

/// A cargo target, with the fields `cargo_metadata::Target` requires.
#[derive(Clone, Serialize)]
struct Target {
    kind: Vec<&'static str>,
    crate_types: Vec<&'static str>,
    name: String,
    src_path: String,
    edition: String,
    doc: bool,
    doctest: bool,
    test: bool,
}

/// A rustc JSON diagnostic.
#[derive(Serialize)]
struct Diagnostic {
    #[serde(rename = "$message_type", skip_serializing_if = "Option::is_none")]
    message_type: Option<&'static str>,
    message: String,
    code: Option<Code>,
    level: &'static str,
    spans: Vec<DiagnosticSpan>,
    children: Vec<Diagnostic>,
    rendered: Option<String>,
}

#[derive(Serialize)]
struct Code {
    code: String,
    explanation: Option<String>,
}

#[derive(Serialize)]
struct DiagnosticSpan {
    file_name: String,
    byte_start: usize,
    byte_end: usize,
    line_start: u32,
    line_end: u32,
    column_start: u32,
    column_end: u32,
    is_primary: bool,
    text: Vec<()>,
    label: Option<String>,
    suggested_replacement: Option<String>,
    suggestion_applicability: Option<String>,
    expansion: Option<()>,
}

/// The package a file belongs to.
struct Package {
    id: String,
    manifest_path: String,
    target: Target,
}

pub(super) fn emit(view: &View<'_>, success: bool, out: &mut dyn Write) -> io::Result<()> {
    let files = view.files;
    let mut packages = Packages::default();
    for &(finding, id) in &view.findings {
        let message = finding_message(finding, id, files);
        let file = text::file(files, finding.sink.span.file);
        record(out, packages.of(file.map(|f| f.abs_path.as_path()), files), message)?;
    }
    if let Some(baseline) = &view.baseline {
        for marker in baseline.removed_markers {
            let file = files.files.iter().find(|f| f.rel_path == marker.file);
            let message = removed_marker_message(marker, file);
            record(out, packages.of(file.map(|f| f.abs_path.as_path()), files), message)?;
        }
    }
    for error in sorted(&view.report.errors) {
        let file = files.files.iter().find(|f| f.rel_path == error.file);
        let message = error_message(error, file);
        record(out, packages.of(file.map(|f| f.abs_path.as_path()), files), message)?;
    }
    for warning in sorted(&view.report.warnings) {
        let file = warning.span.and_then(|span| text::file(files, span.file));
        let message = warning_message(warning, files);
        record(out, packages.of(file.map(|f| f.abs_path.as_path()), files), message)?;
    }
    serde_json::to_writer(&mut *out, &BuildFinished { reason: "build-finished", success })?;
    writeln!(out)
}

fn record(out: &mut dyn Write, package: &Package, message: Diagnostic) -> io::Result<()> {
    let record = CompilerMessage {
        reason: "compiler-message",
        package_id: package.id.clone(),
        manifest_path: package.manifest_path.clone(),
        target: &package.target,
        message,
    };
    serde_json::to_writer(&mut *out, &record)?;
    writeln!(out)
}

fn finding_message(finding: &Finding, id: &str, files: &SourceFiles) -> Diagnostic {
    let mut spans: Vec<DiagnosticSpan> = Vec::new();
    spans.extend(span(files, &finding.sink.span, true, human::PRIMARY_LABEL));
    let source_label = format!("security-only source: `{}`", finding.source.label);
    spans.extend(span(files, &finding.source.span, false, &source_label));
    for step in &finding.steps {
        spans.extend(span(files, &step.span, false, &step.note));
    }
    let mut children: Vec<Diagnostic> = finding
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let mut child = child("note", format!("step {}: {}", i + 1, step.note));
            child.spans.extend(span(files, &step.span, true, ""));
            child
        })
        .collect();
    children.push(child("note", format!("finding id: {id} (what a baseline records)")));
    children.push(child("help", human::HELP.trim_start_matches("help: ").to_owned()));
    Diagnostic {
        message_type: Some("diagnostic"),
        message: finding.message(),
        code: Some(code(finding.rule)),
        level: "error",
        spans,
        children,
        rendered: Some(human::render_finding(finding, files)),
    }
}

fn removed_marker_message(marker: &MarkerEntry, file: Option<&SourceFile>) -> Diagnostic {
    let message = super::baseline::removed_marker_text(marker);
    let mut spans = Vec::new();
    if let Some(file) = file {
        let at = Span {
            file: crate::source::FileId::default(),
            line: marker.line,
            column: marker.column,
            end_line: marker.line,
            end_column: marker.column.saturating_add(1),
        };
        spans.push(span_in(file, &at, true, "the marker was here when the baseline was written"));
    }
    Diagnostic {
        message_type: Some("diagnostic"),
        rendered: Some(format!(
            "error[{}]: {message}\n  --> {}:{}:{}\n\n",
            crate::finding::RULE_MARKER_REMOVED,
            marker.file,
            marker.line,
            marker.column
        )),
        message,
        code: Some(code(crate::finding::RULE_MARKER_REMOVED)),
        level: "error",
        spans,
        children: vec![child(
            "help",
            "restore the marker, or rewrite the baseline with `--write-baseline` if the change is reviewed"
                .to_owned(),
        )],
    }
}

fn error_message(error: &InputError, file: Option<&SourceFile>) -> Diagnostic {
    let mut spans = Vec::new();
    if let (Some(file), true) = (file, error.line > 0) {
        let at = Span {
            file: crate::source::FileId::default(),
            line: error.line,
            column: error.column,
            end_line: error.line,
            end_column: error.column.saturating_add(1),
        };
        spans.push(span_in(file, &at, true, ""));
    }
    let position = match error.line {
        0 => error.file.clone(),
        line => format!("{}:{line}:{}", error.file, error.column),
    };
    Diagnostic {
        message_type: Some("diagnostic"),
        message: error.message.clone(),
        code: None,
        level: "error",
        spans,
        children: Vec::new(),
        rendered: Some(format!("error: {}\n  --> {position}\n\n", error.message)),
    }
}

fn warning_message(warning: &Warning, files: &SourceFiles) -> Diagnostic {
    let spans = warning.span.and_then(|at| span(files, &at, true, "")).into_iter().collect();
    Diagnostic {
        message_type: Some("diagnostic"),
        message: warning.message.clone(),
        code: None,
        level: "warning",
        spans,
        children: Vec::new(),
        rendered: Some(format!("warning: {}\n\n", warning.message)),
    }
}

fn code(rule: &str) -> Code {
    Code { code: format!("purpose::{rule}"), explanation: None }
}

fn child(level: &'static str, message: String) -> Diagnostic {
    Diagnostic {
        message_type: None,
        message,
        code: None,
        level,
        spans: Vec::new(),
        children: Vec::new(),
        rendered: None,
    }
}

fn span(files: &SourceFiles, at: &Span, is_primary: bool, label: &str) -> Option<DiagnosticSpan> {
    text::file(files, at.file).map(|file| span_in(file, at, is_primary, label))
}

fn span_in(file: &SourceFile, at: &Span, is_primary: bool, label: &str) -> DiagnosticSpan {
    let range = text::byte_range(&file.text, at);
    DiagnosticSpan {
        file_name: file.abs_path.display().to_string(),
        byte_start: range.start,
        byte_end: range.end,
        line_start: at.line.max(1),
        line_end: at.end_line.max(at.line).max(1),
        column_start: at.column.max(1),
        column_end: at.end_column.max(1),
        is_primary,
        text: Vec::new(),
        label: (!label.is_empty()).then(|| label.to_owned()),
        suggested_replacement: None,
        suggestion_applicability: None,
        expansion: None,
    }
}

/// Packages found so far, by directory.
#[derive(Default)]
struct Packages {
    by_dir: BTreeMap<PathBuf, Package>,
    unknown: Option<Package>,
}

impl Packages {
    /// The package of the file at `path`: the nearest directory above it
    /// with a `Cargo.toml` that has a `[package]`. Without one (a
    /// standalone `.rs` file), a package named after the file's directory.
    fn of(&mut self, path: Option<&Path>, files: &SourceFiles) -> &Package {
        let dir = path.and_then(|path| {
            path.ancestors().skip(1).find(|dir| package_manifest(&dir.join("Cargo.toml")).is_some())
        });
        match (dir, path) {
            (Some(dir), Some(path)) => {
                let dir = dir.to_path_buf();
                let path = path.to_path_buf();
                self.by_dir.entry(dir.clone()).or_insert_with(|| package(&dir, &path))
            }
            _ => self.unknown.get_or_insert_with(|| standalone(path, files)),
        }
    }
}

/// `[package]` name, version and edition of the manifest at `path`.
fn package_manifest(path: &Path) -> Option<(String, String, String)> {
    let text = std::fs::read_to_string(path).ok()?;
    let value: toml::Table = text.parse().ok()?;
    let package = value.get("package")?.as_table()?;
    let name = package.get("name")?.as_str()?.to_owned();
    let version = package.get("version").and_then(|v| v.as_str()).unwrap_or("0.0.0").to_owned();
    // `edition.workspace = true` and the like: cargo's current default.
    let edition = package.get("edition").and_then(|v| v.as_str()).unwrap_or("2021").to_owned();
    Some((name, version, edition))
}

fn package(dir: &Path, file: &Path) -> Package {
    let manifest = dir.join("Cargo.toml");
    let (name, version, edition) =
        package_manifest(&manifest).unwrap_or_else(|| ("unknown".into(), "0.0.0".into(), "2021".into()));
    let rel: Vec<String> = file
        .strip_prefix(dir)
        .map(|rel| rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    let stem = |s: &str| s.trim_end_matches(".rs").to_owned();
    let crate_name = name.replace('-', "_");
    let (kind, target_name, src) = match rel.as_slice() {
        [src, bin, file] if src == "src" && bin == "bin" => ("bin", stem(file), dir.join(rel.join("/"))),
        [src, bin, sub, ..] if src == "src" && bin == "bin" => {
            ("bin", sub.clone(), dir.join("src/bin").join(sub).join("main.rs"))
        }
        [top, file, ..] if matches!(top.as_str(), "tests" | "examples" | "benches") => {
            let kind = match top.as_str() {
                "tests" => "test",
                "examples" => "example",
                _ => "bench",
            };
            (kind, stem(file), dir.join(top).join(file))
        }
        _ if dir.join("src/lib.rs").is_file() => ("lib", crate_name, dir.join("src/lib.rs")),
        _ => ("bin", name.clone(), dir.join("src/main.rs")),
    };
    let crate_type = if kind == "lib" { "lib" } else { "bin" };
    Package {
        id: format!("path+{}#{name}@{version}", file_url(dir)),
        manifest_path: manifest.display().to_string(),
        target: Target {
            kind: vec![kind],
            crate_types: vec![crate_type],
            name: target_name,
            src_path: src.display().to_string(),
            edition,
            doc: kind == "lib",
            doctest: kind == "lib",
            test: true,
        },
    }
}

fn standalone(path: Option<&Path>, files: &SourceFiles) -> Package {
    let file = path.map(Path::to_path_buf).or_else(|| files.files.first().map(|f| f.abs_path.clone()));
    let dir = file.as_deref().and_then(Path::parent).map(Path::to_path_buf).unwrap_or_default();
    let name = file
        .as_deref()
        .and_then(Path::file_stem)
        .map_or_else(|| "standalone".to_owned(), |s| s.to_string_lossy().replace('-', "_"));
    Package {
        id: format!("path+{}#{name}@0.0.0", file_url(&dir)),
        manifest_path: dir.join("Cargo.toml").display().to_string(),
        target: Target {
            kind: vec!["bin"],
            crate_types: vec!["bin"],
            name,
            src_path: file.unwrap_or_default().display().to_string(),
            edition: "2021".to_owned(),
            doc: false,
            doctest: false,
            test: true,
        },
    }
}

fn file_url(dir: &Path) -> String {
    let path = dir.display().to_string().replace('\\', "/");
    if path.starts_with('/') {
        format!("file://{path}")
    } else {
        format!("file:///{path}")
    }
}
