//! Baselines: the findings a team has accepted for now, so that a gate can
//! be adopted on a large codebase and fail only on new flows.
//!
//! A baseline file is JSON:
//!
//! ```json
//! {
//!   "version": 1,
//!   "findings": [
//!     { "id": "3878bbb60bd54962", "rule": "security-to-advertising",
//!       "source": "Account::phone", "sink": "ads::track", "sink_file": "src/api.rs" }
//!   ]
//! }
//! ```
//!
//! Only `id` (the finding id of [`fingerprints`]) decides whether a finding
//! is known; the other fields are there for the reviewer of the file. The
//! entries are sorted by what they name, never by line, so that rewriting
//! the baseline after unrelated edits gives a minimal diff.
//!
//! The file also records the inventory of markers, `"markers": [{ "marker":
//! "security_only", "kind": "field", "item": "Account::phone", "file":
//! "src/model.rs", "line": 4, "column": 5 }]`: a marker is known by its
//! marker, kind and item, so one that was deleted or moved to another item
//! is reported (rule `marker-removed`) at its old position. Files written
//! before the inventory existed have no `markers` and check none.

use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::finding::{MarkerRef, Report};
use crate::source::SourceFiles;

use super::{fingerprints, text};

/// Bumped on any incompatible change to the file's shape.
const VERSION: u32 = 1;

/// The findings recorded by `--write-baseline`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    entries: Vec<Entry>,
    /// `None` for a file written without the inventory.
    markers: Option<Vec<MarkerEntry>>,
}

/// One recorded marker.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MarkerEntry {
    /// `security_only` or `advertising_sink`.
    pub marker: String,
    /// What it is on: `field`, `fn`, `method`, `param`, `let`, `type`, ...
    pub kind: String,
    /// The item path, e.g. `Account::phone`.
    pub item: String,
    /// Where the marker was, relative to the scanned root.
    pub file: String,
    pub line: u32,
    pub column: u32,
}

impl MarkerEntry {
    /// What identifies a marker across edits: not its position.
    fn key(&self) -> (&str, &str, &str) {
        (&self.marker, &self.kind, &self.item)
    }

    fn of(marker: &MarkerRef, files: &SourceFiles) -> MarkerEntry {
        MarkerEntry {
            marker: marker.marker.to_owned(),
            kind: marker.kind.to_owned(),
            item: marker.item.clone(),
            file: text::rel_path(files, &marker.span).to_owned(),
            line: marker.span.line,
            column: marker.span.column,
        }
    }
}

/// The message of a `marker-removed` finding.
pub fn removed_marker_text(marker: &MarkerEntry) -> String {
    format!(
        "marker `#[{}]` on {} `{}` is gone (it was at {}:{}:{} when the baseline was written)",
        marker.marker, marker.kind, marker.item, marker.file, marker.line, marker.column
    )
}

/// One recorded finding.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub rule: String,
    /// The source's label, e.g. `Account::phone`.
    pub source: String,
    /// The sink function, e.g. `ads::track`.
    pub sink: String,
    /// The file of the sink call, relative to the scanned root.
    pub sink_file: String,
}

impl Entry {
    /// `id (`source` -> `sink` in file)`, as the outputs list entries.
    pub fn describe(&self) -> String {
        format!("{} (`{}` -> `{}` in {})", self.id, self.source, self.sink, self.sink_file)
    }
}

/// The file as written and read. Unknown fields are rejected at the top
/// level (a misspelt `findings` must not read as an empty baseline) but
/// allowed in entries, which a reviewer may annotate.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    markers: Option<Vec<MarkerEntry>>,
}

