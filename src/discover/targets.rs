//! Targets and path dependencies of one package, inferred as cargo does.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use toml::{Table, Value};

use super::manifest::{bool_key, str_key, Manifest, START};
use super::paths::normalize;
use super::scope::{file_exists, is_symlink};
use super::{Loader, TargetKind};

/// One target of a package before crates are numbered.
#[derive(Clone, Debug)]
pub(super) struct Target {
    pub(super) kind: TargetKind,
    /// Name with `-` replaced by `_`.
    pub(super) name: String,
    pub(super) root_file: PathBuf,
}

/// A path dependency of a package.
#[derive(Debug)]
pub(super) struct Dep {
    /// The key in the manifest (the name used in code when `renamed`).
    pub(super) key: String,
    /// `package = "..."` was given, so code uses the key, not the lib name.
    pub(super) renamed: bool,
    /// Directory of the package depended on.
    pub(super) dir: PathBuf,
    /// Only tests, examples and benches may use it.
    pub(super) dev: bool,
    /// The manifest holding the `path` (the workspace one for
    /// `workspace = true`) and the path as written, to place errors.
    pub(super) origin: (Rc<Manifest>, String),
}

/// How cargo finds the targets of one kind.
struct KindRule {
    kind: TargetKind,
    /// `[[bin]]`, `[[example]]`, ...
    key: &'static str,
    /// Directory searched by autodiscovery.
    dir: &'static str,
    /// `[package]` switch that turns autodiscovery off.
    auto: &'static str,
}

const KIND_RULES: [KindRule; 4] = [
    KindRule { kind: TargetKind::Bin, key: "bin", dir: "src/bin", auto: "autobins" },
    KindRule { kind: TargetKind::Example, key: "example", dir: "examples", auto: "autoexamples" },
    KindRule { kind: TargetKind::Test, key: "test", dir: "tests", auto: "autotests" },
    KindRule { kind: TargetKind::Bench, key: "bench", dir: "benches", auto: "autobenches" },
];

/// Code names crates with `_` where manifests may use `-`.
pub(super) fn crate_name(name: &str) -> String {
    name.replace('-', "_")
}

impl Loader {
    /// The lib target and, for packages analysed in full, every other target.
    /// A proc-macro package reached only as a dependency gives nothing: code
    /// that uses it cannot call its functions, so it cannot carry a flow.
    pub(super) fn targets(&mut self, m: &Manifest, package: &str, all: bool) -> Vec<Target> {
        if !all && is_proc_macro(m) {
            return Vec::new();
        }
        let mut out: Vec<Target> = self.lib_target(m, package).into_iter().collect();
        if all {
            for rule in &KIND_RULES {
                self.kind_targets(m, package, rule, &mut out);
            }
        }
        out
    }

    fn lib_target(&mut self, m: &Manifest, package: &str) -> Option<Target> {
        let lib = match m.table.get("lib") {
            None => None,
            Some(Value::Table(lib)) => Some(lib),
            Some(other) => {
                let message = format!("`lib` must be a table, found {}", other.type_str());
                self.error(m, m.position_of("lib"), message);
                return None;
            }
        };
        let name = lib.and_then(|lib| self.str_field(m, lib, "name", "name")).unwrap_or(package);
        let explicit = lib.and_then(|lib| self.str_field(m, lib, "path", "path"));
        let root_file = match explicit {
            Some(path) => {
                let file = normalize(&m.dir().join(path));
                self.named_file(m, &file, "library file", || m.position_of_value(path, "path"))?;
                file
            }
            None => {
                let file = m.dir().join("src").join("lib.rs");
                let autolib = bool_key(m.package(), "autolib") != Some(false);
                let exists = match file_exists(&file) {
                    Ok(exists) => exists,
                    Err(e) => {
                        let message = format!("cannot access `{}`: {e}", self.rel(&file));
                        self.error(m, START, message);
                        return None;
                    }
                };
                if !(exists && (autolib || lib.is_some())) {
                    if lib.is_some() {
                        let message =
                            "cannot find the library: no `src/lib.rs` and no `lib.path`".to_string();
                        self.error(m, m.position_of("[lib]"), message);
                    }
                    return None;
                }
                if let Some(why) = self.target_refusal(m, &file) {
                    self.error(m, START, why);
                    return None;
                }
                file
            }
        };
        Some(Target { kind: TargetKind::Lib, name: crate_name(name), root_file })
    }

    /// Check a target root file that the manifest names (or cargo's fixed
    /// layout implies): it exists, can be accessed, and lies in the scanned
    /// tree. Errors go to `at` in the manifest.
    /// `at` (where the manifest names the file) is found only for an error:
    /// finding it searches the manifest's text.
    fn named_file(
        &mut self,
        m: &Manifest,
        file: &Path,
        what: &str,
        at: impl Fn() -> (u32, u32),
    ) -> Option<()> {
        let problem = match file_exists(file) {
            Ok(true) => self.target_refusal(m, file),
            Ok(false) => Some(format!("{what} `{}` does not exist", self.rel(file))),
            Err(e) => Some(format!("cannot access {what} `{}`: {e}", self.rel(file))),
        };
        match problem {
            Some(message) => {
                self.error(m, at(), message);
                None
            }
            None => Some(()),
        }
    }

