//! Source files and spans: the vocabulary every stage shares.
//!
//! A span is stored as line/column pairs rather than byte offsets because that
//! is what every output format needs, and it is what `proc-macro2` hands us
//! without keeping its global source map alive.

use std::path::PathBuf;
use std::sync::Arc;

/// Index of a file in [`SourceFiles`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileId(pub u32);

/// A region of one source file. Lines and columns start at 1, columns count
/// characters, and the end is exclusive (the column just past the last
/// character), as in SARIF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub file: FileId,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

impl Span {
    /// The smallest span covering both `self` and `other` (same file assumed).
    pub fn to(self, other: Span) -> Span {
        let (line, column) = (self.line, self.column).min((other.line, other.column));
        let (end_line, end_column) = (self.end_line, self.end_column).max((other.end_line, other.end_column));
        Span { file: self.file, line, column, end_line, end_column }
    }
}

/// One scanned file: where it lives and what it holds.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the scanned root, with `/` separators.
    pub rel_path: String,
    pub abs_path: PathBuf,
    /// The text as read (byte-order mark removed). Empty until the driver
    /// reads it again for a report (`pipeline`: loading keeps only the
    /// digest, since a large workspace's texts are 100+ MB and a report
    /// shows few of them); empty too when unreadable.
    pub text: Arc<str>,
    /// FxHash of the text as analysed (0 before it is read, and for an
    /// empty file): a later read of the file must find the same text.
    pub digest: u64,
}

/// Every file the run touched, indexed by [`FileId`].
#[derive(Debug, Default)]
pub struct SourceFiles {
    pub files: Vec<SourceFile>,
}

impl SourceFiles {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(file);
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }
}

/// A problem that makes the analysis untrustworthy (exit status 2): an
/// unreadable or unparsable file, a bad manifest, a missing module file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct InputError {
    /// Path relative to the scanned root (or as given, when outside it).
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
}
