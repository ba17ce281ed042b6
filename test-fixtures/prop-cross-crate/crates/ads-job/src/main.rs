//! Propagation across crates of one workspace.
//!
//! Flow: `UserContact::phone` (crate `ids`) normalised by `ids::normalize`
//! (re-exported with `pub use`, imported here as `norm`) reaches the audience
//! upload in this crate. Negative: the same helper applied to the handle and to a
//! constant stays clean.

mod audience;

use ids::normalize as norm;
use ids::UserContact;

fn sync_phone(contact: &UserContact) {
    let key = norm(&contact.phone);
    audience::upload_member(&key); // FLOW
}

fn sync_phone_by_path(contact: &UserContact) {
    audience::upload_member(&ids::normalize(&contact.phone)); // FLOW
}

fn sync_handle(contact: &UserContact) {
    audience::upload_member(&norm(&contact.handle)); // clean
}

fn sync_campaign() {
    audience::upload_member(&norm("Spring-Campaign")); // clean
}

fn main() {
    let contact = UserContact { handle: "jack".to_string(), phone: "+1 555 0100".to_string() };
    sync_phone(&contact);
    sync_phone_by_path(&contact);
    sync_handle(&contact);
    sync_campaign();
}
