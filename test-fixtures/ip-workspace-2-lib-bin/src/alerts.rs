use crate::ads::*;
use crate::model::Account;

pub fn on_new_device(acct: &Account) {
    track(&acct.contact()); // FLOW
    track(&acct.handle); // clean
}

pub fn notify(acct: &Account) {
    super::sms::send(&acct.contact(), "New sign-in from Safari"); // clean
    super::ads::track("new-device-alert"); // clean
}
