//! Account model shared by the services: the 2FA phone is security-only.

mod model;

pub use model::{Account, Recovery};
