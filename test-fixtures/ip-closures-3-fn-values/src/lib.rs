//! Closures: fn items in variables, fn pointers passed around, closures returned from fns.
//!
//! Flow: `let sink = ads::track; sink(&phone)`; a fn pointer parameter called
//! with the phone inside `each_contact` when `ads::track` is passed in (the call
//! `f(...)` is where the sink is entered); a closure returned by `contact_tagger`
//! that formats the captured phone.
//! Negative: the same fn value called with the handle, `each_handle` given the
//! same sink, `campaign_tagger` (captures only a campaign), and
//! `verified_badge`, which captures the phone but returns one of two constants.

use purpose_attrs::purpose;

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

pub mod ads {
    use purpose_attrs::advertising_sink;

    #[advertising_sink]
    pub fn track(key: &str) {
        let _req = format!("track {key}");
    }
}

fn each_contact(accts: &[Account], f: fn(&str)) {
    for a in accts {
        f(&a.phone); // FLOW
    }
}

fn each_handle(accts: &[Account], f: fn(&str)) {
    for a in accts {
        f(&a.handle); // clean
    }
}

fn contact_tagger(acct: &Account) -> impl Fn(&str) -> String + '_ {
    move |campaign| format!("{campaign}:{}", acct.phone)
}

fn campaign_tagger(campaign: String) -> impl Fn(u64) -> String {
    move |id| format!("{campaign}:{id}")
}

fn verified_badge(acct: &Account) -> impl Fn() -> &'static str + '_ {
    move || if acct.phone.is_empty() { "unverified" } else { "verified" }
}

pub fn fn_items(acct: &Account) {
    let sink = ads::track;
    sink(&acct.phone); // FLOW
    sink(&acct.handle); // clean
    let pointer: fn(&str) = ads::track;
    pointer(&acct.phone.replace('-', "")); // FLOW
}

pub fn batch(accts: &[Account]) {
    each_contact(accts, ads::track);
    each_handle(accts, ads::track);
}

pub fn tagged(acct: &Account) {
    let tag = contact_tagger(acct);
    ads::track(&tag("spring")); // FLOW
    let plain = campaign_tagger("spring".to_string());
    ads::track(&plain(42)); // clean
    let badge = verified_badge(acct);
    ads::track(badge()); // clean
}
