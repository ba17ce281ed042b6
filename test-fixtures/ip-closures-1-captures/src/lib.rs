//! Closures: captured values, closures stored and called, callbacks into workspace fns.
//!
//! Flow: a closure capturing the phone calls the sink; a closure stored in a
//! variable and called with the phone; a `move` closure pushed into a list of
//! hooks; a closure passed to `with_contact`, which calls it with the phone.
//! Negative: closures capturing or receiving only the nickname, and a callback
//! that ignores the phone it is given and sends a constant segment.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    pub nickname: String,
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

/// Tags a user in a named audience on the ad network.
#[advertising_sink]
pub fn tag_user(segment: &str, key: &str) {
    let _req = format!("{segment} += {key}");
}

pub fn with_contact(a: &Account, f: impl Fn(&str)) {
    f(&a.phone);
}

pub fn with_nickname(a: &Account, f: impl Fn(&str)) {
    f(&a.nickname);
}

pub fn on_two_factor_enabled(acct: &Account) {
    let phone = acct.phone.clone();
    let track_phone = || ads::track(&phone); // FLOW
    track_phone();
    let nick = acct.nickname.clone();
    let track_nick = || ads::track(&nick); // clean
    track_nick();
}

pub fn on_login(acct: &Account) {
    let send = |key: &str| ads::track(key); // FLOW
    send(&acct.phone);
    let send_nick = |key: &str| ads::track(key); // clean
    send_nick(&acct.nickname);
}

pub fn register_hooks(acct: &Account) -> Vec<Box<dyn Fn(&str)>> {
    let mut hooks: Vec<Box<dyn Fn(&str)>> = Vec::new();
    let phone = acct.phone.clone();
    hooks.push(Box::new(move |segment| tag_user(segment, &phone))); // FLOW
    let nick = acct.nickname.clone();
    hooks.push(Box::new(move |segment| tag_user(segment, &nick))); // clean
    for hook in &hooks {
        hook("weekly-digest");
    }
    hooks
}

pub fn on_recovery(acct: &Account) {
    with_contact(acct, |p| ads::track(p)); // FLOW
    with_contact(acct, |_p| ads::track("recovery-users")); // clean
    with_nickname(acct, |n| ads::track(n)); // clean
}
