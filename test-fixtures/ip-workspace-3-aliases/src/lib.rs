//! Type aliases and renamed imports: a value followed through
//! `type Contact = Account`, calls through `use .. as ..`, both in bodies
//! the analysis first sees only as the words they mention.

pub mod accounts {
    use purpose_attrs::{purpose, security_only};

    #[purpose]
    pub struct Account {
        pub handle: String,
        #[security_only]
        pub two_factor_phone: String,
    }

    pub struct Profile {
        pub handle: String,
        pub bio: String,
    }
}

pub mod ads {
    use purpose_attrs::advertising_sink;

    #[advertising_sink]
    pub fn upload_contact<T: std::fmt::Debug>(_record: &T) {}

    #[advertising_sink]
    pub fn tag_audience(_key: &str) {}
}

pub type Contact = accounts::Account;
pub type PublicCard = accounts::Profile;
pub type Login = Contact;

use ads::tag_audience as tag;
use ads::upload_contact as ship;

/// The whole account goes out under its alias.
pub fn export_contact(c: &Contact) {
    ship(c); // FLOW
}

/// A profile has no security-only field.
pub fn export_card(card: &PublicCard) {
    ship(card); // clean
}

fn phone_of(login: &Login) -> &str {
    &login.two_factor_phone
}

/// Through an alias of an alias and a getter.
pub fn tag_by_phone(login: &Login) {
    tag(phone_of(login)); // FLOW
}

/// The handle is not security-only.
pub fn tag_by_handle(c: &Contact) {
    tag(&c.handle); // clean
}
