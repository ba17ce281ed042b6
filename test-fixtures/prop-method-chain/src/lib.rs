//! Propagation: method chains, lengths, substrings and booleans used as data.
//!
//! Flow: a normalised phone (`trim().to_lowercase().replace(..)`), its length,
//! its last four digits, the e-mail's domain, and a `bool` computed from the phone
//! (`starts_with`) turned into data. Negative: the same chains on `handle`, and
//! lengths of constants.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
    #[security_only]
    pub recovery_email: String,
}

/// Adds a demographic attribute to the ad profile.
#[advertising_sink]
pub fn set_ad_attribute(name: &str, value: &str) {
    let _kv = format!("{name}={value}");
}

pub fn normalised_phone(acct: &Account) {
    let key = acct.phone.trim().to_lowercase().replace([' ', '-'], "");
    set_ad_attribute("msisdn", &key); // FLOW
}

pub fn phone_shape(acct: &Account) {
    set_ad_attribute("phone_len", &acct.phone.len().to_string()); // FLOW
    let last_four: String = acct.phone.chars().rev().take(4).collect();
    set_ad_attribute("phone_tail", &last_four); // FLOW
}

pub fn email_domain(acct: &Account) {
    let domain = acct.recovery_email.split('@').nth(1).unwrap_or_default().to_ascii_lowercase();
    set_ad_attribute("email_domain", &domain); // FLOW
}

pub fn is_uk_user(acct: &Account) {
    let local = acct.phone.starts_with("+44");
    set_ad_attribute("uk", &local.to_string()); // FLOW
}

pub fn normalised_handle(acct: &Account) {
    let key = acct.handle.trim().to_lowercase().replace([' ', '-'], "");
    set_ad_attribute("handle", &key); // clean
    set_ad_attribute("handle_len", &acct.handle.len().to_string()); // clean
    let verified = acct.handle.ends_with("_official");
    set_ad_attribute("official", &verified.to_string()); // clean
}

pub fn prefix_shape() {
    set_ad_attribute("uk_prefix_len", &"+44".len().to_string()); // clean
}
