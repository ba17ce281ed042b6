//! Source position: a `#[security_only]` field of a tuple struct.
//!
//! Flow: element `.0` of `RecoveryContact` (the recovery e-mail) and element `.1`
//! of `SmsFactor` (the 2FA phone) reach the ad sink. Negative: the locale in
//! `RecoveryContact.1` and the carrier in `SmsFactor.0` are plain fields and stay clean.

use purpose_attrs::{advertising_sink, purpose};

/// (recovery e-mail, preferred locale)
#[purpose]
pub struct RecoveryContact(#[security_only] pub String, pub String);

/// (carrier name, 2FA phone number)
#[purpose]
pub struct SmsFactor(pub String, #[security_only] pub String);

/// Records an audience key for lookalike targeting.
#[advertising_sink]
pub fn add_lookalike_seed(key: &str) {
    let _payload = format!("{{\"seed\":\"{key}\"}}");
}

pub fn seed_from_recovery_email(contact: &RecoveryContact) {
    add_lookalike_seed(&contact.0); // FLOW
}

pub fn seed_from_sms_factor(factor: SmsFactor) {
    let phone = factor.1;
    add_lookalike_seed(&phone); // FLOW
}

pub fn seed_from_locale(contact: &RecoveryContact) {
    add_lookalike_seed(&contact.1); // clean
}

pub fn seed_from_carrier(factor: &SmsFactor) {
    add_lookalike_seed(&factor.0); // clean
}
