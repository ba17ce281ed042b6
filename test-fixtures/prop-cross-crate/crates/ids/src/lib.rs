//! Identity types and contact normalisation shared by every service.
//!
//! Part of the `prop-cross-crate` fixture: the source (`UserContact::phone`) and
//! the helper (`normalize`, re-exported from a private module) live in this
//! crate; the sinks and the expected lines are in `ads-job`.

mod contact;

pub use contact::normalize;

use purpose_attrs::purpose;

#[purpose]
pub struct UserContact {
    pub handle: String,
    #[security_only]
    pub phone: String,
}
