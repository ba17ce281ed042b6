//! `--format sarif`: SARIF 2.1.0 for code scanning (GitHub, Azure DevOps,
//! IDE viewers), built with the `serde-sarif` types.
//!
//! One run; one rule per finding kind. A result sits on the sink call (where
//! the reviewer acts), points at the source declaration as its related
//! location, and carries the whole path as a code flow. File URIs are
//! relative to `%SRCROOT%`, which `originalUriBaseIds` maps to the scanned
//! root, so that code scanning places them in the repository. Input errors
//! and warnings become tool execution notifications, and a run with errors
//! is marked `executionSuccessful: false`.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde_json::json;
use serde_sarif::sarif::{
    ArtifactLocation, CodeFlow, Invocation, Location, LogicalLocation, Message, MultiformatMessageString,
    Notification, PhysicalLocation, PropertyBag, Region, ReportingConfiguration, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, ThreadFlow, ThreadFlowLocation, Tool, ToolComponent,
};

use crate::finding::{Finding, Warning, RULE_MARKER_REMOVED, RULE_SECURITY_TO_ADVERTISING};
use crate::source::{InputError, SourceFile, SourceFiles, Span};

use super::baseline::{removed_marker_text, Entry, MarkerEntry};
use super::{sorted, text, View};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SARIF_VERSION: &str = "2.1.0";
const TOOL_NAME: &str = "cargo-purpose";
/// Where users learn about the tool and its annotations.
const INFORMATION_URI: &str = "https://crates.io/crates/cargo-purpose";
/// The base every relative artifact URI is resolved against.
const SRCROOT: &str = "%SRCROOT%";
/// Our key in `partialFingerprints`: the finding id, versioned so that a
/// change of id scheme can get a new key.
const FINGERPRINT_KEY: &str = "cargoPurpose/v1";
/// `relatedLocations[].id` of the source declaration, which the result
/// message links to.
const SOURCE_LOCATION_ID: i64 = 1;

const RULE_NAME: &str = "SecurityOnlyDataReachesAdvertising";
const RULE_SHORT: &str = "Security-only data reaches an advertising sink.";
const RULE_FULL: &str = "Data marked #[security_only], collected only for security (two-factor phone \
     numbers, recovery e-mail addresses, TOTP secrets, device fingerprints), or a value derived from \
     it, is passed to a function marked #[advertising_sink], which hands data to advertising.";
const RULE_HELP_TEXT: &str = "Data marked #[security_only] was collected for security only. This \
     result shows a path along which such data, or a value derived from it (a copy, a hash, a \
     formatted string, a struct holding it), reaches a call of a function marked \
     #[advertising_sink]. The result is placed on the sink call; its code flow leads from the \
     annotated source to that call. Fix: pass only data collected for advertising to the sink, or, \
     if this use is approved, declassify the value explicitly with a reason (see the cargo-purpose \
     README) so that reviewers see the approval.";
const RULE_HELP_MARKDOWN: &str = "\
Data marked `#[security_only]` was collected for security only: two-factor phone numbers, \
recovery e-mail addresses, TOTP secrets, device fingerprints. This result shows a path along \
which such data, or a value derived from it (a copy, a hash, a formatted string, a struct \
holding it), reaches a call of a function marked `#[advertising_sink]`.

The result is placed on the sink call. Its code flow leads from the annotated source to that \
call, step by step.

## How to fix

- Pass only data collected for advertising to the sink.
- If this use is approved, declassify the value explicitly with a reason (see the \
cargo-purpose README), so that reviewers see the approval.

## Example

```rust
#[purpose]
pub struct Account {
    #[security_only]
    pub two_factor_phone: String,
}

#[advertising_sink]
pub fn add_to_audience(key: &str) {}

pub fn sync(account: &Account) {
    add_to_audience(&account.two_factor_phone); // reported here
}
```
";

