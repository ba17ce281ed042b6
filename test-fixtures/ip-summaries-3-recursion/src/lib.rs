//! Inter-procedural summaries: recursion and mutual recursion.
//!
//! Flow: `mask_tail` (self-recursive) and `strip_plus`/`strip_zero` (mutually
//! recursive) pass the 2FA phone through to their result, which reaches the sink.
//! Negative: `choose_creative` recurses with the phone as an argument and
//! branches on it, but only ever returns data from its `campaign` parameter; the
//! same mutual recursion run on a campaign id is clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct TwoFactor {
    pub user_id: u64,
    #[security_only]
    pub phone: String,
}

/// Reports a conversion to the ad network.
#[advertising_sink]
pub fn track_conversion(key: &str) {
    let _req = format!("conversion {key}");
}

/// Masks all but the last `keep` characters, one character per call.
fn mask_tail(s: &str, keep: usize) -> String {
    if s.chars().count() <= keep {
        return s.to_string();
    }
    let rest: String = s.chars().skip(1).collect();
    format!("*{}", mask_tail(&rest, keep))
}

fn strip_plus(s: &str) -> String {
    match s.strip_prefix('+') {
        Some(rest) => strip_zero(rest),
        None => s.to_string(),
    }
}

fn strip_zero(s: &str) -> String {
    match s.strip_prefix('0') {
        Some(rest) => strip_plus(rest),
        None => s.to_string(),
    }
}

fn choose_creative(campaign: &str, contact: &str, attempts: u32) -> String {
    if attempts == 0 || contact.is_empty() {
        return format!("{campaign}-default");
    }
    choose_creative(campaign, contact, attempts - 1)
}

pub fn report_enrolment(tf: &TwoFactor) {
    track_conversion(&mask_tail(&tf.phone, 4)); // FLOW
    track_conversion(&strip_plus(&tf.phone)); // FLOW
}

pub fn report_campaign(tf: &TwoFactor) {
    track_conversion(&choose_creative("2fa-promo", &tf.phone, 3)); // clean
    track_conversion(&strip_plus("+0spring")); // clean
    track_conversion(&mask_tail(&tf.user_id.to_string(), 2)); // clean
}
