//! Traits: sink marker on a trait method declaration, and default methods calling a sink.
//!
//! Flow: `AudienceSync::upload` is marked on the trait declaration, so every
//! impl (even `DryRun`, whose body does nothing) and every call through the
//! trait is a sink. The default method `Audience::join` calls the ad sink with
//! `self.member_key()`, which is the phone for `TwoFactorUser`.
//! Negative: the unmarked `Backup::upload` (same method name, other trait), the
//! handle given to `AudienceSync::upload`, the default method `join_segment`
//! (whose `segment()` is a constant in every impl), and `join` on a `Reader`
//! only.

use purpose_attrs::{advertising_sink, purpose};

pub mod ads {
    use purpose_attrs::advertising_sink;

    #[advertising_sink]
    pub fn add_to_audience(key: &str) {
        let _req = format!("audience += {key}");
    }
}

pub trait AudienceSync {
    #[advertising_sink]
    fn upload(&self, key: &str);
}

pub trait Backup {
    fn upload(&self, key: &str);
}

pub struct Partner;
pub struct DryRun;
pub struct ColdStorage;

impl AudienceSync for Partner {
    fn upload(&self, key: &str) {
        let _req = format!("partner upload {key}");
    }
}

impl AudienceSync for DryRun {
    fn upload(&self, _key: &str) {}
}

impl Backup for ColdStorage {
    fn upload(&self, key: &str) {
        let _blob = format!("backup {key}");
    }
}

pub trait Audience {
    fn member_key(&self) -> String;

    fn segment(&self) -> &'static str;

    fn join(&self) {
        ads::add_to_audience(&self.member_key()); // FLOW
    }

    fn join_segment(&self) {
        ads::add_to_audience(self.segment()); // clean
    }
}

#[purpose]
pub struct TwoFactorUser {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

pub struct Reader {
    pub handle: String,
}

impl Audience for TwoFactorUser {
    fn member_key(&self) -> String {
        self.phone.replace(' ', "")
    }

    fn segment(&self) -> &'static str {
        "2fa-enabled"
    }
}

impl Audience for Reader {
    fn member_key(&self) -> String {
        self.handle.clone()
    }

    fn segment(&self) -> &'static str {
        "readers"
    }
}

pub fn nightly_sync(user: &TwoFactorUser, partner: &Partner, dry: &DryRun, cold: &ColdStorage) {
    partner.upload(&user.phone); // FLOW
    dry.upload(&user.phone); // FLOW
    partner.upload(&user.handle); // clean
    cold.upload(&user.phone); // clean
}

pub fn sync_any(sync: &dyn AudienceSync, user: &TwoFactorUser) {
    sync.upload(&user.phone); // FLOW
}

pub fn enrol(user: &TwoFactorUser, reader: &Reader) {
    user.join();
    user.join_segment();
    reader.join();
    reader.join_segment();
}
