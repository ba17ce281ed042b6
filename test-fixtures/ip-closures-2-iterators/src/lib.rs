//! Closures: closures given to iterator adapters and to Option combinators.
//!
//! Flow: phones hashed in `map` and uploaded in `for_each`; a phone turned into
//! a key by `Option::map` / `and_then`; phones collected by `filter_map` and
//! handed over by `for_each` in a loop body.
//! Negative: the same pipelines over nicknames, a closure that maps each
//! account to a constant segment, and `Option::map` over the nickname.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub nickname: Option<String>,
    #[security_only]
    pub phone: Option<String>,
}

/// Uploads one hashed identifier to a customer-match list.
#[advertising_sink]
pub fn upload(key: &str) {
    let _req = format!("customer-match {key}");
}

fn hash(s: &str) -> String {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    format!("{:016x}", h.finish())
}

#[purpose]
pub fn upload_phone_hashes(#[security_only] phones: &[String]) {
    phones.iter().map(|p| hash(p)).for_each(|h| upload(&h)); // FLOW
}

pub fn upload_nickname_hashes(nicknames: &[String]) {
    nicknames.iter().map(|n| hash(n)).for_each(|h| upload(&h)); // clean
}

pub fn upload_account_keys(accts: &[Account]) {
    let phones: Vec<String> = accts.iter().filter_map(|a| a.phone.clone()).collect();
    phones.iter().for_each(|p| upload(p)); // FLOW
    let nicks: Vec<&String> = accts.iter().filter_map(|a| a.nickname.as_ref()).collect();
    nicks.iter().for_each(|n| upload(n)); // clean
    accts.iter().map(|_| "2fa-users").for_each(|segment| upload(segment)); // clean
}

pub fn upload_option_key(acct: &Account) {
    let key = acct.phone.as_ref().map(|p| p.to_string());
    if let Some(k) = key {
        upload(&k); // FLOW
    }
    let digits = acct.phone.as_deref().and_then(|p| p.strip_prefix('+')).map(hash);
    upload(&digits.unwrap_or_default()); // FLOW
    let nick = acct.nickname.as_ref().map(|n| n.to_lowercase());
    upload(&nick.unwrap_or_default()); // clean
}
