//! cargo-purpose: find flows of security-only data into advertising sinks.
//!
//! Pipeline (each module uses only the ones before it):
//! `discover -> parse -> lower -> index -> analyze -> report`.

pub mod analyze;
pub mod config;
pub mod discover;
pub mod finding;
pub mod heap;
pub mod index;
pub mod inventory;
pub mod ir;
pub mod lower;
pub mod parse;
pub mod pipeline;
pub mod progress;
pub mod report;
pub mod source;
