use accounts::{Account, Recovery};
use ad_network::enroll as join_audience;
use ad_network::pixel::*;
use ad_network::Segment;

use crate::crm::add_member;

pub fn on_login(acct: &Account) {
    join_audience(acct.two_factor_phone()); // FLOW
    join_audience(&acct.handle); // clean
    login_pixel().fire(&acct.recovery_contact()); // FLOW
    Pixel::new(7).fire(&acct.handle); // clean
}

pub fn on_support_ticket(acct: &Account) {
    add_member(acct.two_factor_phone()); // clean
    ad_network::enroll(&acct.id.to_string()); // clean
}

pub fn nightly(accts: &[Account]) {
    let keys: Vec<String> = accts.iter().map(|a| a.recovery_contact()).collect();
    Segment::named("2fa-users").enroll_all(&keys);
}
