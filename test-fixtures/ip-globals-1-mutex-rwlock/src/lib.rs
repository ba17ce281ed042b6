//! Global state: `static` `Mutex` / `RwLock` written in one fn, read in another.
//!
//! Flow: `remember_login` pushes the 2FA phone into `RECENT_CONTACTS` and stores
//! it in `LAST_CONTACT`; `flush_audiences` and `last_contact_key`, separate
//! functions, read them and reach the sink.
//! Negative: `CAMPAIGNS`, a static of the same type that only ever holds
//! campaign ids, flushed the same way.

use std::sync::{Mutex, RwLock};

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub campaign: String,
    #[security_only]
    pub phone: String,
}

static RECENT_CONTACTS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static CAMPAIGNS: Mutex<Vec<String>> = Mutex::new(Vec::new());
static LAST_CONTACT: RwLock<Option<String>> = RwLock::new(None);

/// Adds one identifier to an ad audience.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _req = format!("audience += {key}");
}

pub fn remember_login(acct: &Account) {
    if let Ok(mut recent) = RECENT_CONTACTS.lock() {
        recent.push(acct.phone.clone());
    }
    if let Ok(mut campaigns) = CAMPAIGNS.lock() {
        campaigns.push(acct.campaign.clone());
    }
    if let Ok(mut last) = LAST_CONTACT.write() {
        *last = Some(acct.phone.clone());
    }
}

pub fn flush_audiences() {
    if let Ok(mut recent) = RECENT_CONTACTS.lock() {
        for p in recent.drain(..) {
            add_to_audience(&p); // FLOW
        }
    }
    let campaigns = CAMPAIGNS.lock().unwrap_or_else(|e| e.into_inner());
    for c in campaigns.iter() {
        add_to_audience(c); // clean
    }
}

fn last_contact_key() -> Option<String> {
    LAST_CONTACT.read().ok().and_then(|g| g.clone())
}

pub fn retarget_last_login() {
    if let Some(key) = last_contact_key() {
        add_to_audience(&key); // FLOW
    }
}
