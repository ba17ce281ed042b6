//! Propagation: `let` and assignment chains, compound assignment, tuple lets.
//!
//! Flow: the phone copied through several `let`s, a late-initialised variable,
//! a plain assignment, `+=`, and a tuple destructuring. Negative: the same
//! chains starting from the handle, and the handle half of the tuple, stay clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

/// Adds a key to the advertiser's custom audience.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _req = format!("audience+={key}");
}

pub fn chain_of_lets(acct: &Account) {
    let contact = acct.phone.clone();
    let key = contact;
    let audience_key = key;
    add_to_audience(&audience_key); // FLOW
}

pub fn late_init(acct: &Account, prefer_phone: bool) {
    let key: String;
    if prefer_phone {
        key = acct.phone.clone();
    } else {
        key = acct.handle.clone();
    }
    add_to_audience(&key); // FLOW
}

pub fn assign_then_append(acct: &Account) {
    let mut key = String::from("tel:");
    key += &acct.phone;
    add_to_audience(&key); // FLOW
}

pub fn assign_into_existing(acct: &Account) {
    let mut key = String::new();
    if key.is_empty() {
        key = acct.phone.clone();
    }
    add_to_audience(&key); // FLOW
}

pub fn tuple_let(acct: &Account) {
    let (phone, handle) = (acct.phone.clone(), acct.handle.clone());
    add_to_audience(&phone); // FLOW
    add_to_audience(&handle); // clean
}

pub fn chain_from_handle(acct: &Account) {
    let name = acct.handle.clone();
    let key = name;
    let mut audience_key = String::from("@");
    audience_key += &key;
    add_to_audience(&audience_key); // clean
}
