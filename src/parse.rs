//! Read and parse source files with `syn`.
//!
//! A file that cannot be read or parsed becomes an [`InputError`] naming the
//! file, line and column: the run goes on and exits 2, never reporting a
//! clean pass for code it did not see.
//!
//! Two limits keep hostile input from taking the process down, since neither
//! a stack overflow nor running out of memory can be caught and turned into
//! an error afterwards: files larger than [`MAX_FILE_BYTES`] are not read,
//! and files nested deeper than [`MAX_NESTING`] are not handed to `syn`,
//! whose recursive descent (like lowering and the analysis after it) uses
//! stack for every level of nesting.

use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use crate::heap::TreeHeap;
use crate::source::InputError;

/// Largest source file read. A 10 MB file needs about 1.6 GB while it is
/// parsed and lowered, so this keeps a run within a few GB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Deepest nesting handed to `syn`, as estimated by [`nesting_overflow`].
/// Stack is not what sets it: every construct measured stays well within
/// the pipeline's 256 MiB worker stacks at 8 000 (nested `fn` items cost the
/// most, 14 KiB a level in a debug build). Time and memory are: some stages
/// grow with the square of the depth (8 000 nested closures took 10 minutes
/// and 10 GB), so this is where that stays in seconds. Real code stays
/// within a few dozen levels, generated code within a few hundred.
pub const MAX_NESTING: u32 = 2_048;

