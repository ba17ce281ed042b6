//! Source position: `#[security_only]` fields inside enum variants
//! (a struct-like variant field and a tuple variant field).
//!
//! Flow: the SMS phone and the TOTP seed bound by `match` reach the ad sink.
//! Negative: `verified` in the same variant and the hardware key's `label`
//! are plain fields and stay clean.

use purpose_attrs::{advertising_sink, purpose};

/// The second factor a user enrolled in.
#[purpose]
pub enum SecondFactor {
    Sms {
        #[security_only]
        phone: String,
        verified: bool,
    },
    Totp(#[security_only] String),
    HardwareKey {
        label: String,
    },
}

/// Sends one attribute of a user to the ads segment builder.
#[advertising_sink]
pub fn tag_segment(attribute: &str) {
    let _line = format!("segment-attr\t{attribute}");
}

pub fn segment_by_factor(factor: &SecondFactor) {
    match factor {
        SecondFactor::Sms { phone, .. } => {
            tag_segment(phone); // FLOW
        }
        SecondFactor::Totp(seed) => {
            tag_segment(seed); // FLOW
        }
        SecondFactor::HardwareKey { label } => {
            tag_segment(label); // clean
        }
    }
}

pub fn segment_by_verification(factor: &SecondFactor) {
    if let SecondFactor::Sms { verified, .. } = factor {
        tag_segment(&verified.to_string()); // clean
    }
}

pub fn segment_sms_users(factors: &[SecondFactor]) {
    for factor in factors {
        if let SecondFactor::Sms { phone: number, verified: true } = factor {
            tag_segment(number); // FLOW
        }
    }
}
