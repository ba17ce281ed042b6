//! Sink position: `#[advertising_sink]` on a free fn.
//!
//! Flow: the 2FA phone passed to `ads::upload_tailored_audience`, called by path
//! and through a `use` import. Negative: `backup::upload_tailored_audience` (same
//! name, other module, unmarked) and the unmarked `ads::upload_creative` receive
//! the same phone and stay clean.

use purpose_attrs::purpose;

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

pub mod ads {
    use purpose_attrs::advertising_sink;

    /// Uploads one contact to a tailored audience.
    #[advertising_sink]
    pub fn upload_tailored_audience(audience_id: u64, contact: &str) {
        let _req = format!("PUT /audiences/{audience_id}/users {contact}");
    }

    /// Uploads an ad image; not a sink.
    pub fn upload_creative(name: &str) {
        let _req = format!("PUT /creatives/{name}");
    }
}

pub mod backup {
    /// Copies contacts to the encrypted account-recovery backup.
    pub fn upload_tailored_audience(audience_id: u64, contact: &str) {
        let _blob = format!("{audience_id}:{contact}");
    }
}

pub fn sync_by_path(acct: &Account) {
    ads::upload_tailored_audience(42, &acct.phone); // FLOW
}

pub fn sync_by_import(acct: &Account) {
    use crate::ads::upload_tailored_audience;
    upload_tailored_audience(42, &acct.phone); // FLOW
}

pub fn backup_recovery_contacts(acct: &Account) {
    backup::upload_tailored_audience(7, &acct.phone); // clean
}

pub fn publish_creative(acct: &Account) {
    ads::upload_creative(&acct.phone); // clean
}

pub fn sync_handles(acct: &Account) {
    ads::upload_tailored_audience(42, &acct.handle); // clean
}
