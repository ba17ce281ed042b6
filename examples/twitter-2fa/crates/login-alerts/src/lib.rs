//! Security notifications: the purpose the 2FA phone and the recovery e-mail
//! were collected for. Nothing here is an advertising sink.

use accounts::Account;

/// Sends SMS through the carrier gateway.
#[derive(Default)]
pub struct SmsSender {
    pub outbox: Vec<String>,
}

impl SmsSender {
    pub fn send(&mut self, to: &str, body: &str) {
        self.outbox.push(format!("SMS {to}: {body}"));
    }
}

/// Sends transactional e-mail.
#[derive(Default)]
pub struct Mailer {
    pub outbox: Vec<String>,
}

impl Mailer {
    pub fn send(&mut self, to: &str, subject: &str, body: &str) {
        self.outbox.push(format!("MAIL {to} [{subject}] {body}"));
    }
}

/// Texts the login code to the 2FA phone.
pub fn send_login_code(sms: &mut SmsSender, acct: &Account, now: u64) {
    let code = acct.verification_code(now);
    let body = format!("Your login code is {code}");
    sms.send(&acct.two_factor_phone, &body); // clean
}

/// Warns the owner that their account was accessed from a new device.
pub fn send_new_login_alert(mailer: &mut Mailer, acct: &Account, ip: &str) {
    let body = format!("Hi {}, someone signed in from {ip}.", acct.display_name);
    mailer.send(&acct.recovery_email, "New login to your account", &body); // clean
}
