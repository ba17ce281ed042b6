//! Sink position: `#[advertising_sink]` on a whole trait.
//!
//! Flow: every method of `AdNetwork`, in every impl, is a sink: concrete calls,
//! a `Box<dyn AdNetwork>` call and a generic call get the 2FA phone. Negative:
//! `Analytics::track_conversion` (same method name, unmarked trait) and the
//! inherent `GoogleAds::region` (not part of the trait) stay clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub country: String,
    #[security_only]
    pub phone: String,
}

#[advertising_sink]
pub trait AdNetwork {
    fn track_conversion(&self, user_key: &str);
    fn sync_audience(&self, members: &[String]);
}

pub struct GoogleAds {
    pub customer_id: u64,
}

impl GoogleAds {
    pub fn region(&self, country: &str) -> String {
        format!("{}-{country}", self.customer_id)
    }
}

impl AdNetwork for GoogleAds {
    fn track_conversion(&self, user_key: &str) {
        let _req = format!("{}/conversions {user_key}", self.customer_id);
    }

    fn sync_audience(&self, members: &[String]) {
        let _req = format!("{}/audience {}", self.customer_id, members.len());
    }
}

/// Internal product analytics, kept inside the company.
pub trait Analytics {
    fn track_conversion(&self, user_key: &str);
}

pub struct Metrics;

impl Analytics for Metrics {
    fn track_conversion(&self, user_key: &str) {
        let _row = format!("metrics.conversion {user_key}");
    }
}

pub fn track_signup(ads: &GoogleAds, acct: &Account) {
    ads.track_conversion(&acct.phone); // FLOW
    ads.sync_audience(&[acct.phone.clone()]); // FLOW
}

pub fn track_everywhere(networks: Vec<Box<dyn AdNetwork>>, acct: &Account) {
    for network in &networks {
        network.track_conversion(&acct.phone); // FLOW
    }
}

pub fn track_generic<N: AdNetwork>(network: &N, acct: &Account) {
    network.track_conversion(&acct.phone); // FLOW
}

pub fn track_internally(metrics: &Metrics, ads: &GoogleAds, acct: &Account) -> String {
    metrics.track_conversion(&acct.phone); // clean
    ads.track_conversion(&acct.country); // clean
    ads.region(&acct.phone) // clean
}
