//! Reading `Cargo.toml` files: parsing with `toml`, typed look-ups that say
//! what was wrong, and positions for diagnostics.
//!
//! `toml::Table` keeps no spans, so positions of keys and values are found
//! again in the text. That is approximate (the first occurrence wins) but
//! always points at something the user wrote.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

/// A parsed manifest and the text it came from.
#[derive(Debug)]
pub(super) struct Manifest {
    /// Absolute, normalised path of the `Cargo.toml`.
    pub(super) path: PathBuf,
    pub(super) text: String,
    pub(super) table: Table,
}

/// Why a manifest could not be used.
pub(super) enum ReadError {
    /// There is no such file: the caller knows best whom to blame.
    NotFound,
    /// The file exists but is unreadable or not valid TOML.
    Invalid { line: u32, column: u32, message: String },
}

/// 1-based (line, column) used when nothing better is known.
pub(super) const START: (u32, u32) = (1, 1);

pub(super) fn read_manifest(path: &Path) -> Result<Manifest, ReadError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Err(ReadError::NotFound),
        Err(err) => {
            let (line, column) = START;
            return Err(ReadError::Invalid { line, column, message: format!("cannot read manifest: {err}") });
        }
    };
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    match text.parse::<Table>() {
        Ok(table) => Ok(Manifest { path: path.to_path_buf(), text, table }),
        Err(err) => {
            let (line, column) = err.span().map_or(START, |span| line_col(&text, span.start));
            let message = format!("invalid manifest: {}", err.message().trim().replace('\n', "; "));
            Err(ReadError::Invalid { line, column, message })
        }
    }
}

impl Manifest {
    pub(super) fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    pub(super) fn package(&self) -> Option<&Table> {
        self.table.get("package").and_then(Value::as_table)
    }

    pub(super) fn workspace(&self) -> Option<&Table> {
        self.table.get("workspace").and_then(Value::as_table)
    }

    /// Where `needle` first occurs in the text, else the start of the file.
    pub(super) fn position_of(&self, needle: &str) -> (u32, u32) {
        self.find(needle, 0).map_or(START, |offset| line_col(&self.text, offset))
    }

    /// Where the string value `value` is written (quoted either way), else
    /// where `fallback_key` is, else the start of the file.
    pub(super) fn position_of_value(&self, value: &str, fallback_key: &str) -> (u32, u32) {
        let quoted = [format!("\"{value}\""), format!("'{value}'")];
        quoted
            .iter()
            .filter_map(|q| self.find(q, 0))
            .min()
            .map_or_else(|| self.position_of_key(fallback_key), |offset| line_col(&self.text, offset))
    }

    /// Where a line assigns `key` (`key = ...`, `key.x = ...`, `a.key = ...`)
    /// or opens a table named by it (`[a.key]`), else the start of the file.
    pub(super) fn position_of_key(&self, key: &str) -> (u32, u32) {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let name = match trimmed.strip_prefix('[') {
                Some(header) => header.trim_start_matches('[').split(']').next(),
                None if trimmed.starts_with('#') => None,
                None => trimmed.split_once('=').map(|(lhs, _)| lhs),
            };
            let names_key = name
                .is_some_and(|name| name.split('.').any(|part| part.trim().trim_matches(['"', '\'']) == key));
            if names_key {
                return line_col(&self.text, offset + (line.len() - trimmed.len()));
            }
            offset += line.len();
        }
        START
    }

    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        self.text.get(from..)?.find(needle).map(|i| i + from)
    }
}

/// 1-based line and character column of byte `offset` in `text`.
pub(super) fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (to_u32(line), to_u32(column))
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The string under `key`, if any; `Err` says what was there instead.
pub(super) fn str_key<'t>(table: &'t Table, key: &str) -> Result<Option<&'t str>, String> {
    match table.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err(format!("`{key}` must be a string, found {}", other.type_str())),
    }
}

/// The array of strings under `key` (empty when absent).
pub(super) fn str_array<'t>(table: &'t Table, key: &str) -> Result<Vec<&'t str>, String> {
    let bad = |found: &str| format!("`{key}` must be an array of strings, found {found}");
    match table.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            items.iter().map(|item| item.as_str().ok_or_else(|| bad(item.type_str()))).collect()
        }
        Some(other) => Err(bad(other.type_str())),
    }
}

/// `Some(b)` when `key` holds a boolean.
pub(super) fn bool_key(table: Option<&Table>, key: &str) -> Option<bool> {
    table?.get(key)?.as_bool()
}
