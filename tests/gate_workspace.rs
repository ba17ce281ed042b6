//! Gate features on temporary workspaces, end to end through the binary:
//! marker drift against a baseline, the audit of approved flows, and the
//! configuration of third-party sinks, sources and exclusions.

mod common;

use std::path::Path;

use serde_json::Value;

use common::{cargo_purpose as run, stderr as err, stdout as out};

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

const MANIFEST: &str = "[package]\nname = \"shop\"\nversion = \"0.1.0\"\nedition = \"2021\"\n";

const LIB: &str = "\
pub struct Account {
    #[security_only]
    pub phone: String,
    pub nick: String,
}

#[advertising_sink]
pub fn track(_key: &str) {}

pub fn sync(a: &Account) {
    track(&a.nick);
}
";

#[test]
fn a_removed_marker_fails_the_baseline_gate() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "Cargo.toml", MANIFEST);
    write(root, "src/lib.rs", LIB);
    let written = run(&["--write-baseline", "baseline.json"], root);
    assert_eq!(written.status.code(), Some(0), "{}", err(&written));
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(root.join("baseline.json")).expect("read"))
            .expect("json");
    let markers = baseline["markers"].as_array().expect("the inventory");
    assert_eq!(markers.len(), 2);
    assert_eq!(markers[0]["item"], "Account::phone");
    assert_eq!(markers[0]["marker"], "security_only");
    assert_eq!(markers[0]["kind"], "field");
    assert_eq!((markers[0]["line"].as_u64(), markers[0]["column"].as_u64()), (Some(2), Some(5)));

    // Unchanged code, and code with lines moved: the gate passes.
    assert_eq!(run(&["--baseline", "baseline.json"], root).status.code(), Some(0));
    write(root, "src/lib.rs", &format!("// moved\n\n{LIB}"));
    assert_eq!(run(&["--baseline", "baseline.json"], root).status.code(), Some(0));

    // The marker deleted: a finding of its own, at its old position.
    write(root, "src/lib.rs", &LIB.replace("    #[security_only]\n", ""));
    let human = run(&["--baseline", "baseline.json"], root);
    assert_eq!(human.status.code(), Some(1), "{}", err(&human));
    let text = err(&human);
    assert!(
        text.contains("error[marker-removed]: marker `#[security_only]` on field `Account::phone` is gone"),
        "{text}"
    );
    assert!(text.contains("src/lib.rs:2:5"), "{text}");
    assert!(text.ends_with(", 1 removed marker\n"), "{text}");

    let json = run(&["--baseline", "baseline.json", "--format", "json"], root);
    assert_eq!(json.status.code(), Some(1));
    let report: Value = serde_json::from_str(&out(&json)).expect("json");
    let removed = &report["removed_markers"][0];
    assert_eq!(removed["rule"], "marker-removed");
    assert_eq!(removed["item"], "Account::phone");
    assert_eq!((removed["file"].as_str(), removed["line"].as_u64()), (Some("src/lib.rs"), Some(2)));
    assert_eq!(report["summary"]["removed_markers"], 1);

    let sarif = run(&["--baseline", "baseline.json", "--format", "sarif"], root);
    assert_eq!(sarif.status.code(), Some(1));
    let log: Value = serde_json::from_str(&out(&sarif)).expect("sarif");
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "marker-removed");
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().expect("index") as usize]
            ["id"],
        "marker-removed"
    );
    assert_eq!(result["locations"][0]["physicalLocation"]["region"]["startLine"], 2);

    let github = run(&["--baseline", "baseline.json", "--format", "github"], root);
    assert_eq!(github.status.code(), Some(1));
    assert!(out(&github).starts_with("::error file=src/lib.rs,line=2,col=5,title="), "{}", out(&github));

    let editor = run(&["--baseline", "baseline.json", "--message-format", "json"], root);
    assert_eq!(editor.status.code(), Some(1));
    assert!(out(&editor).contains("\"code\":\"purpose::marker-removed\""));
    assert!(out(&editor).ends_with("{\"reason\":\"build-finished\",\"success\":false}\n"));

    // The marker moved to another item is gone from its own.
    write(
        root,
        "src/lib.rs",
        &LIB.replace("    #[security_only]\n    pub phone", "    pub phone")
            .replace("    pub nick", "    #[security_only]\n    pub nick"),
    );
    let moved = run(&["--baseline", "baseline.json", "--format", "json"], root);
    assert_eq!(moved.status.code(), Some(1));
    let report: Value = serde_json::from_str(&out(&moved)).expect("json");
    assert_eq!(report["removed_markers"].as_array().map(Vec::len), Some(1));
    assert_eq!(report["removed_markers"][0]["item"], "Account::phone");
}