/// Why a baseline file could not be used; names the file.
#[derive(Debug)]
pub enum BaselineError {
    Read { path: PathBuf, error: io::Error },
    Invalid { path: PathBuf, reason: String },
    Write { path: PathBuf, error: io::Error },
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaselineError::Read { path, error } => {
                write!(f, "cannot read baseline `{}`: {error}", path.display())
            }
            BaselineError::Invalid { path, reason } => {
                write!(f, "invalid baseline `{}`: {reason}", path.display())
            }
            BaselineError::Write { path, error } => {
                write!(f, "cannot write baseline `{}`: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for BaselineError {}

/// A run measured against a baseline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// The id of every finding of the report, in report order.
    pub ids: Vec<String>,
    /// Per finding of the report: `true` when its id is not in the baseline.
    pub is_new: Vec<bool>,
    /// Baseline entries whose id no run finding has, in baseline order.
    pub fixed: Vec<Entry>,
    /// Recorded markers that the run no longer has on their item: each a
    /// finding of rule `marker-removed`.
    pub removed_markers: Vec<MarkerEntry>,
}

impl Comparison {
    /// How many findings the baseline does not know.
    pub fn new_findings(&self) -> usize {
        self.is_new.iter().filter(|new| **new).count()
    }

    /// What fails the gate: new findings and removed markers.
    pub fn failures(&self) -> usize {
        self.new_findings() + self.removed_markers.len()
    }

    /// How many findings the baseline knows (and the report leaves out).
    pub fn known_findings(&self) -> usize {
        self.is_new.len() - self.new_findings()
    }
}

impl Baseline {
    /// Today's findings of `report`, sorted.
    pub fn from_report(report: &Report, files: &SourceFiles) -> Baseline {
        let ids = fingerprints(&report.findings, files);
        let mut entries: Vec<Entry> = report
            .findings
            .iter()
            .zip(ids)
            .map(|(finding, id)| Entry {
                id,
                rule: finding.rule.to_owned(),
                source: finding.source.label.clone(),
                sink: finding.sink.function.clone(),
                sink_file: text::rel_path(files, &finding.sink.span).to_owned(),
            })
            .collect();
        entries.sort_by(|a, b| {
            (&a.sink_file, &a.sink, &a.source, &a.rule, &a.id).cmp(&(
                &b.sink_file,
                &b.sink,
                &b.source,
                &b.rule,
                &b.id,
            ))
        });
        let mut markers: Vec<MarkerEntry> =
            report.markers.iter().map(|m| MarkerEntry::of(m, files)).collect();
        markers.sort_by(|a, b| {
            (&a.file, &a.item, &a.marker, &a.kind, a.line)
                .cmp(&(&b.file, &b.item, &b.marker, &b.kind, b.line))
        });
        Baseline { entries, markers: Some(markers) }
    }

    /// The recorded markers; `None` for a file written without them.
    pub fn markers(&self) -> Option<&[MarkerEntry]> {
        self.markers.as_deref()
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The files of the recorded markers: where a removed marker is shown.
    pub fn marker_files(&self) -> Vec<String> {
        self.markers.iter().flatten().map(|m| m.file.clone()).collect()
    }

    /// Parse the text of a baseline file; `path` only names it in errors.
    pub fn parse(json: &str, path: &Path) -> Result<Baseline, BaselineError> {
        let invalid = |reason: String| BaselineError::Invalid { path: path.to_path_buf(), reason };
        let file: BaselineFile = serde_json::from_str(json).map_err(|e| invalid(e.to_string()))?;
        if file.version != VERSION {
            return Err(invalid(format!(
                "unsupported version {} (this cargo-purpose reads version {VERSION})",
                file.version
            )));
        }
        if let Some(bad) = file.findings.iter().find(|entry| !is_finding_id(&entry.id)) {
            return Err(invalid(format!("`{}` is not a finding id (16 hex digits)", bad.id)));
        }
        Ok(Baseline { entries: file.findings, markers: file.markers })
    }

    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let json = std::fs::read_to_string(path)
            .map_err(|error| BaselineError::Read { path: path.to_path_buf(), error })?;
        Baseline::parse(&json, path)
    }

    /// The file's text: pretty JSON and a final newline.
    pub fn to_json(&self) -> String {
        let file =
            BaselineFile { version: VERSION, findings: self.entries.clone(), markers: self.markers.clone() };
        let mut json = serde_json::to_string_pretty(&file).unwrap_or_default();
        json.push('\n');
        json
    }

    pub fn save(&self, path: &Path) -> Result<(), BaselineError> {
        std::fs::write(path, self.to_json())
            .map_err(|error| BaselineError::Write { path: path.to_path_buf(), error })
    }

    /// Which findings of `report` are new, and which entries no longer occur.
    pub fn compare(&self, report: &Report, files: &SourceFiles) -> Comparison {
        let ids = fingerprints(&report.findings, files);
        let known: BTreeSet<&str> = self.entries.iter().map(|entry| entry.id.as_str()).collect();
        let current: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        let is_new = ids.iter().map(|id| !known.contains(id.as_str())).collect();
        let fixed =
            self.entries.iter().filter(|entry| !current.contains(entry.id.as_str())).cloned().collect();
        let removed_markers =
            self.markers.as_deref().map_or_else(Vec::new, |recorded| removed(recorded, report, files));
        Comparison { ids, is_new, fixed, removed_markers }
    }
}

/// The recorded markers that `report` no longer has: per (marker, kind,
/// item), as many as were recorded beyond those still there.
fn removed(recorded: &[MarkerEntry], report: &Report, files: &SourceFiles) -> Vec<MarkerEntry> {
    let now: Vec<MarkerEntry> = report.markers.iter().map(|m| MarkerEntry::of(m, files)).collect();
    let mut left: std::collections::BTreeMap<(&str, &str, &str), usize> = std::collections::BTreeMap::new();
    for marker in &now {
        *left.entry(marker.key()).or_default() += 1;
    }
    let mut gone = Vec::new();
    for marker in recorded {
        match left.get_mut(&marker.key()) {
            Some(count) if *count > 0 => *count -= 1,
            _ => gone.push(marker.clone()),
        }
    }
    gone
}

fn is_finding_id(id: &str) -> bool {
    id.len() == 16 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> Entry {
        Entry {
            id: id.to_owned(),
            rule: "security-to-advertising".to_owned(),
            source: "Account::phone".to_owned(),
            sink: "ads::track".to_owned(),
            sink_file: "src/api.rs".to_owned(),
        }
    }

    #[test]
    fn round_trip() {
        let baseline = Baseline { entries: vec![entry("0123456789abcdef")], markers: None };
        let json = baseline.to_json();
        assert!(json.starts_with("{\n  \"version\": 1,\n  \"findings\": [\n"), "{json}");
        assert!(json.ends_with("}\n"));
        assert_eq!(Baseline::parse(&json, Path::new("b.json")).expect("parses"), baseline);
    }

    #[test]
    fn entries_may_carry_notes() {
        let json = r#"{"version": 1, "findings": [{"id": "0123456789abcdef", "rule": "r",
            "source": "s", "sink": "k", "sink_file": "f", "note": "legacy, ticket 12"}]}"#;
        assert_eq!(Baseline::parse(json, Path::new("b.json")).expect("parses").entries().len(), 1);
    }

    #[test]
    fn invalid_files_are_named_and_explained() {
        let path = Path::new("purpose-baseline.json");
        for (json, reason) in [
            ("", "EOF"),
            ("42", "invalid type: integer `42`, expected struct BaselineFile"),
            (r#"{"version": 2, "findings": []}"#, "unsupported version 2"),
            (r#"{"version": 1, "finding": []}"#, "unknown field `finding`"),
            (r#"{"version": 1, "findings": [{"id": "x"}]}"#, "missing field"),
            (
                r#"{"version": 1, "findings": [{"id": "XYZ", "rule": "r", "source": "s",
                    "sink": "k", "sink_file": "f"}]}"#,
                "`XYZ` is not a finding id",
            ),
        ] {
            let error = Baseline::parse(json, path).expect_err(json).to_string();
            assert!(error.starts_with("invalid baseline `purpose-baseline.json`: "), "{error}");
            assert!(error.contains(reason), "{json}: {error}");
        }
        let missing = Baseline::load(Path::new("/nonexistent/purpose-baseline.json")).expect_err("missing");
        assert!(missing
            .to_string()
            .starts_with("cannot read baseline `/nonexistent/purpose-baseline.json`: "));
    }

    #[test]
    fn comparison_counts() {
        let comparison = Comparison {
            ids: vec!["a".into(), "b".into(), "c".into()],
            is_new: vec![true, false, true],
            fixed: vec![],
            removed_markers: vec![],
        };
        assert_eq!((comparison.new_findings(), comparison.known_findings()), (2, 1));
    }
}
