//! Control flow: strong updates on reassignment, branches, and values carried by loops.
//!
//! Flow: a key sent before it is overwritten; a key overwritten in only one
//! branch; the last phone carried out of a `for` loop; a phone from the previous
//! iteration sent at the top of a `while` loop; a checksum folded over phones.
//! Negative: the key sent after being overwritten with an id; a buffer reset
//! with a segment name at the top of every iteration before it is sent.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    pub country: String,
    #[security_only]
    pub phone: String,
}

/// Adds one identifier to an ad audience.
#[advertising_sink]
pub fn track(key: &str) {
    let _req = format!("audience += {key}");
}

/// Delivers a one-time code by SMS (not advertising).
pub fn deliver_code(to: &str) {
    let _req = format!("sms {to}");
}

pub fn strong_update(acct: &Account) {
    let mut key = acct.phone.clone();
    track(&key); // FLOW
    key = format!("user-{}", acct.id);
    track(&key); // clean
}

pub fn one_branch_overwrites(acct: &Account, anonymous: bool) {
    let mut key = acct.phone.clone();
    if anonymous {
        key = "anonymous".to_string();
    }
    track(&key); // FLOW
}

pub fn send_codes(accts: &[Account]) {
    let mut buf = String::new();
    for a in accts {
        buf = format!("segment-{}", a.country);
        track(&buf); // clean
        buf = a.phone.replace(' ', "");
        deliver_code(&buf);
    }
    track(&buf); // FLOW
}

pub fn previous_iteration(accts: &[Account]) {
    let mut prev = String::new();
    let mut i = 0;
    while i < accts.len() {
        if i > 0 {
            track(&prev); // FLOW
        }
        prev = accts[i].phone.clone();
        i += 1;
    }
}

pub fn checksum(accts: &[Account]) {
    let mut sum: u64 = 0;
    let mut seen: u64 = 0;
    for a in accts {
        sum = sum.wrapping_mul(31).wrapping_add(a.phone.len() as u64);
        seen += 1;
    }
    track(&sum.to_string()); // FLOW
    track(&seen.to_string()); // clean
}
