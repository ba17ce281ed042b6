//! Propagation: overwriting a variable or field ends the flow.
//!
//! Flow: the phone kept without reassignment, and a reassignment in only one arm
//! of an `if` (the other arm keeps the phone). Negative: a reassignment with a
//! constant on every path, a reassignment in both arms, and a struct field
//! overwritten before the struct is sent.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    #[security_only]
    pub phone: String,
}

pub struct AudienceRow {
    pub contact: String,
    pub country: String,
}

/// Adds a key to the advertiser's custom audience.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _req = format!("audience+={key}");
}

/// Uploads one row to the ads warehouse.
#[advertising_sink]
pub fn upload_row(row: &AudienceRow) {
    let _csv = format!("{},{}", row.contact, row.country);
}

fn audit_lookup(key: &str) -> usize {
    key.len()
}

pub fn kept(acct: &Account) {
    let key = acct.phone.clone();
    add_to_audience(&key); // FLOW
}

pub fn redacted_for_opted_out(acct: &Account, opted_out: bool) {
    let mut key = acct.phone.clone();
    if opted_out {
        key = String::from("anon");
    }
    add_to_audience(&key); // FLOW
}

pub fn always_redacted(acct: &Account) {
    let mut key = acct.phone.clone();
    audit_lookup(&key);
    key = String::from("anon");
    add_to_audience(&key); // clean
}

pub fn redacted_both_ways(acct: &Account, opted_out: bool) {
    let mut key = acct.phone.clone();
    audit_lookup(&key);
    if opted_out {
        key = String::from("anon");
    } else {
        key = format!("user-{}", acct.id);
    }
    add_to_audience(&key); // clean
}

pub fn field_overwritten(acct: &Account) {
    let mut row = AudienceRow { contact: acct.phone.clone(), country: "US".to_string() };
    audit_lookup(&row.contact);
    row.contact = String::from("redacted");
    upload_row(&row); // clean
}

pub fn field_kept(acct: &Account) {
    let row = AudienceRow { contact: acct.phone.clone(), country: "US".to_string() };
    upload_row(&row); // FLOW
}
