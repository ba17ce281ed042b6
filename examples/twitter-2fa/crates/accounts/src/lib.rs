//! Account records. The 2FA phone and the recovery e-mail were collected to
//! protect the account, and are marked so that nothing else may use them.

mod phone;

pub use phone::normalize_phone;

use purpose_attrs::{purpose, security_only};

#[purpose]
#[derive(Clone, Debug)]
pub struct Account {
    pub id: u64,
    pub handle: String,
    pub display_name: String,
    pub interests: Vec<String>,
    #[security_only]
    pub two_factor_phone: String,
    #[security_only]
    pub recovery_email: String,
    totp_seed: Vec<u8>,
}

impl Account {
    /// The six-digit code sent by SMS at login (time step of 30 seconds).
    #[security_only]
    pub fn verification_code(&self, now: u64) -> String {
        let step = now / 30;
        let mixed =
            self.totp_seed.iter().fold(step, |acc, b| acc.wrapping_mul(31).wrapping_add(u64::from(*b)));
        format!("{:06}", mixed % 1_000_000)
    }
}

/// In-memory stand-in for the accounts database.
pub struct AccountStore {
    accounts: Vec<Account>,
}

impl AccountStore {
    pub fn demo() -> Self {
        let jack = Account {
            id: 1,
            handle: "jack".to_string(),
            display_name: "jack".to_string(),
            interests: vec!["music".to_string(), "bitcoin".to_string()],
            two_factor_phone: "+1 (555) 010-0001".to_string(),
            recovery_email: "Jack@Example.com".to_string(),
            totp_seed: b"JBSWY3DPEHPK3PXP".to_vec(),
        };
        AccountStore { accounts: vec![jack] }
    }

    pub fn all(&self) -> &[Account] {
        &self.accounts
    }
}
