//! Find what to analyse: the workspace, its packages and their targets, from
//! Cargo manifests read with `toml`. Cargo itself is never run.
//!
//! What PATH means (see CONTRACT.md), and what [`Workspace::root`] becomes:
//! - a directory with a `Cargo.toml`, or that `Cargo.toml`: the root is its
//!   directory. A `[workspace]` brings its members (globs with `*` and `?`,
//!   minus `exclude`) and the root `[package]` if there is one. A package is
//!   analysed on its own even when it is a member of a workspace further up
//!   (the caller picks the workspace root with [`find_enclosing_root`]).
//! - a directory without a `Cargo.toml`: every outermost package below it
//!   (the first `Cargo.toml` on each branch; a workspace brings its members),
//!   plus every `.rs` file outside those package directories as its own
//!   standalone crate. `target/` and hidden directories are skipped.
//! - a `.rs` file: one standalone crate; the root is the file's directory.
//!
//! Path dependencies are followed transitively so that calls into them
//! resolve. A package is analysed in full (all targets, dev-dependencies)
//! when it is listed as a workspace member or lies under the root without
//! being excluded, as cargo makes such path dependencies members; any other
//! package contributes only its lib, and nothing when that lib is a proc-macro
//! (its functions cannot be called from the code that uses it). Files outside
//! the root are reported as `../...` relative to it.
//!
//! Every `[target.'cfg(..)'.dependencies]` counts: we analyse every
//! configuration at once. Registry and git dependencies are external and not
//! listed. Bad input becomes an [`InputError`] and discovery goes on.
//!
//! Nothing is read from outside the root and the package directories found
//! ([`ReadScope`]): symbolic links are resolved before that check. Directory
//! walks never follow a symbolic link to a directory (so a link loop cannot
//! trap them); a file or directory they meet through a link that leads
//! outside is skipped with a warning. A file that permissions or the file
//! system hide is an error, never taken for absent.

mod manifest;
mod paths;
mod scope;
mod targets;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use rayon::prelude::*;

use walkdir::WalkDir;

use crate::finding::Warning;
use crate::source::InputError;

use manifest::{read_manifest, str_array, str_key, Manifest, ReadError, START};
use paths::{absolute, expand_glob, normalize};
pub use paths::{module_file_candidates, relative_path};
use scope::file_exists;
pub use scope::ReadScope;
use targets::{crate_name, Dep, Target};

/// What kind of target a crate root is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TargetKind {
    Lib,
    Bin,
    Example,
    Test,
    Bench,
    /// A `.rs` file analysed on its own (no manifest claims it).
    Standalone,
}

/// One crate to analyse: a target of a package or a standalone file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CrateRoot {
    /// Name as code refers to it: `-` replaced by `_`.
    pub name: String,
    /// The package the target belongs to (empty for standalone files).
    pub package: String,
    pub kind: TargetKind,
    /// Absolute path of the root file (`src/lib.rs`, `src/bin/x.rs`, ...).
    pub root_file: PathBuf,
    /// Crates it can name: (name used in code, index into `Workspace::crates`).
    pub deps: Vec<(String, usize)>,
}

#[derive(Debug, Default)]
pub struct Workspace {
    /// The scanned root: the workspace root, the package, the directory, or
    /// the single file's directory. Reported paths are relative to it.
    pub root: PathBuf,
    pub crates: Vec<CrateRoot>,
    pub errors: Vec<InputError>,
    /// What was skipped without making the analysis untrustworthy (a
    /// symbolic link leading outside the scanned tree that a directory walk
    /// came across). They name their file in the message: no file is loaded
    /// yet, so they carry no span.
    pub warnings: Vec<Warning>,
    /// Directory of every package found, sorted: the driver looks there for
    /// `.rs` files no target reaches.
    pub package_dirs: Vec<PathBuf>,
    /// What the loader may read when it follows `mod x;`.
    pub scope: ReadScope,
}

