//! Source position: `#[security_only]` on a whole enum type.
//!
//! Flow: any value of `RecoveryMethod`, and anything bound out of its variants,
//! is security-only. Negative: `NewsletterChannel`, a look-alike enum with the
//! same variants that users gave for marketing, stays clean.

use purpose_attrs::{advertising_sink, security_only};

/// How a locked-out user proves who they are.
#[security_only]
pub enum RecoveryMethod {
    Email(String),
    Phone(String),
    BackupCodes(Vec<String>),
}

/// Where the user asked to receive the newsletter (collected for marketing).
pub enum NewsletterChannel {
    Email(String),
    Phone(String),
}

pub fn recovery_method_of(user_id: u64) -> RecoveryMethod {
    RecoveryMethod::Phone(format!("+1555010{}", user_id % 10))
}

/// Matches a contact against the ad network's identity graph.
#[advertising_sink]
pub fn match_identity(contact: &str) {
    let _query = format!("identity-match?c={contact}");
}

pub fn match_recovery_contact(user_id: u64) {
    match recovery_method_of(user_id) {
        RecoveryMethod::Email(address) => {
            match_identity(&address); // FLOW
        }
        RecoveryMethod::Phone(number) => {
            match_identity(&number); // FLOW
        }
        RecoveryMethod::BackupCodes(codes) => {
            match_identity(&codes.join(",")); // FLOW
        }
    }
}

pub fn match_newsletter_contact(channel: &NewsletterChannel) {
    match channel {
        NewsletterChannel::Email(address) => {
            match_identity(address); // clean
        }
        NewsletterChannel::Phone(number) => {
            match_identity(number); // clean
        }
    }
}
