//! Source position: `#[security_only]` on a `static`.
//!
//! Flow: reads of the break-glass recovery phone and e-mail statics reach the
//! ad sink. Negative: `SUPPORT_LINE`, an unmarked static of the same type, and
//! `BRAND`, stay clean.

use purpose_attrs::{advertising_sink, security_only};

/// The phone that receives the break-glass code for the admin account.
#[security_only]
pub static BREAK_GLASS_PHONE: &str = "+1-555-0100";

/// Where admin account recovery links are sent.
#[security_only]
static ADMIN_RECOVERY_EMAIL: &str = "secops-recovery@chirp.example";

/// The public customer support line printed on ads.
pub static SUPPORT_LINE: &str = "+1-555-0199";

static BRAND: &str = "Chirp";

/// Adds a contact to the "business accounts" ad audience.
#[advertising_sink]
pub fn add_business_contact(contact: &str) {
    let _rec = format!("biz-contact {contact}");
}

pub fn seed_business_audience() {
    add_business_contact(BREAK_GLASS_PHONE); // FLOW
    let admin = ADMIN_RECOVERY_EMAIL;
    add_business_contact(admin); // FLOW
}

pub fn seed_support_audience() {
    add_business_contact(SUPPORT_LINE); // clean
    add_business_contact(crate::BRAND); // clean
}
