//! Hashing of identifiers before upload (hashing does not anonymise: the ad
//! platform hashes its own users' contacts the same way to match them).

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

pub fn hash_identifier(raw: &str) -> String {
    let mut hasher = DefaultHasher::new();
    raw.to_lowercase().hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}
