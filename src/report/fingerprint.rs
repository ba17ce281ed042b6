//! Finding ids that stay the same when unrelated lines move.
//!
//! An id must survive edits elsewhere in the file so that baselines and
//! review tools can track a finding across commits. It is therefore computed
//! from what the flow *is* (rule, source, sink, enclosing function, the notes
//! of its steps and the text of the sink call) and never from line numbers.
//! The hash is a hand-written FNV-1a 64 because std's hashers are not
//! guaranteed stable across Rust releases, and ids are stored by users.

use std::collections::BTreeSet;

use crate::finding::Finding;
use crate::source::SourceFiles;

use super::text;

const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Bumped if the hashed fields ever change, so old and new ids never collide.
const SCHEME: &str = "cargo-purpose fingerprint v1";

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
        .map(|file| text::normalised_text(&file.text, &finding.sink.span))
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

#[cfg(test)]
mod tests {
    use super::*;

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
