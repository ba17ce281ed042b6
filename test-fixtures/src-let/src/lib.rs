//! Source position: `#[security_only]` on `let` statements.
//!
//! Flow: the one-time password bound by a marked `let`, and both names bound by a
//! marked tuple `let`, reach the ad sink. Negative: the unmarked `let`s in the
//! same functions (`greeting`, `plan`) stay clean.

use purpose_attrs::{advertising_sink, purpose};

pub struct Directory;

impl Directory {
    pub fn recovery_contacts(&self, user_id: u64) -> (String, String) {
        (format!("+1555{user_id:07}"), format!("user{user_id}@mail.example"))
    }

    pub fn plan(&self, user_id: u64) -> String {
        if user_id % 2 == 0 {
            "premium".to_string()
        } else {
            "free".to_string()
        }
    }
}

fn generate_otp(user_id: u64, now: u64) -> String {
    format!("{:06}", (user_id ^ now) % 1_000_000)
}

/// Pushes a user key into the retargeting pool.
#[advertising_sink]
pub fn retarget(key: &str) {
    let _job = format!("retarget {key}");
}

#[purpose]
pub fn handle_login(user_id: u64, handle: &str, now: u64) {
    #[security_only]
    let otp = generate_otp(user_id, now);
    let greeting = format!("Welcome back, @{handle}");
    retarget(&otp); // FLOW
    retarget(&greeting); // clean
}

#[purpose]
pub fn sync_plans(dir: &Directory, user_id: u64) {
    #[security_only]
    let (phone, email) = dir.recovery_contacts(user_id);
    let plan = dir.plan(user_id);
    retarget(&phone); // FLOW
    retarget(&email); // FLOW
    retarget(&plan); // clean
}
