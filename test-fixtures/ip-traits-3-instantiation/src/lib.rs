//! Traits: generic functions resolved by how they are instantiated.
//!
//! `Exporter` has a sink impl (`AdAudience`) and a non-sink impl (`AuditTrail`).
//! Flow: `share` is instantiated with `AdAudience` and given the 2FA phone;
//! `ad_exporter()` returns `impl Exporter` built from `AdAudience`.
//! Negative: `archive` is private and only ever instantiated with `AuditTrail`,
//! so its call is clean for a precise analysis (SEMANTICS 8); the
//! `ad_exporter()` call given the handle is clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

pub trait Exporter {
    fn export(&self, record: &str);
}

pub struct AuditTrail;

impl Exporter for AuditTrail {
    fn export(&self, record: &str) {
        let _line = format!("audit {record}");
    }
}

pub struct AdAudience {
    pub audience_id: u64,
}

impl Exporter for AdAudience {
    #[advertising_sink]
    fn export(&self, record: &str) {
        let _req = format!("audience {} {record}", self.audience_id);
    }
}

fn archive<E: Exporter>(exp: &E, acct: &Account) {
    exp.export(&acct.phone); // clean
}

fn share<E: Exporter>(exp: &E, record: &str) {
    exp.export(record); // FLOW
}

fn ad_exporter() -> impl Exporter {
    AdAudience { audience_id: 4 }
}

pub fn on_phone_verified(acct: &Account) {
    archive(&AuditTrail, acct);
    share(&AdAudience { audience_id: 2 }, &acct.phone);
    ad_exporter().export(&acct.phone); // FLOW
}

pub fn on_profile_updated(acct: &Account) {
    share(&AuditTrail, &acct.handle);
    ad_exporter().export(&acct.handle); // clean
}
