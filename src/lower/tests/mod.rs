//! Lowering tests: parse a snippet, lower it, print the IR compactly and
//! compare with a snapshot (`INSTA_UPDATE=always cargo test --lib lower`
//! rewrites them; review the diff).

mod control;
mod exprs;
mod items;
mod macro_rules;
mod macros;
mod pats;
mod print;

use crate::ir::{Body, Item, ItemKind, LoweredFile};
use crate::source::FileId;

fn lower(src: &str) -> LoweredFile {
    let ast = syn::parse_file(src).expect("test snippet parses");
    super::lower_file(FileId(0), &ast)
}

fn first_fn_body(items: &[Item]) -> Option<&Body> {
    items.iter().find_map(|item| match &item.kind {
        ItemKind::Fn(f) => f.body.as_deref(),
        _ => None,
    })
}

/// The printed body of the first fn in `src`.
fn body(src: &str) -> String {
    let file = lower(src);
    print::body(first_fn_body(&file.items).expect("a fn with a body"), false)
}

/// The same, with spans.
fn body_spans(src: &str) -> String {
    let file = lower(src);
    print::body(first_fn_body(&file.items).expect("a fn with a body"), true)
}

/// Every item, bodies included.
fn items(src: &str) -> String {
    print::items(&lower(src).items, true)
}
