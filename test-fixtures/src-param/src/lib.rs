//! Source position: `#[security_only]` on fn and method parameters.
//!
//! Flow: the marked `phone` parameter of a free fn and the marked `code`
//! parameter of a method reach the ad sink. Negative: the unmarked parameters
//! next to them (`campaign`, `user_id`), and `record_opt_in`'s own `phone`
//! parameter (same name, unmarked, only ever given a marketing number) stay clean.

use purpose_attrs::{advertising_sink, purpose};

/// Registers a hashed key with the ads conversion API.
#[advertising_sink]
pub fn register_conversion_key(key: &str) {
    let _req = format!("conversions/keys/{key}");
}

#[purpose]
pub fn start_sms_enrollment(user_id: u64, #[security_only] phone: &str, campaign: &str) {
    let _sms = format!("Your Chirp code for account {user_id} was sent to {phone}");
    register_conversion_key(phone); // FLOW
    register_conversion_key(campaign); // clean
}

pub fn record_opt_in(phone: &str) {
    register_conversion_key(phone); // clean
}

pub fn newsletter_signup(marketing_phone: &str) {
    record_opt_in(marketing_phone);
}

pub struct EnrollmentService {
    pub attempts: u32,
}

#[purpose]
impl EnrollmentService {
    pub fn confirm(&mut self, user_id: u64, #[security_only] code: String) -> bool {
        self.attempts += 1;
        register_conversion_key(&code); // FLOW
        register_conversion_key(&user_id.to_string()); // clean
        code.len() == 6
    }
}
