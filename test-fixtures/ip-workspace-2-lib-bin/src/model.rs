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
        Self { id, handle: handle.to_string(), phone: Self::normalise(phone) }
    }

    pub fn contact(&self) -> String {
        Self::normalise(&self.phone)
    }

    fn normalise(raw: &str) -> String {
        raw.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect()
    }
}
