//! Turning line/column spans back into byte ranges of the file text.
//!
//! Spans come from another stage and the text may have changed or be empty
//! (unreadable file), so every conversion clamps instead of trusting them:
//! rendering a report must never panic.

use std::ops::Range;

use crate::source::{FileId, SourceFile, SourceFiles, Span};

/// The file `id` names, or `None` for an id that is not in `files`
/// (`SourceFiles::get` would panic on it).
pub(super) fn file(files: &SourceFiles, id: FileId) -> Option<&SourceFile> {
    usize::try_from(id.0).ok().and_then(|index| files.files.get(index))
}

/// The span's file as every output shows it; empty for a file id the run
/// does not know (an upstream bug that must not abort the report).
pub(super) fn rel_path<'a>(files: &'a SourceFiles, span: &Span) -> &'a str {
    file(files, span.file).map_or("", |file| file.rel_path.as_str())
}

/// Byte range of `span` in `text`, clamped to the text and never reversed.
pub(super) fn byte_range(text: &str, span: &Span) -> Range<usize> {
    let start = byte_offset(text, span.line, span.column);
    let end = byte_offset(text, span.end_line, span.end_column);
    start..end.max(start)
}

/// Byte offset of the 1-based `line` and `column` (counted in chars) in
/// `text`. A line past the end maps to the end of the text; a column past the
/// end of its line maps to the end of that line's content, before any `\r\n`,
/// so labels never swallow line terminators. Line or column 0 (unknown) count
/// as 1.
pub(super) fn byte_offset(text: &str, line: u32, column: u32) -> usize {
    let line_index = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
    let column_index = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    let mut line_start = 0;
    for (index, line_text) in text.split('\n').enumerate() {
        if index == line_index {
            let content = line_text.strip_suffix('\r').unwrap_or(line_text);
            let within = content.char_indices().nth(column_index).map_or(content.len(), |(offset, _)| offset);
            return line_start + within;
        }
        line_start += line_text.len() + 1;
    }
    text.len()
}

/// The text `span` covers with every run of whitespace collapsed to one space,
/// so that re-indenting a call does not change what identifies it.
pub(super) fn normalised_text(text: &str, span: &Span) -> String {
    let range = byte_range(text, span);
    text.get(range).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(line: u32, column: u32, end_line: u32, end_column: u32) -> Span {
        Span { file: FileId(0), line, column, end_line, end_column }
    }

    #[test]
    fn ascii_span() {
        let text = "fn a() {}\nlet x = y;\n";
        assert_eq!(byte_range(text, &span(2, 5, 2, 6)), 14..15);
        assert_eq!(&text[byte_range(text, &span(2, 1, 2, 11))], "let x = y;");
    }

    #[test]
    fn multibyte_columns_count_chars() {
        let text = "let s = \"📱é\"; call(s);\n";
        // `call(s)` starts at char column 15 but at byte offset 18.
        let range = byte_range(text, &span(1, 15, 1, 22));
        assert_eq!(range, 18..25);
        assert_eq!(&text[range], "call(s)");
        let range = byte_range(text, &span(1, 10, 1, 12));
        assert_eq!(&text[range], "📱é");
    }

    #[test]
    fn crlf_lines() {
        let text = "first\r\nsecond line\r\nthird\r\n";
        let range = byte_range(text, &span(2, 1, 2, 7));
        assert_eq!(&text[range], "second");
        // A column past the end of the line stops before `\r\n`.
        let range = byte_range(text, &span(2, 8, 2, 99));
        assert_eq!(&text[range], "line");
        let range = byte_range(text, &span(3, 1, 3, 6));
        assert_eq!(&text[range], "third");
    }

    #[test]
    fn spans_outside_the_text_are_clamped() {
        let text = "short\n";
        assert_eq!(byte_range(text, &span(40, 3, 41, 9)), 6..6);
        assert_eq!(byte_range(text, &span(1, 90, 1, 99)), 5..5);
        assert_eq!(byte_range(text, &span(0, 0, 0, 0)), 0..0);
        assert_eq!(byte_range(text, &span(1, 4, 1, 2)), 3..3, "reversed span");
        assert_eq!(byte_range("", &span(3, 3, 4, 4)), 0..0);
        assert_eq!(byte_range(text, &span(u32::MAX, u32::MAX, u32::MAX, u32::MAX)), 6..6);
        assert_eq!(normalised_text(text, &span(9, 1, 9, 5)), "");
    }

    #[test]
    fn normalises_whitespace() {
        let text = "    ads::track(\r\n        &x,\r\n    );\r\n";
        assert_eq!(normalised_text(text, &span(1, 5, 3, 6)), "ads::track( &x, )");
    }

    #[test]
    fn unknown_file_id() {
        assert!(file(&SourceFiles::default(), FileId(3)).is_none());
    }
}