    /// Explicit `[[key]]` targets, then autodiscovered ones that no explicit
    /// target claims by name or by file.
    fn kind_targets(&mut self, m: &Manifest, package: &str, rule: &KindRule, out: &mut Vec<Target>) {
        let mut claimed_names = BTreeSet::new();
        let mut claimed_files = BTreeSet::new();
        match m.table.get(rule.key) {
            None => {}
            Some(Value::Array(entries)) => {
                for entry in entries {
                    let Some(entry) = entry.as_table() else {
                        let message = format!("`[[{}]]` entries must be tables", rule.key);
                        self.error(m, m.position_of(rule.key), message);
                        continue;
                    };
                    if let Some((name, root_file)) = self.explicit_target(m, package, rule, entry) {
                        claimed_names.insert(name.clone());
                        claimed_files.insert(root_file.clone());
                        out.push(Target { kind: rule.kind, name: crate_name(&name), root_file });
                    }
                }
            }
            Some(other) => {
                let message =
                    format!("`{}` must be an array of tables, found {}", rule.key, other.type_str());
                self.error(m, m.position_of(rule.key), message);
            }
        }
        if bool_key(m.package(), rule.auto) == Some(false) {
            return;
        }
        let (found, problems) = inferred_targets(m.dir(), package, rule);
        for (path, message) in problems {
            self.error_at_path(&path, message);
        }
        let fixed_main = m.dir().join("src").join("main.rs");
        for (name, root_file) in found {
            if claimed_names.contains(&name) || claimed_files.contains(&root_file) {
                continue;
            }
            if let Some(why) = self.target_refusal(m, &root_file) {
                // `src/main.rs` is the package's own code: not reading it
                // leaves a hole. The others were found by listing a directory.
                if root_file == fixed_main {
                    self.error(m, START, why);
                } else {
                    self.warn(format!("{why}; {} target `{name}` skipped", rule.key));
                }
                continue;
            }
            out.push(Target { kind: rule.kind, name: crate_name(&name), root_file });
        }
    }

    /// (name as written, root file) of one `[[bin]]`-style entry: an
    /// explicit `path` wins; otherwise the file is looked up by name.
    fn explicit_target(
        &mut self,
        m: &Manifest,
        package: &str,
        rule: &KindRule,
        entry: &Table,
    ) -> Option<(String, PathBuf)> {
        let name = self.str_field(m, entry, "name", "name");
        let path = self.str_field(m, entry, "path", "path");
        match (name, path) {
            (_, Some(path)) => {
                let file = normalize(&m.dir().join(path));
                let what = format!("{} target file", rule.key);
                self.named_file(m, &file, &what, || m.position_of_value(path, "path"))?;
                let stem = || file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
                Some((name.map_or_else(stem, str::to_string), file))
            }
            (Some(name), None) => {
                let dir = m.dir().join(rule.dir);
                let mut candidates = vec![dir.join(format!("{name}.rs")), dir.join(name).join("main.rs")];
                if rule.kind == TargetKind::Bin && name == package {
                    candidates.push(m.dir().join("src").join("main.rs"));
                }
                let at = || m.position_of_value(name, "name");
                for file in candidates {
                    match file_exists(&file) {
                        Ok(true) => {
                            let what = format!("{} target file", rule.key);
                            self.named_file(m, &file, &what, at)?;
                            return Some((name.to_string(), file));
                        }
                        Ok(false) => {}
                        Err(e) => {
                            let message = format!("cannot access `{}`: {e}", self.rel(&file));
                            self.error(m, at(), message);
                            return None;
                        }
                    }
                }
                let message = format!(
                    "cannot find {} target `{name}`: expected `{}/{name}.rs` or `{}/{name}/main.rs`, or a `path`",
                    rule.key, rule.dir, rule.dir
                );
                self.error(m, m.position_of_value(name, "name"), message);
                None
            }
            (None, None) => {
                let message = format!("a `[[{}]]` target needs a `name` or a `path`", rule.key);
                self.error(m, m.position_of(&format!("[[{}]]", rule.key)), message);
                None
            }
        }
    }

