//! HTTP handlers: login alerts and marketing sync.
//!
//! Flow: the phone from the `accounts` crate reaches the sinks of the
//! `ad-network` crate (`ad_network`) through a re-export renamed by `pub use ..
//! as enroll` and again by `use .. as join_audience`, through a glob import of
//! `pixel::*`, through a trait method of another crate, and into
//! `Segment::enroll_all`, which calls the sink inside `ad-network`.
//! Negative: `crm::add_member`, a local non-sink with the sink's original
//! name; the handle sent to the same sinks.

pub mod crm;
pub mod handlers;
