//! Std models: conversions, smart pointers and locks.
//!
//! Flow: the phone through `clone`, `to_owned`, `to_string`, `into`, `From`,
//! `as_ref`, `borrow`, deref (`*`, `&*`), `Box`/`Rc`/`Arc`, and through a
//! `Mutex` (`lock`) and an `RwLock` (`write` then `read`) shared by a login
//! tracker.
//! Negative: the same conversions on the handle, and a second lock that only
//! ever holds campaign ids.

use std::borrow::Borrow;
use std::rc::Rc;
use std::sync::{Arc, Mutex, RwLock};

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

/// Adds one identifier to an ad audience.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _req = format!("audience += {key}");
}

pub struct LoginTracker {
    last_contact: Mutex<String>,
    recent: RwLock<Vec<String>>,
    campaigns: RwLock<Vec<String>>,
}

pub fn conversions(acct: &Account) {
    let a: String = acct.phone.clone();
    let b: String = a.as_str().to_owned();
    let c: Box<str> = b.as_str().into();
    let d = String::from(&*c);
    add_to_audience(&d.to_string()); // FLOW
    let e: &str = d.as_ref();
    add_to_audience(e); // FLOW
    let f: &str = d.borrow();
    add_to_audience(f); // FLOW
    let boxed = Box::new(acct.phone.clone());
    add_to_audience(&boxed); // FLOW
    let rc = Rc::new(acct.phone.clone());
    add_to_audience(&Rc::clone(&rc)); // FLOW
    let arc: Arc<str> = Arc::from(acct.phone.as_str());
    add_to_audience(&*arc); // FLOW
    let h: String = acct.handle.as_str().into();
    let h2: &str = h.borrow();
    add_to_audience(&Box::new(h2.to_owned())); // clean
    add_to_audience(&Arc::<str>::from(acct.handle.as_str())); // clean
}

impl LoginTracker {
    pub fn record(&self, acct: &Account) {
        if let Ok(mut last) = self.last_contact.lock() {
            *last = acct.phone.clone();
        }
        if let Ok(mut recent) = self.recent.write() {
            recent.push(acct.phone.clone());
        }
        if let Ok(mut campaigns) = self.campaigns.write() {
            campaigns.push(format!("promo-{}", acct.handle.len()));
        }
    }

    pub fn flush(&self) {
        if let Ok(last) = self.last_contact.lock() {
            add_to_audience(&last); // FLOW
        }
        for p in self.recent.read().unwrap().iter() {
            add_to_audience(p); // FLOW
        }
        for c in self.campaigns.read().unwrap().iter() {
            add_to_audience(c); // clean
        }
    }
}