/// Write `view` as one pretty-printed SARIF log and a newline.
pub(super) fn emit(view: &View<'_>, out: &mut dyn Write) -> io::Result<()> {
    let sarif = Sarif::builder().schema(SCHEMA).version(json!(SARIF_VERSION)).runs(vec![run(view)]).build();
    serde_json::to_writer_pretty(&mut *out, &sarif)?;
    writeln!(out)
}

fn run(view: &View<'_>) -> Run {
    let files = view.files;
    let mut results: Vec<SarifResult> =
        view.findings.iter().map(|&(finding, id)| result(finding, id, files)).collect();
    results.extend(view.removed_markers().iter().map(removed_marker_result));
    let mut base_ids = BTreeMap::new();
    if let Some(root) = scanned_root(files) {
        base_ids
            .insert(SRCROOT.to_owned(), ArtifactLocation { uri: Some(dir_uri(&root)), ..Default::default() });
    }
    let mut notifications: Vec<Notification> =
        sorted(&view.report.errors).into_iter().map(error_notification).collect();
    notifications.extend(sorted(&view.report.warnings).into_iter().map(|w| warning_notification(w, files)));
    if let Some(baseline) = &view.baseline {
        notifications.extend(fixed_notification(baseline.fixed));
    }
    let invocation = Invocation::builder()
        .execution_successful(view.report.errors.is_empty())
        .tool_execution_notifications(notifications)
        .build();
    let run = Run::builder()
        .tool(tool())
        .invocations(vec![invocation])
        .column_kind(json!("unicodeCodePoints"))
        .results(results);
    if base_ids.is_empty() {
        run.build()
    } else {
        // `run` changes type with each setter, so the optional one comes last.
        run.original_uri_base_ids(base_ids).build()
    }
}

fn tool() -> Tool {
    let version = env!("CARGO_PKG_VERSION");
    let driver = ToolComponent::builder()
        .name(TOOL_NAME)
        .version(version)
        .semantic_version(version)
        .information_uri(INFORMATION_URI)
        .rules(vec![rule(), marker_rule()])
        .build();
    Tool::builder().driver(driver).build()
}

fn rule() -> ReportingDescriptor {
    let mut properties =
        PropertyBag { tags: Some(vec!["security".to_owned(), "privacy".to_owned()]), ..Default::default() };
    properties.additional_properties.insert("precision".to_owned(), json!("high"));
    properties.additional_properties.insert("problem.severity".to_owned(), json!("error"));
    ReportingDescriptor::builder()
        .id(RULE_SECURITY_TO_ADVERTISING)
        .name(RULE_NAME)
        .short_description(plain(RULE_SHORT))
        .full_description(plain(RULE_FULL))
        .help(MultiformatMessageString::builder().text(RULE_HELP_TEXT).markdown(RULE_HELP_MARKDOWN).build())
        .help_uri(INFORMATION_URI)
        .default_configuration(ReportingConfiguration { level: Some(json!("error")), ..Default::default() })
        .properties(properties)
        .build()
}

fn plain(text: &str) -> MultiformatMessageString {
    MultiformatMessageString::builder().text(text).build()
}

fn message(text: impl Into<String>) -> Message {
    Message { text: Some(text.into()), ..Default::default() }
}

fn result(finding: &Finding, id: &str, files: &SourceFiles) -> SarifResult {
    let source = &finding.source;
    let sink = &finding.sink;
    let sink_location = Location {
        physical_location: physical(files, &sink.span),
        logical_locations: Some(vec![LogicalLocation {
            fully_qualified_name: Some(sink.enclosing.clone()),
            kind: Some("function".to_owned()),
            ..Default::default()
        }]),
        ..Default::default()
    };
    let source_location = Location {
        id: Some(SOURCE_LOCATION_ID),
        physical_location: physical(files, &source.span),
        message: Some(message(format!("security-only source `{}`", source.label))),
        ..Default::default()
    };
    let text = format!(
        "Security-only value `{}` reaches advertising sink `{}` in `{}`.",
        source.label, sink.function, sink.enclosing
    );
    let markdown = format!(
        "Security-only value [`{}`]({SOURCE_LOCATION_ID}) reaches advertising sink `{}` in `{}`.",
        source.label, sink.function, sink.enclosing
    );
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_owned(), id.to_owned());
    let mut result = SarifResult::builder()
        .rule_id(finding.rule)
        .level(ResultLevel::Error)
        .message(Message { text: Some(text), markdown: Some(markdown), ..Default::default() })
        .locations(vec![sink_location])
        .related_locations(vec![source_location])
        .code_flows(vec![code_flow(finding, files)])
        .partial_fingerprints(fingerprints)
        .build();
    result.rule_index = rule_index(finding.rule);
    result
}

