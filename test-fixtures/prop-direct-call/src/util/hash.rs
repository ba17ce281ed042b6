//! Hashing of contacts before they leave the service.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

/// A hex digest of a contact.
pub fn contact_digest(contact: &str) -> String {
    let mut hasher = DefaultHasher::new();
    contact.to_lowercase().hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}
