//! Every position CONTRACT.md lists, in every spelling, compiles on stable
//! without warnings, and the program still does what the unmarked code does.

#![deny(warnings)]

use purpose_attrs::security_only as so;
use purpose_attrs::{advertising_sink, purpose, security_only};

// ---- Sources on data -------------------------------------------------------

/// Named fields, bare and path form; the derive sees the stripped struct.
#[purpose]
#[derive(Debug, Clone, PartialEq)]
struct Account {
    #[security_only]
    recovery_phone: String,
    #[purpose_attrs::security_only]
    recovery_email: String,
    nickname: String,
}

/// Tuple fields with generics, a lifetime and a where clause; path-form container.
#[purpose_attrs::purpose]
struct Pair<'a, T: Clone>(#[security_only] &'a T, T)
where
    T: PartialEq;

/// Enum variant fields, tuple and named.
#[purpose]
enum Contact {
    Phone(#[security_only] String),
    Email {
        #[purpose_attrs::security_only]
        address: String,
        verified: bool,
    },
    Nothing,
}

/// A whole struct; a derive written before the marker works too.
#[derive(Debug, PartialEq)]
#[security_only]
struct TotpSecret(String);

/// A whole enum, through a renamed import.
#[so]
#[derive(Debug, Clone, Copy, PartialEq)]
enum Factor {
    Sms,
    Totp,
}

/// A whole union, path form.
#[purpose_attrs::security_only]
union Fingerprint {
    bits: u64,
    bytes: [u8; 8],
}

/// A marked type with marked fields needs no `#[purpose]`.
#[security_only]
struct Recovery {
    #[security_only]
    code: u32,
    attempts: u32,
}

/// Markers inside an item need no import: the container removes them before
/// they are looked up, and an import used only by them would be unused.
mod inner_only {
    use purpose_attrs::purpose;

    #[purpose]
    pub struct Login {
        #[security_only]
        pub device: String,
    }
}

#[security_only]
static PEPPER: &str = "pepper";

#[security_only]
const SALT: &str = "salt";

#[so]
const RENAMED_CONST: u8 = 7;

// ---- Sources in code -------------------------------------------------------

#[security_only]
fn recovery_email() -> String {
    String::from("me@example.com")
}

#[so]
fn renamed_source() -> u8 {
    RENAMED_CONST
}

/// Parameters (bare and path form) and `let`s nested in blocks and closures.
#[purpose]
fn verify(#[security_only] code: u32, #[purpose_attrs::security_only] attempts: &mut u32) -> bool {
    *attempts += 1;
    #[security_only]
    let expected = 123_456;
    {
        #[purpose_attrs::security_only]
        let nested = expected;
        let check = |given: u32| {
            #[security_only]
            let inside_closure = nested;
            given == inside_closure
        };
        check(code)
    }
}

/// A `let` inside an async block, in an async fn.
#[purpose]
async fn token_len(#[security_only] token: String) -> usize {
    let future = async move {
        #[security_only]
        let copy = token.clone();
        copy.len()
    };
    future.await
}

/// A source fn whose own marker also strips its parameter and `let` markers,
/// and nested items with markers of their own.
#[security_only]
fn salted(#[security_only] value: &str) -> String {
    #[security_only]
    static INNER: &str = "!";
    #[security_only]
    let joined = format!("{value}{SALT}{INNER}");
    joined
}

extern "C" {
    /// A function declared in an `extern` block.
    #[security_only]
    fn abs(value: i32) -> i32;
}

trait SecretStore {
    /// A trait method declaration without a body.
    #[security_only]
    fn secret(&self) -> String;

    /// A trait method with a default body.
    #[purpose_attrs::security_only]
    fn backup(&self) -> String {
        format!("{}-backup", self.secret())
    }

    /// An associated const without a value.
    #[security_only]
    const VERSION: u8;

    /// A parameter marker in a declaration, under `#[purpose]`.
    #[purpose]
    fn rotate(&mut self, #[security_only] next: String);
}

/// A parameter marker in a trait with a default body, under `#[purpose]` on the trait.
#[purpose]
trait Auditor {
    fn audit(&self, #[security_only] who: &str) -> usize {
        who.len()
    }
}

// ---- Sinks -----------------------------------------------------------------

#[advertising_sink]
fn add_to_audience(audience: &mut Vec<String>, key: &str) {
    audience.push(key.to_owned());
}

/// Generic sink with a where clause.
#[purpose_attrs::advertising_sink]
fn track_all<T>(tracker: &mut T, events: &[&str])
where
    T: Tracker + ?Sized,
{
    for event in events {
        tracker.track(event);
    }
}

/// A whole trait.
#[advertising_sink]
trait Tracker {
    fn track(&mut self, event: &str);

    fn flush(&mut self) -> usize {
        0
    }
}

trait Notifier {
    /// A trait method declaration.
    #[advertising_sink]
    fn notify(&mut self, message: &str);

    /// A trait method with a default body.
    #[advertising_sink]
    fn notify_twice(&mut self, message: &str) {
        self.notify(message);
        self.notify(message);
    }
}

struct Vault {
    secret: String,
    log: Vec<String>,
}

impl Vault {
    /// Inherent source method.
    #[security_only]
    fn pin(&self) -> u32 {
        1234
    }

    /// Inherent sink method.
    #[advertising_sink]
    fn fire(&mut self) {
        self.log.push(String::from("fired"));
    }

