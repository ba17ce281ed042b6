//! Propagation: field sensitivity.
//!
//! Flow: `acct.phone`, the nested `profile.account.phone`, `&acct` passed whole to
//! a sink taking `&Account` (it carries the phone), and a local copy of the phone
//! field. Negative: `display_name` of the same account, nested, after a clone of
//! the whole struct, and the `settings` sub-struct (no security-only field)
//! passed whole.

use purpose_attrs::{advertising_sink, purpose};

#[derive(Clone)]
pub struct AdSettings {
    pub personalised: bool,
    pub language: String,
}

#[purpose]
#[derive(Clone)]
pub struct Account {
    pub id: u64,
    pub display_name: String,
    #[security_only]
    pub phone: String,
    pub settings: AdSettings,
}

pub struct Profile {
    pub account: Account,
    pub bio: String,
}

/// Adds a key to the advertiser's custom audience.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _req = format!("audience+={key}");
}

/// Exports a whole account row to the ads data warehouse.
#[advertising_sink]
pub fn export_account(acct: &Account) {
    let _row = format!("{},{}", acct.id, acct.display_name);
}

/// Exports the ad preferences of a user.
#[advertising_sink]
pub fn export_settings(settings: &AdSettings) {
    let _row = format!("{},{}", settings.personalised, settings.language);
}

pub fn phone_field(acct: &Account) {
    add_to_audience(&acct.phone); // FLOW
    let copy = acct.phone.clone();
    add_to_audience(&copy); // FLOW
}

pub fn nested_phone(profile: &Profile) {
    add_to_audience(&profile.account.phone); // FLOW
}

pub fn whole_account(acct: &Account) {
    export_account(acct); // FLOW
}

pub fn display_name_field(acct: &Account) {
    add_to_audience(&acct.display_name); // clean
}

pub fn nested_display_name(profile: &Profile) {
    add_to_audience(&profile.account.display_name); // clean
    add_to_audience(&profile.bio); // clean
}

pub fn after_clone(acct: &Account) {
    let snapshot = acct.clone();
    add_to_audience(&snapshot.display_name); // clean
    add_to_audience(&snapshot.settings.language); // clean
}

pub fn settings_only(acct: &Account) {
    export_settings(&acct.settings); // clean
}
