//! Configuration for code that cannot be annotated: advertising sinks and
//! security-only sources in third-party crates, paths not to analyse, and
//! what to assume about calls into unknown external code.
//!
//! Read from `[workspace.metadata.purpose]` and `[package.metadata.purpose]`
//! of the root `Cargo.toml`, `[package.metadata.purpose]` of every package
//! analysed, and a `purpose.toml` at the workspace root (top-level keys).
//! Every file adds to the others; `unknown-calls` may be set only once.
//!
//! ```toml
//! [workspace.metadata.purpose]
//! sinks = ["ads_sdk::Client::upload_audience", "pixel::track"]
//! sources = ["auth_sdk::Session::phone_number"]
//! exclude = ["generated/**"]
//! unknown-calls = "propagate"
//! ```
//!
//! A key this version does not know, or a value of the wrong shape, is an
//! input error naming the key, the file and the line (exit status 2): a
//! misspelt `sink` must not silently configure nothing.

use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::analyze::{Configured, ExternalSpec};
use crate::discover::{relative_path, Workspace};
use crate::source::InputError;
use rayon::prelude::*;

/// The file name of the stand-alone configuration.
pub const PURPOSE_TOML: &str = "purpose.toml";

/// What to assume about a call into code outside the workspace that no
/// model and no configured sink or source covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnknownCalls {
    /// Its result (and receiver) carries the data of its arguments.
    #[default]
    Propagate,
    /// As `Propagate`, and security-only data passed to it is also a
    /// finding, as if it were an advertising sink: for a codebase that
    /// wants every unmodelled exit of such data reviewed.
    Sink,
}

/// The merged configuration of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Configured sink paths, each with the file that declares it.
    pub sinks: Vec<(String, String)>,
    /// Configured source paths, each with the file that declares it.
    pub sources: Vec<(String, String)>,
    /// Glob patterns relative to the scanned root: files not analysed.
    pub exclude: Vec<String>,
    pub unknown_calls: UnknownCalls,
    /// The file that set `unknown-calls`, for messages.
    pub unknown_calls_origin: Option<String>,
}

impl Config {
    /// Whether the file at `rel_path` (relative to the scanned root, with
    /// `/`) is excluded from the analysis.
    pub fn is_excluded(&self, rel_path: &str) -> bool {
        self.exclude.iter().any(|pattern| glob_match(pattern, rel_path))
    }

    /// What the analysis needs to know.
    pub fn external_spec(&self) -> ExternalSpec {
        let configured = |entries: &[(String, String)]| {
            entries
                .iter()
                .map(|(path, origin)| Configured {
                    segments: path.split("::").map(str::to_owned).collect(),
                    origin: origin.clone(),
                })
                .collect()
        };
        ExternalSpec {
            sinks: configured(&self.sinks),
            sources: configured(&self.sources),
            unknown_calls_are_sinks: match self.unknown_calls {
                UnknownCalls::Propagate => None,
                UnknownCalls::Sink => Some(self.unknown_calls_origin.clone().unwrap_or_default()),
            },
        }
    }
}

/// Read the configuration of a discovered workspace: its root and the
/// package of every crate it analyses.
pub fn load_for(workspace: &Workspace) -> (Config, Vec<InputError>) {
    let dirs: Vec<PathBuf> = workspace
        .crates
        .iter()
        .filter_map(|krate| {
            let mut dirs =
                krate.root_file.ancestors().skip(1).take_while(|dir| dir.starts_with(&workspace.root));
            dirs.find(|dir| dir.join("Cargo.toml").is_file()).map(Path::to_path_buf)
        })
        .collect();
    load(&workspace.root, &dirs)
}

/// Read the configuration of the workspace at `root` whose packages live
/// in `package_dirs`. Errors name the file, the line and the key; what is
/// valid is kept.
pub fn load(root: &Path, package_dirs: &[PathBuf]) -> (Config, Vec<InputError>) {
    let mut loader = Loader { root: root.to_path_buf(), config: Config::default(), errors: Vec::new() };
    let root_manifest = root.join("Cargo.toml");
    let mut manifests = vec![root_manifest.clone()];
    let mut dirs: Vec<&PathBuf> = package_dirs.iter().collect();
    dirs.sort();
    dirs.dedup();
    manifests.extend(dirs.into_iter().map(|dir| dir.join("Cargo.toml")).filter(|m| *m != root_manifest));
    // Read in parallel (a monorepo has hundreds of manifests), taken in order.
    let texts: Vec<(PathBuf, Option<io::Result<String>>)> = manifests
        .into_par_iter()
        .map(|manifest| {
            let text = manifest.is_file().then(|| std::fs::read_to_string(&manifest));
            (manifest, text)
        })
        .collect();
    for (manifest, text) in texts {
        if let Some(text) = text {
            loader.manifest(&manifest, text);
        }
    }
    let purpose = root.join(PURPOSE_TOML);
    if purpose.is_file() {
        let text = std::fs::read_to_string(&purpose);
        loader.file(&purpose, text, &[]);
    }
    (loader.config, loader.errors)
}

