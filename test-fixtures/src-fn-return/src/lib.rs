//! Source position: `#[security_only]` on a free fn: its return value.
//!
//! Flow: the one-time code returned by `totp::current_code` reaches the ad sink,
//! directly and through a `let`. Negative: `promo::current_code`, a fn with the
//! same name in another module, and `totp::period_secs` are not marked and stay clean.

use purpose_attrs::advertising_sink;

pub mod totp {
    use purpose_attrs::security_only;

    /// The six-digit code the user types at login.
    #[security_only]
    pub fn current_code(seed: &[u8], now: u64) -> String {
        let mixed = seed.iter().fold(now / 30, |acc, b| acc.wrapping_mul(31).wrapping_add(u64::from(*b)));
        format!("{:06}", mixed % 1_000_000)
    }

    pub fn period_secs() -> u64 {
        30
    }
}

pub mod promo {
    /// The public promotion code shown on the campaign landing page.
    pub fn current_code(now: u64) -> String {
        format!("SPRING{}", now % 7)
    }
}

/// Attaches a conversion label to the ad click that brought the user in.
#[advertising_sink]
pub fn label_conversion(label: &str) {
    let _event = format!("conversion:{label}");
}

pub fn label_login_conversion(seed: &[u8], now: u64) {
    label_conversion(&totp::current_code(seed, now)); // FLOW
}

pub fn label_verified_signup(seed: &[u8], now: u64) {
    let code = totp::current_code(seed, now);
    let label = code;
    label_conversion(&label); // FLOW
}

pub fn label_promo_conversion(now: u64) {
    label_conversion(&promo::current_code(now)); // clean
}

pub fn label_period(_seed: &[u8]) {
    label_conversion(&totp::period_secs().to_string()); // clean
}