    /// A marker on the receiver, and a parameter marker under a method-level `#[purpose]`.
    #[purpose]
    fn set(#[security_only] &mut self, #[security_only] secret: String) {
        self.secret = secret;
    }
}

impl SecretStore for Vault {
    /// Trait impl source method.
    #[security_only]
    fn secret(&self) -> String {
        self.secret.clone()
    }

    #[security_only]
    const VERSION: u8 = 2;

    #[purpose]
    fn rotate(&mut self, #[security_only] next: String) {
        self.secret = next;
    }
}

/// A whole impl block of a trait, path form.
#[purpose_attrs::advertising_sink]
impl Tracker for Vault {
    fn track(&mut self, event: &str) {
        self.log.push(event.to_owned());
    }
}

impl Notifier for Vault {
    /// Trait impl sink method.
    #[advertising_sink]
    fn notify(&mut self, message: &str) {
        self.log.push(message.to_owned());
    }
}

/// Parameter markers in a trait impl, under `#[purpose]` on the impl block.
#[purpose]
impl Auditor for Vault {
    fn audit(&self, #[security_only] who: &str) -> usize {
        who.len() * 2
    }
}

/// A whole inherent impl block; its marker strips the markers inside.
#[advertising_sink]
impl Vault {
    fn export(&self) -> Vec<String> {
        #[security_only]
        let copy = self.log.clone();
        copy
    }

    #[security_only]
    fn masked(&self, #[security_only] keep: usize) -> String {
        self.secret.chars().take(keep).collect()
    }
}

#[advertising_sink]
fn notify_dyn(notifier: &mut dyn Notifier, message: &str) {
    notifier.notify(message);
}

/// Polls a future that never waits, without an async runtime.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
    fn raw() -> RawWaker {
        RawWaker::new(std::ptr::null(), &VTABLE)
    }
    static VTABLE: RawWakerVTable = RawWakerVTable::new(|_| raw(), |_| {}, |_| {}, |_| {});
    // SAFETY: the vtable's functions ignore the data pointer.
    let waker = unsafe { Waker::from_raw(raw()) };
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

#[purpose]
fn main() {
    let account = Account {
        recovery_phone: String::from("+44 7700 900000"),
        recovery_email: recovery_email(),
        nickname: String::from("sam"),
    };
    assert_eq!(account.clone(), account);
    assert_eq!(account.recovery_phone.len(), 15);
    assert_eq!(account.recovery_email, "me@example.com");
    assert_eq!(account.nickname, "sam");

    let one = 1;
    let pair = Pair(&one, 2);
    assert_eq!(*pair.0 + pair.1, 3);

    let contacts = [
        Contact::Phone(String::from("+1")),
        Contact::Email {
            address: String::from("a@b.c"),
            verified: true,
        },
        Contact::Nothing,
    ];
    let described: Vec<usize> = contacts
        .iter()
        .map(|contact| match contact {
            Contact::Phone(number) => number.len(),
            Contact::Email { address, verified } => address.len() + usize::from(*verified),
            Contact::Nothing => 0,
        })
        .collect();
    assert_eq!(described, [2, 6, 0]);

    assert_eq!(TotpSecret(String::from("x")), TotpSecret(String::from("x")));
    assert_ne!(Factor::Sms, Factor::Totp);
    let fingerprint = Fingerprint {
        bytes: [1, 0, 0, 0, 0, 0, 0, 0],
    };
    // SAFETY: both fields are plain integers of the same size.
    assert_eq!(u64::from_le(unsafe { fingerprint.bits }), 1);
    let recovery = Recovery {
        code: 42,
        attempts: 0,
    };
    assert_eq!(recovery.code + recovery.attempts, 42);
    let login = inner_only::Login {
        device: String::from("pixel"),
    };
    assert_eq!(login.device, "pixel");
    assert_eq!(PEPPER, "pepper");
    assert_eq!(renamed_source(), 7);

    let mut attempts = 0;
    assert!(verify(123_456, &mut attempts));
    assert!(!verify(1, &mut attempts));
    assert_eq!(attempts, 2);
    assert_eq!(block_on(token_len(String::from("abcd"))), 4);
    assert_eq!(salted("v"), "vsalt!");
    // SAFETY: `abs` from the C library is defined for every value but i32::MIN.
    assert_eq!(unsafe { abs(-3) }, 3);

    #[security_only]
    let mut vault = Vault {
        secret: String::from("JBSWY3DPEHPK3PXP"),
        log: Vec::new(),
    };
    assert_eq!(vault.pin(), 1234);
    assert_eq!(vault.secret(), "JBSWY3DPEHPK3PXP");
    assert_eq!(vault.backup(), "JBSWY3DPEHPK3PXP-backup");
    assert_eq!(<Vault as SecretStore>::VERSION, 2);
    vault.set(String::from("NEW"));
    vault.rotate(String::from("ROTATED"));
    assert_eq!(vault.masked(3), "ROT");
    assert_eq!(vault.audit("ab"), 4);

    let mut audience = Vec::new();
    add_to_audience(&mut audience, "uk");
    assert_eq!(audience, ["uk"]);
    vault.fire();
    track_all(&mut vault, &["signup", "login"]);
    assert_eq!(vault.flush(), 0);
    vault.notify_twice("hi");
    notify_dyn(&mut vault, "bye");
    assert_eq!(
        vault.export(),
        ["fired", "signup", "login", "hi", "hi", "bye"]
    );
}
