//! Inter-procedural summaries: a sink call inside a helper, reached through parameters.
//!
//! Flow: the login-alert handler passes the recovery phone through two levels
//! of helpers (`on_login` -> `notify_partners` -> `publish_contact`), so the sink
//! call inside `publish_contact` is reported there; `share_alert` sends a field
//! of its parameter.
//! Negative: `publish_campaign` has the same shape but every caller passes a
//! campaign id or the device name; `record_click` receives the phone but sends
//! only its campaign parameter; `share_device` sends a non-source field of the
//! same parameter.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct LoginAlert {
    pub user_id: u64,
    pub device: String,
    #[security_only]
    pub recovery_phone: String,
}

/// Uploads a key to the partner ad network's retargeting list.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _req = format!("retarget {key}");
}

fn publish_contact(contact: &str) {
    add_to_audience(contact); // FLOW
}

fn publish_campaign(campaign: &str) {
    add_to_audience(campaign); // clean
}

fn record_click(campaign: &str, contact: &str) {
    let _audit = format!("click by {contact}");
    add_to_audience(campaign); // clean
}

fn share_alert(alert: &LoginAlert) {
    add_to_audience(&alert.recovery_phone); // FLOW
}

fn share_device(alert: &LoginAlert) {
    add_to_audience(&alert.device); // clean
}

fn notify_partners(alert: &LoginAlert) {
    let contact = alert.recovery_phone.to_lowercase();
    publish_contact(&contact);
}

pub fn on_login(alert: &LoginAlert) {
    notify_partners(alert);
    publish_campaign("login-banner-q3");
    record_click("login-banner-q3", &alert.recovery_phone);
    share_alert(alert);
}

pub fn on_device_added(alert: &LoginAlert) {
    publish_campaign(&alert.device);
    share_device(alert);
}