/// The file of a removed marker may hold nothing else the report shows
/// (its text is read again for the diagnostic): the line is still quoted.
#[test]
fn a_removed_marker_is_quoted_from_a_file_with_nothing_else_to_show() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "Cargo.toml", MANIFEST);
    write(root, "src/lib.rs", "pub mod model;\n\n#[advertising_sink]\npub fn track(_key: &str) {}\n");
    let model = "pub struct Account {\n    #[security_only]\n    pub phone: String,\n}\n";
    write(root, "src/model.rs", model);
    let written = run(&["--write-baseline", "baseline.json"], root);
    assert_eq!(written.status.code(), Some(0), "{}", err(&written));

    write(root, "src/model.rs", &model.replace("    #[security_only]\n", "    pub nick: String,\n"));
    let human = run(&["--baseline", "baseline.json"], root);
    assert_eq!(human.status.code(), Some(1), "{}", err(&human));
    let text = err(&human);
    assert!(text.contains("src/model.rs:2:5"), "{text}");
    assert!(
        text.contains("2 │     pub nick: String,"),
        "the line now at the marker's old place is quoted: {text}"
    );
}

#[test]
fn a_baseline_without_inventory_is_still_read() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "Cargo.toml", MANIFEST);
    write(root, "src/lib.rs", &LIB.replace("    #[security_only]\n", ""));
    write(root, "old.json", "{\"version\": 1, \"findings\": []}\n");
    let o = run(&["--baseline", "old.json"], root);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
}

#[test]
fn markers_lists_the_inventory() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "Cargo.toml", MANIFEST);
    write(root, "src/lib.rs", LIB);
    let human = run(&["markers"], root);
    assert_eq!(human.status.code(), Some(0));
    let text = out(&human);
    assert!(text.contains("src/lib.rs:2:5"), "{text}");
    assert!(text.contains("#[security_only]    field   Account::phone"), "{text}");
    assert!(text.ends_with("2 markers (1 security_only, 1 advertising_sink)\n"), "{text}");
    let json = run(&["markers", "--format", "json"], root);
    let list: Value = serde_json::from_str(&out(&json)).expect("json");
    assert_eq!(list["markers"][1]["item"], "shop::track");
    assert_eq!(list["markers"][1]["kind"], "fn");
    assert_eq!(list["errors"].as_array().map(Vec::len), Some(0));
}

#[test]
fn audit_lists_approvals_and_rejects_unexplained_ones() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "Cargo.toml", MANIFEST);
    let lib = LIB.replace(
        "    track(&a.nick);\n",
        "    track(&a.nick);\n    track(&declassify!(a.phone.len(), \"length only; PRIV-7\").to_string());\n",
    ) + "\n#[declassified(reason = \"digest\")]\npub fn digest(a: &Account) -> String {\n    a.phone.clone()\n}\n\npub fn share(a: &Account) {\n    track(&digest(a));\n}\n";
    write(root, "src/lib.rs", &lib);
    let o = run(&[], root);
    assert_eq!(o.status.code(), Some(0), "approved flows are not findings: {}", err(&o));
    let audit = run(&["audit", "--format", "json"], root);
    assert_eq!(audit.status.code(), Some(0));
    let list: Value = serde_json::from_str(&out(&audit)).expect("json");
    let approvals = list["approvals"].as_array().expect("approvals");
    assert_eq!(approvals.len(), 2);
    assert_eq!(approvals[0]["item"], "shop::sync");
    assert_eq!(approvals[0]["form"], "declassify!");
    assert_eq!(approvals[0]["reason"], "length only; PRIV-7");
    assert_eq!(approvals[0]["line"], 12);
    assert_eq!(approvals[1]["form"], "#[declassified]");
    assert_eq!(approvals[1]["item"], "shop::digest");
    let human = out(&run(&["audit"], root));
    assert!(
        human.contains("src/lib.rs:12:12: declassify! in `shop::sync`\n    reason: length only; PRIV-7\n"),
        "{human}"
    );
    assert!(human.ends_with("2 approved flows\n"));

    // Without a reason: an input error, and the flow is not approved.
    write(root, "src/lib.rs", &lib.replace(", \"length only; PRIV-7\"", ", \"\""));
    let o = run(&["--format", "json"], root);
    assert_eq!(o.status.code(), Some(2));
    let report: Value = serde_json::from_str(&out(&o)).expect("json");
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(1), "the unapproved flow is reported");
    let error = &report["errors"][0];
    assert_eq!((error["file"].as_str(), error["line"].as_u64()), (Some("src/lib.rs"), Some(12)));
    assert!(error["message"].as_str().is_some_and(|m| m.contains("has no reason")), "{error}");
    assert_eq!(run(&["audit"], root).status.code(), Some(2));
}