/// The `.rs` files under a package directory, sorted, without entering
/// `target/`, hidden directories, other packages' directories, or symbolic
/// links: candidates for files no target reaches.
pub fn package_rs_files(package_dir: &Path) -> Vec<PathBuf> {
    let skipped = |entry: &walkdir::DirEntry| {
        let name = entry.file_name().to_string_lossy();
        entry.depth() > 0
            && entry.file_type().is_dir()
            && (name == "target" || name.starts_with('.') || entry.path().join("Cargo.toml").is_file())
    };
    WalkDir::new(package_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !skipped(e))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|ext| ext == "rs"))
        .map(|e| e.into_path())
        .collect()
}

/// Discover the crates under `path` (a workspace or package directory, a
/// `Cargo.toml`, a directory of `.rs` files, or a `.rs` file).
pub fn discover(path: &Path) -> Workspace {
    let abs = absolute(path);
    if abs.is_dir() {
        let mut loader = Loader::new(abs.clone());
        if abs.join("Cargo.toml").is_file() {
            loader.add_root(&abs);
            return loader.finish(Vec::new());
        }
        let (package_dirs, loose_files) = loader.scan_dir(&abs);
        loader.read_ahead(package_dirs.iter());
        for dir in &package_dirs {
            loader.add_root(dir);
        }
        return loader.finish(loose_files);
    }
    let dir = abs.parent().map_or_else(|| abs.clone(), Path::to_path_buf);
    let mut loader = Loader::new(dir.clone());
    if let Err(e) = std::fs::metadata(&abs) {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory => {
                format!("`{}` does not exist", path.display())
            }
            _ => format!("cannot access `{}`: {e}", path.display()),
        };
        // No root to be relative to: the path is named as the user gave it.
        let file = path.to_string_lossy().replace('\\', "/");
        let (line, column) = START;
        loader.errors.push(InputError { file, line, column, message });
        return loader.finish(Vec::new());
    }
    if abs.file_name().is_some_and(|name| name == "Cargo.toml") {
        loader.add_root(&dir);
        return loader.finish(Vec::new());
    }
    if abs.extension().is_some_and(|ext| ext == "rs") {
        return loader.finish(vec![abs]);
    }
    loader.error_at_path(path, "expected a directory, a `Cargo.toml` or a `.rs` file".to_string());
    loader.finish(Vec::new())
}

/// The root cargo would use from `start` (the default PATH): the nearest
/// directory with a `Cargo.toml`, or, when that manifest is a package, the
/// nearest ancestor workspace that has it as a member. `start` itself when no
/// manifest is found.
pub fn find_enclosing_root(start: &Path) -> PathBuf {
    let abs = absolute(start);
    let Some(package_dir) = abs.ancestors().find(|dir| dir.join("Cargo.toml").is_file()) else {
        return start.to_path_buf();
    };
    let Ok(m) = read_manifest(&package_dir.join("Cargo.toml")) else {
        return package_dir.to_path_buf();
    };
    if m.workspace().is_some() {
        return package_dir.to_path_buf();
    }
    for dir in package_dir.ancestors().skip(1) {
        let Ok(ws) = read_manifest(&dir.join("Cargo.toml")) else {
            continue;
        };
        let Some(ws_table) = ws.workspace() else {
            continue;
        };
        let members = str_array(ws_table, "members").unwrap_or_default();
        let scope = Scope::new(dir, ws_table);
        let listed = members.iter().any(|pattern| expand_glob(dir, pattern).iter().any(|d| d == package_dir));
        if listed && !scope.excludes(package_dir) {
            return dir.to_path_buf();
        }
    }
    package_dir.to_path_buf()
}

/// A package read from its manifest.
#[derive(Debug)]
struct Package {
    name: String,
    targets: Vec<Target>,
    deps: Vec<Dep>,
}

/// A package directory waiting to be loaded.
struct Pending {
    dir: PathBuf,
    /// Load every target and the dev-dependencies, not only the lib.
    full: bool,
    /// Manifest and text that named this directory, to place errors there.
    origin: Option<(Rc<Manifest>, String)>,
}

/// What a `[workspace]` leaves out: `exclude` prefixes, unless a member
/// listed literally says otherwise.
struct Scope {
    dir: PathBuf,
    exclude: Vec<PathBuf>,
    literal_members: Vec<PathBuf>,
}

