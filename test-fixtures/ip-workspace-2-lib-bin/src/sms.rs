/// Sends a login code by SMS (security, not advertising).
pub fn send(to: &str, body: &str) {
    let _req = format!("sms {to}: {body}");
}
