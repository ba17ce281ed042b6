//! Propagation: calls to workspace helpers in other modules and files.
//!
//! Flow: the phone normalised by `util::normalize_phone` (src/util.rs) and hashed by
//! `util::hash::contact_digest` (src/util/hash.rs), called by path and via `use`;
//! and `util::last_four`, a substring. Negative: the same helpers called with a
//! constant campaign tag (context sensitivity), and `util::redact`, which ignores
//! its argument and returns a constant.

mod util;

use purpose_attrs::{advertising_sink, purpose};

use crate::util::hash::contact_digest;

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

/// Adds a hashed key to the tailored audience.
#[advertising_sink]
pub fn add_hashed_key(key: &str) {
    let _req = format!("audience/hashed/{key}");
}

pub fn upload_phone(acct: &Account) {
    let normalized = util::normalize_phone(&acct.phone);
    add_hashed_key(&contact_digest(&normalized)); // FLOW
}

pub fn upload_phone_by_path(acct: &Account) {
    let digest = util::hash::contact_digest(&util::normalize_phone(&acct.phone));
    add_hashed_key(&digest); // FLOW
}

pub fn upload_phone_tail(acct: &Account) {
    add_hashed_key(&util::last_four(&acct.phone)); // FLOW
}

pub fn upload_campaign() {
    let normalized = util::normalize_phone("campaign-7");
    add_hashed_key(&contact_digest(&normalized)); // clean
}

pub fn upload_redacted(acct: &Account) {
    add_hashed_key(&util::redact(&acct.phone)); // clean
}
