//! What may be read: files inside the scanned root or inside a package
//! directory that discovery found (path dependencies may live beside the
//! root), judged after symbolic links are resolved.
//!
//! The scanned tree is untrusted (a pull request from anyone), and its
//! diagnostics quote the lines they point at: a `#[path]`, a manifest `path`
//! or a symbolic link leading to `/proc/self/environ` or `~/.ssh` would put
//! those lines in a public CI log. So such a file is not read: an error when
//! the code or a manifest needs it (the analysis would have a hole), a
//! warning when a directory listing merely came across it.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::paths::relative_path;

/// A module file found by [`ReadScope::module_file`].
pub struct ResolvedFile {
    /// As the module tree names it (what messages show).
    pub path: PathBuf,
    /// Symbolic links resolved (what cycles are detected on).
    pub real: PathBuf,
}

/// Directories whose files may be read.
#[derive(Clone, Debug, Default)]
pub struct ReadScope {
    /// The scanned root as reported, to make paths relative to it.
    root: PathBuf,
    /// The root and every package directory, with symbolic links resolved.
    dirs: Vec<PathBuf>,
}

impl ReadScope {
    pub(super) fn new<'a>(root: &'a Path, dirs: impl IntoIterator<Item = &'a Path>) -> ReadScope {
        let mut resolved: Vec<PathBuf> =
            std::iter::once(root).chain(dirs).filter_map(|dir| fs::canonicalize(dir).ok()).collect();
        resolved.sort();
        resolved.dedup();
        ReadScope { root: root.to_path_buf(), dirs: resolved }
    }

    /// Why the existing file `path` must not be read, if it must not: it
    /// resolves to somewhere outside every allowed directory.
    pub(super) fn refusal(&self, path: &Path) -> Option<String> {
        self.resolve(path).err()
    }

    /// `path` with symbolic links resolved, if it may be read; else why not.
    fn resolve(&self, path: &Path) -> Result<PathBuf, String> {
        let real = fs::canonicalize(path).map_err(|e| format!("cannot access `{}`: {e}", self.rel(path)))?;
        if self.dirs.iter().any(|dir| real.starts_with(dir)) {
            return Ok(real);
        }
        let how = if is_symlink(path) { "is a symbolic link to" } else { "resolves to" };
        Err(format!(
            "`{}` {how} `{}`, outside the scanned tree: not read (scan a directory that contains it)",
            self.rel(path),
            real.display()
        ))
    }

    /// The file of `mod name;` among `candidates` (from
    /// [`super::module_file_candidates`], in order), with symbolic links
    /// resolved as well as written, or the message of the error to report
    /// at the declaration: no candidate exists, one cannot be accessed, or
    /// it lies outside the scanned tree.
    pub fn module_file(&self, name: &str, candidates: &[PathBuf]) -> Result<ResolvedFile, String> {
        for candidate in candidates {
            match file_exists(candidate) {
                Ok(true) => {
                    return match self.resolve(candidate) {
                        Ok(real) => Ok(ResolvedFile { path: candidate.clone(), real }),
                        Err(why) => Err(format!("module `{name}`: {why}")),
                    }
                }
                Ok(false) => {}
                Err(e) => {
                    return Err(format!("module `{name}`: cannot access `{}`: {e}", self.rel(candidate)))
                }
            }
        }
        let looked: Vec<String> = candidates.iter().map(|c| self.rel(c)).collect();
        Err(format!("file not found for module `{name}` (looked for {})", looked.join(", ")))
    }

    fn rel(&self, path: &Path) -> String {
        relative_path(&self.root, path)
    }
}

/// Is there a file at `path` (following symbolic links)? `Ok(false)` when
/// nothing is there or it is not a file; `Err` when the file system would
/// not say (permissions, a symbolic-link loop...): never read that as absent.
pub(super) fn file_exists(path: &Path) -> io::Result<bool> {
    match fs::metadata(path) {
        Ok(meta) => Ok(meta.is_file()),
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => Ok(false),
        Err(e) => Err(e),
    }
}

pub(super) fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink())
}
