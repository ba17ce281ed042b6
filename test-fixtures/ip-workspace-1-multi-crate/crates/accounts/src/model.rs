use purpose_attrs::purpose;

#[purpose]
pub struct Account {
    pub id: u64,
    pub handle: String,
    #[security_only]
    phone: String,
}

impl Account {
    pub fn new(id: u64, handle: &str, phone: &str) -> Self {
        Self { id, handle: handle.to_string(), phone: phone.to_string() }
    }

    /// The phone that receives login codes.
    pub fn two_factor_phone(&self) -> &str {
        &self.phone
    }
}

/// Account recovery helpers.
pub trait Recovery {
    fn recovery_contact(&self) -> String;
}

impl Recovery for Account {
    fn recovery_contact(&self) -> String {
        self.phone.replace(' ', "")
    }
}