/// Read a source file as UTF-8 text, without its byte-order mark.
pub fn read_source(path: &Path, rel_path: &str) -> Result<String, InputError> {
    let error =
        |line, column, message: String| InputError { file: rel_path.to_string(), line, column, message };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(|e| error(0, 0, format!("cannot read file: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let message = format!("file is larger than {} MiB: not analysed", MAX_FILE_BYTES >> 20);
        return Err(error(0, 0, message));
    }
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default());
        let (line, column) = line_column_at_end(&prefix);
        // A NUL byte never occurs in Rust source: this is a binary file
        // that happens to be named `.rs`.
        let message = if bytes.contains(&0) {
            "file is not valid UTF-8: it looks like a binary file, not Rust source"
        } else {
            "file is not valid UTF-8"
        };
        error(line, column, message.to_string())
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    Ok(text)
}

/// Parse a file's text. Errors carry the position syn reports, or where the
/// nesting went past [`MAX_NESTING`].
pub fn parse_source(text: &str, rel_path: &str) -> Result<syn::File, InputError> {
    check_nesting(text, rel_path)?;
    crate::heap::for_syntax_trees(|| syn::parse_file(text)).map_err(|e| syn_error(&e, rel_path))
}

/// [`parse_source`] with the tree allocated in `trees`, to be freed with it
/// (see [`TreeHeap::free_all`] for what the caller must keep to).
pub fn parse_source_in(trees: &TreeHeap, text: &str, rel_path: &str) -> Result<syn::File, InputError> {
    check_nesting(text, rel_path)?;
    create_span_table();
    let parsed = trees.parse(|| syn::parse_file(text));
    parsed.map_err(|e| syn_error(&e, rel_path))
}

/// `proc-macro2` keeps a table of the texts a thread parsed (for span
/// locations) for as long as the thread lives, created on the thread's
/// first parse. Created inside [`TreeHeap::parse`], it would be freed with
/// the first file's trees and used after.
fn create_span_table() {
    thread_local! {
        static CREATED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if !CREATED.with(|created| created.replace(true)) {
        // An empty text: this adds an empty entry, gone at the thread's
        // next `invalidate_current_thread_spans`.
        let _ = proc_macro2::TokenStream::from_str("");
    }
}

/// An error if `text` is nested deeper than [`MAX_NESTING`].
fn check_nesting(text: &str, rel_path: &str) -> Result<(), InputError> {
    if let Some(offset) = nesting_overflow(text, MAX_NESTING) {
        let (line, column) = line_column_at_end(text.get(..offset).unwrap_or_default());
        return Err(InputError {
            file: rel_path.to_string(),
            line,
            column,
            message: format!(
                "nested too deeply to analyse (more than {MAX_NESTING} levels of brackets, \
                 operators or generic arguments)"
            ),
        });
    }
    Ok(())
}

/// A `syn` error as an input error at the position it names.
fn syn_error(e: &syn::Error, rel_path: &str) -> InputError {
    let start = e.span().start();
    // `proc-macro2`'s tokenizer says only this, whatever went wrong.
    let message = match e.to_string().as_str() {
        "cannot parse string into token stream" => {
            "cannot parse: unbalanced delimiter, unterminated literal or comment, \
             or a character that cannot start a token"
                .to_string()
        }
        other => format!("cannot parse: {other}"),
    };
    InputError {
        file: rel_path.to_string(),
        line: start.line as u32,
        column: start.column as u32 + 1,
        message,
    }
}

/// 1-based line and column just past the end of `text`.
fn line_column_at_end(text: &str) -> (u32, u32) {
    let line = text.matches('\n').count() as u32 + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    (line, last.chars().count() as u32 + 1)
}

/// The byte offset where the estimated nesting depth of `text` first goes
/// past `limit`, if it does.
///
/// `syn` recurses once per level of its syntax tree, and cannot be stopped
/// once it has started, so the depth is bounded beforehand from the tokens,
/// in one pass that allocates little (two when it looks too deep, see
/// below). Each open delimiter counts, plus, within it:
/// - operators, prefix keywords (`return`, `move`, `as`...) and postfix
///   groups (`f(..)(..)`, `a[..][..]`) since the last `;`, `=>`, `,` (but
///   not one between the `|`s of closure parameters) or `{..}` block:
///   binary, unary, cast and method chains, closures returning closures;
/// - blocks followed by `else` in a run: `else if` chains;
/// - `<` that are open, counting only those that a `>` of the same
///   delimiter closes before the statement ends, so that comparisons do not
///   add up while `Vec<Vec<..>>` and `A<u8, A<u8, ..>>` do.
///
/// Flat or-patterns and bit-or chains count as operators, so this
/// over-estimates; it errs that way on purpose.
///
/// Which `<` are closed takes a pass of its own; the first pass counts them
/// all, an upper bound, and only when that goes past `limit` is the second
/// pass needed.
fn nesting_overflow(text: &str, limit: u32) -> Option<usize> {
    let bytes = text.as_bytes();
    estimate(bytes, limit, None)?;
    estimate(bytes, limit, Some(&closed_angles(bytes)))
}

/// Where the estimate goes past `limit`, counting the `<` that `closed`
/// says are closed (all of them when `None`).
fn estimate(bytes: &[u8], limit: u32, closed: Option<&[bool]>) -> Option<usize> {
    let mut next_angle = closed.unwrap_or_default().iter().copied();
    let mut nesting = Nesting::new();
    let mut after_block = false;
    let mut pos = 0;
    while let Some((start, token)) = next_token(bytes, &mut pos) {
        if std::mem::take(&mut after_block) {
            if token == Token::Else {
                nesting.continue_chain();
            } else {
                nesting.end_run();
            }
        }
        match token {
            Token::Open => nesting.open(),
            Token::Close(delimiter) => {
                nesting.close();
                if delimiter == b'}' {
                    after_block = true;
                } else {
                    nesting.add_op();
                }
            }
            Token::Comma => nesting.comma(),
            Token::EndOfStatement => nesting.end_statement(),
            Token::Lt(n) => {
                for _ in 0..n {
                    nesting.open_angle(closed.is_none() || next_angle.next().unwrap_or(false));
                }
            }
            Token::Gt(n) => (0..n).for_each(|_| nesting.close_angle()),
            Token::Pipe => {
                nesting.add_op();
                nesting.top().pipes += 1;
            }
            Token::Op => nesting.add_op(),
            Token::Else => {}
            Token::Neutral => {}
        }
        if nesting.depth > u64::from(limit) {
            return Some(start);
        }
    }
    None
}

/// For each `<` of `bytes` in order: does a `>` of the same delimiter close
/// it before the statement ends (`;`, `=>`)? Each `>` closes the latest
/// open `<`, as in generic arguments.
fn closed_angles(bytes: &[u8]) -> Vec<bool> {
    let mut closed = Vec::new();
    let mut file: Vec<usize> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut pos = 0;
    while let Some((_, token)) = next_token(bytes, &mut pos) {
        let open = groups.last_mut().unwrap_or(&mut file);
        match token {
            Token::Open => groups.push(Vec::new()),
            Token::Close(_) => {
                groups.pop();
            }
            Token::EndOfStatement => open.clear(),
            Token::Lt(n) => {
                for _ in 0..n {
                    open.push(closed.len());
                    closed.push(false);
                }
            }
            Token::Gt(n) => {
                for _ in 0..n {
                    if let Some(flag) = open.pop().and_then(|i| closed.get_mut(i)) {
                        *flag = true;
                    }
                }
            }
            _ => {}
        }
    }
    closed
}

/// What one delimiter (or the file) holds since its last reset point.
#[derive(Default)]
struct Level {
    ops: u32,
    /// Blocks followed by `else` in the current run: an `else if` chain.
    chain: u32,
    /// Single `|` seen: an odd count means inside closure parameters.
    pipes: u32,
    /// Where this level's open `<` start in [`Nesting::angles`].
    angles_from: usize,
    /// How many of this level's open `<` are closed later: those count.
    closed_angles: u32,
}

/// The levels (the file's first, then each open delimiter's), and the
/// estimate: the sum over all of them of `1 + ops + chain + closed_angles`.
struct Nesting {
    levels: Vec<Level>,
    /// The open `<` of every level, innermost level last, each with whether
    /// a `>` closes it: one stack for all, so no level allocates its own.
    angles: Vec<bool>,
    depth: u64,
}

impl Nesting {
    fn new() -> Nesting {
        Nesting { levels: vec![Level::default()], angles: Vec::new(), depth: 1 }
    }

    fn open(&mut self) {
        self.levels.push(Level { angles_from: self.angles.len(), ..Level::default() });
        self.depth += 1;
    }

    /// Close the innermost delimiter (a stray closing one closes nothing).
    fn close(&mut self) {
        if self.levels.len() > 1 {
            if let Some(level) = self.levels.pop() {
                self.angles.truncate(level.angles_from);
                self.depth -=
                    1 + u64::from(level.ops) + u64::from(level.chain) + u64::from(level.closed_angles);
            }
        }
    }

    fn top(&mut self) -> &mut Level {
        let last = self.levels.len() - 1;
        &mut self.levels[last]
    }

    fn add_op(&mut self) {
        self.top().ops += 1;
        self.depth += 1;
    }

    /// The end of a run of operators: they no longer nest what follows.
    fn end_run(&mut self) {
        let level = self.top();
        let ended = std::mem::take(&mut level.ops) + std::mem::take(&mut level.chain);
        level.pipes = 0;
        self.depth -= u64::from(ended);
    }

    /// `} else`: one more link of the chain, whose condition's operators
    /// no longer count.
    fn continue_chain(&mut self) {
        let level = self.top();
        let ops = std::mem::take(&mut level.ops);
        level.chain += 1;
        self.depth -= u64::from(ops);
        self.depth += 1;
    }

    /// A comma ends a run, except between the `|`s of closure parameters.
    fn comma(&mut self) {
        if self.top().pipes % 2 == 0 {
            self.end_run();
        }
    }

    fn end_statement(&mut self) {
        self.end_run();
        let level = self.top();
        let closed = std::mem::take(&mut level.closed_angles);
        let from = level.angles_from;
        self.angles.truncate(from);
        self.depth -= u64::from(closed);
    }

    fn open_angle(&mut self, closed: bool) {
        self.angles.push(closed);
        if closed {
            self.top().closed_angles += 1;
            self.depth += 1;
        }
    }

    fn close_angle(&mut self) {
        let from = self.top().angles_from;
        if self.angles.len() > from && self.angles.pop() == Some(true) {
            self.top().closed_angles -= 1;
            self.depth -= 1;
        }
    }
}

/// What the nesting estimate needs to know of a token.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Token {
    Open,
    Close(u8),
    Comma,
    /// `;` or `=>`.
    EndOfStatement,
    Lt(u32),
    Gt(u32),
    /// A single `|`: an operator that also delimits closure parameters.
    Pipe,
    /// An operator or a keyword that starts a nested expression or type.
    Op,
    /// `else`, which continues the run a block would otherwise end.
    Else,
    /// Identifiers, literals, lifetimes, paths: nothing nests under them.
    Neutral,
}

/// What a byte can start, for [`next_token`]'s dispatch: one table load
/// instead of a chain of comparisons, on every byte of every file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    /// A letter, `_` or any non-ASCII byte (identifiers may be Unicode).
    Word,
    Digit,
    Quote,
    Apostrophe,
    Open,
    Close,
    Punct,
}