/// The position of `rule` in the driver's rules, when it is one of them.
fn rule_index(rule: &str) -> Option<i64> {
    match rule {
        RULE_SECURITY_TO_ADVERTISING => Some(0),
        RULE_MARKER_REMOVED => Some(1),
        _ => None,
    }
}

const MARKER_RULE_NAME: &str = "MarkerRemoved";
const MARKER_RULE_SHORT: &str = "A marker recorded in the baseline is gone.";
const MARKER_RULE_HELP: &str = "The baseline recorded a #[security_only] or #[advertising_sink] \
     marker on this item, and the code no longer has it there. Deleting a marker is the cheapest \
     way to silence the gate, so a reviewer has to see it. Restore the marker, or, if removing it \
     was reviewed and approved, rewrite the baseline with --write-baseline.";

fn marker_rule() -> ReportingDescriptor {
    let mut properties =
        PropertyBag { tags: Some(vec!["security".to_owned(), "privacy".to_owned()]), ..Default::default() };
    properties.additional_properties.insert("precision".to_owned(), json!("high"));
    properties.additional_properties.insert("problem.severity".to_owned(), json!("error"));
    ReportingDescriptor::builder()
        .id(RULE_MARKER_REMOVED)
        .name(MARKER_RULE_NAME)
        .short_description(plain(MARKER_RULE_SHORT))
        .full_description(plain(MARKER_RULE_HELP))
        .help(MultiformatMessageString::builder().text(MARKER_RULE_HELP).markdown(MARKER_RULE_HELP).build())
        .help_uri(INFORMATION_URI)
        .default_configuration(ReportingConfiguration { level: Some(json!("error")), ..Default::default() })
        .properties(properties)
        .build()
}

