//! Std models: `HashMap` and `BTreeMap` carry the phone through their values.
//!
//! Flow: phones stored with `insert` / `entry().or_insert` / `entry().or_default().push`
//! and read back with `get`, `values`, `iter`, `into_iter`, `drain`, or the map
//! sent whole.
//! Negative: a separate map that only ever holds campaign ids, read the same
//! ways.

use std::collections::{BTreeMap, HashMap};

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    pub country: String,
    pub campaign: String,
    #[security_only]
    pub phone: String,
}

/// Adds one identifier to an ad audience.
#[advertising_sink]
pub fn upload(key: &str) {
    let _req = format!("audience += {key}");
}

/// Sends a country-to-members table to the ad network's geo targeting.
#[advertising_sink]
pub fn upload_by_country(table: &BTreeMap<String, Vec<String>>) {
    let _req = format!("{} countries", table.len());
}

pub fn hash_maps(accts: &[Account]) {
    let mut phones: HashMap<u64, String> = HashMap::new();
    let mut campaigns: HashMap<u64, String> = HashMap::new();
    for a in accts {
        phones.insert(a.id, a.phone.clone());
        campaigns.entry(a.id).or_insert_with(|| a.campaign.clone());
    }
    if let Some(p) = phones.get(&7) {
        upload(p); // FLOW
    }
    for p in phones.values() {
        upload(p); // FLOW
    }
    if let Some(c) = campaigns.get(&7) {
        upload(c); // clean
    }
    for (_, c) in campaigns.iter() {
        upload(c); // clean
    }
    for (_, p) in phones.drain() {
        upload(&p); // FLOW
    }
}

pub fn btree_maps(accts: &[Account]) {
    let mut by_country: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut promos: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in accts {
        by_country.entry(a.country.clone()).or_default().push(a.phone.clone());
        promos.entry(a.country.clone()).or_default().push(a.campaign.clone());
    }
    upload_by_country(&by_country); // FLOW
    upload_by_country(&promos); // clean
    let mut latest = BTreeMap::new();
    for a in accts {
        *latest.entry(a.id).or_insert_with(String::new) = a.phone.clone();
    }
    for (_, p) in latest.into_iter() {
        upload(&p); // FLOW
    }
}
