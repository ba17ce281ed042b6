//! Global state: `OnceLock`, `LazyLock` and `thread_local!` written in one fn, read in another.
//!
//! Flow: the admin's break-glass phone is stored in `BREAK_GLASS` (`OnceLock`),
//! every verified phone in `VERIFIED` (`LazyLock<Mutex<HashMap>>`) and the
//! current request's phone in the thread-local `REQUEST_CONTACT`; other
//! functions read them and reach the sink.
//! Negative: `DEFAULT_SEGMENT` (`OnceLock`) and `SEGMENTS` (`LazyLock`) hold
//! only configuration, and the thread-local `REQUEST_CAMPAIGN` only campaign ids.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, OnceLock};

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    pub campaign: String,
    #[security_only]
    pub phone: String,
}

static BREAK_GLASS: OnceLock<String> = OnceLock::new();
static DEFAULT_SEGMENT: OnceLock<String> = OnceLock::new();
static VERIFIED: LazyLock<Mutex<HashMap<u64, String>>> = LazyLock::new(Default::default);
static SEGMENTS: LazyLock<Vec<String>> = LazyLock::new(|| vec!["readers".to_string()]);

thread_local! {
    static REQUEST_CONTACT: RefCell<String> = const { RefCell::new(String::new()) };
    static REQUEST_CAMPAIGN: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Adds one identifier to an ad audience.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _req = format!("audience += {key}");
}

pub fn configure(admin: &Account, segment: &str) {
    let _ = BREAK_GLASS.set(admin.phone.clone());
    let _ = DEFAULT_SEGMENT.set(segment.to_string());
}

pub fn on_verified(acct: &Account) {
    if let Ok(mut verified) = VERIFIED.lock() {
        verified.insert(acct.id, acct.phone.clone());
    }
    REQUEST_CONTACT.with(|c| *c.borrow_mut() = acct.phone.clone());
    REQUEST_CAMPAIGN.with(|c| *c.borrow_mut() = acct.campaign.clone());
}

pub fn seed_audiences() {
    if let Some(p) = BREAK_GLASS.get() {
        add_to_audience(p); // FLOW
    }
    if let Some(s) = DEFAULT_SEGMENT.get() {
        add_to_audience(s); // clean
    }
    if let Ok(verified) = VERIFIED.lock() {
        for p in verified.values() {
            add_to_audience(p); // FLOW
        }
    }
    for s in SEGMENTS.iter() {
        add_to_audience(s); // clean
    }
}

pub fn end_of_request() {
    REQUEST_CONTACT.with(|c| add_to_audience(&c.borrow())); // FLOW
    REQUEST_CAMPAIGN.with(|c| add_to_audience(&c.borrow())); // clean
}
