//! Source position: `#[security_only]` on a `const` (free and associated).
//!
//! Flow: reads of the on-call escalation phone const and of the associated
//! const `SecurityDesk::PAGER_EMAIL` reach the ad sink. Negative: the unmarked
//! consts `CAMPAIGN_TAG` and `SecurityDesk::PUBLIC_URL` stay clean.

use purpose_attrs::{advertising_sink, security_only};

/// The phone paged for account-takeover incidents.
#[security_only]
pub const ONCALL_ESCALATION_PHONE: &str = "+1-555-0142";

pub const CAMPAIGN_TAG: &str = "spring-2019";

pub struct SecurityDesk;

impl SecurityDesk {
    /// Receives 2FA reset requests; never public.
    #[security_only]
    pub const PAGER_EMAIL: &'static str = "2fa-reset@chirp.example";

    pub const PUBLIC_URL: &'static str = "https://help.chirp.example/security";
}

/// Tags an ad impression with a free-form key.
#[advertising_sink]
pub fn tag_impression(key: &str) {
    let _tag = format!("impression:{key}");
}

pub fn tag_escalation_impressions() {
    tag_impression(ONCALL_ESCALATION_PHONE); // FLOW
    tag_impression(SecurityDesk::PAGER_EMAIL); // FLOW
}

pub fn tag_campaign_impressions() {
    tag_impression(CAMPAIGN_TAG); // clean
    tag_impression(SecurityDesk::PUBLIC_URL); // clean
}
