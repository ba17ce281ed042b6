//! Patterns: enum variants whose fields share positions.
//!
//! Flow: the security-only field of `Contact::Phone(..)` and of
//! `Contact::Recovery { address, .. }`, matched out and sent.
//! Negative: the field at the same position of `Contact::Handle(..)`, and the
//! unmarked `label` beside `address`, matched out of the same value.

use purpose_attrs::{advertising_sink, purpose};

#[purpose]
pub enum Contact {
    Phone(#[security_only] String),
    Handle(String),
    Recovery {
        #[security_only]
        address: String,
        label: String,
    },
}

pub struct Profile {
    pub contact: Contact,
    pub nickname: String,
}

/// Adds one key to a lookalike audience.
#[advertising_sink]
pub fn add_lookalike(key: &str) {
    let _req = format!("lookalike += {key}");
}

pub fn route(contact: &Contact) {
    match contact {
        Contact::Phone(number) => add_lookalike(number), // FLOW
        Contact::Handle(handle) => add_lookalike(handle), // clean
        Contact::Recovery { label, .. } => add_lookalike(label), // clean
    }
}

pub fn from_profile(profile: &Profile) {
    if let Contact::Recovery { address, .. } = &profile.contact {
        add_lookalike(address); // FLOW
    }
    if let Contact::Handle(handle) = &profile.contact {
        add_lookalike(handle); // clean
    }
    add_lookalike(&profile.nickname); // clean
}

pub fn rebuilt(handle: &str, number: &str) {
    let public = Contact::Handle(handle.to_string());
    let private = Contact::Phone(number.to_string());
    for contact in [public, private] {
        if let Contact::Handle(h) = &contact {
            add_lookalike(h); // clean
        }
        if let Contact::Phone(p) = contact {
            add_lookalike(&p); // FLOW
        }
    }
}
