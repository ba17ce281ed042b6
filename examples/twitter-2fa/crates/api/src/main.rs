//! The web API: signup and login handlers, and the nightly ad-sync job.

mod ad_sync;

use std::time::{SystemTime, UNIX_EPOCH};

use accounts::{Account, AccountStore};
use login_alerts::{send_login_code, send_new_login_alert, Mailer, SmsSender};

/// After signup: welcome e-mail to the recovery address, conversion for the campaign.
fn handle_signup(acct: &Account, campaign: &str, mailer: &mut Mailer) {
    let welcome = format!("Welcome, @{}! Confirm this recovery address.", acct.handle);
    mailer.send(&acct.recovery_email, "Welcome", &welcome); // clean
    ad_audience::track_signup(campaign); // clean
}

/// Login: the code goes to the 2FA phone, the alert to the recovery e-mail.
fn handle_login(acct: &Account, ip: &str, sms: &mut SmsSender, mailer: &mut Mailer) {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    send_login_code(sms, acct, now);
    send_new_login_alert(mailer, acct, ip);
}

fn main() {
    let store = AccountStore::demo();
    let mut sms = SmsSender::default();
    let mut mailer = Mailer::default();
    for acct in store.all() {
        handle_signup(acct, "spring-promo", &mut mailer);
        handle_login(acct, "203.0.113.7", &mut sms, &mut mailer);
    }
    ad_sync::run_nightly(&store);
    let sent = sms.outbox.len() + mailer.outbox.len();
    println!("{sent} security messages sent");
}
