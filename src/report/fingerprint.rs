//! Finding ids that stay the same when unrelated lines move.
//!
//! An id must survive edits elsewhere in the file so that baselines and
//! review tools can track a finding across commits. It is therefore computed
//! from what the flow *is* (rule, source, sink, enclosing function, the notes
//! of its steps and the tokens of the sink call) and never from line numbers.
//! The sink call is hashed as tokens, not text, so that formatting it
//! (rustfmt breaking it over lines, adding a trailing comma, a comment)
//! keeps the id.
//! The hash is a hand-written FNV-1a 64 because std's hashers are not
//! guaranteed stable across Rust releases, and ids are stored by users.

use std::collections::BTreeSet;
use std::str::FromStr;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use crate::finding::Finding;
use crate::source::{SourceFiles, Span};

use super::text;

const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Bumped if the hashed fields ever change, so old and new ids never collide.
const SCHEME: &str = "cargo-purpose fingerprint v2";

struct Fnv1a(u64);

impl Fnv1a {
    fn new() -> Self {
        Fnv1a(FNV_OFFSET_BASIS)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
    }

    fn number(&mut self, n: u64) {
        self.bytes(&n.to_le_bytes());
    }

    /// Length-prefixed, so that `("ab", "c")` and `("a", "bc")` differ.
    fn field(&mut self, field: &str) {
        self.number(field.len() as u64);
        self.bytes(field.as_bytes());
    }
}

/// The id of `finding`: 16 lowercase hex digits.
///
/// `occurrence` tells apart findings that would otherwise hash alike (the
/// same flow into the same call text twice in one function); it is 0 for the
/// first and is then not hashed at all, so a first occurrence keeps its id
/// when a duplicate appears. Use [`fingerprints`] to number occurrences the
/// way the report does.
#[must_use]
pub fn fingerprint(finding: &Finding, files: &SourceFiles, occurrence: u32) -> String {
    let mut hash = Fnv1a::new();
    hash.field(SCHEME);
    hash.field(finding.rule);
    hash.field(&finding.source.label);
    hash.field(text::rel_path(files, &finding.source.span));
    hash.field(&finding.sink.function);
    hash.field(&finding.sink.enclosing);
    hash.field(text::rel_path(files, &finding.sink.span));
    hash.number(finding.steps.len() as u64);
    for step in &finding.steps {
        hash.field(&step.note);
    }
    let call = text::file(files, finding.sink.span.file)
        .map(|file| call_tokens(&file.text, &finding.sink.span))
        .unwrap_or_default();
    hash.field(&call);
    if occurrence > 0 {
        hash.number(u64::from(occurrence));
    }
    format!("{:016x}", hash.0)
}

/// The ids of `findings`, in order, all distinct: a finding whose id is
/// already taken is hashed again with occurrence 1, 2, ... until it is free.
#[must_use]
pub fn fingerprints(findings: &[Finding], files: &SourceFiles) -> Vec<String> {
    let mut taken = BTreeSet::new();
    findings
        .iter()
        .map(|finding| {
            let mut occurrence = 0;
            loop {
                let id = fingerprint(finding, files, occurrence);
                if taken.insert(id.clone()) {
                    return id;
                }
                occurrence = occurrence.saturating_add(1);
            }
        })
        .collect()
}

/// The sink call as [`layout_free`] tokens; text that does not lex (a span
/// that cuts a string literal, say) falls back to its words.
fn call_tokens(text: &str, span: &Span) -> String {
    let code = text.get(text::byte_range(text, span)).unwrap_or_default();
    layout_free(code).unwrap_or_else(|| text::normalised_text(text, span))
}

/// `code` with its layout removed: tokens without comments, separated by a
/// space only between two words (where Rust needs one), and without the
/// trailing comma of a list, since rustfmt adds or removes it when it
/// breaks a call over lines. `None` when `code` does not lex.
fn layout_free(code: &str) -> Option<String> {
    let tokens = TokenStream::from_str(code).ok()?;
    let mut out = String::with_capacity(code.len());
    write_tokens(tokens, &mut out);
    Some(out)
}

fn write_tokens(tokens: TokenStream, out: &mut String) {
    let mut tokens: Vec<TokenTree> = tokens.into_iter().collect();
    if matches!(tokens.last(), Some(TokenTree::Punct(p)) if p.as_char() == ',') {
        tokens.pop();
    }
    let mut after_word = false;
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(group.stream(), out);
                out.push_str(close);
                after_word = false;
            }
            TokenTree::Punct(punct) => {
                out.push(punct.as_char());
                after_word = false;
            }
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&token.to_string());
                after_word = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(code: &str) -> String {
        layout_free(code).unwrap_or_else(|| panic!("{code:?} lexes"))
    }

    #[test]
    fn layout_does_not_matter() {
        let one_line = layout("ads::track(&account.phone, Kind::Sms)");
        assert_eq!(one_line, "ads::track(&account.phone,Kind::Sms)");
        for reformatted in [
            "ads::track(\n    &account.phone,\n    Kind::Sms,\n)",
            "ads :: track ( & account . phone , Kind :: Sms )",
            "ads::track(&account.phone, /* why */ Kind::Sms) // done",
            "ads::track(\r\n\t&account.phone,\r\n\tKind::Sms,\r\n)",
        ] {
            assert_eq!(layout(reformatted), one_line, "{reformatted:?}");
        }
        let chained = "client\n    .audience()\n    .add(Member { phone: p, kind: k, })";
        assert_eq!(layout(chained), "client.audience().add(Member{phone:p,kind:k})");
    }

    #[test]
    fn what_the_call_says_still_matters() {
        let base = layout("track(x as u8, \"a b\")");
        assert_eq!(base, "track(x as u8,\"a b\")", "words keep a space, literals their text");
        assert_ne!(layout("track(xas u8, \"a b\")"), base);
        assert_ne!(layout("track(x as u8, \"a  b\")"), base);
        assert_ne!(layout("track(x as u8, \"a b\", y)"), base);
        // A comma that is not the last of its list is kept.
        assert_ne!(layout("track((x, y))"), layout("track((x y))"));
        assert_eq!(layout("f::<'a>(-1)"), "f::<'a>(-1)");
    }

    #[test]
    fn text_that_does_not_lex_falls_back_to_its_words() {
        let text = "track(\"cut   here\n";
        let span = Span { file: crate::source::FileId(0), line: 1, column: 1, end_line: 1, end_column: 99 };
        assert_eq!(layout_free(text), None);
        assert_eq!(call_tokens(text, &span), "track(\"cut here");
        assert_eq!(layout("").as_str(), "");
    }

    #[test]
    fn fnv1a_reference_values() {
        // Published FNV-1a 64 test vectors.
        let hash = |input: &str| {
            let mut h = Fnv1a::new();
            h.bytes(input.as_bytes());
            h.0
        };
        assert_eq!(hash(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(hash("a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(hash("foobar"), 0x8594_4171_f739_67e8);
    }
}
