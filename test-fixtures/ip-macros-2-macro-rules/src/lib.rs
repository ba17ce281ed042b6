//! Macros: `macro_rules!` defined in the workspace, expanded at their call sites.
//!
//! Flow: `track!(e)` expands to `ads::track(&e)`, so `track!(acct.phone)` is a
//! sink call reported at the invocation line; `contact_of!(acct)` expands to a
//! read of the source field `phone`, and its value reaches the sink directly and
//! through `track!`; `track_all!` loops over its arguments.
//! Negative: the same macros given the handle, and `handle_of!`, which reads a
//! non-source field.

use purpose_attrs::purpose;

pub mod ads {
    use purpose_attrs::advertising_sink;

    #[advertising_sink]
    pub fn track(key: &str) {
        let _req = format!("track {key}");
    }
}

macro_rules! track {
    ($e:expr) => {
        $crate::ads::track(&$e)
    };
}

macro_rules! track_all {
    ($($e:expr),+ $(,)?) => {
        $( $crate::ads::track(&$e); )+
    };
}

macro_rules! contact_of {
    ($a:expr) => {
        $a.phone.trim().to_string()
    };
}

macro_rules! handle_of {
    ($a:expr) => {
        $a.handle.to_lowercase()
    };
}

#[purpose]
pub struct Account {
    pub handle: String,
    #[security_only]
    pub phone: String,
}

pub fn on_signup(acct: &Account) {
    track!(acct.phone); // FLOW
    track!(acct.handle); // clean
    track!(contact_of!(acct)); // FLOW
    track!(handle_of!(acct)); // clean
    track_all!(acct.phone.clone()); // FLOW
    track_all!(acct.handle.clone(), "signup"); // clean
}

pub fn on_recovery(acct: &Account) {
    let contact = contact_of!(acct);
    ads::track(&contact); // FLOW
    let handle = handle_of!(acct);
    ads::track(&handle); // clean
}
