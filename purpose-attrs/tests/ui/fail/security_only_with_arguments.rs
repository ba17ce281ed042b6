use purpose_attrs::{purpose, security_only};

#[security_only(reason = "2FA")]
pub fn phone() -> String {
    String::new()
}

#[purpose]
pub struct Account {
    #[purpose_attrs::security_only(recovery)]
    pub phone: String,
}

fn main() {}
