//! Sink position: security-only data passed as a later argument of a sink.
//!
//! Flow: the phone as the 3rd argument of a free-fn sink, the e-mail list as the
//! 2nd, the phone list as the 3rd next to a clean 2nd, and the phone as the 2nd
//! argument of a sink method. Negative: the same sinks called with only the
//! handle, the country and constants stay clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    pub country: String,
    #[security_only]
    pub phone: String,
    #[security_only]
    pub recovery_email: String,
}

/// Reports a conversion: campaign, value in cents, and a user match key.
#[advertising_sink]
pub fn record_conversion(campaign: &str, value_cents: u64, match_key: &str) {
    let _req = format!("{campaign}/{value_cents}/{match_key}");
}

/// Uploads match keys: audience id, e-mails, phones.
#[advertising_sink]
pub fn upload_match_keys(audience_id: u64, emails: &[String], phones: &[String]) {
    let _req = format!("{audience_id}: {} emails, {} phones", emails.len(), phones.len());
}

pub struct AudienceClient {
    pub region: String,
}

impl AudienceClient {
    #[advertising_sink]
    pub fn add(&self, audience_id: u64, key: &str, country: &str) {
        let _req = format!("{}/{audience_id}/{key}/{country}", self.region);
    }
}

pub fn convert_with_phone(acct: &Account) {
    record_conversion("signup-2fa", 0, &acct.phone); // FLOW
}

pub fn upload_recovery_emails(acct: &Account) {
    let emails = vec![acct.recovery_email.clone()];
    upload_match_keys(11, &emails, &[]); // FLOW
}

pub fn upload_phones_next_to_handles(acct: &Account) {
    upload_match_keys(13, &[acct.handle.clone()], &[acct.phone.clone()]); // FLOW
}

pub fn add_with_phone(client: &AudienceClient, acct: &Account) {
    client.add(11, &acct.phone, &acct.country); // FLOW
}

pub fn convert_with_handle(acct: &Account) {
    record_conversion("signup", 0, &acct.handle); // clean
}

pub fn upload_handles(acct: &Account) {
    let handles = vec![acct.handle.clone()];
    upload_match_keys(12, &handles, &[]); // clean
}

pub fn add_with_handle(client: &AudienceClient, acct: &Account) {
    client.add(12, &acct.handle, &acct.country); // clean
}
