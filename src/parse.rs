//! Read and parse source files with `syn`.
//!
//! A file that cannot be read or parsed becomes an [`InputError`] naming the
//! file, line and column: the run goes on and exits 2, never reporting a
//! clean pass for code it did not see.

use std::path::Path;

use crate::source::InputError;

/// Read a source file as UTF-8 text, without its byte-order mark.
pub fn read_source(path: &Path, rel_path: &str) -> Result<String, InputError> {
    let bytes = std::fs::read(path).map_err(|e| InputError {
        file: rel_path.to_string(),
        line: 0,
        column: 0,
        message: format!("cannot read file: {e}"),
    })?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let (line, column) = line_column_at_end(&prefix);
        InputError {
            file: rel_path.to_string(),
            line,
            column,
            message: "file is not valid UTF-8".to_string(),
        }
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Parse a file's text. Errors carry the position syn reports.
pub fn parse_source(text: &str, rel_path: &str) -> Result<syn::File, InputError> {
    syn::parse_file(text).map_err(|e| {
        let start = e.span().start();
        InputError {
            file: rel_path.to_string(),
            line: start.line as u32,
            column: start.column as u32 + 1,
            message: format!("cannot parse: {e}"),
        }
    })
}

/// 1-based line and column just past the end of `text`.
fn line_column_at_end(text: &str) -> (u32, u32) {
    let line = text.matches('\n').count() as u32 + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    (line, last.chars().count() as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_names_line_and_column() {
        let err = parse_source("fn ok() {}\nfn broken( {\n", "src/x.rs").unwrap_err();
        assert_eq!(err.file, "src/x.rs");
        assert_eq!(err.line, 2);
        assert!(err.message.starts_with("cannot parse"), "{}", err.message);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.rs");
        std::fs::write(&path, b"fn a() {}\nfn \xff() {}").unwrap();
        let err = read_source(&path, "bad.rs").unwrap_err();
        assert_eq!((err.line, err.column), (2, 4));
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bom.rs");
        std::fs::write(&path, "\u{feff}fn a() {}").unwrap();
        assert_eq!(read_source(&path, "bom.rs").unwrap(), "fn a() {}");
    }
}
