//! `--format sarif` and `--format github` as CI sees them: what GitHub code
//! scanning requires of an upload, what the Actions runner requires of a
//! workflow command, and, when `SARIF_VALIDATOR` names Microsoft's SARIF
//! multitool executable (`.ci/run` installs it), the validator's verdict.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use common::{cargo_purpose, stdout};

fn json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output))
        .unwrap_or_else(|e| panic!("invalid JSON ({e}):\n{}", stdout(output)))
}

/// A package whose `src/lib.rs` does not parse.
fn broken_package(dir: &Path) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"broken\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("src/lib.rs"), "pub fn f() {\n    let x = ;\n}\n").unwrap();
}

/// Checks what GitHub code scanning needs of an uploaded SARIF file, and
/// what this tool promises on top (code flows, fingerprints, base URI).
fn check_code_scanning_requirements(sarif: &Value) {
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().is_some_and(|s| s.starts_with("https://")), "$schema");
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "cargo-purpose");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"].as_str().is_some_and(|u| u.starts_with("https://")));
    let rules = driver["rules"].as_array().expect("rules");
    let rule = rules.iter().find(|r| r["id"] == "security-to-advertising").expect("the flow rule");
    for key in ["shortDescription", "fullDescription", "help"] {
        assert!(rule[key]["text"].as_str().is_some_and(|t| !t.is_empty()), "rule {key}.text");
    }
    assert!(rule["help"]["markdown"].as_str().is_some_and(|t| t.contains("#[security_only]")));

    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().expect("%SRCROOT% base");
    assert!(base.starts_with("file:///") && base.ends_with('/'), "{base}");

    let results = run["results"].as_array().expect("results (possibly empty)");
    for result in results {
        let rule_id = result["ruleId"].as_str().expect("ruleId");
        assert!(rules.iter().any(|r| r["id"] == rule_id), "ruleId {rule_id} is a driver rule");
        assert_eq!(result["level"], "error");
        assert!(result["message"]["text"].as_str().is_some_and(|t| !t.is_empty()), "message.text");
        let locations = result["locations"].as_array().expect("locations");
        assert!(!locations.is_empty() && locations.len() <= 10);
        check_physical(&locations[0]["physicalLocation"]);
        let related = result["relatedLocations"].as_array().expect("relatedLocations");
        assert!(related[0]["message"]["text"].as_str().is_some_and(|t| t.contains("security-only source")));
        check_physical(&related[0]["physicalLocation"]);
        let fingerprint = result["partialFingerprints"]["cargoPurpose/v1"].as_str().expect("fingerprint");
        assert_eq!(fingerprint.len(), 16);
        let flow = result["codeFlows"][0]["threadFlows"][0]["locations"].as_array().expect("codeFlows");
        assert!(flow.len() >= 2, "at least source and sink");
        for step in flow {
            assert!(step["location"]["message"]["text"].is_string(), "every flow location has a message");
            check_physical(&step["location"]["physicalLocation"]);
        }
    }
}

fn check_physical(physical: &Value) {
    let artifact = &physical["artifactLocation"];
    let uri = artifact["uri"].as_str().expect("artifactLocation.uri");
    assert!(!uri.contains(':') && !uri.starts_with('/'), "relative uri: {uri}");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    let region = &physical["region"];
    assert!(region["startLine"].as_u64().is_some_and(|l| l >= 1), "region.startLine in {physical}");
    assert!(region["startColumn"].as_u64().is_some_and(|c| c >= 1), "region.startColumn in {physical}");
}

