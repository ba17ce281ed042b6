//! Source position: `#[security_only]` on a whole struct type.
//!
//! Flow: every value of `TotpSecret` is security-only: its field, a value returned
//! by an unannotated loader, and a struct (`Enrollment`) that holds one, passed whole.
//! Negative: `Enrollment::device_name` (a plain field next to the secret) and the
//! look-alike `TotpSettings`, which holds no secret, stay clean.

use purpose_attrs::{advertising_sink, security_only};

/// The shared TOTP seed, base32-encoded.
#[security_only]
pub struct TotpSecret(pub String);

/// Display parameters of the authenticator app; not secret.
pub struct TotpSettings {
    pub issuer: String,
    pub digits: u32,
}

pub struct Enrollment {
    pub user_id: u64,
    pub device_name: String,
    pub secret: TotpSecret,
}

pub fn load_secret(user_id: u64) -> TotpSecret {
    TotpSecret(format!("JBSWY3DPEHPK3PXP{user_id}"))
}

/// Adds a user attribute to the interest graph used for ad ranking.
#[advertising_sink]
pub fn add_interest_signal(signal: &str) {
    let _row = format!("interest,{signal}");
}

/// Ships a whole enrollment record to the ads warehouse.
#[advertising_sink]
pub fn export_enrollment(record: &Enrollment) {
    let _row = format!("enrollment,{}", record.user_id);
}

pub fn signal_from_secret(user_id: u64) {
    let secret = load_secret(user_id);
    add_interest_signal(&secret.0); // FLOW
}

pub fn signal_from_enrollment(enrollment: &Enrollment) {
    add_interest_signal(&enrollment.secret.0); // FLOW
}

pub fn export_new_enrollment(user_id: u64, device_name: String) {
    let enrollment = Enrollment { user_id, device_name, secret: load_secret(user_id) };
    export_enrollment(&enrollment); // FLOW
}

pub fn signal_from_device(enrollment: &Enrollment) {
    add_interest_signal(&enrollment.device_name); // clean
}

pub fn signal_from_settings(settings: &TotpSettings) {
    add_interest_signal(&settings.issuer); // clean
    add_interest_signal(&settings.digits.to_string()); // clean
}
