//! Client of the ad network's tailored-audience API.

use purpose_attrs::advertising_sink;

/// Uploads one normalised member key.
#[advertising_sink]
pub fn upload_member(key: &str) {
    let _req = format!("PUT /audiences/members {key}");
}