/// Runs Microsoft's validator (SARIF and GitHub rules) on `sarif` when
/// `SARIF_VALIDATOR` is set, and fails on any error or warning it reports.
/// Its exit status is 0 even when it finds errors, so its own SARIF log is
/// read as well.
fn validate(sarif: &str, name: &str) {
    let Some(validator) = std::env::var_os("SARIF_VALIDATOR") else {
        eprintln!("SARIF_VALIDATOR not set: {name} checked without Microsoft's validator");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(format!("{name}.sarif"));
    let log = dir.path().join("validation.sarif");
    std::fs::write(&input, sarif).unwrap();
    let output = Command::new(&validator)
        .arg("validate")
        .args(["--rule-kind", "Sarif;Gh", "--level", "Error;Warning", "--output"])
        .arg(&log)
        .arg(&input)
        .output()
        .unwrap_or_else(|e| panic!("cannot run SARIF_VALIDATOR {}: {e}", Path::new(&validator).display()));
    let said =
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("validator on {name}:\n{said}");
    assert!(output.status.success(), "validator failed on {name}:\n{said}");
    let verdict: Value = serde_json::from_str(&std::fs::read_to_string(&log).expect("validator log"))
        .expect("validator log is JSON");
    let problems: Vec<&Value> = verdict["runs"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|run| run["results"].as_array().into_iter().flatten())
        .filter(|result| matches!(result["level"].as_str(), Some("error" | "warning") | None))
        .collect();
    assert!(problems.is_empty(), "validator reports on {name}:\n{said}");
}

#[test]
fn bundled_example_meets_code_scanning_requirements() {
    let root = common::repo_root();
    let output = cargo_purpose(&["--format", "sarif", "examples/twitter-2fa"], &root);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let sarif = json(&output);
    check_code_scanning_requirements(&sarif);
    let run = &sarif["runs"][0];
    assert!(run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .is_some_and(|u| u.ends_with("/examples/twitter-2fa/")));
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    // The same findings, ids and places as the JSON report.
    let report = json(&cargo_purpose(&["--format", "json", "examples/twitter-2fa"], &root));
    let findings = report["findings"].as_array().expect("findings");
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), findings.len());
    assert!(!results.is_empty());
    for (result, finding) in results.iter().zip(findings) {
        assert_eq!(result["partialFingerprints"]["cargoPurpose/v1"], finding["id"]);
        let sink = &result["locations"][0]["physicalLocation"];
        assert_eq!(sink["artifactLocation"]["uri"], finding["sink"]["file"]);
        for (sarif_key, json_key) in [
            ("startLine", "line"),
            ("startColumn", "column"),
            ("endLine", "end_line"),
            ("endColumn", "end_column"),
        ] {
            assert_eq!(sink["region"][sarif_key], finding["sink"][json_key], "{sarif_key}");
        }
        let source = &result["relatedLocations"][0]["physicalLocation"];
        assert_eq!(source["artifactLocation"]["uri"], finding["source"]["file"]);
        assert_eq!(source["region"]["startLine"], finding["source"]["line"]);
        let flow = result["codeFlows"][0]["threadFlows"][0]["locations"].as_array().expect("flow");
        let steps = finding["steps"].as_array().expect("steps");
        assert_eq!(flow.len(), steps.len() + 2, "source, every step, sink");
        for (location, step) in flow[1..].iter().zip(steps) {
            assert_eq!(location["location"]["message"]["text"], step["note"]);
            assert_eq!(location["location"]["physicalLocation"]["region"]["startLine"], step["line"]);
        }
    }

    let again = cargo_purpose(&["--format", "sarif", "examples/twitter-2fa"], &root);
    assert_eq!(stdout(&again), stdout(&output), "deterministic");
    validate(&stdout(&output), "twitter-2fa");
}

#[test]
fn parse_errors_are_notifications_of_an_unsuccessful_run() {
    let dir = tempfile::tempdir().unwrap();
    broken_package(dir.path());
    let output = cargo_purpose(&["--format", "sarif", "."], dir.path());
    assert_eq!(output.status.code(), Some(2));
    let sarif = json(&output);
    check_code_scanning_requirements(&sarif);
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notifications = invocation["toolExecutionNotifications"].as_array().expect("notifications");
    let error = notifications.iter().find(|n| n["level"] == "error").expect("an error notification");
    assert!(error["message"]["text"].as_str().is_some_and(|t| !t.is_empty()));
    let physical = &error["locations"][0]["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uri"], "src/lib.rs");
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(physical["region"]["startLine"], 2);
    validate(&stdout(&output), "parse-error");
}

/// Undoes the runner's escaping of a property value or message.
fn unescape(text: &str) -> String {
    text.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")
}