/// A removed marker, at its old position.
fn removed_marker_result(marker: &MarkerEntry) -> SarifResult {
    let span = Span {
        line: marker.line,
        column: marker.column,
        end_line: marker.line,
        end_column: marker.column.saturating_add(1),
        ..Span::default()
    };
    let location = Location {
        physical_location: Some(PhysicalLocation {
            artifact_location: Some(artifact(&marker.file)),
            region: region(&span),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(
        FINGERPRINT_KEY.to_owned(),
        format!("{}:{}:{}:{}", RULE_MARKER_REMOVED, marker.marker, marker.kind, marker.item),
    );
    let mut result = SarifResult::builder()
        .rule_id(RULE_MARKER_REMOVED)
        .level(ResultLevel::Error)
        .message(message(removed_marker_text(marker)))
        .locations(vec![location])
        .partial_fingerprints(fingerprints)
        .build();
    result.rule_index = rule_index(RULE_MARKER_REMOVED);
    result
}

/// Source, every step, then the sink, each with what happens there.
fn code_flow(finding: &Finding, files: &SourceFiles) -> CodeFlow {
    let source = (&finding.source.span, format!("security-only source `{}`", finding.source.label), true);
    let steps = finding.steps.iter().map(|step| (&step.span, step.note.clone(), false));
    let sink = (
        &finding.sink.span,
        format!("passed to advertising sink `{}` in `{}`", finding.sink.function, finding.sink.enclosing),
        true,
    );
    let locations: Vec<ThreadFlowLocation> = [source]
        .into_iter()
        .chain(steps)
        .chain([sink])
        .map(|(span, note, essential)| ThreadFlowLocation {
            location: Some(Location {
                physical_location: physical(files, span),
                message: Some(message(note)),
                ..Default::default()
            }),
            importance: Some(json!(if essential { "essential" } else { "important" })),
            ..Default::default()
        })
        .collect();
    CodeFlow::builder()
        .message(message(format!("path from `{}` to `{}`", finding.source.label, finding.sink.function)))
        .thread_flows(vec![ThreadFlow::builder().locations(locations).build()])
        .build()
}

/// Where `span` is; `None` for a file the run does not know (an upstream
/// bug that must not abort the report).
fn physical(files: &SourceFiles, span: &Span) -> Option<PhysicalLocation> {
    let file = text::file(files, span.file)?;
    Some(PhysicalLocation {
        artifact_location: Some(artifact(&file.rel_path)),
        region: region(span),
        ..Default::default()
    })
}

/// A 1-based region; unknown (0) positions are left out, and so is an end
/// before the start.
fn region(span: &Span) -> Option<Region> {
    if span.line == 0 {
        return None;
    }
    let mut region = Region { start_line: Some(span.line.into()), ..Default::default() };
    if span.column > 0 {
        region.start_column = Some(span.column.into());
    }
    if span.end_line >= span.line && (span.end_line, span.end_column) >= (span.line, span.column) {
        region.end_line = Some(span.end_line.into());
        if span.end_column > 0 && span.column > 0 {
            region.end_column = Some(span.end_column.into());
        }
    }
    Some(region)
}

/// A file as the report names it: relative to `%SRCROOT%`, or an absolute
/// `file:` URI for a file outside the scanned root.
fn artifact(rel_path: &str) -> ArtifactLocation {
    if Path::new(rel_path).is_absolute() {
        return ArtifactLocation { uri: Some(file_uri(rel_path)), ..Default::default() };
    }
    ArtifactLocation {
        uri: Some(percent_encode(rel_path, false)),
        uri_base_id: Some(SRCROOT.to_owned()),
        ..Default::default()
    }
}

fn error_notification(error: &InputError) -> Notification {
    let mut location = None;
    if !error.file.is_empty() {
        let span = Span { line: error.line, column: error.column, ..Span::default() };
        let mut region = region(&span);
        if let Some(region) = &mut region {
            (region.end_line, region.end_column) = (None, None);
        }
        let physical =
            PhysicalLocation { artifact_location: Some(artifact(&error.file)), region, ..Default::default() };
        location = Some(vec![Location { physical_location: Some(physical), ..Default::default() }]);
    }
    notification("error", &error.message, location)
}

fn warning_notification(warning: &Warning, files: &SourceFiles) -> Notification {
    let location = warning
        .span
        .and_then(|span| physical(files, &span))
        .map(|physical| vec![Location { physical_location: Some(physical), ..Default::default() }]);
    notification("warning", &warning.message, location)
}

/// Baseline entries that no longer occur, as one note.
fn fixed_notification(fixed: &[Entry]) -> Option<Notification> {
    if fixed.is_empty() {
        return None;
    }
    let entries: Vec<String> = fixed.iter().map(Entry::describe).collect();
    let text = format!("{} baseline entries no longer occur: {}.", fixed.len(), entries.join(", "));
    Some(notification("note", &text, None))
}

fn notification(level: &str, text: &str, locations: Option<Vec<Location>>) -> Notification {
    let mut notification = Notification::builder().message(message(text)).level(json!(level)).build();
    notification.locations = locations;
    notification
}

/// The scanned root, from any file that lies under it: its absolute path
/// without its relative one.
fn scanned_root(files: &SourceFiles) -> Option<PathBuf> {
    files.files.iter().find_map(root_of)
}

fn root_of(file: &SourceFile) -> Option<PathBuf> {
    let rel: Vec<&str> = file.rel_path.split('/').collect();
    if rel.iter().any(|part| matches!(*part, "" | "." | "..")) {
        return None;
    }
    let abs = lexically_normal(&std::path::absolute(&file.abs_path).ok()?);
    let parts: Vec<Component> = abs.components().collect();
    let keep = parts.len().checked_sub(rel.len())?;
    let tail = parts.get(keep..)?;
    let matches = tail.iter().zip(&rel).all(|(part, name)| part.as_os_str() == *name);
    matches.then(|| parts.iter().take(keep).collect())
}

/// `path` without `.` and with `..` applied to what comes before it.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// `file:///abs/dir/`, with the trailing slash that makes it a base.
fn dir_uri(dir: &Path) -> String {
    let mut uri = file_uri(&dir.to_string_lossy());
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// `file:///abs/path` for an absolute Unix or Windows path.
fn file_uri(path: &str) -> String {
    let mut path = path.replace('\\', "/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    format!("file://{}", percent_encode(&path, true))
}

/// `path` as a URI path: every byte but unreserved characters and `/` is
/// percent-encoded, `:` too unless `keep_colon` (a drive letter), since in a
/// relative reference it would read as a scheme.
fn percent_encode(path: &str, keep_colon: bool) -> String {
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        let plain = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || (keep_colon && byte == b':');
        if plain {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn uris() {
        assert_eq!(percent_encode("src/my file.rs", false), "src/my%20file.rs");
        assert_eq!(percent_encode("a:b/é.rs", false), "a%3Ab/%C3%A9.rs");
        assert_eq!(dir_uri(Path::new("/work/my repo")), "file:///work/my%20repo/");
        assert_eq!(dir_uri(Path::new("/")), "file:///");
        assert_eq!(file_uri("C:\\work\\x.rs"), "file:///C:/work/x.rs");
        let outside = artifact("/elsewhere/lib.rs");
        assert_eq!(outside.uri.as_deref(), Some("file:///elsewhere/lib.rs"));
        assert_eq!(outside.uri_base_id, None);
        let inside = artifact("../other/lib.rs");
        assert_eq!(inside.uri_base_id.as_deref(), Some(SRCROOT));
    }

    #[test]
    fn root_is_the_absolute_path_without_the_relative_one() {
        let file = |rel: &str, abs: &str| SourceFile {
            rel_path: rel.to_owned(),
            abs_path: PathBuf::from(abs),
            text: "".into(),
            digest: 0,
        };
        assert_eq!(root_of(&file("src/lib.rs", "/ws/app/src/lib.rs")), Some(PathBuf::from("/ws/app")));
        assert_eq!(root_of(&file("b.rs", "/ws/./a/../b.rs")), Some(PathBuf::from("/ws")));
        assert_eq!(root_of(&file("../x/lib.rs", "/ws/x/lib.rs")), None);
        assert_eq!(root_of(&file("src/lib.rs", "/ws/app/lib.rs")), None);
        let files =
            SourceFiles { files: vec![file("/abs/lib.rs", "/abs/lib.rs"), file("main.rs", "/ws/main.rs")] };
        assert_eq!(scanned_root(&files), Some(PathBuf::from("/ws")));
    }

    #[test]
    fn regions_leave_out_what_is_unknown() {
        let span =
            |line, column, end_line, end_column| Span { file: FileId(0), line, column, end_line, end_column };
        assert_eq!(region(&span(0, 0, 0, 0)), None);
        let full = region(&span(3, 5, 4, 2)).expect("region");
        assert_eq!(
            (full.start_line, full.start_column, full.end_line, full.end_column),
            (Some(3), Some(5), Some(4), Some(2))
        );
        let reversed = region(&span(3, 5, 3, 2)).expect("region");
        assert_eq!((reversed.end_line, reversed.end_column), (None, None));
        let no_column = region(&span(3, 0, 3, 0)).expect("region");
        assert_eq!((no_column.start_column, no_column.end_column), (None, None));
    }
}
