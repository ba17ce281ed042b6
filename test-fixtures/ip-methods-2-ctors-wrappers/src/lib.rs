//! Method resolution: receivers built by `Type::new`, `Self`, and behind `&`, `Box`, `Rc`, `Arc`.
//!
//! `Sms::send` delivers security codes (not a sink); `AdPixel::send` is an
//! advertising sink. Flow: `send` on an `AdPixel` made by `AdPixel::new`,
//! `Self::new`, `Self::send` inside the impl, and reached through `&&`, `Box`,
//! `Rc` and `Arc`, given the phone.
//! Negative: the same receivers and wrappers around an `Sms`, and
//! `AdPixel::send` given the user id.

use std::rc::Rc;
use std::sync::Arc;

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    #[security_only]
    pub phone: String,
}

pub struct Sms {
    sender_id: String,
}

impl Sms {
    pub fn new(sender_id: &str) -> Self {
        Self { sender_id: sender_id.to_string() }
    }

    pub fn send(&self, to: &str) {
        let _req = format!("{} -> {to}", self.sender_id);
    }
}

pub struct AdPixel {
    pixel_id: u64,
}

impl AdPixel {
    pub fn new(pixel_id: u64) -> Self {
        Self { pixel_id }
    }

    pub fn for_login() -> Self {
        Self::new(31)
    }

    #[advertising_sink]
    pub fn send(&self, key: &str) {
        let _req = format!("pixel {} {key}", self.pixel_id);
    }

    pub fn send_twice(&self, key: &str) {
        Self::send(self, key); // FLOW
        self.send(key); // FLOW
    }
}

pub fn constructed(acct: &Account) {
    AdPixel::new(7).send(&acct.phone); // FLOW
    AdPixel::for_login().send(&acct.phone); // FLOW
    Sms::new("ACME").send(&acct.phone); // clean
    AdPixel::new(7).send(&acct.id.to_string()); // clean
    AdPixel::new(8).send_twice(&acct.phone);
}

pub fn wrapped(acct: &Account) {
    let pixel = AdPixel::new(9);
    let by_ref = &&pixel;
    by_ref.send(&acct.phone); // FLOW
    let boxed: Box<AdPixel> = Box::new(AdPixel::new(10));
    boxed.send(&acct.phone); // FLOW
    let shared = Rc::new(AdPixel::new(11));
    Rc::clone(&shared).send(&acct.phone); // FLOW
    let threaded = Arc::new(AdPixel::new(12));
    threaded.send(&acct.phone); // FLOW
}

pub fn wrapped_sms(acct: &Account) {
    let sms = Sms::new("ACME");
    let by_ref = &&sms;
    by_ref.send(&acct.phone); // clean
    let boxed: Box<Sms> = Box::new(Sms::new("ACME"));
    boxed.send(&acct.phone); // clean
    let shared = Rc::new(Sms::new("ACME"));
    Rc::clone(&shared).send(&acct.phone); // clean
    let threaded = Arc::new(Sms::new("ACME"));
    threaded.send(&acct.phone); // clean
}
