//! Client for the ad partner: audiences and pixels.

mod audience;
pub mod pixel;

pub use audience::add_member as enroll;
pub use audience::Segment;
