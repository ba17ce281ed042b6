/// Internal CRM list of accounts that asked for support (not advertising).
pub fn add_member(key: &str) {
    let _row = format!("crm support list += {key}");
}