struct Loader {
    root: PathBuf,
    config: Config,
    errors: Vec<InputError>,
}

/// One file being read: its name as shown and its text, for lines.
struct Source<'a> {
    rel: String,
    dir: PathBuf,
    text: &'a str,
}

impl Loader {
    /// The text of the file at `path`, or an error if it could not be read.
    fn readable(&mut self, path: &Path, text: io::Result<String>) -> Option<String> {
        match text {
            Ok(text) => Some(text),
            Err(e) => {
                let file = relative_path(&self.root, path);
                self.errors.push(InputError {
                    file,
                    line: 0,
                    column: 0,
                    message: format!("cannot read: {e}"),
                });
                None
            }
        }
    }

    /// The purpose tables of a manifest. One that does not say `purpose`
    /// (nor escapes a character, which a quoted key could spell it with)
    /// has none: most manifests are not parsed here at all (discovery
    /// parsed them already).
    fn manifest(&mut self, path: &Path, text: io::Result<String>) {
        if text.as_ref().is_ok_and(|text| !text.contains("purpose") && !text.contains('\\')) {
            return;
        }
        self.file(path, text, &[&["workspace", "metadata", "purpose"], &["package", "metadata", "purpose"]]);
    }

    /// Read the purpose tables at `tables` of `text`, the file at `path`
    /// (the whole file when `tables` is empty).
    fn file(&mut self, path: &Path, text: io::Result<String>, tables: &[&[&str]]) {
        let Some(text) = self.readable(path, text) else { return };
        let source = Source {
            rel: relative_path(&self.root, path),
            dir: path.parent().map(Path::to_path_buf).unwrap_or_default(),
            text: &text,
        };
        let document = match DeTable::parse(&text) {
            Ok(document) => document,
            Err(e) => {
                // Discovery reports a manifest that does not parse; only
                // `purpose.toml` is ours to report.
                if tables.is_empty() {
                    let offset = e.span().map_or(0, |span| span.start);
                    self.error(&source, offset, format!("invalid TOML: {}", e.message()));
                }
                return;
            }
        };
        if tables.is_empty() {
            self.table(&source, "", document.get_ref());
            return;
        }
        for path in tables {
            if let Some((prefix, table)) = find_table(document.get_ref(), path) {
                self.table(&source, &prefix, table);
            }
        }
    }

    fn error(&mut self, source: &Source<'_>, offset: usize, message: String) {
        let (line, column) = line_column(source.text, offset);
        self.errors.push(InputError { file: source.rel.clone(), line, column, message });
    }

    fn table(&mut self, source: &Source<'_>, prefix: &str, table: &DeTable<'_>) {
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            let full = if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") };
            let at = key.span().start;
            match name {
                "sinks" | "sources" => {
                    let Some(paths) = self.strings(source, &full, value) else { continue };
                    for (path, span) in paths {
                        if let Err(why) = check_item_path(&path) {
                            self.error(source, span.start, format!("bad value in `{full}`: `{path}` {why}"));
                            continue;
                        }
                        let entry = (path, source.rel.clone());
                        match name {
                            "sinks" => self.config.sinks.push(entry),
                            _ => self.config.sources.push(entry),
                        }
                    }
                }
                "exclude" => {
                    let Some(patterns) = self.strings(source, &full, value) else { continue };
                    let base = relative_path(&self.root, &source.dir);
                    for (pattern, span) in patterns {
                        let pattern = pattern.trim_start_matches("./").to_owned();
                        if pattern.is_empty()
                            || pattern.starts_with('/')
                            || pattern.split('/').any(|p| p == "..")
                        {
                            self.error(
                                source,
                                span.start,
                                format!(
                                    "bad value in `{full}`: `{pattern}` must be a path pattern relative to \
                                     the directory of this file, without `..`"
                                ),
                            );
                            continue;
                        }
                        let rooted = if base.is_empty() || base == "." {
                            pattern
                        } else {
                            format!("{base}/{pattern}")
                        };
                        self.config.exclude.push(rooted);
                    }
                }
                "unknown-calls" => {
                    let policy = match value.get_ref() {
                        DeValue::String(s) if s == "propagate" => Some(UnknownCalls::Propagate),
                        DeValue::String(s) if s == "sink" => Some(UnknownCalls::Sink),
                        _ => None,
                    };
                    let Some(policy) = policy else {
                        self.error(
                            source,
                            value.span().start,
                            format!("bad value for `{full}`: expected \"propagate\" or \"sink\""),
                        );
                        continue;
                    };
                    if let Some(first) = &self.config.unknown_calls_origin {
                        if self.config.unknown_calls != policy {
                            let message = format!("`{full}` is already set to another value in `{first}`");
                            self.error(source, at, message);
                            continue;
                        }
                    }
                    self.config.unknown_calls = policy;
                    self.config.unknown_calls_origin = Some(source.rel.clone());
                }
                _ => self.error(
                    source,
                    at,
                    format!(
                        "unknown key `{full}` (cargo-purpose knows `sinks`, `sources`, `exclude` and \
                         `unknown-calls`)"
                    ),
                ),
            }
        }
    }

    /// An array of strings, each with its position; an error otherwise.
    fn strings(
        &mut self,
        source: &Source<'_>,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<Vec<(String, Range<usize>)>> {
        let bad = |loader: &mut Loader, offset| {
            loader.error(source, offset, format!("bad value for `{key}`: expected an array of strings"));
        };
        let DeValue::Array(items) = value.get_ref() else {
            bad(self, value.span().start);
            return None;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) => out.push((s.to_string(), item.span())),
                _ => {
                    bad(self, item.span().start);
                    return None;
                }
            }
        }
        Some(out)
    }
}

