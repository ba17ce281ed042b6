//! Source position: `#[security_only]` on a method: its return value.
//!
//! Flow: `Authenticator::verification_code` returns a security-only value that
//! reaches the ad sink, called as a method and as a path (`Authenticator::...`).
//! Negative: `Authenticator::issuer` (same type, unmarked) and
//! `PromoEngine::verification_code` (same method name, other type) stay clean.

use purpose_attrs::{advertising_sink, security_only};

pub struct Authenticator {
    seed: Vec<u8>,
    issuer: String,
}

impl Authenticator {
    pub fn new(seed: Vec<u8>, issuer: &str) -> Self {
        Authenticator { seed, issuer: issuer.to_string() }
    }

    /// The code currently shown in the user's authenticator app.
    #[security_only]
    pub fn verification_code(&self, now: u64) -> String {
        let sum: u64 = self.seed.iter().map(|b| u64::from(*b)).sum();
        format!("{:06}", (sum + now / 30) % 1_000_000)
    }

    pub fn issuer(&self) -> String {
        self.issuer.clone()
    }
}

/// Generates referral codes printed on ads.
pub struct PromoEngine;

impl PromoEngine {
    pub fn verification_code(&self, now: u64) -> String {
        format!("REF-{}", now % 1000)
    }
}

/// Reports an attribution event to the ad partner.
#[advertising_sink]
pub fn report_attribution(key: &str) {
    let _body = format!("attr={key}");
}

pub fn attribute_login(auth: &Authenticator, now: u64) {
    report_attribution(&auth.verification_code(now)); // FLOW
}

pub fn attribute_enrollment(seed: Vec<u8>, now: u64) {
    let auth = Authenticator::new(seed, "Chirp");
    let code = Authenticator::verification_code(&auth, now);
    report_attribution(&code); // FLOW
}

pub fn attribute_issuer(auth: &Authenticator) {
    report_attribution(&auth.issuer()); // clean
}

pub fn attribute_referral(promo: &PromoEngine, now: u64) {
    report_attribution(&promo.verification_code(now)); // clean
}
