//! Lexical path handling: normalising, relativising, member globs and the
//! module-file rules of the Rust reference.
//!
//! Everything here is lexical on purpose: canonicalising would resolve
//! symlinks and make reported paths depend on how the tree was linked.

use std::fs;
use std::path::{Component, Path, PathBuf};

/// Remove `.` components and fold `..` into the preceding normal component.
/// A leading `..` of a relative path is kept; `/..` is `/`.
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => match out.components().next_back() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                Some(Component::ParentDir | Component::CurDir) | None => out.push(".."),
            },
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` made absolute against the current directory, then normalised.
pub(super) fn absolute(path: &Path) -> PathBuf {
    normalize(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `file` relative to `root`, with `/` separators: `src/lib.rs`, or
/// `../other/src/lib.rs` for a file beside the root. Falls back to `file` as
/// given when the two share nothing but the file-system root.
pub fn relative_path(root: &Path, file: &Path) -> String {
    let (root, norm_file) = (normalize(root), normalize(file));
    if let Ok(rest) = norm_file.strip_prefix(&root) {
        let joined = join_slash(rest.components());
        return if joined.is_empty() { ".".to_string() } else { joined };
    }
    let root_parts: Vec<Component> = root.components().collect();
    let file_parts: Vec<Component> = norm_file.components().collect();
    let common = root_parts.iter().zip(&file_parts).take_while(|(a, b)| a == b).count();
    let shares_dir = root_parts.iter().take(common).any(|c| matches!(c, Component::Normal(_)));
    let climbable = root_parts.iter().skip(common).all(|c| matches!(c, Component::Normal(_)));
    if !shares_dir || !climbable {
        return file.to_string_lossy().replace('\\', "/");
    }
    let ups = root_parts.len().saturating_sub(common);
    let mut parts: Vec<String> = vec!["..".to_string(); ups];
    parts.extend(file_parts.iter().skip(common).map(|c| c.as_os_str().to_string_lossy().into_owned()));
    parts.join("/")
}

fn join_slash<'a>(components: impl Iterator<Item = Component<'a>>) -> String {
    components.map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

/// Does `name` match the one-component glob `pattern` (`*` any run of
/// characters, `?` one character)?
pub(super) fn glob_match(pattern: &str, name: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let name: Vec<char> = name.chars().collect();
    let (mut p, mut n) = (0, 0);
    // Where the last `*` was, and how much of `name` it has swallowed so far.
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, n));
                p += 1;
            }
            Some(&c) if c == '?' || Some(&c) == name.get(n) => {
                p += 1;
                n += 1;
            }
            _ => match star {
                Some((star_p, star_n)) => {
                    p = star_p + 1;
                    n = star_n + 1;
                    star = Some((star_p, star_n + 1));
                }
                None => return false,
            },
        }
    }
    pattern.iter().skip(p).all(|&c| c == '*')
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Expand a workspace member pattern relative to `base`. Wildcard components
/// match directories only (as cargo does, so stray files such as `.DS_Store`
/// never become members), in sorted order. Literal components are kept
/// whether or not they exist: the caller reports the missing manifest.
pub(super) fn expand_glob(base: &Path, pattern: &str) -> Vec<PathBuf> {
    let mut current = vec![normalize(base)];
    for component in Path::new(pattern).components() {
        match component {
            Component::Normal(part) => {
                let part = part.to_string_lossy();
                if has_wildcard(&part) {
                    current = current.iter().flat_map(|dir| matching_subdirs(dir, &part)).collect();
                } else {
                    current.iter_mut().for_each(|dir| dir.push(part.as_ref()));
                }
            }
            Component::ParentDir => {
                current = current.iter().map(|dir| normalize(&dir.join(".."))).collect();
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => {
                current = current.iter().map(|dir| dir.join(component.as_os_str())).collect();
            }
        }
    }
    current.sort();
    current.dedup();
    current
}

fn matching_subdirs(dir: &Path, pattern: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|entry| glob_match(pattern, &entry.file_name().to_string_lossy()))
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    found.sort();
    found
}

/// Candidate files for `mod name;` declared in `parent_file`, per the Rust
/// reference ("Module source filenames" and "the path attribute").
///
/// - `parent_owns_dir`: the parent is a crate root or a `mod.rs` file, so its
///   children live beside it; otherwise (`foo.rs`) they live in `foo/`.
/// - `inline_path`: the enclosing inline modules (`mod a { mod b { mod name; } }`
///   gives `["a", "b"]`), each one directory deeper. For an inline module that
///   carries `#[path = "p"]` itself, pass `p`: rustc uses it as the directory.
/// - `path_attr`: the value of `#[path = "..."]` on the declaration. Outside
///   inline modules it is relative to the parent file's directory (even for
///   `foo.rs`); inside them, to the inline module's directory.
///
/// Paths are lexical: `..` is folded, nothing is resolved on disk.
pub fn module_file_candidates(
    parent_file: &Path,
    parent_owns_dir: bool,
    inline_path: &[&str],
    name: &str,
    path_attr: Option<&str>,
) -> Vec<PathBuf> {
    let parent_dir = parent_file.parent().unwrap_or(Path::new(""));
    let mut dir = parent_dir.to_path_buf();
    if !parent_owns_dir {
        if let Some(stem) = parent_file.file_stem() {
            dir.push(stem);
        }
    }
    for inline in inline_path {
        dir.push(inline.strip_prefix("r#").unwrap_or(inline));
    }
    if let Some(path) = path_attr {
        let base = if inline_path.is_empty() { parent_dir } else { dir.as_path() };
        return vec![normalize(&base.join(path))];
    }
    let name = name.strip_prefix("r#").unwrap_or(name);
    vec![normalize(&dir.join(format!("{name}.rs"))), normalize(&dir.join(name).join("mod.rs"))]
}
