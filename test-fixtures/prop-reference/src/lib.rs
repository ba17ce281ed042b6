//! Propagation: references, `&mut` writes and dereferences.
//!
//! Flow: a `&` to the phone, a reference to that reference dereferenced, a buffer
//! written through a `&mut` alias, a `*slot =` store, and an out-parameter filled
//! by a helper. Negative: the same shapes carrying the handle stay clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

/// Adds a key to the advertiser's custom audience.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _req = format!("audience+={key}");
}

fn copy_contact(from: &str, out: &mut String) {
    out.clear();
    out.push_str(from);
}

pub fn via_borrow(acct: &Account) {
    let phone = &acct.phone;
    let again = &phone;
    add_to_audience(phone); // FLOW
    add_to_audience(again.as_str()); // FLOW
    add_to_audience(&**again); // FLOW
}

pub fn via_mut_alias(acct: &Account) {
    let mut buffer = String::new();
    let writer = &mut buffer;
    writer.push_str(&acct.phone);
    add_to_audience(&buffer); // FLOW
}

pub fn via_deref_store(acct: &Account) {
    let mut key = String::from("anonymous");
    let slot = &mut key;
    *slot = acct.phone.clone();
    add_to_audience(&key); // FLOW
}

pub fn via_out_param(acct: &Account) {
    let mut key = String::new();
    copy_contact(&acct.phone, &mut key);
    add_to_audience(&key); // FLOW
}

pub fn handle_by_reference(acct: &Account) {
    let handle = &acct.handle;
    let again = &handle;
    add_to_audience(&**again); // clean
    let mut label = String::new();
    let writer = &mut label;
    writer.push_str(&acct.handle);
    add_to_audience(&label); // clean
}

pub fn handle_out_param(acct: &Account) {
    let mut key = String::new();
    copy_contact(&acct.handle, &mut key);
    add_to_audience(&key); // clean
}
