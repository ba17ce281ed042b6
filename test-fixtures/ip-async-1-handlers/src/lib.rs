//! Async: `async fn` results, `.await`, and an async handler calling an async sink method.
//!
//! Flow: `Store::recovery_phone` is an `async fn` returning the phone; after
//! `.await` the handler passes it to the async sink `AdClient::upload`, directly
//! and through the async helper `normalised_phone`.
//! Negative: the async `nickname` lookup, and the async sink given a campaign
//! id, stay clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
#[derive(Clone)]
pub struct Account {
    pub id: u64,
    pub nickname: String,
    #[security_only]
    pub phone: String,
}

pub struct Store {
    rows: Vec<Account>,
}

impl Store {
    pub async fn load(&self, id: u64) -> Option<Account> {
        self.rows.iter().find(|a| a.id == id).cloned()
    }

    pub async fn recovery_phone(&self, id: u64) -> String {
        self.load(id).await.map(|a| a.phone).unwrap_or_default()
    }

    pub async fn nickname(&self, id: u64) -> String {
        self.load(id).await.map(|a| a.nickname).unwrap_or_default()
    }
}

pub struct AdClient {
    endpoint: String,
}

impl AdClient {
    /// Sends one identifier to the ad network's audience API.
    #[advertising_sink]
    pub async fn upload(&self, key: &str) {
        let _req = format!("POST {}/audience {key}", self.endpoint);
    }
}

async fn normalised_phone(store: &Store, id: u64) -> String {
    store.recovery_phone(id).await.replace(' ', "")
}

pub async fn on_phone_verified(store: &Store, ads: &AdClient, id: u64) {
    let phone = store.recovery_phone(id).await;
    ads.upload(&phone).await; // FLOW
    ads.upload(&normalised_phone(store, id).await).await; // FLOW
    let acct = store.load(id).await;
    if let Some(a) = acct {
        ads.upload(&a.phone).await; // FLOW
        ads.upload(&a.nickname).await; // clean
    }
}

pub async fn on_profile_viewed(store: &Store, ads: &AdClient, id: u64) {
    let nick = store.nickname(id).await;
    ads.upload(&nick).await; // clean
    ads.upload("profile-view-campaign").await; // clean
}