const SDK_LIB: &str = "\
use ads_sdk::Client;

pub struct Account {
    #[security_only]
    pub phone: String,
}

pub fn upload(client: &Client, a: &Account) {
    client.upload_audience(&a.phone);
    client.upload_events(&a.phone);
    pixel::track(&a.phone);
    analytics::track(&a.phone);
}
";

#[test]
fn configured_sinks_from_purpose_toml() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "Cargo.toml", MANIFEST);
    write(root, "src/lib.rs", SDK_LIB);
    assert_eq!(run(&[], root).status.code(), Some(0), "nothing configured, nothing marked");
    write(root, "purpose.toml", "sinks = [\"ads_sdk::Client::upload_audience\", \"pixel::track\"]\n");
    let o = run(&["--format", "json"], root);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let report: Value = serde_json::from_str(&out(&o)).expect("json");
    let lines: Vec<u64> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["sink"]["line"].as_u64())
        .collect();
    assert_eq!(lines, [9, 11]);
    assert_eq!(
        report["findings"][0]["sink"]["function"],
        "ads_sdk::Client::upload_audience (configured sink, purpose.toml)"
    );

    // The strict policy also reports the other external calls.
    write(root, "purpose.toml", "unknown-calls = \"sink\"\n");
    let o = run(&["--format", "json"], root);
    let report: Value = serde_json::from_str(&out(&o)).expect("json");
    assert_eq!(report["findings"].as_array().map(Vec::len), Some(4), "{report}");
}

#[test]
fn excluded_paths_are_not_analysed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(
        root,
        "Cargo.toml",
        &format!("{MANIFEST}\n[package.metadata.purpose]\nexclude = [\"src/generated/**\"]\n"),
    );
    write(root, "src/lib.rs", &LIB.replace("pub fn sync", "pub mod generated;\n\npub fn sync"));
    write(
        root,
        "src/generated/mod.rs",
        "pub fn leak(a: &crate::Account) {\n    crate::track(&a.phone);\n}\n",
    );
    let o = run(&[], root);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    write(root, "Cargo.toml", MANIFEST);
    assert_eq!(run(&[], root).status.code(), Some(1));
}

#[test]
fn configuration_errors_name_the_key_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(root, "src/lib.rs", LIB);
    for (manifest_tail, key, line) in [
        ("[package.metadata.purpose]\nsink = [\"pixel::track\"]\n", "package.metadata.purpose.sink", 7),
        ("[package.metadata.purpose]\nsinks = \"pixel::track\"\n", "package.metadata.purpose.sinks", 7),
        ("[package.metadata.purpose]\nsinks = [\"pixel::track\", 3]\n", "package.metadata.purpose.sinks", 7),
        ("[package.metadata.purpose]\n\nsources = [\"track\"]\n", "package.metadata.purpose.sources", 8),
        (
            "[package.metadata.purpose]\nunknown-calls = \"ignore\"\n",
            "package.metadata.purpose.unknown-calls",
            7,
        ),
        ("[package.metadata.purpose]\nexclude = [\"../x\"]\n", "package.metadata.purpose.exclude", 7),
    ] {
        write(root, "Cargo.toml", &format!("{MANIFEST}\n{manifest_tail}"));
        let o = run(&["--format", "json"], root);
        assert_eq!(o.status.code(), Some(2), "{manifest_tail}");
        let report: Value = serde_json::from_str(&out(&o)).expect("json");
        let error = &report["errors"][0];
        assert_eq!(error["file"], "Cargo.toml", "{error}");
        assert_eq!(error["line"].as_u64(), Some(line), "{manifest_tail}: {error}");
        assert!(error["message"].as_str().is_some_and(|m| m.contains(&format!("`{key}`"))), "{error}");
    }
    write(root, "Cargo.toml", MANIFEST);
    write(root, "purpose.toml", "[sinks]\n");
    let o = run(&[], root);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("purpose.toml"), "{}", err(&o));
    assert!(err(&o).contains("`sinks`"), "{}", err(&o));
}
