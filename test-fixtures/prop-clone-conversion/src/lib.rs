//! Propagation: clones and conversions.
//!
//! Flow: the recovery e-mail through `clone`, `to_string`, `to_owned`, `into`,
//! `String::from`, `as_str`, `as_bytes` + `String::from_utf8_lossy` and
//! `into_boxed_str`. Negative: the same conversions applied to `display_name`.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub display_name: String,
    #[security_only]
    pub recovery_email: String,
}

/// Queues a match key for the nightly audience upload.
#[advertising_sink]
pub fn enqueue_match_key(key: String) {
    let _line = format!("{key}\n");
}

/// Looks a key up in the partner's identity graph.
#[advertising_sink]
pub fn lookup_identity(key: &str) {
    let _q = format!("graph?k={key}");
}

pub fn queue_recovery_email(acct: &Account) {
    enqueue_match_key(acct.recovery_email.clone()); // FLOW
    enqueue_match_key(acct.recovery_email.to_string()); // FLOW
    enqueue_match_key(acct.recovery_email.as_str().to_owned()); // FLOW
    enqueue_match_key(acct.recovery_email.as_str().into()); // FLOW
    enqueue_match_key(String::from(acct.recovery_email.as_str())); // FLOW
}

pub fn lookup_recovery_email(acct: &Account) {
    let email: &str = acct.recovery_email.as_str();
    lookup_identity(email); // FLOW
    let bytes = acct.recovery_email.as_bytes().to_vec();
    lookup_identity(&String::from_utf8_lossy(&bytes)); // FLOW
    let boxed: Box<str> = acct.recovery_email.clone().into_boxed_str();
    lookup_identity(&boxed); // FLOW
}

pub fn queue_display_name(acct: &Account) {
    enqueue_match_key(acct.display_name.clone()); // clean
    enqueue_match_key(acct.display_name.to_string()); // clean
    enqueue_match_key(acct.display_name.as_str().to_owned()); // clean
    enqueue_match_key(acct.display_name.as_str().into()); // clean
    enqueue_match_key(String::from(acct.display_name.as_str())); // clean
}

pub fn lookup_display_name(acct: &Account) {
    let name: &str = acct.display_name.as_str();
    lookup_identity(name); // clean
    let bytes = acct.display_name.as_bytes().to_vec();
    lookup_identity(&String::from_utf8_lossy(&bytes)); // clean
}
