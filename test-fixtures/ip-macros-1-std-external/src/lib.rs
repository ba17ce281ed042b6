//! Macros: std macros lowered as their expressions; unknown external macros pass data through.
//!
//! Flow: the phone through `format!` (positional and implicit `{phone}`
//! capture), `vec!`, `write!`, a `bool` from `matches!` turned into text, and
//! the unknown external macro `indoc::formatdoc!`, whose arguments reach its
//! result.
//! Negative: `tracing::info!`, `metrics::counter!`, `assert!` and `println!`
//! read the phone but are not sinks and taint nothing that is sent; the same
//! macros on the handle; a label chosen by branching on the `matches!` result.

use std::fmt::Write;

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    pub country: String,
    #[security_only]
    pub phone: String,
}

/// Sends one line of audience data to the ad network.
#[advertising_sink]
pub fn send_line(line: &str) {
    let _req = format!("line {line}");
}

/// Uploads a batch of identifiers to the ad network.
#[advertising_sink]
pub fn send_batch(keys: &[String]) {
    let _req = format!("batch {}", keys.len());
}

pub fn std_macros(acct: &Account) {
    send_line(&format!("tel:{}", acct.phone)); // FLOW
    let phone = &acct.phone;
    send_line(&format!("contact={phone}")); // FLOW
    send_batch(&vec![acct.phone.clone(), acct.handle.clone()]); // FLOW
    let mut body = String::new();
    let _ = writeln!(body, "country={} phone={}", acct.country, acct.phone);
    send_line(&body); // FLOW
    let is_uk = matches!(acct.phone.get(..3), Some("+44"));
    send_line(&is_uk.to_string()); // FLOW
    send_line(if is_uk { "uk" } else { "row" }); // clean
    send_line(&format!("@{}", acct.handle)); // clean
    send_batch(&vec![acct.handle.clone(), acct.country.clone()]); // clean
}

pub fn logging_macros(acct: &Account) {
    assert!(!acct.phone.is_empty(), "phone required for 2FA");
    println!("sending code to {}", acct.phone);
    tracing::info!(phone = %acct.phone, country = %acct.country, "2fa code sent");
    metrics::counter!("otp_sent", "country" => acct.country.clone()).increment(1);
    send_line(&acct.handle); // clean
}

pub fn external_macros(acct: &Account) {
    let card = indoc::formatdoc!(
        "contact: {}
         handle: {}",
        acct.phone,
        acct.handle
    );
    send_line(&card); // FLOW
    let public = indoc::formatdoc!("handle: {}", acct.handle);
    send_line(&public); // clean
}
