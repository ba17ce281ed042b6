//! A package with a lib and a bin; modules in files, globs, `Self::` and associated fns.
//!
//! Flow: `src/main.rs` uses the lib by its crate name
//! (`fx_ip_workspace_2_lib_bin`) and sends `Account::contact()` (built with
//! `Self::normalise` from the phone) to `Audience::add`, directly and through
//! `Audience::add_many`, whose inner `Self::add` call is reported; `alerts`
//! reaches `ads::track` through `use crate::ads::*` and `super::`.
//! Negative: the handle sent the same ways, `Audience::add_segment` (only ever
//! given segment names) and `alerts::notify`, which calls the non-sink
//! `sms::send` of a sibling module.

pub mod ads;
pub mod alerts;
pub mod model;
mod sms;
