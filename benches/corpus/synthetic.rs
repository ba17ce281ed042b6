//! A generated workspace whose size is a parameter, to show how cost grows
//! when the input doubles. The code is ordinary application code with
//! markers: account models with `#[security_only]` fields, helpers that
//! normalise and hash them, trait impls, closures over iterators, calls
//! across modules and crates, and sink calls of which some receive
//! security-only data and most do not, so every stage has real work.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// Crates in a group depend on the previous crate of their group, so calls
/// cross crate borders without making one chain as long as the workspace.
const GROUP: usize = 4;

/// Write a workspace of `crates` crates with `modules` modules each (plus a
/// shared `common` crate) into `dir`.
pub fn generate(dir: &Path, crates: usize, modules: usize) -> io::Result<()> {
    let members = "\"common\", \"crates/*\"";
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nmembers = [{members}]\nresolver = \"2\"\n"),
    )?;
    write_crate(&dir.join("common"), "common", &[], &[("lib", COMMON_LIB.to_string())])?;
    for c in 0..crates {
        let name = format!("app{c}");
        let mut deps = vec!["common".to_string()];
        if c % GROUP != 0 {
            deps.push(format!("app{}", c - 1));
        }
        let mut files = vec![("lib".to_string(), lib_rs(c, modules))];
        for m in 0..modules {
            files.push((format!("m{m}"), module_rs(c, m)));
        }
        let files: Vec<(&str, String)> = files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect();
        write_crate(&dir.join("crates").join(&name), &name, &deps, &files)?;
    }
    Ok(())
}

fn write_crate(dir: &Path, name: &str, deps: &[String], files: &[(&str, String)]) -> io::Result<()> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src)?;
    let mut manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\npurpose-attrs = \"0.1\"\n"
    );
    for d in deps {
        let path = if d == "common" { "../../common".to_string() } else { format!("../{d}") };
        let _ = writeln!(manifest, "{d} = {{ path = \"{path}\" }}");
    }
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    for (file, text) in files {
        std::fs::write(src.join(format!("{file}.rs")), text)?;
    }
    Ok(())
}

/// The shared crate: the marked model and the advertising side.
const COMMON_LIB: &str = r#"//! Shared model and the advertising client.
use purpose_attrs::{advertising_sink, purpose, security_only};

#[purpose]
#[derive(Clone, Debug, Default)]
pub struct Account {
    pub id: u64,
    pub nickname: String,
    #[security_only]
    pub recovery_phone: String,
    #[security_only]
    pub recovery_email: String,
    pub country: String,
    pub created_at: u64,
}

impl Account {
    pub fn new(id: u64, nickname: &str) -> Self {
        Account { id, nickname: nickname.to_string(), ..Default::default() }
    }

    pub fn phone(&self) -> &str {
        &self.recovery_phone
    }

    pub fn display_name(&self) -> String {
        format!("{}#{}", self.nickname, self.id)
    }
}

#[security_only]
pub struct TotpSecret(pub String);

#[advertising_sink]
pub fn track(event: &str, key: &str) {
    let _ = (event, key);
}

pub struct Audience {
    pub name: String,
    pub keys: Vec<String>,
}

#[advertising_sink]
impl Audience {
    pub fn upload(&mut self, key: String) {
        self.keys.push(key);
    }
}

pub trait Notifier {
    #[advertising_sink]
    fn notify(&self, message: &str);
}

pub fn hash(input: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in input.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}
"#;

fn lib_rs(c: usize, modules: usize) -> String {
    let mut s = format!("//! Generated application crate {c}.\n\n");
    for m in 0..modules {
        let _ = writeln!(s, "pub mod m{m};");
    }
    s.push_str(
        "\npub use common::Account;\n\npub fn run_all(accounts: &[Account]) -> usize {\n    let mut n = 0;\n",
    );
    for m in 0..modules {
        let _ = writeln!(s, "    n += m{m}::process(accounts);");
    }
    s.push_str("    n\n}\n");
    s
}

