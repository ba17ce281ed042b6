//! Whole values: `Display` impls and builders.
//!
//! Flow: `impl Display for Account` writes the phone, so `account.to_string()`
//! and `format!("{}", account)` carry it to the sink; an `AudienceEvent` built
//! with `.contact(&acct.phone)` is sent whole.
//! Negative: `PublicCard` also holds the phone but its `Display` writes only the
//! handle, so its `to_string()` / `format!` are clean; an event built from the
//! handle; the `campaign` field of the phone event.

use std::fmt;

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

#[purpose]
pub struct PublicCard {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

impl fmt::Display for Account {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} <{}>", self.handle, self.phone)
    }
}

impl fmt::Display for PublicCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "@{}", self.handle)
    }
}

#[derive(Debug, Default)]
pub struct AudienceEvent {
    pub contact: String,
    pub campaign: String,
}

#[derive(Default)]
pub struct AudienceEventBuilder {
    contact: String,
    campaign: String,
}

impl AudienceEvent {
    pub fn builder() -> AudienceEventBuilder {
        AudienceEventBuilder::default()
    }
}

impl AudienceEventBuilder {
    pub fn contact(mut self, contact: &str) -> Self {
        self.contact = contact.to_string();
        self
    }

    pub fn campaign(mut self, campaign: &str) -> Self {
        self.campaign = campaign.to_string();
        self
    }

    pub fn build(self) -> AudienceEvent {
        AudienceEvent { contact: self.contact, campaign: self.campaign }
    }
}

pub mod ads {
    use purpose_attrs::advertising_sink;

    #[advertising_sink]
    pub fn send_line(line: &str) {
        let _req = format!("line {line}");
    }
}

/// Streams an audience event to the ad network.
#[advertising_sink]
pub fn send_event(ev: &AudienceEvent) {
    let _req = format!("{ev:?}");
}

pub fn share_account(acct: &Account, card: &PublicCard) {
    ads::send_line(&acct.to_string()); // FLOW
    ads::send_line(&format!("{}", acct)); // FLOW
    ads::send_line(&format!("member {acct}")); // FLOW
    ads::send_line(&card.to_string()); // clean
    ads::send_line(&format!("{card}")); // clean
}

pub fn share_events(acct: &Account) {
    let ev = AudienceEvent::builder().contact(&acct.phone).campaign("2fa").build();
    send_event(&ev); // FLOW
    ads::send_line(&ev.campaign); // clean
    let other = AudienceEvent::builder().contact(&acct.handle).campaign("2fa").build();
    send_event(&other); // clean
}