/// The table at `path` (e.g. `workspace.metadata.purpose`), with its
/// dotted name; `None` when absent or not a table.
fn find_table<'d, 'i>(document: &'d DeTable<'i>, path: &[&str]) -> Option<(String, &'d DeTable<'i>)> {
    let mut table = document;
    for name in path {
        match table.get(*name).map(Spanned::get_ref) {
            Some(DeValue::Table(inner)) => table = inner,
            _ => return None,
        }
    }
    Some((path.join("."), table))
}

/// `crate::Type::method` or `crate::function`: two or more identifiers.
fn check_item_path(path: &str) -> Result<(), &'static str> {
    let segments: Vec<&str> = path.strip_prefix("::").unwrap_or(path).split("::").collect();
    if segments.len() < 2 {
        return Err("needs its crate (or module) too, e.g. `pixel::track` or `ads_sdk::Client::upload`");
    }
    let ident = |s: &str| {
        let s = s.strip_prefix("r#").unwrap_or(s);
        s.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
    };
    if segments.iter().all(|s| ident(s)) {
        Ok(())
    } else {
        Err("is not a path of identifiers separated by `::`")
    }
}

/// 1-based line and column (in chars) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line as u32, column as u32)
}

/// `pattern` against a `/`-separated path: `**` is any number of whole
/// segments, `*` any characters within a segment, `?` one character. A
/// pattern naming a directory (no wildcard in its last segment) also
/// matches everything below it.
pub fn glob_match(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_end_matches('/').split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    let is_dir = pattern.last().is_some_and(|last| !last.contains(['*', '?']));
    match_segments(&pattern, &path) || (is_dir && prefix_match(&pattern, &path))
}

fn prefix_match(pattern: &[&str], path: &[&str]) -> bool {
    (1..path.len()).any(|n| match_segments(pattern, &path[..n]))
}

fn match_segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| match_segments(rest, &path[skip..])),
        Some((first, rest)) => match path.split_first() {
            Some((segment, path_rest)) => segment_match(first, segment) && match_segments(rest, path_rest),
            None => false,
        },
    }
}

fn segment_match(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // Classic two-pointer wildcard match with backtracking on `*`.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(c) if *c == '?' || Some(c) == text.get(t) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern.get(p..).is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("generated/**", "generated/a.rs"));
        assert!(glob_match("generated/**", "generated/x/y/a.rs"));
        assert!(glob_match("generated", "generated/x/a.rs"));
        assert!(glob_match("src/*.gen.rs", "src/ads.gen.rs"));
        assert!(!glob_match("src/*.gen.rs", "src/x/ads.gen.rs"));
        assert!(glob_match("**/proto/*.rs", "crates/api/proto/msg.rs"));
        assert!(glob_match("src/?.rs", "src/a.rs"));
        assert!(!glob_match("generated/**", "src/generated.rs"));
        assert!(!glob_match("gen", "generated/a.rs"));
    }

    #[test]
    fn item_paths() {
        assert!(check_item_path("pixel::track").is_ok());
        assert!(check_item_path("ads_sdk::Client::upload_audience").is_ok());
        assert!(check_item_path("track").is_err());
        assert!(check_item_path("pixel::").is_err());
        assert!(check_item_path("pixel::track()").is_err());
    }

    /// Manifests that cannot hold a purpose table are skipped unparsed; one
    /// that spells the key with an escape is still read.
    #[test]
    fn a_purpose_table_however_its_key_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        let package = |name: &str, metadata: &str| {
            let manifest = format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n{metadata}");
            std::fs::create_dir_all(dir.path().join(name)).unwrap();
            std::fs::write(dir.path().join(name).join("Cargo.toml"), manifest).unwrap();
            dir.path().join(name)
        };
        let dirs = [
            package("plain", "[package.metadata.purpose]\nsinks = [\"pixel::track\"]\n"),
            package("escaped", "[package.metadata.\"purpo\\u0073e\"]\nsources = [\"otp::code\"]\n"),
            package("none", "[package.metadata.docs]\nall-features = true\n"),
        ];
        let (config, errors) = load(dir.path(), &dirs);
        assert!(errors.is_empty(), "{errors:?}");
        let paths = |entries: &[(String, String)]| entries.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&config.sinks), ["pixel::track"]);
        assert_eq!(paths(&config.sources), ["otp::code"]);
    }

    #[test]
    fn positions() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 99), (1, 3));
    }
}
