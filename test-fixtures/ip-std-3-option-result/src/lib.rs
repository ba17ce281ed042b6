//! Std models: `Option` and `Result` combinators and the `?` operator.
//!
//! Flow: the phone through `ok_or`, `?`, `map`, `and_then`, `unwrap`,
//! `unwrap_or`, `unwrap_or_else`, `as_deref`, and the phone used as the
//! fallback of `unwrap_or` on the nickname.
//! Negative: the same combinators over the nickname, and a tier label chosen by
//! branching on `phone.is_some()` (control dependence only).

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    pub nickname: Option<String>,
    #[security_only]
    pub phone: Option<String>,
}

#[derive(Debug)]
pub enum SyncError {
    NoPhone,
    NoNickname,
}

/// Adds one identifier to an ad audience.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _req = format!("audience += {key}");
}

fn phone_of(acct: &Account) -> Result<String, SyncError> {
    acct.phone.clone().ok_or(SyncError::NoPhone)
}

fn audience_key(acct: &Account) -> Result<String, SyncError> {
    let p = phone_of(acct)?;
    Ok(format!("tel:{}", p.trim_start_matches('+')))
}

fn nickname_key(acct: &Account) -> Result<String, SyncError> {
    let n = acct.nickname.as_ref().ok_or(SyncError::NoNickname)?;
    Ok(format!("nick:{n}"))
}

pub fn sync_phone(acct: &Account) -> Result<(), SyncError> {
    add_to_audience(&audience_key(acct)?); // FLOW
    add_to_audience(&phone_of(acct).unwrap()); // FLOW
    add_to_audience(acct.phone.as_deref().unwrap_or("none")); // FLOW
    let len = acct.phone.as_ref().map(|p| p.len()).unwrap_or(0);
    add_to_audience(&len.to_string()); // FLOW
    let cc = acct.phone.as_ref().and_then(|p| p.get(..3)).map(str::to_owned);
    add_to_audience(&cc.unwrap_or_else(|| "+1".into())); // FLOW
    let label = acct.nickname.clone().unwrap_or(acct.phone.clone().unwrap_or_default());
    add_to_audience(&label); // FLOW
    Ok(())
}

pub fn sync_nickname(acct: &Account) -> Result<(), SyncError> {
    add_to_audience(&nickname_key(acct)?); // clean
    add_to_audience(acct.nickname.as_deref().unwrap_or("anon")); // clean
    let upper = acct.nickname.as_ref().map(|n| n.to_uppercase());
    add_to_audience(&upper.unwrap_or_default()); // clean
    let tier = if acct.phone.is_some() { "verified" } else { "basic" };
    add_to_audience(tier); // clean
    Ok(())
}
