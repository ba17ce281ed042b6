//! Std models: `Vec`, `VecDeque` and `HashSet` carry the phone in and out.
//!
//! Flow: phones put in with `push`, `push_back`, `extend`, `insert` and taken
//! out with indexing, `get`, `iter`, `into_iter`, `drain`, `pop_front`; the
//! whole container and its `len()` (derived data) sent to the sink.
//! Negative: a second, separate `Vec` that only ever got nicknames (and its
//! `len()`), and a campaign list queried with `contains(&phone)`, which reads
//! the phone but does not put it in the list.

use std::collections::{HashSet, VecDeque};

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub nickname: String,
    #[security_only]
    pub phone: String,
}

/// Uploads a batch of identifiers to a customer-match list.
#[advertising_sink]
pub fn upload_batch(keys: &[String]) {
    let _req = format!("batch of {}", keys.len());
}

/// Adds one identifier to a customer-match list.
#[advertising_sink]
pub fn upload(key: &str) {
    let _req = format!("one {key}");
}

pub fn vec_audience(accts: &[Account]) {
    let mut phones = Vec::new();
    let mut nicks: Vec<String> = Vec::new();
    for a in accts {
        phones.push(a.phone.clone());
        nicks.push(a.nickname.clone());
    }
    upload_batch(&phones); // FLOW
    upload(&phones[0]); // FLOW
    upload(phones.get(1).map(String::as_str).unwrap_or("")); // FLOW
    upload(&phones.len().to_string()); // FLOW
    upload_batch(&nicks); // clean
    upload(&nicks.len().to_string()); // clean
    for p in phones.into_iter() {
        upload(&p); // FLOW
    }
}

pub fn extend_and_drain(accts: &[Account]) {
    let mut pending: Vec<String> = Vec::with_capacity(accts.len());
    pending.extend(accts.iter().map(|a| a.phone.clone()));
    let batch: Vec<String> = pending.drain(..).collect();
    upload_batch(&batch); // FLOW
}

pub fn queue_and_set(acct: &Account) {
    let mut queue = VecDeque::new();
    queue.push_back(acct.phone.clone());
    if let Some(next) = queue.pop_front() {
        upload(&next); // FLOW
    }
    let mut seen = HashSet::new();
    seen.insert(acct.phone.clone());
    for p in seen.iter() {
        upload(p); // FLOW
    }
}

pub fn campaign_membership(acct: &Account) {
    let campaigns = vec!["spring".to_string(), "2fa-promo".to_string()];
    let _listed = campaigns.contains(&acct.phone);
    upload_batch(&campaigns); // clean
    for c in campaigns.iter() {
        upload(c); // clean
    }
}
