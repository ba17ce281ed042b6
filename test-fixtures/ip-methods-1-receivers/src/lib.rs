//! Method resolution: the same method name on two types, receiver types from declarations.
//!
//! `Sms::send` delivers the 2FA code (not a sink); `AdPixel::send` is an
//! advertising sink. Flow: `send` calls whose receiver is known to be an
//! `AdPixel` from a parameter type, a `let` annotation, a struct field or a fn
//! return type, given the phone.
//! Negative: the same calls on an `Sms` receiver found the same ways, and an
//! `AdPixel` given only the handle.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    pub handle: String,
    #[security_only]
    pub phone: String,
}

#[derive(Default)]
pub struct Sms {
    gateway: String,
}

impl Sms {
    pub fn send(&self, to: &str, body: &str) {
        let _req = format!("{} -> {to}: {body}", self.gateway);
    }
}

#[derive(Default)]
pub struct AdPixel {
    pixel_id: u64,
}

impl AdPixel {
    #[advertising_sink]
    pub fn send(&self, key: &str, event: &str) {
        let _req = format!("pixel {} {event} {key}", self.pixel_id);
    }
}

pub struct Notifier {
    sms: Sms,
    pixel: AdPixel,
}

impl Notifier {
    pub fn code_sent(&self, acct: &Account) {
        self.sms.send(&acct.phone, "Your login code is 401977"); // clean
        self.pixel.send(&acct.phone, "2fa_code_sent"); // FLOW
        self.pixel.send(&acct.handle, "2fa_code_sent"); // clean
    }
}

fn login_pixel() -> AdPixel {
    AdPixel { pixel_id: 31 }
}

fn sms_gateway() -> Sms {
    Sms { gateway: "eu-sms".to_string() }
}

pub fn by_param(sms: &Sms, pixel: &AdPixel, acct: &Account) {
    sms.send(&acct.phone, "New sign-in from Firefox"); // clean
    pixel.send(&acct.phone, "login"); // FLOW
}

pub fn by_let_annotation(acct: &Account) {
    let sms: Sms = Default::default();
    let pixel: AdPixel = Default::default();
    sms.send(&acct.phone, "Recovery started"); // clean
    pixel.send(&acct.phone, "recovery"); // FLOW
}

pub fn by_return_type(acct: &Account) {
    login_pixel().send(&acct.phone, "login"); // FLOW
    sms_gateway().send(&acct.phone, "Code: 118230"); // clean
    let pixel = login_pixel();
    pixel.send(&acct.handle, "login"); // clean
}
