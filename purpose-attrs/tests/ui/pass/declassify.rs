//! Approved flows compile and change nothing at run time.
use purpose_attrs::{declassified, declassify, purpose};

#[purpose]
pub struct Account {
    #[security_only]
    pub phone: String,
}

#[declassified(reason = "a one-way digest; approved by privacy review PRIV-118")]
pub fn audience_key(phone: &str) -> u64 {
    phone.bytes().fold(7, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)))
}

pub struct Keys;

impl Keys {
    #[declassified(reason = "country prefix only")]
    pub fn prefix(&self, account: &Account) -> String {
        account.phone.chars().take(3).collect()
    }
}

fn main() {
    let account = Account { phone: String::from("+44 7700 900123") };
    let prefix = declassify!(&account.phone[..3], "country prefix only; PRIV-112");
    let trailing = declassify!(account.phone.len(), "length only",);
    assert_eq!(prefix, "+44");
    assert_eq!(trailing, 15);
    assert_eq!(Keys.prefix(&account), "+44");
    let _ = audience_key(&account.phone);
}
