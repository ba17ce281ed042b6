//! Normalisation of contact strings.

/// Lower-cases and strips separators so that the same contact always matches.
pub fn normalize(raw: &str) -> String {
    raw.trim().to_lowercase().replace([' ', '-', '.'], "")
}
