//! Whole values: conversions through workspace `From` impls.
//!
//! Flow: an `Account` converted with `.into()` (target type from the `let`)
//! and with `AudienceEvent::from` into an event that copies the phone, then
//! sent.
//! Negative: the same account converted into a `ProfileEvent`, whose `From`
//! impl copies only the handle.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

pub struct AudienceEvent {
    pub match_key: String,
}

pub struct ProfileEvent {
    pub handle: String,
}

impl From<&Account> for AudienceEvent {
    fn from(acct: &Account) -> Self {
        AudienceEvent { match_key: acct.phone.trim().to_string() }
    }
}

impl From<&Account> for ProfileEvent {
    fn from(acct: &Account) -> Self {
        ProfileEvent { handle: acct.handle.clone() }
    }
}

pub struct AdsClient;

impl AdsClient {
    #[advertising_sink]
    pub fn send_audience(&self, event: &AudienceEvent) {
        let _req = format!("audience {}", event.match_key);
    }

    #[advertising_sink]
    pub fn send_profile(&self, event: &ProfileEvent) {
        let _req = format!("profile {}", event.handle);
    }
}

pub fn sync_audience(ads: &AdsClient, acct: &Account) {
    let event: AudienceEvent = acct.into();
    ads.send_audience(&event); // FLOW
    ads.send_audience(&AudienceEvent::from(acct)); // FLOW
}

pub fn sync_profile(ads: &AdsClient, acct: &Account) {
    let event: ProfileEvent = acct.into();
    ads.send_profile(&event); // clean
    ads.send_profile(&ProfileEvent::from(acct)); // clean
}