const CLASSES: [Class; 256] = {
    let mut table = [Class::Punct; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Class::Space,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | 0x80..=0xff => Class::Word,
            b'0'..=b'9' => Class::Digit,
            b'"' => Class::Quote,
            b'\'' => Class::Apostrophe,
            b'(' | b'[' | b'{' => Class::Open,
            b')' | b']' | b'}' => Class::Close,
            _ => Class::Punct,
        };
        b += 1;
    }
    table
};

fn class(b: u8) -> Class {
    CLASSES[usize::from(b)]
}

/// The next token from `pos` and where it starts, skipping whitespace and
/// comments. Malformed input (an unterminated string, say) ends the scan;
/// `syn` reports it properly.
fn next_token(bytes: &[u8], pos: &mut usize) -> Option<(usize, Token)> {
    skip_trivia(bytes, pos);
    let start = *pos;
    let c = byte(bytes, start)?;
    let token = match class(c) {
        Class::Quote => {
            skip_quoted(bytes, pos);
            Token::Neutral
        }
        Class::Apostrophe => {
            skip_char_or_lifetime(bytes, pos);
            Token::Neutral
        }
        Class::Word => {
            skip_word(bytes, pos);
            word_token(bytes, start, pos)
        }
        Class::Digit => {
            skip_number(bytes, pos);
            Token::Neutral
        }
        Class::Open => {
            *pos += 1;
            Token::Open
        }
        Class::Close => {
            *pos += 1;
            Token::Close(c)
        }
        Class::Space | Class::Punct => punct_token(bytes, pos),
    };
    Some((start, token))
}

