//! Lower a `syn` syntax tree into the IR of `crate::ir`. This is the border:
//! no stage after this one sees a `syn` type.
//!
//! Spans are read through `proc_macro2`'s thread-local source map, so a file
//! must be lowered on the thread that parsed it.

mod body;
mod declassify;
mod expr;
mod items;
mod macro_rules;
mod macros;
mod mentions;
mod pat;
mod span;
#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::collections::HashSet;

use syn::punctuated::Punctuated;
use syn::Token;

use crate::ir::{FxBuild, LoweredFile, Markers, Name};
use crate::source::{FileId, Span};

pub use macro_rules::{collect_macros, MacroTable};

/// Lower one parsed file. Never fails: constructs lowering does not
/// understand become opaque (`Operand::Const`) only where no data can flow.
///
/// The tree is only borrowed, so nothing of it can end up in the IR: the
/// driver frees a file's trees in one step after lowering (`heap::TreeHeap`).
pub fn lower_file(file: FileId, ast: &syn::File) -> LoweredFile {
    lower_file_with_macros(file, ast, &MacroTable::default())
}

/// [`lower_file`], expanding the `macro_rules!` macros of `extra` (those of
/// the crate's other files) as well as the file's own, which win on a name
/// defined in both.
pub fn lower_file_with_macros(file: FileId, ast: &syn::File, extra: &MacroTable) -> LoweredFile {
    lower(file, ast, extra, None)
}

/// [`lower_file`] with every fn body deferred: only the identifiers a body
/// mentions are kept (`FnDef::deferred_body`), and items nested in bodies.
/// Lowering bodies costs about half as much as parsing them, and most
/// bodies cannot take part in any flow, so the driver lowers first what
/// the analysis needs to decide which ones can, then re-reads only those.
///
/// `text` is what `ast` was parsed from: body words are read from it.
pub fn lower_signatures(file: FileId, ast: &syn::File, text: &str) -> LoweredFile {
    lower(file, ast, &MacroTable::default(), Some(text))
}

fn lower(file: FileId, ast: &syn::File, extra: &MacroTable, deferring: Option<&str>) -> LoweredFile {
    let mut macros = extra.clone();
    // Finding definitions walks every body; a file whose text never says
    // `macro_rules` has none.
    if deferring.is_none_or(|text| text.contains("macro_rules")) {
        macros.extend(&collect_macros(ast));
    }
    let mut cx = Cx {
        defer_bodies: deferring.is_some(),
        text: deferring.unwrap_or_default(),
        line_starts: line_starts(deferring.unwrap_or_default()),
        file,
        names: SEEN_NAMES.with(RefCell::take),
        scratch: String::new(),
        indices: Vec::new(),
        expander: macro_rules::Expander::new(macros),
    };
    let mut items = Vec::new();
    for item in &ast.items {
        items::lower_item(&mut cx, item, &mut items);
    }
    let mut names = cx.names;
    if names.len() > MAX_SEEN_NAMES {
        names.clear();
    }
    SEEN_NAMES.with(|seen| seen.replace(names));
    LoweredFile { items }
}

type NameSet = HashSet<Name, FxBuild>;

thread_local! {
    /// The names a lowering thread has met that had been interned before
    /// (see [`crate::ir::intern_seen`]), kept from file to file: most names
    /// of a file were seen in an earlier one, and the run-wide table takes a
    /// lock.
    static SEEN_NAMES: RefCell<NameSet> = RefCell::new(NameSet::default());
}

/// Beyond this many names a thread's cache starts again (a bound on its
/// memory on workspaces with millions of distinct names).
const MAX_SEEN_NAMES: usize = 1 << 16;

/// State shared by everything lowered from one file.
struct Cx<'t> {
    /// Keep only what fn bodies mention (see [`lower_signatures`]).
    defer_bodies: bool,
    /// The file's text, when deferring bodies.
    text: &'t str,
    /// Where each line of `text` starts (see [`Cx::byte_offset`]).
    line_starts: Vec<usize>,
    file: FileId,
    /// Names interned already: a cache in front of the run-wide
    /// [`crate::ir::intern`] (see `SEEN_NAMES`).
    names: NameSet,
    /// `"0"`, `"1"`, ...: tuple fields are named often.
    indices: Vec<Name>,
    /// Reused buffer for identifier text, to avoid an allocation per name.
    scratch: String,
    /// `macro_rules!` expansion state, including the span override.
    expander: macro_rules::Expander,
}