impl Scope {
    fn new(dir: &Path, ws: &toml::Table) -> Scope {
        let under = |entries: Vec<&str>| entries.iter().map(|e| normalize(&dir.join(e))).collect::<Vec<_>>();
        let members = str_array(ws, "members").unwrap_or_default();
        let literal: Vec<&str> = members.into_iter().filter(|m| !m.contains(['*', '?'])).collect();
        Scope {
            dir: dir.to_path_buf(),
            exclude: under(str_array(ws, "exclude").unwrap_or_default()),
            literal_members: under(literal),
        }
    }

    /// Cargo lets any literal member containing `dir` override an
    /// exclusion, so `members = ["."]` would disable `exclude` entirely;
    /// here only a member inside the excluded directory overrides it.
    fn excludes(&self, dir: &Path) -> bool {
        dir.starts_with(&self.dir)
            && self.exclude.iter().any(|ex| {
                dir.starts_with(ex)
                    && !self
                        .literal_members
                        .iter()
                        .any(|member| dir.starts_with(member) && member.starts_with(ex))
            })
    }
}

/// Discovery state: manifests read so far, packages found, errors.
struct Loader {
    root: PathBuf,
    errors: Vec<InputError>,
    warnings: Vec<Warning>,
    /// Every manifest read, by path; `None` when it failed (reported once).
    manifests: BTreeMap<PathBuf, Option<Rc<Manifest>>>,
    /// Manifests read ahead, in parallel, not yet taken by `load_manifest`.
    read_ahead: BTreeMap<PathBuf, Result<Manifest, ReadError>>,
    /// Loaded packages by directory.
    packages: BTreeMap<PathBuf, Package>,
    /// Directories already taken from the queue.
    seen: BTreeSet<PathBuf>,
    queue: VecDeque<Pending>,
    scopes: Vec<Scope>,
}

impl Loader {
    fn new(root: PathBuf) -> Loader {
        Loader {
            root,
            errors: Vec::new(),
            warnings: Vec::new(),
            manifests: BTreeMap::new(),
            read_ahead: BTreeMap::new(),
            packages: BTreeMap::new(),
            seen: BTreeSet::new(),
            queue: VecDeque::new(),
            scopes: Vec::new(),
        }
    }

    fn rel(&self, path: &Path) -> String {
        relative_path(&self.root, path)
    }

    fn error(&mut self, m: &Manifest, (line, column): (u32, u32), message: String) {
        let file = self.rel(&m.path);
        self.errors.push(InputError { file, line, column, message });
    }

    fn error_at_path(&mut self, path: &Path, message: String) {
        let file = self.rel(&absolute(path));
        let (line, column) = START;
        self.errors.push(InputError { file, line, column, message });
    }

    fn warn(&mut self, message: String) {
        self.warnings.push(Warning { span: None, message });
    }

    /// Read a manifest once. A missing file is blamed on `origin` (the
    /// manifest and text that pointed here) when there is one.
    fn load_manifest(
        &mut self,
        path: &Path,
        origin: Option<&(Rc<Manifest>, String)>,
    ) -> Option<Rc<Manifest>> {
        if let Some(cached) = self.manifests.get(path) {
            return cached.clone();
        }
        let read = self.read_ahead.remove(path).unwrap_or_else(|| read_manifest(path));
        let loaded = match read {
            Ok(m) => Some(Rc::new(m)),
            Err(ReadError::NotFound) => {
                let dir = path.parent().unwrap_or(path);
                let message = if dir.is_dir() {
                    format!("no `Cargo.toml` in `{}`", self.rel(dir))
                } else {
                    format!("`{}` does not exist", self.rel(dir))
                };
                match origin {
                    Some((m, text)) => self.error(m, m.position_of_value(text, "path"), message),
                    None => self.error_at_path(path, message),
                }
                None
            }
            Err(ReadError::Invalid { line, column, message }) => {
                let file = self.rel(path);
                self.errors.push(InputError { file, line, column, message });
                None
            }
        };
        self.manifests.insert(path.to_path_buf(), loaded.clone());
        loaded
    }

