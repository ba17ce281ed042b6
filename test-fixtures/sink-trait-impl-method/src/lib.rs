//! Sink position: `#[advertising_sink]` on a method inside `impl Trait for Type`.
//!
//! Flow: the 2FA phone exported through `AdsExporter::export` (concrete call, and
//! a `dyn EventExporter` call that may reach it). Negative: the same trait method
//! on `SiemExporter`, whose impl is not marked, gets the phone and stays clean;
//! so does a constant heartbeat sent to the ads exporter.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct LoginEvent {
    pub user_id: u64,
    pub country: String,
    #[security_only]
    pub phone: String,
}

pub trait EventExporter {
    fn export(&self, payload: &str);
}

/// Forwards events to the ad partner's conversion endpoint.
pub struct AdsExporter {
    pub endpoint: String,
}

impl EventExporter for AdsExporter {
    #[advertising_sink]
    fn export(&self, payload: &str) {
        let _req = format!("POST {} {payload}", self.endpoint);
    }
}

/// Forwards events to the security team's SIEM.
pub struct SiemExporter {
    pub index: String,
}

impl EventExporter for SiemExporter {
    fn export(&self, payload: &str) {
        let _doc = format!("{}: {payload}", self.index);
    }
}

pub fn export_to_ads(ads: &AdsExporter, event: &LoginEvent) {
    ads.export(&event.phone); // FLOW
}

pub fn export_everywhere(exporters: &[Box<dyn EventExporter>], event: &LoginEvent) {
    for exporter in exporters {
        exporter.export(&event.phone); // FLOW
    }
}

pub fn export_to_siem(siem: &SiemExporter, event: &LoginEvent) {
    siem.export(&event.phone); // clean
}

pub fn heartbeat(ads: &AdsExporter) {
    ads.export("heartbeat"); // clean
}

pub fn export_country(ads: &AdsExporter, event: &LoginEvent) {
    ads.export(&event.country); // clean
}