/// Past the identifier bytes from `pos`.
fn skip_word(bytes: &[u8], pos: &mut usize) {
    let rest = bytes.get(*pos..).unwrap_or_default();
    *pos += rest.iter().position(|&b| !matches!(class(b), Class::Word | Class::Digit)).unwrap_or(rest.len());
}

fn skip_trivia(bytes: &[u8], pos: &mut usize) {
    loop {
        let rest = bytes.get(*pos..).unwrap_or_default();
        *pos += rest.iter().position(|&b| class(b) != Class::Space).unwrap_or(rest.len());
        if byte(bytes, *pos) != Some(b'/') {
            return;
        }
        match byte(bytes, *pos + 1) {
            Some(b'/') => {
                let rest = bytes.get(*pos..).unwrap_or_default();
                *pos += memchr::memchr(b'\n', rest).unwrap_or(rest.len());
            }
            Some(b'*') => {
                // Block comments nest.
                let mut open = 0usize;
                loop {
                    match (byte(bytes, *pos), byte(bytes, *pos + 1)) {
                        (None, _) => return,
                        (Some(b'/'), Some(b'*')) => {
                            open += 1;
                            *pos += 2;
                        }
                        (Some(b'*'), Some(b'/')) => {
                            *pos += 2;
                            open -= 1;
                            if open == 0 {
                                break;
                            }
                        }
                        // On to the next byte that may open or close one.
                        _ => {
                            let rest = bytes.get(*pos + 1..).unwrap_or_default();
                            *pos += 1 + memchr::memchr2(b'/', b'*', rest).unwrap_or(rest.len());
                        }
                    }
                }
            }
            _ => return,
        }
    }
}

