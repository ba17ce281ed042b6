//! Propagation: struct literals built from security-only data.
//!
//! Flow: an `AudienceMember` whose `hashed_contact` is derived from the phone,
//! passed whole, its tainted field passed alone, a shorthand-initialised struct,
//! and a copy made with struct-update syntax. Negative: the `source` field of the
//! same tainted struct, and members built from the handle.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

pub struct AudienceMember {
    pub hashed_contact: String,
    pub source: String,
}

pub struct AudienceClient {
    pub audience_id: u64,
}

impl AudienceClient {
    /// Uploads one member record to the tailored audience.
    #[advertising_sink]
    pub fn add_member(&self, member: &AudienceMember) {
        let _req = format!("{}/{}/{}", self.audience_id, member.hashed_contact, member.source);
    }

    /// Uploads a bare key.
    #[advertising_sink]
    pub fn add_key(&self, key: &str) {
        let _req = format!("{}/{key}", self.audience_id);
    }
}

fn hash_contact(contact: &str) -> String {
    let mut hasher = DefaultHasher::new();
    contact.hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

pub fn upload_phone_member(client: &AudienceClient, acct: &Account) {
    let member = AudienceMember { hashed_contact: hash_contact(&acct.phone), source: "signup".to_string() };
    client.add_member(&member); // FLOW
    client.add_key(&member.hashed_contact); // FLOW
    client.add_key(&member.source); // clean
}

pub fn upload_shorthand(client: &AudienceClient, acct: &Account) {
    let hashed_contact = hash_contact(&acct.phone);
    let source = String::from("login");
    let member = AudienceMember { hashed_contact, source };
    client.add_member(&member); // FLOW
}

pub fn upload_updated(client: &AudienceClient, acct: &Account) {
    let first = AudienceMember { hashed_contact: hash_contact(&acct.phone), source: "signup".to_string() };
    let second = AudienceMember { source: "import".to_string(), ..first };
    client.add_member(&second); // FLOW
}

pub fn upload_handle_member(client: &AudienceClient, acct: &Account) {
    let member = AudienceMember { hashed_contact: hash_contact(&acct.handle), source: "profile".to_string() };
    client.add_member(&member); // clean
    client.add_key(&member.hashed_contact); // clean
}
