//! Unknown external code: calls into crates the tool has no model for pass data through.
//!
//! Flow: the phone hashed with `sha2::Sha256::digest`, encoded with `hex::encode`
//! and a `base64` engine, and fed to a `Sha256` hasher with `update` (an unknown
//! method may mutate its receiver), then sent.
//! Negative: the same external calls on the handle or a campaign constant, and a
//! second hasher that never saw the phone.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use sha2::{Digest, Sha256};

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

/// Uploads a hashed identifier to a customer-match audience.
#[advertising_sink]
pub fn upload_hashed(key: &str) {
    let _req = format!("customer-match {key}");
}

pub fn hashed_phone_audience(acct: &Account) {
    let digest = sha2::Sha256::digest(acct.phone.as_bytes());
    upload_hashed(&hex::encode(digest)); // FLOW
    upload_hashed(&STANDARD.encode(&acct.phone)); // FLOW
    let mut salted = Sha256::new();
    salted.update(b"audience-salt:");
    salted.update(acct.phone.as_bytes());
    upload_hashed(&hex::encode(salted.finalize())); // FLOW
}

pub fn hashed_handle_audience(acct: &Account) {
    upload_hashed(&hex::encode(Sha256::digest(acct.handle.as_bytes()))); // clean
    upload_hashed(&URL_SAFE_NO_PAD.encode("spring-campaign")); // clean
    let mut salted = Sha256::new();
    salted.update(b"audience-salt:");
    salted.update(acct.handle.as_bytes());
    upload_hashed(&hex::encode(salted.finalize())); // clean
}
