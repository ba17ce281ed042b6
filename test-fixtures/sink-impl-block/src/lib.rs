//! Sink position: `#[advertising_sink]` on an `impl` block (inherent and trait impl).
//!
//! Flow: every method of the marked inherent block of `TailoredAudienceApi`, and
//! the methods of the marked `impl ContactExport for AdsWarehouse`, receive the
//! recovery phone/e-mail. Negative: a method of a second, unmarked inherent block
//! of the same type, the unmarked `impl ContactExport for LegalHold`, and
//! marketing e-mails sent to the marked block stay clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub newsletter_email: String,
    #[security_only]
    pub recovery_phone: String,
    #[security_only]
    pub recovery_email: String,
}

pub struct TailoredAudienceApi {
    account_id: u64,
}

#[advertising_sink]
impl TailoredAudienceApi {
    pub fn add_email(&self, email: &str) {
        let _req = format!("{}/emails/{email}", self.account_id);
    }

    pub fn add_phone(&self, phone: &str) {
        let _req = format!("{}/phones/{phone}", self.account_id);
    }
}

impl TailoredAudienceApi {
    pub fn new(account_id: u64) -> Self {
        TailoredAudienceApi { account_id }
    }

    /// Local syntax check before upload; sends nothing.
    pub fn validate_contact(&self, contact: &str) -> bool {
        contact.contains('@') || contact.starts_with('+')
    }
}

pub trait ContactExport {
    fn export_contact(&self, contact: &str);
}

pub struct AdsWarehouse;
pub struct LegalHold;

#[advertising_sink]
impl ContactExport for AdsWarehouse {
    fn export_contact(&self, contact: &str) {
        let _row = format!("ads_dw.contacts <- {contact}");
    }
}

impl ContactExport for LegalHold {
    fn export_contact(&self, contact: &str) {
        let _row = format!("legal_hold.contacts <- {contact}");
    }
}

pub fn upload_recovery_contacts(acct: &Account) {
    let api = TailoredAudienceApi::new(9);
    api.add_phone(&acct.recovery_phone); // FLOW
    api.add_email(&acct.recovery_email); // FLOW
}

pub fn upload_newsletter_contacts(acct: &Account) -> bool {
    let api = TailoredAudienceApi::new(9);
    api.add_email(&acct.newsletter_email); // clean
    api.validate_contact(&acct.recovery_phone) // clean
}

pub fn warehouse_export(acct: &Account) {
    AdsWarehouse.export_contact(&acct.recovery_email); // FLOW
}

pub fn legal_hold_export(acct: &Account) {
    LegalHold.export_contact(&acct.recovery_email); // clean
}
