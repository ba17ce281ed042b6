//! Nightly job that refreshes advertisers' audiences.
//!
//! The bug: to "improve match rates", someone joined the contact audience with
//! the security contacts. The phone and e-mail users gave only for 2FA and
//! recovery end up, normalised and hashed, in a tailored audience.

use accounts::{normalize_phone as to_e164, Account, AccountStore};
use ad_audience::{hash_identifier, upload_tailored_audience, AudienceClient, AudienceMember};
use ad_audience::{InterestExporter, SegmentExporter};

const CONTACT_AUDIENCE: u64 = 4_242;
const HANDLE_AUDIENCE: u64 = 4_243;

fn phone_member(acct: &Account) -> AudienceMember {
    let phone = to_e164(&acct.two_factor_phone);
    AudienceMember { hashed_contact: hash_identifier(&phone) }
}

fn email_member(acct: &Account) -> AudienceMember {
    let email = acct.recovery_email.trim().to_lowercase();
    AudienceMember { hashed_contact: hash_identifier(&email) }
}

/// The incident: security contacts matched against advertisers' customer lists.
fn sync_contact_audience(store: &AccountStore) {
    let mut audience = AudienceClient::new(CONTACT_AUDIENCE);
    let mut batch = Vec::new();
    for acct in store.all() {
        audience.add_member(phone_member(acct)); // FLOW
        batch.push(email_member(acct));
    }
    upload_tailored_audience(CONTACT_AUDIENCE, &batch); // FLOW
}

/// Legitimate: interests users chose to share, and public handles.
fn sync_interest_segments(store: &AccountStore) {
    let exporter = InterestExporter;
    let mut handles = AudienceClient::new(HANDLE_AUDIENCE);
    for acct in store.all() {
        exporter.export_segment(&acct.handle, &acct.interests); // clean
        let member = AudienceMember { hashed_contact: hash_identifier(&acct.handle) };
        handles.add_member(member); // clean
    }
}

pub fn run_nightly(store: &AccountStore) {
    sync_contact_audience(store);
    sync_interest_segments(store);
}
