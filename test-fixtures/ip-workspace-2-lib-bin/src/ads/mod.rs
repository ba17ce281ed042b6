mod audience;

pub use audience::Audience;

use purpose_attrs::advertising_sink;

/// Reports a conversion event to the ad network.
#[advertising_sink]
pub fn track(key: &str) {
    let _req = format!("conversion {key}");
}
