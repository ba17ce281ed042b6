//! Propagation: formatting macros.
//!
//! Flow: the phone through `format!` with a positional argument, with an implicit
//! `{phone}` capture, with a format spec, and written into a `String` with
//! `write!`/`writeln!`. Negative: `println!`/`eprintln!` of the phone are not
//! sinks; formatting the handle, a constant, or `phone_label` (a clean local with
//! a similar name) stays clean.

use std::fmt::Write;

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

/// Sends a free-form key to the ad network's matching service.
#[advertising_sink]
pub fn submit_match_key(key: &str) {
    let _req = format!("match {key}");
}

pub fn positional(acct: &Account) {
    let key = format!("tel:{}", acct.phone);
    submit_match_key(&key); // FLOW
}

pub fn implicit_capture(acct: &Account) {
    let phone = &acct.phone;
    submit_match_key(&format!("tel:{phone}")); // FLOW
}

pub fn with_spec(acct: &Account) {
    submit_match_key(&format!("{:>16}|{0:?}", acct.phone)); // FLOW
}

pub fn written_into_buffer(acct: &Account) -> std::fmt::Result {
    let mut buf = String::new();
    write!(buf, "country=1;")?;
    write!(buf, "tel={}", acct.phone)?;
    submit_match_key(&buf); // FLOW
    let mut report = String::new();
    let phone = acct.phone.as_str();
    writeln!(&mut report, "{phone}")?;
    submit_match_key(&report); // FLOW
    Ok(())
}

pub fn logged_not_sent(acct: &Account) {
    let phone = &acct.phone;
    println!("sending verification to {phone}"); // clean
    eprintln!("retrying {}", acct.phone); // clean
    submit_match_key(&format!("@{}", acct.handle)); // clean
}

pub fn similar_names(acct: &Account) -> std::fmt::Result {
    let phone_label = "mobile";
    submit_match_key(&format!("{phone_label}")); // clean
    let mut buf = String::new();
    writeln!(buf, "campaign={}", "spring")?;
    submit_match_key(&buf); // clean
    let handle = &acct.handle;
    submit_match_key(&format!("{handle}")); // clean
    Ok(())
}
