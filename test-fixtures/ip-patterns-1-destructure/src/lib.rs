//! Patterns: destructuring in `let`, `match`, `if let`, `while let` and `for`.
//!
//! Flow: the phone bound by struct, tuple, enum-variant, slice and reference
//! patterns (`ref`, `&`) reaches the sink.
//! Negative: the sibling bindings in the same patterns (nickname, id, the
//! newsletter list) stay clean: patterns are field-sensitive.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    pub nickname: String,
    #[security_only]
    pub phone: String,
}

#[purpose]
pub enum Channel {
    Sms {
        #[security_only]
        number: String,
    },
    Newsletter {
        list: String,
    },
}

/// Adds one identifier to an ad audience.
#[advertising_sink]
pub fn track(key: &str) {
    let _req = format!("audience += {key}");
}

pub fn struct_and_tuple(acct: &Account) {
    let Account { phone, nickname, .. } = acct;
    track(phone); // FLOW
    track(nickname); // clean
    let (p, n) = (acct.phone.clone(), acct.nickname.clone());
    track(&p); // FLOW
    track(&n); // clean
    let &Account { ref phone, id, .. } = acct;
    track(phone); // FLOW
    track(&id.to_string()); // clean
}

pub fn enums(channels: &[Channel]) {
    for ch in channels {
        match ch {
            Channel::Sms { number } => track(number),    // FLOW
            Channel::Newsletter { list } => track(list), // clean
        }
        if let Channel::Sms { number } = ch {
            track(&number[..3]); // FLOW
        }
    }
}

pub fn slices_and_loops(accts: &[Account]) {
    if let [first, ..] = accts {
        track(&first.phone); // FLOW
        track(&first.nickname); // clean
    }
    let phones: Vec<&str> = accts.iter().map(|a| a.phone.as_str()).collect();
    if let [primary, .., last] = phones.as_slice() {
        track(primary); // FLOW
        track(last); // FLOW
    }
    for Account { id, phone, .. } in accts {
        track(phone); // FLOW
        track(&id.to_string()); // clean
    }
    for &Account { ref nickname, .. } in accts {
        track(nickname); // clean
    }
    let mut backlog: Vec<(u64, String)> = accts.iter().map(|a| (a.id, a.phone.clone())).collect();
    while let Some((_, phone)) = backlog.pop() {
        track(&phone); // FLOW
    }
}