/// One module: a record type, its impl, helpers, a trait impl, and a
/// `process` entry point that calls into the previous module and, for the
/// first module of a crate, into the previous crate of the group.
fn module_rs(c: usize, m: usize) -> String {
    let flows = (c + m) % 5 == 0;
    let prev_mod =
        if m > 0 { format!("super::m{}::normalize_{}(&line)", m - 1, m - 1) } else { "line.clone()".into() };
    let prev_crate = if m == 0 && c % GROUP != 0 {
        format!("app{}::m0::summarize(&acct.nickname)", c - 1)
    } else {
        "acct.nickname.len()".into()
    };
    let sink_arg = if flows { "&digest_hex" } else { "&label" };
    format!(
        r#"//! Generated module {m} of crate {c}.
use std::collections::BTreeMap;

use common::{{hash, track, Account, Audience, Notifier}};
use purpose_attrs::purpose;

#[purpose]
#[derive(Clone, Debug)]
pub struct Record{m} {{
    pub id: u64,
    pub label: String,
    #[security_only]
    pub device_fingerprint: String,
    pub tags: Vec<String>,
    pub score: i64,
}}

impl Record{m} {{
    pub fn new(id: u64, label: &str, fingerprint: &str) -> Self {{
        Record{m} {{
            id,
            label: label.to_string(),
            device_fingerprint: fingerprint.to_string(),
            tags: Vec::new(),
            score: 0,
        }}
    }}

    pub fn with_tag(mut self, tag: &str) -> Self {{
        self.tags.push(tag.to_lowercase());
        self
    }}

    pub fn fingerprint_digest(&self) -> u64 {{
        hash(&self.device_fingerprint)
    }}

    pub fn public_label(&self) -> String {{
        format!("{{}}:{{}}", self.label, self.tags.join(","))
    }}

    pub fn bump(&mut self, by: i64) {{
        self.score = self.score.saturating_add(by);
        if self.score > 100 {{
            self.score = 100;
        }}
    }}
}}

pub fn normalize_{m}(input: &str) -> String {{
    let trimmed = input.trim();
    let mut out = String::with_capacity(trimmed.len());
    for ch in trimmed.chars() {{
        if ch.is_ascii_alphanumeric() || ch == '@' || ch == '+' {{
            out.push(ch.to_ascii_lowercase());
        }}
    }}
    out
}}

fn bucket(value: u64) -> &'static str {{
    match value % 4 {{
        0 => "a",
        1 => "b",
        2 => "c",
        _ => "d",
    }}
}}

fn collect_tags(records: &[Record{m}]) -> BTreeMap<String, usize> {{
    let mut counts = BTreeMap::new();
    for r in records {{
        for t in &r.tags {{
            *counts.entry(t.clone()).or_insert(0) += 1;
        }}
    }}
    counts
}}

pub fn summarize(name: &str) -> usize {{
    let parts: Vec<&str> = name.split('.').filter(|p| !p.is_empty()).collect();
    parts.iter().map(|p| p.len()).sum()
}}

pub struct Mailer{m} {{
    pub sent: usize,
}}

impl Notifier for Mailer{m} {{
    fn notify(&self, message: &str) {{
        let _ = message.len() + self.sent;
    }}
}}

pub fn process(accounts: &[Account]) -> usize {{
    let mut audience = Audience {{ name: "crate{c}-module{m}".to_string(), keys: Vec::new() }};
    let mailer = Mailer{m} {{ sent: 0 }};
    let mut records = Vec::new();
    let mut total = 0;
    for (i, acct) in accounts.iter().enumerate() {{
        let line = format!("{{}} {{}}", acct.display_name(), acct.country);
        let normalized = {prev_mod};
        let record = Record{m}::new(acct.id, &normalized, acct.phone()).with_tag(&acct.country);
        let digest = record.fingerprint_digest();
        let digest_hex = format!("{{:x}}", digest);
        let label = record.public_label();
        if digest % 2 == 0 {{
            track("seen", bucket(digest));
        }}
        track("record", {sink_arg});
        audience.upload(label.clone());
        let summary = {prev_crate};
        total += summary + i;
        records.push(record);
    }}
    let counts = collect_tags(&records);
    let best = records.iter().filter(|r| r.score >= 0).map(|r| r.label.clone()).max();
    if let Some(best) = best {{
        mailer.notify(&best);
    }}
    for r in records.iter_mut() {{
        r.bump(counts.len() as i64);
    }}
    let contacts: Vec<String> = accounts.iter().map(|a| normalize_{m}(&a.recovery_email)).collect();
    let welcome = contacts.iter().map(|c| c.len()).sum::<usize>();
    mailer.notify(&format!("{{}} contacts", welcome));
    total + counts.values().sum::<usize>()
}}
"#
    )
}
