//! Inter-procedural summaries: helpers that write `&mut` parameters and `self` fields.
//!
//! Flow: `fill` copies the phone into `ev.contact`, so sending the event whole
//! or its `contact` field is a flow; the setter `set_contact` stores the phone in
//! `self.contact`, which the getter `contact()` hands to the sink.
//! Negative: the same `fill` called with the nickname, the event's `campaign`
//! field (written only by `tag`), the request's `segment()` and a second request
//! that only ever got the nickname stay clean.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub struct Account {
    pub id: u64,
    pub nickname: String,
    #[security_only]
    pub phone: String,
}

#[derive(Debug, Default)]
pub struct Event {
    pub campaign: String,
    pub contact: String,
}

pub struct AudienceRequest {
    segment: String,
    contact: String,
}

impl AudienceRequest {
    pub fn new(segment: &str) -> Self {
        Self { segment: segment.to_string(), contact: String::new() }
    }

    pub fn set_contact(&mut self, contact: &str) {
        self.contact = contact.to_string();
    }

    pub fn contact(&self) -> &str {
        &self.contact
    }

    pub fn segment(&self) -> &str {
        &self.segment
    }
}

/// Streams an event to the ad network's conversion API.
#[advertising_sink]
pub fn send_event(ev: &Event) {
    let _body = format!("{ev:?}");
}

/// Adds one key to an ad audience.
#[advertising_sink]
pub fn add_to_audience(key: &str) {
    let _req = format!("audience {key}");
}

fn fill(ev: &mut Event, p: &str) {
    ev.contact = p.into();
}

fn tag(ev: &mut Event, campaign: &str) {
    ev.campaign = campaign.to_string();
}

pub fn report_signup(acct: &Account) {
    let mut ev = Event::default();
    tag(&mut ev, "signup");
    fill(&mut ev, &acct.phone);
    send_event(&ev); // FLOW
    add_to_audience(&ev.contact); // FLOW
    add_to_audience(&ev.campaign); // clean
}

pub fn report_profile_view(acct: &Account) {
    let mut ev = Event::default();
    tag(&mut ev, "profile-view");
    fill(&mut ev, &acct.nickname);
    send_event(&ev); // clean
}

pub fn build_audiences(acct: &Account) {
    let mut verified = AudienceRequest::new("2fa-users");
    verified.set_contact(&acct.phone);
    add_to_audience(verified.contact()); // FLOW
    add_to_audience(verified.segment()); // clean
    let mut readers = AudienceRequest::new("readers");
    readers.set_contact(&acct.nickname);
    add_to_audience(readers.contact()); // clean
}
