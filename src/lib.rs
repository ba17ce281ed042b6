//! cargo-purpose: find flows of security-only data into advertising sinks.
//!
//! Pipeline (each module uses only the ones before it):
//! `discover -> parse -> lower -> index -> analyze -> report`.

pub mod source;
pub mod finding;
pub mod ir;
pub mod discover;
pub mod parse;
pub mod lower;
pub mod index;
pub mod analyze;
pub mod report;
pub mod pipeline;
