//! Deferred bodies: what a fn body mentions, without lowering it.
//!
//! The identifiers are what the analysis needs to decide whether a body can
//! take part in a flow (`analyze::relevance`): every identifier in the
//! body's syntax tree and in its macro invocations' tokens, and those of the
//! transcribers of the workspace macros it invokes. Items nested in the body
//! are lowered as usual (they are items of the module to everyone else).

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

use super::span::{macro_end, path_start};
use super::Cx;
use crate::ir::{Approval, Item, Name};

/// The sorted identifiers `block` mentions; items nested in it go to
/// `hoisted`.
/// Approvals (`declassify!`) are recorded as a full lowering would.
pub(super) fn mentions(
    cx: &mut Cx,
    block: &syn::Block,
    hoisted: &mut Vec<Item>,
    approvals: &mut Vec<Approval>,
) -> Vec<Name> {
    let mut collector = Collector { cx, names: Vec::new(), hoisted, approvals };
    collector.visit_block(block);
    let mut names = collector.names;
    names.sort_unstable();
    names.dedup();
    names
}

struct Collector<'c> {
    cx: &'c mut Cx,
    names: Vec<Name>,
    hoisted: &'c mut Vec<Item>,
    approvals: &'c mut Vec<Approval>,
}

impl Collector<'_> {
    fn tokens(&mut self, tokens: &TokenStream) {
        for tree in tokens.clone() {
            match tree {
                TokenTree::Ident(ident) => {
                    let name = self.cx.ident(&ident);
                    self.names.push(name);
                }
                TokenTree::Group(group) => self.tokens(&group.stream()),
                TokenTree::Punct(_) | TokenTree::Literal(_) => {}
            }
        }
    }

    /// The words of a workspace macro's transcribers: a sink call written
    /// inside a `macro_rules!` is a mention of every body that invokes it.
    fn macro_rules_words(&mut self, name: &str) {
        let Some(rules) = self.cx.expander.definition(name) else { return };
        let texts: Vec<String> = rules.iter().map(|r| r.transcriber.clone()).collect();
        for text in texts {
            for word in text.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                if word.starts_with(|c: char| c.is_alphabetic() || c == '_') {
                    let name = self.cx.name(word);
                    self.names.push(name);
                }
            }
        }
    }
}

impl<'ast> Visit<'ast> for Collector<'_> {
    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        let name = self.cx.ident(ident);
        self.names.push(name);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        syn::visit::visit_path(self, &mac.path);
        if let Some(last) = mac.path.segments.last() {
            let name = last.ident.to_string();
            if name == super::declassify::DECLASSIFY {
                let span = self.cx.range(path_start(&mac.path), macro_end(mac));
                self.approvals.push(super::declassify::macro_approval(mac, span));
            }
            self.macro_rules_words(&name);
        }
        self.tokens(&mac.tokens);
    }

    fn visit_item(&mut self, item: &'ast syn::Item) {
        super::items::lower_item(self.cx, item, self.hoisted);
    }

    fn visit_lifetime(&mut self, _: &'ast syn::Lifetime) {}
}
