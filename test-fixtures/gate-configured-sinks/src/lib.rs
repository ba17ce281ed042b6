//! Third-party sinks and sources named in `[package.metadata.purpose]`:
//! security-only data passed to the ads SDK's `Client::upload_audience` or
//! to `pixel::track` is reported, and so is the phone number the auth SDK's
//! `Session::phone_number` returns; look-alike calls that are not configured
//! (`Client::upload_events`, `analytics::track`) and clean data passed to
//! the configured sinks are not.

use ads_sdk::Client;
use auth_sdk::Session;
use purpose_attrs::purpose;

#[purpose]
pub struct Account {
    pub nickname: String,
    #[security_only]
    pub recovery_phone: String,
}

pub fn upload_phone_audience(client: &Client, account: &Account) {
    client.upload_audience(&[account.recovery_phone.clone()]); // FLOW
}

pub fn upload_nickname_audience(client: &Client, account: &Account) {
    client.upload_audience(&[account.nickname.clone()]); // clean
}

pub fn upload_phone_events(client: &Client, account: &Account) {
    client.upload_events(&[account.recovery_phone.clone()]); // clean
}

pub fn track_signup(account: &Account) {
    pixel::track("signup", &account.recovery_phone); // FLOW
    analytics::track("signup", &account.recovery_phone); // clean
    pixel::track("signup", &account.nickname); // clean
}

pub fn track_session(session: &Session) {
    let phone = session.phone_number();
    pixel::track("login", &phone); // FLOW
    let device = session.device_name();
    pixel::track("login", &device); // clean
}
