//! Deferred bodies: what a fn body mentions, without lowering it.
//!
//! The words are what the analysis needs to decide whether a body can take
//! part in a flow (`analyze::relevance`): every identifier of the body, of
//! its macro invocations' tokens, and of the transcribers of the workspace
//! macros it invokes, as [`word_hash`]es (four bytes each, and a collision
//! can only make a body look relevant). Items nested in the body are
//! lowered as usual (they are items of the module to everyone else), and
//! `declassify!` approvals are recorded as a full lowering records them.
//!
//! The words come from the body's source text when the body is written in
//! the file (one pass over bytes, comments and strings included, which can
//! only add words); a body made by a macro expansion is walked as tokens.

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

use super::span::{macro_end, path_start};
use super::Cx;
use crate::ir::{word_hash, word_hash_of_bytes, Approval, Item, WordHash};

/// Words that may start an item or a `declassify!` inside a body: only a
/// body whose text holds one is walked as a syntax tree.
fn is_structural(word: &[u8]) -> bool {
    matches!(
        word,
        b"fn"
            | b"impl"
            | b"struct"
            | b"enum"
            | b"union"
            | b"trait"
            | b"static"
            | b"const"
            | b"mod"
            | b"use"
            | b"type"
            | b"macro_rules"
            | b"declassify"
    )
}

/// The sorted, deduplicated word hashes of `block`; items nested in it go
/// to `hoisted`, approvals to `approvals`.
pub(super) fn mentions(
    cx: &mut Cx,
    block: &syn::Block,
    hoisted: &mut Vec<Item>,
    approvals: &mut Vec<Approval>,
) -> Vec<WordHash> {
    let mut collector = Collector { cx, words: Vec::new(), hoisted, approvals, collect_idents: true };
    match collector.source_range(block) {
        Some(range) => {
            let text = collector.cx.text;
            let structural = collector.words_of_text(text.get(range).unwrap_or_default());
            if structural {
                collector.collect_idents = false;
                collector.visit_block(block);
            }
        }
        None => collector.visit_block(block),
    }
    let mut words = collector.words;
    words.sort_unstable();
    words.dedup();
    words
}

struct Collector<'c, 't> {
    cx: &'c mut Cx<'t>,
    words: Vec<WordHash>,
    hoisted: &'c mut Vec<Item>,
    approvals: &'c mut Vec<Approval>,
    /// `false` when the words came from the text and the tree is walked
    /// only for nested items and approvals.
    collect_idents: bool,
}

impl Collector<'_, '_> {
    /// Where `block` is in the file's text, braces included, when the block is
    /// written there (not made by a macro expansion).
    fn source_range(&self, block: &syn::Block) -> Option<std::ops::Range<usize>> {
        if self.cx.expander.span_override.is_some() {
            return None;
        }
        let start = self.cx.byte_offset(block.brace_token.span.open().start())?;
        let end = self.cx.byte_offset(block.brace_token.span.close().end())?;
        let text = self.cx.text.get(start..end)?;
        (text.starts_with('{') && text.ends_with('}')).then_some(start..end)
    }

    /// Hash every word of `text`, with the transcriber words of each
    /// workspace macro invoked in it; whether a structural word occurs.
    /// Word bytes include every non-ASCII byte, so a word never splits a
    /// character and its bytes are hashed as they stand.
    fn words_of_text(&mut self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let mut structural = false;
        let mut i = 0;
        loop {
            let rest = bytes.get(i..).unwrap_or_default();
            let Some(skip) = rest.iter().position(|&b| is_word_byte(b)) else { break };
            let start = i + skip;
            let word_and_rest = bytes.get(start..).unwrap_or_default();
            let len = word_and_rest.iter().position(|&b| !is_word_byte(b)).unwrap_or(word_and_rest.len());
            i = start + len;
            let word = word_and_rest.get(..len).unwrap_or_default();
            if word.first().is_some_and(u8::is_ascii_digit) {
                continue;
            }
            self.words.push(word_hash_of_bytes(word));
            structural |= is_structural(word);
            if bytes.get(i) == Some(&b'!') && bytes.get(i + 1) != Some(&b'=') {
                self.macro_rules_words(text.get(start..i).unwrap_or_default());
            }
        }
        structural
    }

    fn tokens(&mut self, tokens: &TokenStream) {
        for tree in tokens.clone() {
            match tree {
                TokenTree::Ident(ident) => self.words.push(word_hash(&ident.to_string())),
                TokenTree::Group(group) => self.tokens(&group.stream()),
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
        }
    }

    /// The words of a workspace macro's transcribers: a sink call written
    /// inside a `macro_rules!` is a mention of every body that invokes it.
    fn macro_rules_words(&mut self, name: &str) {
        let Some(rules) = self.cx.expander.definition(name) else { return };
        for rule in rules {
            for word in rule.transcriber.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                if word.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                    self.words.push(word_hash(word));
                }
            }
        }
    }
}

/// Identifier bytes; any non-ASCII byte counts (identifiers may be
/// Unicode, and extra words only add mentions).
fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_word_byte`] as a table: one load per byte of every body.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
        b += 1;
    }
    table
};

impl<'ast> Visit<'ast> for Collector<'_, '_> {
    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        if self.collect_idents {
            self.words.push(word_hash(&ident.to_string()));
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        syn::visit::visit_path(self, &mac.path);
        if let Some(last) = mac.path.segments.last() {
            let name = last.ident.to_string();
            if name == super::declassify::DECLASSIFY {
                let span = self.cx.range(path_start(&mac.path), macro_end(mac));
                self.approvals.push(super::declassify::macro_approval(mac, span));
            }
            if self.collect_idents {
                self.macro_rules_words(&name);
            }
        }
        if self.collect_idents {
            self.tokens(&mac.tokens);
        }
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        super::items::lower_item(self.cx, item, self.hoisted);
    }
}
