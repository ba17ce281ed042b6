//! Async: async blocks and async helpers with a sink inside.
//!
//! Flow: an `async move` block capturing the phone awaits the sink inside it;
//! an async block whose value is the phone is awaited and sent; the async
//! helper `publish` reaches its inner sink call when given the phone.
//! Negative: async blocks capturing only the campaign, and `publish_segment`,
//! an async helper every caller gives a segment name.

use std::future::Future;

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct LoginAlert {
    pub campaign: String,
    #[security_only]
    pub phone: String,
}

pub struct Pixel;

impl Pixel {
    /// Fires the ad network's conversion pixel.
    #[advertising_sink]
    pub async fn fire(&self, key: &str) {
        let _req = format!("pixel {key}");
    }
}

async fn publish(pixel: &Pixel, key: String) {
    pixel.fire(&key).await; // FLOW
}

async fn publish_segment(pixel: &Pixel, segment: &str) {
    pixel.fire(segment).await; // clean
}

pub fn deferred_fire<'a>(pixel: &'a Pixel, alert: &LoginAlert) -> impl Future<Output = ()> + 'a {
    let phone = alert.phone.clone();
    async move {
        pixel.fire(&phone).await; // FLOW
    }
}

pub fn deferred_campaign<'a>(pixel: &'a Pixel, alert: &LoginAlert) -> impl Future<Output = ()> + 'a {
    let campaign = alert.campaign.clone();
    async move {
        pixel.fire(&campaign).await; // clean
    }
}

pub async fn on_login(pixel: &Pixel, alert: &LoginAlert) {
    let key = async { alert.phone.trim().to_string() }.await;
    pixel.fire(&key).await; // FLOW
    let tag = async { format!("{}-login", alert.campaign) }.await;
    pixel.fire(&tag).await; // clean
    publish(pixel, alert.phone.clone()).await;
    publish_segment(pixel, "login-alerts").await;
    deferred_fire(pixel, alert).await;
    deferred_campaign(pixel, alert).await;
}