fn byte(bytes: &[u8], i: usize) -> Option<u8> {
    bytes.get(i).copied()
}

/// After the word `bytes[start..pos]`: string literals with a prefix
/// (`b"`, `r#"`, `br"`, `c"`...), byte literals, raw identifiers, keywords.
fn word_token(bytes: &[u8], start: usize, pos: &mut usize) -> Token {
    let word = bytes.get(start..*pos).unwrap_or_default();
    match (word, bytes.get(*pos).copied()) {
        (b"r" | b"br" | b"cr", Some(b'"' | b'#')) => {
            if !skip_raw_string(bytes, pos) && word == b"r" {
                // `r#ident`: a raw identifier, never a keyword.
                *pos += 1;
                skip_word(bytes, pos);
            }
            Token::Neutral
        }
        (b"b" | b"c", Some(b'"')) => {
            skip_quoted(bytes, pos);
            Token::Neutral
        }
        (b"b", Some(b'\'')) => {
            skip_char_or_lifetime(bytes, pos);
            Token::Neutral
        }
        (b"else", _) => Token::Else,
        // Keywords under which syn parses a nested expression, pattern or type.
        (
            b"as" | b"async" | b"box" | b"break" | b"dyn" | b"fn" | b"for" | b"if" | b"impl" | b"let"
            | b"loop" | b"match" | b"move" | b"return" | b"unsafe" | b"while" | b"yield",
            _,
        ) => Token::Op,
        _ => Token::Neutral,
    }
}

/// Skip a `"..."` literal starting at `pos`, escapes included.
fn skip_quoted(bytes: &[u8], pos: &mut usize) {
    *pos += 1;
    while let Some(i) = memchr::memchr2(b'"', b'\\', bytes.get(*pos..).unwrap_or_default()) {
        let quote = bytes.get(*pos + i) == Some(&b'"');
        *pos += i + if quote { 1 } else { 2 };
        if quote {
            return;
        }
    }
    *pos = bytes.len();
}

/// Skip `#*"..."#*` at `pos`, if a raw string starts there.
fn skip_raw_string(bytes: &[u8], pos: &mut usize) -> bool {
    let rest = bytes.get(*pos..).unwrap_or_default();
    let hashes = rest.iter().take_while(|&&b| b == b'#').count();
    if rest.get(hashes) != Some(&b'"') {
        return false;
    }
    let body_start = *pos + hashes + 1;
    let mut i = body_start;
    while let Some(&b) = bytes.get(i) {
        i += 1;
        if b == b'"' && bytes.get(i..i + hashes).is_some_and(|h| h.iter().all(|&b| b == b'#')) {
            *pos = i + hashes;
            return true;
        }
    }
    *pos = bytes.len();
    true
}

/// At a `'`: a character literal (`'a'`, `'\n'`, `'é'`) or a lifetime or
/// label, whose name is then read as an ordinary word.
fn skip_char_or_lifetime(bytes: &[u8], pos: &mut usize) {
    let next = bytes.get(*pos + 1).copied();
    if next == Some(b'\\') {
        let limit = (*pos + 16).min(bytes.len());
        if let Some(end) = (*pos + 3..limit).find(|&i| bytes.get(i) == Some(&b'\'')) {
            *pos = end + 1;
            return;
        }
    } else if let Some(lead) = next {
        let width = match lead {
            0xf0.. => 4,
            0xe0.. => 3,
            0xc0.. => 2,
            _ => 1,
        };
        if bytes.get(*pos + 1 + width) == Some(&b'\'') {
            *pos += width + 2;
            return;
        }
    }
    *pos += 1;
}

