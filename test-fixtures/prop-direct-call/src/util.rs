//! Contact helpers shared by the jobs.

pub mod hash;

/// Strips spaces, dashes and brackets from a phone number.
pub fn normalize_phone(raw: &str) -> String {
    raw.trim().replace([' ', '-', '(', ')'], "")
}

/// The last four characters, for display in e-mails.
pub fn last_four(contact: &str) -> String {
    let start = contact.len().saturating_sub(4);
    contact.get(start..).unwrap_or_default().to_string()
}

/// What the support tools show instead of a contact.
pub fn redact(_contact: &str) -> String {
    String::from("[redacted]")
}
