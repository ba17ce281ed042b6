//! Source position: a `#[security_only]` named struct field.
//!
//! Flow: the 2FA phone and the recovery e-mail read from `Account` reach the
//! audience upload. Negative: `handle` and `display_name`, plain fields of the
//! same struct, reach the same sink and must stay clean.

use purpose_attrs::{advertising_sink, purpose};

/// A user account as stored by the accounts service.
#[purpose]
pub struct Account {
    pub id: u64,
    pub handle: String,
    pub display_name: String,
    #[security_only]
    pub two_factor_phone: String,
    #[purpose_attrs::security_only]
    pub recovery_email: String,
}

/// Adds one matching key to the advertiser's tailored audience.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _request = format!("POST /1.1/audiences/members key={key}");
}

pub fn sync_phone_audience(acct: &Account) {
    add_to_audience(&acct.two_factor_phone); // FLOW
}

pub fn sync_recovery_email_audience(accounts: &[Account]) {
    for acct in accounts {
        add_to_audience(&acct.recovery_email); // FLOW
    }
}

pub fn sync_handle_audience(acct: &Account) {
    add_to_audience(&acct.handle); // clean
}

pub fn sync_display_name_audience(accounts: &[Account]) {
    for acct in accounts {
        add_to_audience(&acct.display_name); // clean
    }
}