    /// Read and parse the manifests of `dirs` in parallel, for
    /// `load_manifest` to take in its own order (a monorepo has hundreds,
    /// a large workspace as many members).
    fn read_ahead<'d>(&mut self, dirs: impl Iterator<Item = &'d PathBuf>) {
        let paths: Vec<PathBuf> = dirs
            .map(|dir| dir.join("Cargo.toml"))
            .filter(|path| !self.manifests.contains_key(path) && !self.read_ahead.contains_key(path))
            .collect();
        if paths.len() < 2 {
            return;
        }
        let read: Vec<(PathBuf, Result<Manifest, ReadError>)> = paths
            .into_par_iter()
            .map(|path| {
                let manifest = read_manifest(&path);
                (path, manifest)
            })
            .collect();
        self.read_ahead.extend(read);
    }

    /// Take the manifest in `dir` as a root: its workspace members and its
    /// package are analysed in full.
    fn add_root(&mut self, dir: &Path) {
        let Some(m) = self.load_manifest(&dir.join("Cargo.toml"), None) else {
            return;
        };
        if m.workspace().is_some() {
            self.add_members(&m);
        }
        if m.package().is_some() {
            self.queue.push_back(Pending { dir: dir.to_path_buf(), full: true, origin: None });
        } else if m.workspace().is_none() {
            self.error(&m, START, "manifest has neither `[package]` nor `[workspace]`".to_string());
        }
        self.run();
    }

    fn add_members(&mut self, m: &Rc<Manifest>) {
        let Some(ws) = m.workspace() else {
            return;
        };
        let dir = m.dir().to_path_buf();
        self.scopes.push(Scope::new(&dir, ws));
        let members = match str_array(ws, "members") {
            Ok(members) => members,
            Err(message) => {
                self.error(m, m.position_of_key("members"), message);
                Vec::new()
            }
        };
        if let Err(message) = str_array(ws, "exclude") {
            self.error(m, m.position_of_key("exclude"), message);
        }
        for pattern in members {
            let found = expand_glob(&dir, pattern);
            if found.is_empty() {
                let message = format!("workspace member pattern `{pattern}` matches no directory");
                self.error(m, m.position_of_value(pattern, "members"), message);
            }
            for member in found {
                if self.excluded(&member) {
                    continue;
                }
                let manifest = member.join("Cargo.toml");
                let problem = match file_exists(&manifest) {
                    Ok(true) => None,
                    Ok(false) if member.is_dir() => Some("has no `Cargo.toml`".to_string()),
                    Ok(false) => Some("does not exist".to_string()),
                    Err(e) => Some(format!("cannot be read: `{}`: {e}", self.rel(&manifest))),
                };
                if let Some(what) = problem {
                    let message = format!("workspace member `{}` {what}", self.rel(&member));
                    self.error(m, m.position_of_value(pattern, "members"), message);
                    continue;
                }
                let origin = Some((Rc::clone(m), pattern.to_string()));
                self.queue.push_back(Pending { dir: member, full: true, origin });
            }
        }
    }

    fn excluded(&self, dir: &Path) -> bool {
        self.scopes.iter().any(|scope| scope.excludes(dir))
    }

    /// Load queued packages, queueing their path dependencies in turn.
    fn run(&mut self) {
        let queued: Vec<PathBuf> = self.queue.iter().map(|p| p.dir.clone()).collect();
        self.read_ahead(queued.iter());
        while let Some(pending) = self.queue.pop_front() {
            if !self.seen.insert(pending.dir.clone()) {
                continue;
            }
            let Some(m) = self.load_manifest(&pending.dir.join("Cargo.toml"), pending.origin.as_ref()) else {
                continue;
            };
            let name = match m.package().map(|p| str_key(p, "name")) {
                Some(Ok(Some(name))) => name.to_string(),
                Some(Ok(None)) => {
                    self.error(&m, m.position_of("[package]"), "`[package]` has no `name`".to_string());
                    continue;
                }
                Some(Err(message)) => {
                    self.error(&m, m.position_of_key("name"), message);
                    continue;
                }
                None => {
                    let message = format!("`{}` is not a package: no `[package]`", self.rel(&m.path));
                    match &pending.origin {
                        Some((origin, text)) => {
                            self.error(origin, origin.position_of_value(text, "path"), message)
                        }
                        None => self.error(&m, START, message),
                    }
                    continue;
                }
            };
            let targets = self.targets(&m, &name, pending.full);
            // Without a lib, a package reached as a dependency needs nothing else.
            let deps = if pending.full || !targets.is_empty() {
                self.dependencies(&m, pending.full)
            } else {
                Vec::new()
            };
            for dep in &deps {
                let full = dep.dir.starts_with(&self.root) && !self.excluded(&dep.dir);
                let origin = Some((Rc::clone(&dep.origin.0), dep.origin.1.clone()));
                self.queue.push_back(Pending { dir: dep.dir.clone(), full, origin });
            }
            self.packages.insert(pending.dir, Package { name, targets, deps });
        }
    }

    /// The manifest holding `[workspace]` for the package in `m`: itself,
    /// the one named by `package.workspace`, or the nearest ancestor.
    fn workspace_manifest_of(&mut self, m: &Rc<Manifest>) -> Option<Rc<Manifest>> {
        if m.workspace().is_some() {
            return Some(Rc::clone(m));
        }
        if let Some(Ok(Some(path))) = m.package().map(|p| str_key(p, "workspace")) {
            let origin = (Rc::clone(m), path.to_string());
            let ws_path = normalize(&m.dir().join(path)).join("Cargo.toml");
            return self.load_manifest(&ws_path, Some(&origin));
        }
        let ancestors: Vec<PathBuf> = m.dir().ancestors().skip(1).map(|dir| dir.join("Cargo.toml")).collect();
        ancestors
            .iter()
            .filter(|path| path.is_file())
            .filter_map(|path| self.load_manifest(path, None))
            .find(|candidate| candidate.workspace().is_some())
    }

    /// Walk a directory without a root manifest: the outermost package
    /// directories and the `.rs` files outside them, both sorted. Symbolic
    /// links are not followed: one that leads inside the root is skipped
    /// silently (the walk meets what it points to, and analysing a file
    /// twice would report its findings twice), any other with a warning.
    fn scan_dir(&mut self, dir: &Path) -> (Vec<PathBuf>, Vec<PathBuf>) {
        let (mut package_dirs, mut files) = (Vec::new(), Vec::new());
        let skipped = |entry: &walkdir::DirEntry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() > 0 && entry.file_type().is_dir() && (name == "target" || name.starts_with('.'))
        };
        let mut walk = WalkDir::new(dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| !skipped(e));
        while let Some(next) = walk.next() {
            let entry = match next {
                Ok(entry) => entry,
                Err(err) => {
                    let path = err.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                    let message = match err.io_error() {
                        Some(e) => format!("cannot read directory: {e}"),
                        None => format!("cannot read: {err}"),
                    };
                    self.error_at_path(&path, message);
                    continue;
                }
            };
            let path = entry.path();
            let file_type = entry.file_type();
            if file_type.is_symlink() {
                self.walked_link(path);
            } else if file_type.is_dir() {
                if entry.depth() > 0 && path.join("Cargo.toml").is_file() {
                    package_dirs.push(path.to_path_buf());
                    walk.skip_current_dir();
                }
            } else if path.extension().is_some_and(|ext| ext == "rs") && file_type.is_file() {
                files.push(path.to_path_buf());
            }
        }
        package_dirs.sort();
        files.sort();
        (package_dirs, files)
    }

    /// A symbolic link met while walking: warn unless it leads inside the
    /// root.
    fn walked_link(&mut self, link: &Path) {
        let rel = self.rel(link);
        let target = match std::fs::canonicalize(link) {
            Ok(target) => target,
            Err(e) => {
                self.warn(format!("symbolic link `{rel}` cannot be followed ({e}): skipped"));
                return;
            }
        };
        let inside = std::fs::canonicalize(&self.root).is_ok_and(|root| target.starts_with(root));
        if !inside {
            let message = format!(
                "symbolic link `{rel}` leads outside the scanned tree (to `{}`): not followed",
                target.display()
            );
            self.warn(message);
        }
    }

    /// Why the target root `file` of the package in `m` must not be read: it
    /// leads outside both the scanned root and the package.
    fn target_refusal(&self, m: &Manifest, file: &Path) -> Option<String> {
        ReadScope::new(&self.root, [m.dir()]).refusal(file)
    }

    /// Number the crates: packages in directory order (those under the root
    /// first), each package's
    /// targets by kind then name, then standalone files; one crate per root
    /// file. Then resolve each crate's dependencies to those numbers.
    fn finish(mut self, standalone: Vec<PathBuf>) -> Workspace {
        let mut crates: Vec<CrateRoot> = Vec::new();
        let mut by_file: BTreeMap<PathBuf, usize> = BTreeMap::new();
        let mut lib_of: BTreeMap<&Path, usize> = BTreeMap::new();
        let mut owners: Vec<(usize, &Package, &Path)> = Vec::new();
        let mut packages: Vec<(&PathBuf, &Package)> = self.packages.iter().collect();
        packages.sort_by_key(|(dir, _)| (!dir.starts_with(&self.root), *dir));
        for (dir, package) in packages {
            let mut targets: Vec<&Target> = package.targets.iter().collect();
            targets.sort_by(|a, b| (a.kind, &a.name, &a.root_file).cmp(&(b.kind, &b.name, &b.root_file)));
            for target in targets {
                let index = match by_file.get(&target.root_file) {
                    Some(&index) => index,
                    None => {
                        let index = crates.len();
                        by_file.insert(target.root_file.clone(), index);
                        crates.push(CrateRoot {
                            name: target.name.clone(),
                            package: package.name.clone(),
                            kind: target.kind,
                            root_file: target.root_file.clone(),
                            deps: Vec::new(),
                        });
                        owners.push((index, package, dir));
                        index
                    }
                };
                if target.kind == TargetKind::Lib {
                    lib_of.insert(dir, index);
                }
            }
        }
        for (index, package, dir) in owners {
            let kind = crates.get(index).map_or(TargetKind::Lib, |c| c.kind);
            let dev_allowed = matches!(kind, TargetKind::Test | TargetKind::Example | TargetKind::Bench);
            let mut deps: BTreeMap<String, usize> = BTreeMap::new();
            for dep in package.deps.iter().filter(|dep| dev_allowed || !dep.dev) {
                let Some(&lib) = lib_of.get(dep.dir.as_path()) else {
                    continue; // A package without a lib cannot be named.
                };
                let name = if dep.renamed {
                    crate_name(&dep.key)
                } else {
                    crates.get(lib).map_or_else(|| crate_name(&dep.key), |c| c.name.clone())
                };
                if lib != index {
                    deps.insert(name, lib);
                }
            }
            if let Some(&lib) = lib_of.get(dir) {
                if lib != index {
                    if let Some(own) = crates.get(lib) {
                        deps.insert(own.name.clone(), lib);
                    }
                }
            }
            if let Some(krate) = crates.get_mut(index) {
                krate.deps = deps.into_iter().collect();
            }
        }
        for file in standalone {
            if by_file.contains_key(&file) {
                continue;
            }
            let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            by_file.insert(file.clone(), crates.len());
            crates.push(CrateRoot {
                name: crate_name(&stem),
                package: String::new(),
                kind: TargetKind::Standalone,
                root_file: file,
                deps: Vec::new(),
            });
        }
        self.errors.sort();
        self.errors.dedup();
        self.warnings.sort();
        self.warnings.dedup();
        let scope = ReadScope::new(&self.root, self.packages.keys().map(PathBuf::as_path));
        let package_dirs = self.packages.keys().cloned().collect();
        Workspace {
            root: self.root,
            crates,
            errors: self.errors,
            warnings: self.warnings,
            package_dirs,
            scope,
        }
    }
}
