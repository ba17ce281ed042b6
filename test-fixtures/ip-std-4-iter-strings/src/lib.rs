//! Std models: iterator adapters and string operations.
//!
//! Flow: phones through `map`/`filter`/`collect`, `fold`, `join`, `chain`,
//! `zip`, `flat_map`; strings built with `push_str`, `+`, `write!`, and
//! transformed with `to_lowercase`, `split`, `trim`, `replace`.
//! Negative: the same pipelines and string operations on handles only, and the
//! handles of accounts selected by a phone test (`filter` only selects: control
//! dependence).

use std::fmt::Write;

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    pub handle: String,
    #[security_only]
    pub phone: String,
}

/// Sends one line of audience data to the ad network.
#[advertising_sink]
pub fn send_line(line: &str) {
    let _req = format!("line {line}");
}

pub fn iterators(accts: &[Account]) {
    let uk: Vec<String> = accts.iter().map(|a| a.phone.clone()).filter(|p| p.starts_with("+44")).collect();
    send_line(&uk.join(",")); // FLOW
    let total = accts.iter().fold(String::new(), |acc, a| acc + &a.phone);
    send_line(&total); // FLOW
    let both: Vec<&str> =
        accts.iter().map(|a| a.handle.as_str()).chain(accts.iter().map(|a| a.phone.as_str())).collect();
    send_line(&both.concat()); // FLOW
    for (id, p) in accts.iter().map(|a| a.id).zip(accts.iter().map(|a| &a.phone)) {
        send_line(&format!("{id}={p}")); // FLOW
    }
    let digits: String = accts.iter().flat_map(|a| a.phone.chars()).filter(char::is_ascii_digit).collect();
    send_line(&digits); // FLOW
    let handles: Vec<String> = accts.iter().map(|a| a.handle.to_lowercase()).collect();
    send_line(&handles.join(",")); // clean
    let verified = accts.iter().filter(|a| !a.phone.is_empty()).map(|a| a.handle.clone());
    send_line(&verified.collect::<Vec<_>>().join(",")); // clean
}

pub fn strings(acct: &Account) {
    let mut line = String::from("contact=");
    line.push_str(&acct.phone);
    send_line(&line); // FLOW
    let joined = acct.handle.clone() + ":" + &acct.phone;
    send_line(&joined); // FLOW
    let mut out = String::new();
    let _ = write!(out, "tel:{}", acct.phone);
    send_line(&out); // FLOW
    let area = acct.phone.trim().split('-').next().unwrap_or_default().to_lowercase();
    send_line(&area); // FLOW
    send_line(&acct.phone.replace(' ', "")); // FLOW
    let mut public = String::from("handle=");
    public.push_str(&acct.handle);
    send_line(&public); // clean
    let mut out2 = String::new();
    let _ = write!(out2, "@{}", acct.handle.trim().to_lowercase());
    send_line(&out2); // clean
}
