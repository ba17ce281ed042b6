//! Propagation: control dependence alone is not a flow.
//!
//! Negative: branching on the phone (`if`, `match`, a `bool` tested in an `if`)
//! and then sending only constants, and a helper that branches on the phone and
//! returns one of two constants. Flow: sending the phone itself inside such a
//! branch, and a value chosen by a branch where one arm is the phone.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    #[security_only]
    pub phone: String,
}

/// Adds the user to a geo segment.
#[advertising_sink]
pub fn add_to_segment(segment: &str) {
    let _req = format!("segments/{segment}");
}

/// Region bucket of a number: only ever one of two constants.
fn region_bucket(phone: &str) -> &'static str {
    if phone.starts_with("+1") {
        "north-america"
    } else {
        "international"
    }
}

pub fn segment_uk(acct: &Account) {
    if acct.phone.starts_with("+44") {
        add_to_segment("uk"); // clean
    }
}

pub fn segment_by_bucket(acct: &Account) {
    add_to_segment(region_bucket(&acct.phone)); // clean
}

pub fn segment_by_presence(acct: &Account) {
    let has_phone = !acct.phone.is_empty();
    if has_phone {
        add_to_segment("has-2fa-phone"); // clean
    }
    match acct.phone.len() {
        0 => add_to_segment("no-phone"), // clean
        _ => add_to_segment("phone"),    // clean
    }
}

pub fn segment_uk_numbers(acct: &Account) {
    if acct.phone.starts_with("+44") {
        add_to_segment(&acct.phone); // FLOW
    }
}

pub fn segment_by_choice(acct: &Account, verified: bool) {
    let key = if verified { acct.phone.clone() } else { String::from("unverified") };
    add_to_segment(&key); // FLOW
}
