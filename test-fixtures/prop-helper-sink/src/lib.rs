//! Propagation into a helper that contains the sink call.
//!
//! Flow: `publish_contact` is reached with the phone (through an intermediate
//! helper), so the sink call inside it is reported there. Negative:
//! `publish_campaign`, a look-alike helper wrapping the same sink, is only ever
//! called with constants and the handle, so its inner sink call stays clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

pub mod audience {
    use purpose_attrs::advertising_sink;

    /// Adds one member to the tailored audience.
    #[advertising_sink]
    pub fn add_member(key: &str) {
        let _req = format!("audience/members/{key}");
    }
}

/// Fires a conversion beacon.
#[advertising_sink]
pub fn beacon(event: &str) {
    let _req = format!("beacon/{event}");
}

fn publish_contact(contact: &str) {
    audience::add_member(contact); // FLOW
}

fn publish_campaign(tag: &str) {
    audience::add_member(tag); // clean
    beacon(tag); // clean
}

fn enqueue(contact: &str) {
    publish_contact(contact);
}

pub fn on_signup(acct: &Account) {
    enqueue(&acct.phone);
    publish_campaign("signup");
}

pub fn on_profile_update(acct: &Account) {
    publish_contact(&acct.handle);
    publish_campaign(&acct.handle);
}

pub fn on_newsletter() {
    publish_campaign("newsletter");
}
