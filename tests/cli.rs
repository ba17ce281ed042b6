//! The command line as users and CI see it: arguments, exit statuses,
//! output streams.

mod common;

use std::path::Path;

use common::{cargo_purpose, stderr, stdout};

/// A one-package workspace with a flow in `src/lib.rs`.
fn flow_crate(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"demo-app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("src/lib.rs"),
        "mod ads;\npub struct Account {\n    #[security_only]\n    pub phone: String,\n    pub nick: String,\n}\n\
         pub fn sync(a: &Account) {\n    ads::track(&a.phone);\n    ads::track(&a.nick);\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/ads.rs"), "#[advertising_sink]\npub fn track(_key: &str) {}\n").unwrap();
}

#[test]
fn bundled_example_reports_the_ad_paths_and_exits_1() {
    let root = common::repo_root();
    let out = cargo_purpose(&["examples/twitter-2fa"], &root);
    assert_eq!(out.status.code(), Some(1), "stderr:\n{}", stderr(&out));
    let text = stderr(&out);
    assert!(text.contains("error[security-to-advertising]"), "{text}");
    assert!(text.contains("= path:"), "{text}");
    assert!(text.contains("help:"), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert!(last.contains("finding"), "summary line last: {last}");
    assert!(stdout(&out).is_empty());
}

/// The progress line is for a terminal: with stderr piped (as here, and
/// in CI logs) none of it appears, and `-q` changes nothing else.
#[test]
fn no_progress_text_when_stderr_is_not_a_terminal() {
    let root = common::repo_root();
    let plain = cargo_purpose(&["examples/twitter-2fa"], &root);
    let quiet = cargo_purpose(&["-q", "examples/twitter-2fa"], &root);
    assert!(!stderr(&plain).contains('\r'), "{}", stderr(&plain));
    assert!(!stderr(&plain).contains("files parsed"), "{}", stderr(&plain));
    assert_eq!(plain.status.code(), quiet.status.code());
    assert_eq!(stderr(&plain), stderr(&quiet));
    assert_eq!(stdout(&plain), stdout(&quiet));
    let markers = cargo_purpose(&["markers", "--quiet", "examples/twitter-2fa"], &root);
    assert_eq!(markers.status.code(), Some(0), "{}", stderr(&markers));
    assert!(!stderr(&markers).contains('\r'));
}

#[test]
fn json_is_the_contract_shape_on_stdout() {
    let root = common::repo_root();
    let out = cargo_purpose(&["--format", "json", "examples/twitter-2fa"], &root);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("valid JSON");
    assert_eq!(v["version"], 1);
    let findings = v["findings"].as_array().expect("findings array");
    assert!(!findings.is_empty());
    for f in findings {
        assert_eq!(f["rule"], "security-to-advertising");
        for key in ["file", "line", "column", "end_line", "end_column", "label"] {
            assert!(!f["source"][key].is_null(), "source.{key} in {f}");
        }
        for key in ["file", "line", "column", "end_line", "end_column", "function"] {
            assert!(!f["sink"][key].is_null(), "sink.{key} in {f}");
        }
        assert!(f["steps"].is_array());
        assert_eq!(f["id"].as_str().map(str::len), Some(16));
    }
    assert_eq!(v["summary"]["findings"], findings.len());
    assert_eq!(v["summary"]["errors"], 0);
}

#[test]
fn same_input_gives_byte_identical_json() {
    let root = common::repo_root();
    let a = cargo_purpose(&["--format", "json", "-j", "1", "examples/twitter-2fa"], &root);
    let b = cargo_purpose(&["--format", "json", "-j", "2", "examples/twitter-2fa"], &root);
    assert_eq!(stdout(&a), stdout(&b));
}

#[test]
fn clean_code_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lib.rs"),
        "#[advertising_sink] fn track(_k: &str) {}\nfn f() { track(\"campaign-7\"); }\n",
    )
    .unwrap();
    let out = cargo_purpose(&["lib.rs"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("no findings"), "{}", stderr(&out));
}

#[test]
fn a_flow_in_a_package_exits_1_only_for_the_marked_field() {
    let dir = tempfile::tempdir().unwrap();
    flow_crate(dir.path());
    let out = cargo_purpose(&["--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v}");
    assert_eq!(findings[0]["sink"]["file"], "src/lib.rs");
    assert_eq!(findings[0]["sink"]["line"], 8);
    assert_eq!(findings[0]["source"]["label"], "Account::phone");
}

#[test]
fn unparsable_file_exits_2_names_the_file_and_keeps_other_findings() {
    let dir = tempfile::tempdir().unwrap();
    flow_crate(dir.path());
    std::fs::write(dir.path().join("src/lib.rs"), {
        let text = std::fs::read_to_string(dir.path().join("src/lib.rs")).unwrap();
        format!("mod broken;\n{text}")
    })
    .unwrap();
    std::fs::write(dir.path().join("src/broken.rs"), "fn ok() {}\n\nfn broken( {\n").unwrap();
    let out = cargo_purpose(&["--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{v}");
    assert_eq!(errors[0]["file"], "src/broken.rs");
    assert_eq!(errors[0]["line"], 3);
    assert_eq!(v["findings"].as_array().unwrap().len(), 1, "the other file is still analysed");

    let human = cargo_purpose(&["."], dir.path());
    assert_eq!(human.status.code(), Some(2));
    assert!(stderr(&human).contains("src/broken.rs"), "{}", stderr(&human));
}

#[test]
fn runs_as_a_cargo_subcommand_and_with_manifest_path() {
    let dir = tempfile::tempdir().unwrap();
    flow_crate(dir.path());
    let sub = cargo_purpose(&["purpose", "--format", "json"], dir.path());
    assert_eq!(sub.status.code(), Some(1), "{}", stderr(&sub));
    let elsewhere = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("Cargo.toml");
    let by_manifest =
        cargo_purpose(&["--format", "json", "--manifest-path", manifest.to_str().unwrap()], elsewhere.path());
    assert_eq!(by_manifest.status.code(), Some(1), "{}", stderr(&by_manifest));
    assert_eq!(stdout(&sub), stdout(&by_manifest));
}

#[test]
fn bad_arguments_and_missing_paths_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bad_flag = cargo_purpose(&["--format", "xml"], dir.path());
    assert_eq!(bad_flag.status.code(), Some(2));
    let missing = cargo_purpose(&["no/such/dir"], dir.path());
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
    assert!(stderr(&missing).contains("no/such/dir"), "{}", stderr(&missing));
}
