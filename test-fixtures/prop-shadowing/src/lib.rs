//! Propagation: `let` shadowing.
//!
//! Flow: a phone shadowed by a value derived from it, a clean name shadowed by a
//! derived phone, and the outer binding used again after an inner block shadowed
//! it. Negative: a phone shadowed by a constant, and the inner constant binding.

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

pub fn shadowed_by_constant(acct: &Account) {
    let phone = acct.phone.as_str();
    let _digits = phone.len();
    let phone = "anon";
    add_to_audience(phone); // clean
}

pub fn shadowed_by_derived(acct: &Account) {
    let phone = acct.phone.trim();
    let phone = phone.replace('-', "");
    add_to_audience(&phone); // FLOW
}

pub fn clean_shadowed_by_phone(acct: &Account) {
    let label = acct.handle.clone();
    let label = format!("{label}:{}", acct.phone);
    add_to_audience(&label); // FLOW
}

pub fn inner_block(acct: &Account) {
    let key = acct.phone.clone();
    {
        let key = "campaign-7";
        add_to_audience(key); // clean
    }
    add_to_audience(&key); // FLOW
}