    /// Path dependencies of a package: `[dependencies]`, every
    /// `[target.'cfg(..)'.dependencies]`, and the dev ones when `with_dev`.
    pub(super) fn dependencies(&mut self, m: &Rc<Manifest>, with_dev: bool) -> Vec<Dep> {
        let mut sections: Vec<(&Table, bool)> = Vec::new();
        collect_sections(&m.table, with_dev, &mut sections);
        if let Some(targets) = m.table.get("target").and_then(Value::as_table) {
            for platform in targets.values().filter_map(Value::as_table) {
                collect_sections(platform, with_dev, &mut sections);
            }
        }
        let mut deps = Vec::new();
        for (section, dev) in sections {
            for (key, spec) in section {
                let Some(spec) = spec.as_table() else {
                    continue; // `name = "1.0"`: a registry dependency.
                };
                if spec.get("workspace").and_then(Value::as_bool) == Some(true) {
                    deps.extend(self.workspace_dependency(m, key, dev));
                } else {
                    deps.extend(self.path_dependency(m, key, spec, dev));
                }
            }
        }
        deps
    }

    /// `key = { workspace = true }`: the entry of `[workspace.dependencies]`
    /// in the enclosing workspace, whose `path` is relative to that workspace.
    fn workspace_dependency(&mut self, m: &Rc<Manifest>, key: &str, dev: bool) -> Option<Dep> {
        let Some(ws) = self.workspace_manifest_of(m) else {
            let message =
                format!("dependency `{key}` uses `workspace = true` but no enclosing workspace was found");
            self.error(m, m.position_of_key(key), message);
            return None;
        };
        let spec = ws
            .workspace()
            .and_then(|w| w.get("dependencies"))
            .and_then(Value::as_table)
            .and_then(|d| d.get(key));
        match spec {
            None => {
                let message = format!(
                    "dependency `{key}` is not in `[workspace.dependencies]` of `{}`",
                    self.rel(&ws.path)
                );
                self.error(m, m.position_of_key(key), message);
                None
            }
            Some(Value::Table(spec)) => self.path_dependency(&ws, key, spec, dev),
            Some(_) => None,
        }
    }

    fn path_dependency(&mut self, m: &Rc<Manifest>, key: &str, spec: &Table, dev: bool) -> Option<Dep> {
        let path = self.str_field(m, spec, "path", key)?;
        Some(Dep {
            key: key.to_string(),
            renamed: spec.contains_key("package"),
            dir: normalize(&m.dir().join(path)),
            dev,
            origin: (Rc::clone(m), path.to_string()),
        })
    }

    /// The string under `key`, reporting a value of the wrong type at the
    /// line that assigns `anchor`.
    fn str_field<'t>(&mut self, m: &Manifest, table: &'t Table, key: &str, anchor: &str) -> Option<&'t str> {
        match str_key(table, key) {
            Ok(value) => value,
            Err(message) => {
                self.error(m, m.position_of_key(anchor), message);
                None
            }
        }
    }
}

fn is_proc_macro(m: &Manifest) -> bool {
    let lib = m.table.get("lib").and_then(Value::as_table);
    bool_key(lib, "proc-macro") == Some(true) || bool_key(lib, "proc_macro") == Some(true)
}

fn collect_sections<'t>(table: &'t Table, with_dev: bool, out: &mut Vec<(&'t Table, bool)>) {
    for (key, dev) in [("dependencies", false), ("dev-dependencies", true), ("dev_dependencies", true)] {
        if dev && !with_dev {
            continue;
        }
        if let Some(section) = table.get(key).and_then(Value::as_table) {
            out.push((section, dev));
        }
    }
}

/// Targets found, and (path, message) for what could not be looked at.
type Inferred = (Vec<(String, PathBuf)>, Vec<(PathBuf, String)>);

/// Autodiscovered targets of one kind: `src/main.rs` for bins, then
/// `<dir>/*.rs` and `<dir>/*/main.rs`, sorted by file name. What the file
/// system would not show (permissions) is reported, not taken as absent.
fn inferred_targets(package_dir: &Path, package: &str, rule: &KindRule) -> Inferred {
    let (mut found, mut problems) = (Vec::new(), Vec::new());
    let check = |path: PathBuf, problems: &mut Vec<(PathBuf, String)>| match file_exists(&path) {
        Ok(exists) => exists.then_some(path),
        Err(e) => {
            problems.push((path, format!("cannot access: {e}")));
            None
        }
    };
    if rule.kind == TargetKind::Bin {
        if let Some(main) = check(package_dir.join("src").join("main.rs"), &mut problems) {
            found.push((package.to_string(), main));
        }
    }
    let dir = package_dir.join(rule.dir);
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => {
            return (found, problems);
        }
        Err(e) => {
            problems.push((dir, format!("cannot read directory: {e}")));
            return (found, problems);
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|entry| entry.path()).collect();
    paths.sort();
    for path in paths {
        let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
            continue;
        };
        // A linked directory is not entered (a link loop must not trap
        // discovery); a linked file is checked against the scope later.
        if path.is_dir() && !is_symlink(&path) {
            if let Some(main) = check(path.join("main.rs"), &mut problems) {
                found.push((name, main));
            }
        } else if let Some(stem) = name.strip_suffix(".rs") {
            if let Some(file) = check(path, &mut problems) {
                found.push((stem.to_string(), file));
            }
        }
    }
    (found, problems)
}
