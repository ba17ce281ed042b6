//! Sink position: `#[advertising_sink]` on an inherent method.
//!
//! Flow: the recovery e-mail passed to `AudienceClient::add_member`, by method
//! call and by path call. Negative: `SmsGateway::add_member` (same method name,
//! other type) with the same data, `AudienceClient::set_campaign` (unmarked
//! method of the sink's type), and `add_member` given the handle stay clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub recovery_email: String,
}

pub struct AudienceClient {
    pub audience_id: u64,
    pub uploaded: u32,
}

impl AudienceClient {
    /// Adds one contact to the tailored audience.
    #[advertising_sink]
    pub fn add_member(&mut self, contact: &str) {
        let _req = format!("audiences/{}/members/{contact}", self.audience_id);
        self.uploaded += 1;
    }

    pub fn set_campaign(&mut self, name: &str) {
        let _req = format!("audiences/{}/campaign/{name}", self.audience_id);
    }
}

/// Delivers login alerts; `add_member` enrols a number for alerts.
pub struct SmsGateway {
    pub enrolled: u32,
}

impl SmsGateway {
    pub fn add_member(&mut self, phone_or_email: &str) {
        let _req = format!("alerts/enrol/{phone_or_email}");
        self.enrolled += 1;
    }
}

pub fn export_recovery_emails(client: &mut AudienceClient, acct: &Account) {
    client.add_member(&acct.recovery_email); // FLOW
}

pub fn export_recovery_emails_ufcs(client: &mut AudienceClient, acct: &Account) {
    AudienceClient::add_member(client, &acct.recovery_email); // FLOW
}

pub fn enrol_for_alerts(gateway: &mut SmsGateway, acct: &Account) {
    gateway.add_member(&acct.recovery_email); // clean
}

pub fn name_campaign(client: &mut AudienceClient, acct: &Account) {
    client.set_campaign(&acct.recovery_email); // clean
}

pub fn export_handles(client: &mut AudienceClient, acct: &Account) {
    client.add_member(&acct.handle); // clean
}
