//! Inter-procedural summaries: context sensitivity, getters, parameter positions.
//!
//! Flow: `normalise` returns a cleaned copy of its argument, so the 2FA phone
//! passed through it (directly, through the `phone()` getter, or through the
//! second helper `audience_key`) reaches the sink.
//! Negative: the same helpers called with a campaign constant or the
//! `nickname()` getter, `creative_id` (which takes the phone but returns only
//! its other parameter) and `region_label` (which branches on the phone and
//! returns one of two constants) stay clean.

use purpose_attrs::purpose;

#[purpose]
pub struct Account {
    pub id: u64,
    nickname: String,
    #[security_only]
    phone: String,
}

impl Account {
    pub fn phone(&self) -> &str {
        &self.phone
    }

    pub fn nickname(&self) -> &str {
        &self.nickname
    }
}

pub mod ads {
    use purpose_attrs::advertising_sink;

    /// Adds a key to the lookalike audience on the ad network.
    #[advertising_sink]
    pub fn add_to_audience(key: &str) {
        let _req = format!("POST /audiences/lookalike {key}");
    }
}

fn normalise(s: &str) -> String {
    s.trim().replace(' ', "")
}

fn audience_key(s: &str) -> String {
    format!("k:{}", normalise(s))
}

fn creative_id(campaign: &str, contact: &str) -> String {
    let _audit = format!("creative requested for {contact}");
    format!("{campaign}-banner")
}

fn region_label(contact: &str) -> &'static str {
    if contact.starts_with("+44") {
        "uk"
    } else {
        "row"
    }
}

pub fn sync_phone_audience(acct: &Account) {
    ads::add_to_audience(&normalise(&acct.phone)); // FLOW
    ads::add_to_audience(&normalise(acct.phone())); // FLOW
    ads::add_to_audience(&audience_key(acct.phone())); // FLOW
}

pub fn sync_campaign_audience(acct: &Account) {
    ads::add_to_audience(&normalise(" spring-promo ")); // clean
    ads::add_to_audience(&audience_key(acct.nickname())); // clean
    ads::add_to_audience(&creative_id("spring-promo", acct.phone())); // clean
    ads::add_to_audience(region_label(acct.phone())); // clean
}
