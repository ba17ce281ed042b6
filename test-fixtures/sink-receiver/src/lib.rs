//! Sink position: security-only data reaching a sink as its receiver.
//!
//! Flow: a tracking pixel that was given the phone (by a non-sink `queue`
//! method, by pushing into its field, or at construction) is itself security-only,
//! so `fire()` is a flow even though it takes no other argument.
//! Negative: fresh pixels that only ever received the handle or a constant fire clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

/// A conversion pixel: collects parameters, then sends them to the ad network.
pub struct Pixel {
    pub buffer: Vec<String>,
}

impl Pixel {
    pub fn new() -> Self {
        Pixel { buffer: Vec::new() }
    }

    pub fn queue(&mut self, param: String) {
        self.buffer.push(param);
    }

    #[advertising_sink]
    pub fn fire(&self) {
        let _url = format!("https://px.ads.example/c?{}", self.buffer.join("&"));
    }
}

impl Default for Pixel {
    fn default() -> Self {
        Self::new()
    }
}

pub fn track_signup(acct: &Account) {
    let mut pixel = Pixel::new();
    pixel.queue(acct.phone.clone());
    pixel.fire(); // FLOW
}

pub fn track_verification(acct: &Account) {
    let mut pixel = Pixel::default();
    pixel.buffer.push(format!("ph={}", acct.phone));
    pixel.fire(); // FLOW
}

pub fn track_prefilled(acct: &Account) {
    let pixel = Pixel { buffer: vec![acct.phone.clone()] };
    pixel.fire(); // FLOW
}

pub fn track_profile_view(acct: &Account) {
    let mut with_phone = Pixel::new();
    with_phone.queue(acct.phone.clone());
    let mut fresh = Pixel::new();
    fresh.queue(acct.handle.clone());
    fresh.fire(); // clean
}

pub fn track_page_load() {
    let mut pixel = Pixel::new();
    pixel.queue("page=home".to_string());
    pixel.fire(); // clean
}
