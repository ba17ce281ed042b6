//! Find what to analyse: the workspace, its packages and their targets, from
//! Cargo manifests read with `toml`. Cargo itself is never run.

use std::path::{Path, PathBuf};

use crate::source::InputError;

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
}

/// Discover the crates under `path` (a workspace or package directory, a
/// `Cargo.toml`, a directory of `.rs` files, or a `.rs` file).
pub fn discover(path: &Path) -> Workspace {
    let _ = path;
    todo!("discover helper")
}

/// Candidate files for `mod name;` declared in `parent_file`.
pub fn module_file_candidates(
    parent_file: &Path,
    parent_owns_dir: bool,
    inline_path: &[&str],
    name: &str,
    path_attr: Option<&str>,
) -> Vec<PathBuf> {
    let _ = (parent_file, parent_owns_dir, inline_path, name, path_attr);
    todo!("discover helper")
}