/// Skip a numeric literal: digits, suffixes, and one fractional part.
fn skip_number(bytes: &[u8], pos: &mut usize) {
    let digits = |pos: &mut usize| {
        while bytes.get(*pos).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_') {
            *pos += 1;
        }
    };
    digits(pos);
    if bytes.get(*pos) == Some(&b'.') && bytes.get(*pos + 1).is_some_and(u8::is_ascii_digit) {
        *pos += 1;
        digits(pos);
    }
}

/// Punctuation, longest match first.
fn punct_token(bytes: &[u8], pos: &mut usize) -> Token {
    let rest = bytes.get(*pos..).unwrap_or_default();
    let at = |i: usize| rest.get(i).copied().unwrap_or(0);
    let len = match (at(0), at(1), at(2)) {
        (b'<', b'<', b'=') | (b'>', b'>', b'=') | (b'.', b'.', b'.' | b'=') => 3,
        (b':', b':', _)
        | (b'-' | b'=', b'>', _)
        | (b'=' | b'!' | b'<' | b'>' | b'+' | b'-' | b'*' | b'/' | b'%' | b'^' | b'&' | b'|', b'=', _)
        | (b'&', b'&', _)
        | (b'|', b'|', _)
        | (b'<', b'<', _)
        | (b'>', b'>', _) => 2,
        _ => 1,
    };
    let punct = rest.get(..len).unwrap_or_default();
    *pos += punct.len().max(1);
    match punct {
        b"," => Token::Comma,
        b";" | b"=>" => Token::EndOfStatement,
        b"|" => Token::Pipe,
        b"<" => Token::Lt(1),
        b"<<" => Token::Lt(2),
        b">" => Token::Gt(1),
        b">>" => Token::Gt(2),
        b"::" | b":" | b"#" | b"$" | b"@" | b"~" | b"\\" | b"`" => Token::Neutral,
        [b, ..] if b.is_ascii_punctuation() => Token::Op,
        _ => Token::Neutral,
    }
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
    fn tokenizer_errors_say_what_can_be_wrong() {
        let err = parse_source("fn a() {}\nfn b() { let s = \"open; }\n", "x.rs").unwrap_err();
        assert_eq!((err.line, err.column), (2, 18));
        assert!(err.message.contains("unterminated literal"), "{}", err.message);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.rs");
        std::fs::write(&path, b"fn a() {}\nfn \xff() {}").unwrap();
        let err = read_source(&path, "bad.rs").unwrap_err();
        assert_eq!((err.line, err.column), (2, 4));
        assert_eq!(err.message, "file is not valid UTF-8");
    }

    #[test]
    fn binary_files_are_called_binary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bin.rs");
        std::fs::write(&path, b"\x7fELF\x02\x01\x01\x00\x00\xff\xfe").unwrap();
        let err = read_source(&path, "bin.rs").unwrap_err();
        assert!(err.message.contains("binary file"), "{}", err.message);
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bom.rs");
        std::fs::write(&path, "\u{feff}fn a() {}").unwrap();
        assert_eq!(read_source(&path, "bom.rs").unwrap(), "fn a() {}");
    }

    /// The estimate of `text`'s nesting: the smallest limit it stays within.
    fn depth(text: &str) -> u32 {
        (1..).find(|&limit| nesting_overflow(text, limit).is_none()).unwrap()
    }

    /// The estimate inside a fn body: the file (1), `fn` and `()` (2) and
    /// the block (1) come first.
    fn in_body(code: &str) -> u32 {
        depth(&format!("fn f() {{ {code} }}")) - 4
    }

    #[test]
    fn delimiters_generics_and_chains_nest() {
        assert_eq!(depth(""), 1);
        assert_eq!(in_body("((1))"), 2);
        assert_eq!(in_body("a + b + c + d"), 3);
        assert_eq!(in_body("!!!!x"), 4);
        // `.`, the call's group while open, the finished call: per link.
        assert_eq!(in_body("x.a().b().c()"), 6);
        assert_eq!(in_body("let c = || || || 1;"), 5);
        // One per `else`, and the last condition's `if`.
        assert_eq!(in_body("if a {} else if b {} else if k == c {} else {}"), 5);
        // `=`, then each open `<`.
        assert_eq!(depth("type T = Vec<Vec<Vec<u8>>>;"), 5);
        // A comma ends the operator run (`=`), not the generic arguments.
        assert_eq!(depth("type T = A<u8, A<u8, A<u8, u8>>>;"), 4);
        assert_eq!(depth("type T = A<&&A<&&A<u8>>>;"), 7);
        // Nor the closure parameters.
        assert_eq!(in_body("|a, b| |a, b| |a, b| 1"), 6);
        // An unclosed `<` is a comparison.
        assert_eq!(in_body("a < b"), 0);
    }

    /// Repeating `code` does not deepen the estimate.
    fn flat(wrap: impl Fn(&str) -> String, code: &str) {
        assert_eq!(depth(&wrap(&code.repeat(1000))), depth(&wrap(&code.repeat(2))), "{code}");
    }

    #[test]
    fn separators_and_blocks_end_the_count() {
        let body = |code: &str| format!("fn f(k: u8) {{ {code} }}");
        let call = |code: &str| format!("fn f() {{ g({code}) }}");
        let arms = |code: &str| format!("fn f(k: u8) {{ match k {{ {code} }} }}");
        flat(call, "1 + 1, ");
        flat(call, "a < b, ");
        flat(call, "a | b, ");
        flat(body, "if a < b {} if c > d {}\n");
        flat(body, "x = x + 1; ");
        flat(body, "if a < b { c(); }\n");
        flat(body, "if k < 3 { f(k) } else { g(k) }\n");
        flat(arms, "0 if k < 0 => { g(k) }\n");
        flat(arms, "A | B => g(k),\n");
        flat(|code| code.to_string(), "pub fn a<T: Into<u8>>() -> Vec<u8> { vec![1] }\n");
    }

    #[test]
    fn literals_and_comments_are_not_code() {
        let text = r####"
            // ((((((( <<<<
            /* ((( /* nested ((( */ ((( */
            fn f() {
                let a = "((((\" <<<<";
                let b = r#"(((( "<<<< "#;
                let c = br##"(((("#<<<<"##;
                let d = b"((((";
                let e = c"((((";
                let f = ['(', '\'', '\u{28}', b'(', 'é'];
                let r#match = 1.5e3 + 2;
                'outer: loop { break 'outer; }
                let g: &'static str = "";
            }
        "####;
        // The deepest line is `let r#match = 1.5e3 + 2;`: the body (4)
        // and `let`, `=`, `+`.
        assert_eq!(depth(text), 7);
    }

    #[test]
    fn too_deep_input_is_an_error_before_syn_sees_it() {
        let text = format!("fn f() -> u32 {{\n    {}1{}\n}}\n", "(".repeat(20_000), ")".repeat(20_000));
        let err = parse_source(&text, "deep.rs").unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("deep.rs", 2));
        // The body starts at depth 5 (the file, `fn`, `()`, `->`, `{`) and
        // the parentheses at column 5.
        assert_eq!(err.column, MAX_NESTING);
        assert!(err.message.starts_with("nested too deeply"), "{}", err.message);
        let chain = format!("fn f() -> u32 {{ 0{} }}", " + 1".repeat(100_000));
        assert!(parse_source(&chain, "long.rs").is_err());
    }

    #[test]
    fn deep_but_allowed_input_parses() {
        // On a stack like the pipeline's workers have.
        let parsed = std::thread::Builder::new()
            .stack_size(256 << 20)
            .spawn(|| {
                let n = MAX_NESTING as usize - 10;
                let text = format!("fn f() -> u32 {{ {}1{} }}", "(".repeat(n), ")".repeat(n));
                parse_source(&text, "ok.rs").is_ok()
            })
            .unwrap()
            .join()
            .unwrap();
        assert!(parsed);
    }
}