impl Cx<'_> {
    fn name(&mut self, text: &str) -> Name {
        if let Some(name) = self.names.get(text) {
            return *name;
        }
        let (name, seen_before) = crate::ir::intern_seen(text);
        if seen_before {
            self.names.insert(name);
        }
        name
    }

    /// The name of an identifier, `r#` prefix dropped so raw and plain
    /// spellings of the same name agree.
    fn ident(&mut self, ident: &proc_macro2::Ident) -> Name {
        self.name_of(ident)
    }

    fn index_name(&mut self, index: usize) -> Name {
        while self.indices.len() <= index.min(64) {
            let next = self.name_of(self.indices.len());
            self.indices.push(next);
        }
        match self.indices.get(index) {
            Some(name) => *name,
            None => self.name_of(index),
        }
    }

    fn name_of(&mut self, value: impl std::fmt::Display) -> Name {
        use std::fmt::Write;
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        let _ = write!(text, "{value}");
        let name = self.name(text.strip_prefix("r#").unwrap_or(&text));
        self.scratch = text;
        name
    }

    fn member(&mut self, member: &syn::Member) -> Name {
        match member {
            syn::Member::Named(ident) => self.ident(ident),
            syn::Member::Unnamed(index) => self.index_name(index.index as usize),
        }
    }

    /// One token's region (or a joined one's).
    fn span(&self, span: proc_macro2::Span) -> Span {
        self.range(span, span)
    }

    /// From the start of `first` to the end of `last`; inside a macro
    /// expansion, the invocation's span.
    fn range(&self, first: proc_macro2::Span, last: proc_macro2::Span) -> Span {
        if let Some(span) = self.expander.span_override {
            return span;
        }
        let (start, end) = (first.start(), last.end());
        Span {
            file: self.file,
            line: start.line as u32,
            column: start.column as u32 + 1,
            end_line: end.line as u32,
            end_column: end.column as u32 + 1,
        }
    }

    /// The cargo-purpose markers among `attrs`, including those behind
    /// `cfg_attr` (every configuration is analysed).
    fn markers(&self, attrs: &[syn::Attribute]) -> Markers {
        let mut markers = Markers::default();
        for attr in attrs {
            // Most attributes are doc comments: where one is is looked up
            // only for a marker.
            let span = || self.range(attr.pound_token.span, attr.bracket_token.span.close());
            scan_meta(&attr.meta, &span, &mut markers);
        }
        markers
    }

    /// The byte offset in the file's text (when deferring) of a position
    /// `proc_macro2` gives as a line and a column in characters.
    fn byte_offset(&self, at: proc_macro2::LineColumn) -> Option<usize> {
        let line_start = *self.line_starts.get(at.line.checked_sub(1)?)?;
        let line = self.text.get(line_start..)?;
        match line.as_bytes().get(..at.column) {
            Some(prefix) if prefix.is_ascii() => Some(line_start + at.column),
            _ => {
                line.char_indices().map(|(i, _)| i).chain([line.len()]).nth(at.column).map(|i| line_start + i)
            }
        }
    }
}

/// Where each line of `text` starts.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect()
}

fn scan_meta(meta: &syn::Meta, span: &dyn Fn() -> Span, markers: &mut Markers) {
    let Some(last) = meta.path().segments.last() else {
        return;
    };
    if last.ident == "security_only" {
        markers.mark_security_only(span());
    } else if last.ident == "advertising_sink" {
        markers.mark_advertising_sink(span());
    } else if last.ident == "cfg_attr" {
        if let syn::Meta::List(list) = meta {
            let parsed = list.parse_args_with(Punctuated::<syn::Meta, Token![,]>::parse_terminated);
            if let Ok(metas) = parsed {
                // The first entry is the configuration predicate.
                for inner in metas.iter().skip(1) {
                    scan_meta(inner, span, markers);
                }
            }
        }
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    !matches!(vis, syn::Visibility::Inherited)
}
