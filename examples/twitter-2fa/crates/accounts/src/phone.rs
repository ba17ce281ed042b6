//! Phone number normalisation.

/// E.164-style form: keeps the leading `+` and the digits.
pub fn normalize_phone(raw: &str) -> String {
    raw.trim().replace([' ', '-', '(', ')', '.'], "")
}
