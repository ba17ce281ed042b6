//! Approved flows: a value passed through `declassify!` with a reason, and
//! the result of a `#[declassified(reason = "..")]` fn, reach the ad sink
//! without a finding; in the same fns, a flow that is not approved (the
//! whole phone number, the raw e-mail) is still reported.

use purpose_attrs::{advertising_sink, declassified, declassify, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    #[security_only]
    pub two_factor_phone: String,
    #[security_only]
    pub recovery_email: String,
}

#[advertising_sink]
pub fn add_to_audience(segment: &str) {
    let _ = segment;
}

/// Only the country prefix is approved for regional pricing.
pub fn sync_region_audience(account: &Account) {
    let prefix = declassify!(
        account.two_factor_phone.chars().take(3).collect::<String>(),
        "country prefix only, for regional ad pricing; privacy review PRIV-112"
    );
    add_to_audience(&prefix); // clean
    add_to_audience(&account.two_factor_phone); // FLOW
}

/// A one-way digest of the e-mail, approved for the whole fn.
#[declassified(reason = "salted one-way digest for the lookalike model; privacy review PRIV-118")]
pub fn email_digest(account: &Account) -> String {
    let salted = format!("salt:{}", account.recovery_email);
    format!("{:x}", salted.len() * 7919)
}

pub fn sync_lookalike_audience(account: &Account) {
    let digest = email_digest(account);
    add_to_audience(&digest); // clean
    let raw = account.recovery_email.to_lowercase();
    add_to_audience(&raw); // FLOW
}
