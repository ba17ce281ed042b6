//! Baselines on a workspace that is edited between runs: finding ids survive
//! unrelated edits (lines inserted above, functions added or reordered, the
//! file reformatted) and change when the source, the sink or the path does.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

const MANIFEST: &str = "[package]\nname = \"shop\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";

const MODEL: &str = "\
pub struct Account {
    #[security_only]
    pub phone: String,
    #[security_only]
    pub recovery_email: String,
    pub nickname: String,
}

pub fn normalize(raw: &str) -> String {
    raw.trim().to_owned()
}
";

const ADS: &str = "\
#[advertising_sink]
pub fn track(_key: &str, _campaign: u32) {}

#[advertising_sink]
pub fn upload(_key: &str) {}
";

/// The flow under test: `Account::phone` into `ads::track` in `api::sync`.
const API: &str = "\
use crate::ads;
use crate::model::{normalize, Account};

pub fn sync(account: &Account) {
    let key = account.phone.clone();
    ads::track(&key, 7);
}

pub fn greet(account: &Account) -> String {
    format!(\"hi {}\", account.nickname)
}
";

/// A workspace in a tempdir, rewritten file by file.
struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Workspace {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        let workspace = Workspace { dir };
        workspace.write("Cargo.toml", MANIFEST);
        workspace.write("src/lib.rs", "pub mod ads;\npub mod api;\npub mod model;\n");
        workspace.write("src/model.rs", MODEL);
        workspace.write("src/ads.rs", ADS);
        workspace.write("src/api.rs", API);
        workspace
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.root().join(file), text).unwrap();
    }

    fn baseline_path(&self) -> PathBuf {
        // Outside the scanned tree on purpose: any path works.
        self.root().join("purpose-baseline.json")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_cargo-purpose"))
            .args(args)
            .arg(self.root())
            .env("NO_COLOR", "1")
            .output()
            .expect("run cargo-purpose")
    }

    fn write_baseline(&self) -> Value {
        let path = self.baseline_path();
        let output = self.run(&["--write-baseline", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).expect("baseline is JSON")
    }

    /// Exit status and JSON report of a run against the baseline.
    fn check(&self) -> (Option<i32>, Value) {
        let path = self.baseline_path();
        let output = self.run(&["--format", "json", "--baseline", path.to_str().unwrap()]);
        let report =
            serde_json::from_str(&stdout(&output)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&output)));
        (output.status.code(), report)
    }

    /// The ids of a plain run, in report order.
    fn ids(&self) -> Vec<String> {
        let output = self.run(&["--format", "json"]);
        let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON report");
        report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["id"].as_str().unwrap_or_default().to_owned())
            .collect()
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn write_baseline_records_todays_findings() {
    let ws = Workspace::new();
    let ids = ws.ids();
    assert_eq!(ids.len(), 1, "the fixture has one flow");
    let baseline = ws.write_baseline();
    assert_eq!(baseline["version"], 1);
    let entries = baseline["findings"].as_array().expect("findings");
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry["id"], ids[0].as_str());
    assert_eq!(entry["rule"], "security-to-advertising");
    assert_eq!(entry["source"], "Account::phone");
    assert_eq!(entry["sink"], "shop::ads::track");
    assert_eq!(entry["sink_file"], "src/api.rs");

    // Against its own baseline the run is clean and says what it left out.
    let path = ws.baseline_path();
    let human = ws.run(&["--baseline", path.to_str().unwrap()]);
    assert_eq!(human.status.code(), Some(0), "{}", stderr(&human));
    let last = stderr(&human).lines().last().unwrap_or_default().to_owned();
    assert!(last.starts_with("no new findings (") && last.ends_with(", 1 known from the baseline"), "{last}");
    let (status, report) = ws.check();
    assert_eq!(status, Some(0));
    assert_eq!(report["findings"], Value::Array(Vec::new()));
    assert_eq!(report["fixed_baseline_entries"], Value::Array(Vec::new()));
    assert_eq!(report["summary"]["findings"], 0);
    // Without --baseline the JSON report has no such key.
    let plain: Value = serde_json::from_str(&stdout(&ws.run(&["--format", "json"]))).unwrap();
    assert!(plain.get("fixed_baseline_entries").is_none());
}

#[test]
fn ids_survive_unrelated_edits() {
    let ws = Workspace::new();
    let original = ws.ids();
    ws.write_baseline();

    let edits: [(&str, &str, String); 5] = [
        (
            "lines inserted above",
            "src/api.rs",
            format!("// Synchronisation with the ad platform.\n\n\n\n{API}"),
        ),
        (
            "lines inserted above the source",
            "src/model.rs",
            format!("/// Accounts.\n#[derive(Clone)]\n\n{}", MODEL.replace("pub struct", "\n\npub struct")),
        ),
        (
            "functions added before and after",
            "src/api.rs",
            API.replace(
                "pub fn sync",
                "pub fn audit(account: &Account) -> usize {\n    account.nickname.len()\n}\n\npub fn sync",
            ) + "\npub fn later() -> u32 {\n    3\n}\n",
        ),
        (
            "functions reordered",
            "src/api.rs",
            "use crate::ads;\nuse crate::model::{normalize, Account};\n\n\
             pub fn greet(account: &Account) -> String {\n    format!(\"hi {}\", account.nickname)\n}\n\n\
             pub fn sync(account: &Account) {\n    let key = account.phone.clone();\n    ads::track(&key, 7);\n}\n"
                .to_owned(),
        ),
        (
            "file reformatted",
            "src/api.rs",
            "use crate::ads;\nuse crate::model::{normalize, Account};\n\
             pub fn sync(\n    account: &Account,\n) {\n\
             \tlet key =\n\t\taccount.phone.clone();\n\
             \tads::track(\n\t\t&key, // the normalised phone\n\t\t7,\n\t);\n}\n\
             pub fn greet(account: &Account) -> String { format!(\"hi {}\", account.nickname) }\n"
                .to_owned(),
        ),
    ];
    for (edit, file, text) in edits {
        let ws_edit = Workspace::new();
        std::fs::copy(ws.baseline_path(), ws_edit.baseline_path()).unwrap();
        ws_edit.write(file, &text);
        assert_eq!(ws_edit.ids(), original, "{edit}: ids changed");
        let (status, report) = ws_edit.check();
        assert_eq!(status, Some(0), "{edit}: {report}");
        assert_eq!(report["findings"], Value::Array(Vec::new()), "{edit}");
        assert_eq!(report["fixed_baseline_entries"], Value::Array(Vec::new()), "{edit}");
    }
}