/// `(properties, message)` of a `::error ...::...` line.
fn parse_command<'a>(line: &'a str, command: &str) -> (Vec<(&'a str, &'a str)>, &'a str) {
    let rest =
        line.strip_prefix(&format!("::{command} ")).unwrap_or_else(|| panic!("not ::{command}: {line}"));
    let (properties, message) = rest.split_once("::").expect("`::` before the message");
    let properties = properties
        .split(',')
        .map(|property| property.split_once('=').unwrap_or_else(|| panic!("key=value: {property}")))
        .collect();
    (properties, message)
}

#[test]
fn github_annotations_for_the_bundled_example() {
    let root = common::repo_root();
    let output = cargo_purpose(&["--format", "github", "examples/twitter-2fa"], &root);
    assert_eq!(output.status.code(), Some(1));
    let report = json(&cargo_purpose(&["--format", "json", "examples/twitter-2fa"], &root));
    let findings = report["findings"].as_array().expect("findings");
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), findings.len(), "one command per finding:\n{text}");
    for (line, finding) in lines.iter().zip(findings) {
        assert!(line.starts_with("::error file="), "{line}");
        let (properties, message) = parse_command(line, "error");
        let keys: Vec<&str> = properties.iter().map(|(key, _)| *key).collect();
        assert_eq!(keys, ["file", "line", "col", "endLine", "endColumn", "title"]);
        for (_, value) in &properties {
            assert!(!value.contains([':', ',', '\r', '\n']), "escaped property: {value}");
        }
        let sink = &finding["sink"];
        let value = |key: &str| properties.iter().find(|(k, _)| *k == key).map(|(_, v)| unescape(v));
        assert_eq!(value("file").as_deref(), sink["file"].as_str());
        for (key, json_key) in
            [("line", "line"), ("col", "column"), ("endLine", "end_line"), ("endColumn", "end_column")]
        {
            assert_eq!(value(key), Some(sink[json_key].to_string()), "{key}");
        }
        assert!(!message.contains(['\r', '\n']));
        let message = unescape(message);
        let message_lines: Vec<&str> = message.lines().collect();
        assert_eq!(message_lines.first().copied(), finding["message"].as_str());
        assert!(message.contains(&format!(
            "source: {}:{}",
            finding["source"]["file"].as_str().unwrap_or_default(),
            finding["source"]["line"]
        )));
        let steps = finding["steps"].as_array().expect("steps");
        assert_eq!(message_lines.iter().filter(|l| l.starts_with("  -> ")).count(), steps.len());
        assert!(message.contains(&format!("id: {}", finding["id"].as_str().unwrap_or_default())));
    }
}

#[test]
fn github_commands_escape_what_the_runner_would_misread() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"odd\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .unwrap();
    std::fs::write(root.join("src/lib.rs"), "#[path = \"odd,name%1.rs\"]\nmod odd;\n").unwrap();
    std::fs::write(
        root.join("src/odd,name%1.rs"),
        "pub struct Account {\n    #[security_only]\n    pub phone: String,\n}\n\
         #[advertising_sink]\npub fn track(_key: &str) {}\n\
         pub fn sync(a: &Account) {\n    track(&a.phone);\n}\n",
    )
    .unwrap();
    let output = cargo_purpose(&["--format", "github", "."], root);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("::error file=src/odd%2Cname%251.rs,line=8,col=5,"), "{text}");
    assert!(text.contains("title=cargo-purpose%3A "), "{text}");
    assert!(text.contains("%0Asource: src/odd,name%251.rs:2:5 `Account::phone`%0A"), "{text}");

    broken_package(root);
    std::fs::remove_file(root.join("src/odd,name%1.rs")).unwrap();
    let output = cargo_purpose(&["--format", "github", "."], root);
    assert_eq!(output.status.code(), Some(2));
    let text = stdout(&output);
    assert!(text.lines().all(|line| line.starts_with("::error")), "{text}");
    assert!(text.contains("::error file=src/lib.rs,line=2,col="), "{text}");
}

#[test]
fn help_lists_the_formats_and_baseline_flags() {
    let output = cargo_purpose(&["--help"], &common::repo_root());
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    for expected in ["--format", "human", "json", "sarif", "github", "--baseline", "--write-baseline"] {
        assert!(help.contains(expected), "--help lacks {expected}:\n{help}");
    }
}
