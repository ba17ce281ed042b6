//! Whole values: a struct holding a source field, passed whole, returned, cloned, serialised.
//!
//! Flow: an `Account` (its `recovery_phone` is security-only) passed whole to a
//! sink, returned by a helper, cloned, nested in an `Envelope`, and serialised
//! with `serde_json::to_string` before the JSON is sent.
//! Negative: `PublicProfile`, a struct without a source field built from the
//! account's public fields, passed whole and serialised the same ways; the
//! envelope's `campaign` field.

use serde::Serialize;

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
#[derive(Clone, Debug, Serialize)]
pub struct Account {
    pub id: u64,
    pub handle: String,
    #[security_only]
    pub recovery_phone: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PublicProfile {
    pub id: u64,
    pub handle: String,
}

#[derive(Debug, Serialize)]
pub struct Envelope<T> {
    pub campaign: String,
    pub payload: T,
}

pub mod ads {
    use purpose_attrs::advertising_sink;

    /// Posts a JSON document to the ad partner's audience endpoint.
    #[advertising_sink]
    pub fn post_json(body: &str) {
        let _req = format!("POST /audience {body}");
    }
}

/// Sends any record to the ad network's enrichment API.
#[advertising_sink]
pub fn enrich<T: std::fmt::Debug>(record: &T) {
    let _req = format!("enrich {record:?}");
}

fn snapshot(acct: &Account) -> Account {
    acct.clone()
}

fn profile_of(acct: &Account) -> PublicProfile {
    PublicProfile { id: acct.id, handle: acct.handle.clone() }
}

fn wrap<T>(campaign: &str, payload: T) -> Envelope<T> {
    Envelope { campaign: campaign.to_string(), payload }
}

pub fn export_account(acct: &Account) {
    enrich(acct); // FLOW
    enrich(&snapshot(acct)); // FLOW
    let copy = acct.clone();
    enrich(&copy); // FLOW
    ads::post_json(&serde_json::to_string(acct).unwrap_or_default()); // FLOW
    let env = wrap("spring", acct.clone());
    enrich(&env); // FLOW
    ads::post_json(&serde_json::to_string(&env).unwrap_or_default()); // FLOW
    ads::post_json(&env.campaign); // clean
}

pub fn export_profile(acct: &Account) {
    let profile = profile_of(acct);
    enrich(&profile); // clean
    ads::post_json(&serde_json::to_string(&profile).unwrap_or_default()); // clean
    let env = wrap("spring", profile.clone());
    enrich(&env); // clean
    let payload = serde_json::to_value(&env.payload).unwrap_or_default();
    ads::post_json(&payload.to_string()); // clean
}