#[test]
fn ids_change_with_the_source_the_sink_or_the_path() {
    let ws = Workspace::new();
    let original = ws.ids();
    ws.write_baseline();
    let edits = [
        ("another source", API.replace("account.phone.clone()", "account.recovery_email.clone()")),
        ("another sink", API.replace("ads::track(&key, 7);", "ads::upload(&key);")),
        ("another path", API.replace("account.phone.clone()", "normalize(&account.phone)")),
    ];
    for (edit, text) in edits {
        ws.write("src/api.rs", &text);
        let ids = ws.ids();
        assert_eq!(ids.len(), 1, "{edit}: still one flow");
        assert_ne!(ids, original, "{edit}: id kept");
        let (status, report) = ws.check();
        assert_eq!(status, Some(1), "{edit}: {report}");
        let findings = report["findings"].as_array().expect("findings");
        assert_eq!(findings.len(), 1, "{edit}");
        assert_eq!(findings[0]["id"], ids[0].as_str());
        let fixed = report["fixed_baseline_entries"].as_array().expect("fixed entries");
        assert_eq!(fixed.len(), 1, "{edit}: the old flow no longer occurs");
        assert_eq!(fixed[0]["id"], original[0].as_str());
        assert_eq!(fixed[0]["source"], "Account::phone");
    }

    // The human report names the entries that no longer occur.
    let path = ws.baseline_path();
    let human = ws.run(&["--baseline", path.to_str().unwrap()]);
    assert_eq!(human.status.code(), Some(1));
    let text = stderr(&human);
    assert!(
        text.contains(&format!(
            "1 baseline entry no longer occurs: {} (`Account::phone` -> `shop::ads::track`",
            original[0]
        )),
        "{text}"
    );
    assert!(text.lines().last().is_some_and(|l| l == "1 new finding in 1 file"), "{text}");
}

#[test]
fn only_new_findings_are_reported_beside_known_ones() {
    let ws = Workspace::new();
    ws.write_baseline();
    ws.write(
        "src/api.rs",
        &format!(
            "{API}\npub fn share(account: &Account) {{\n    ads::upload(&account.recovery_email);\n}}\n"
        ),
    );
    let (status, report) = ws.check();
    assert_eq!(status, Some(1), "{report}");
    let findings = report["findings"].as_array().expect("findings");
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0]["source"]["label"], "Account::recovery_email");
    assert_eq!(report["summary"]["findings"], 1);

    for format in ["sarif", "github"] {
        let path = ws.baseline_path();
        let output = ws.run(&["--format", format, "--baseline", path.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(1), "{format}");
        let text = stdout(&output);
        assert!(
            text.contains("Account::recovery_email") && !text.contains("Account::phone"),
            "{format}:\n{text}"
        );
    }
}

#[test]
fn unusable_baselines_exit_2_naming_the_file() {
    let ws = Workspace::new();
    let path = ws.baseline_path();
    let name = path.to_str().unwrap();
    for (content, reason) in [
        (None, "cannot read baseline"),
        (Some("not json"), "invalid baseline"),
        (Some("{\"version\": 9, \"findings\": []}"), "unsupported version 9"),
        (Some("{\"version\": 1}"), "missing field `findings`"),
    ] {
        match content {
            Some(text) => std::fs::write(&path, text).unwrap(),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
        let output = ws.run(&["--baseline", name]);
        assert_eq!(output.status.code(), Some(2), "{reason}");
        let text = stderr(&output);
        assert!(text.contains(reason) && text.contains(name), "{reason}: {text}");
        assert!(stdout(&output).is_empty());
    }

    let unwritable = ws.root().join("no/such/dir/baseline.json");
    let output = ws.run(&["--write-baseline", unwritable.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("cannot write baseline"), "{}", stderr(&output));

    let both = ws.run(&["--baseline", name, "--write-baseline", name]);
    assert_eq!(both.status.code(), Some(2), "the flags exclude each other");
}

#[test]
fn write_baseline_with_input_errors_exits_2() {
    let ws = Workspace::new();
    ws.write("src/lib.rs", "pub mod ads;\npub mod api;\npub mod model;\npub mod broken;\n");
    ws.write("src/broken.rs", "fn broken( {\n");
    let path = ws.baseline_path();
    let output = ws.run(&["--write-baseline", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("src/broken.rs"), "{}", stderr(&output));
    // What could be analysed is recorded all the same.
    let baseline: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(baseline["findings"].as_array().map(Vec::len), Some(1));
}
