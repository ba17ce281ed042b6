//! Sink position: `#[advertising_sink]` on a method declaration in a trait.
//!
//! Flow: every impl of `AudienceSync::push_contact` is a sink, whether called on a
//! concrete type, through a generic `S: AudienceSync`, through `&dyn AudienceSync`
//! or `impl AudienceSync`. Negative: `SupportTicketing::push_contact` (same name,
//! other trait), the unmarked `AudienceSync::log_line`, and a constant stay clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub two_factor_phone: String,
}

pub trait AudienceSync {
    #[advertising_sink]
    fn push_contact(&self, contact: &str);

    /// Redacted form of a contact for the sync logs.
    fn log_line(&self, contact: &str) -> String;
}

pub struct MetaAds;
pub struct BirdAds;

impl AudienceSync for MetaAds {
    fn push_contact(&self, contact: &str) {
        let _req = format!("meta/custom_audience {contact}");
    }

    fn log_line(&self, contact: &str) -> String {
        format!("meta: {} chars", contact.len())
    }
}

impl AudienceSync for BirdAds {
    fn push_contact(&self, contact: &str) {
        let _req = format!("bird/tailored_audience {contact}");
    }

    fn log_line(&self, contact: &str) -> String {
        format!("bird: {} chars", contact.len())
    }
}

/// Opens support tickets; unrelated to ads.
pub trait SupportTicketing {
    fn push_contact(&self, contact: &str);
}

pub struct HelpDesk;

impl SupportTicketing for HelpDesk {
    fn push_contact(&self, contact: &str) {
        let _ticket = format!("callback requested: {contact}");
    }
}

pub fn sync_meta(meta: &MetaAds, acct: &Account) {
    meta.push_contact(&acct.two_factor_phone); // FLOW
}

pub fn sync_generic<S: AudienceSync>(sync: &S, contact: &str) {
    sync.push_contact(contact); // FLOW
}

pub fn sync_all(syncs: &[&dyn AudienceSync], acct: &Account) {
    for sync in syncs {
        sync.push_contact(&acct.two_factor_phone); // FLOW
    }
}

pub fn sync_impl(sync: impl AudienceSync, acct: &Account) {
    sync.push_contact(&acct.two_factor_phone); // FLOW
}

pub fn nightly(acct: &Account) {
    sync_generic(&BirdAds, &acct.two_factor_phone);
}

pub fn request_callback(desk: &HelpDesk, acct: &Account) {
    desk.push_contact(&acct.two_factor_phone); // clean
}

pub fn log_sync(sync: &dyn AudienceSync, acct: &Account) -> String {
    sync.log_line(&acct.two_factor_phone) // clean
}

pub fn probe(syncs: &[&dyn AudienceSync]) {
    for sync in syncs {
        sync.push_contact("probe@chirp.example"); // clean
    }
}
