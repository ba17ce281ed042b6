//! Hostile and broken input (issue 6): every broken thing is an error that
//! names its file (and line), the run exits 2, and a flow elsewhere in the
//! same workspace is still reported; pathological input neither crashes nor
//! hangs; nothing of the scanned project runs and nothing is written into it.
//!
//! Inputs are generated here, in temporary directories, and the built binary
//! is run on them with `--format json`.

use std::fmt::Write as _;
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// One run of the binary.
struct Run {
    code: Option<i32>,
    json: Value,
    stdout: String,
    stderr: String,
}

impl Run {
    fn errors(&self) -> &[Value] {
        self.json["errors"].as_array().map_or(&[], Vec::as_slice)
    }

    fn warnings(&self) -> &[Value] {
        self.json["warnings"].as_array().map_or(&[], Vec::as_slice)
    }

    fn findings(&self) -> &[Value] {
        self.json["findings"].as_array().map_or(&[], Vec::as_slice)
    }

    /// The one error about `file` (at `line`, when given), its message
    /// containing every one of `words`.
    fn assert_error(&self, file: &str, line: Option<u64>, words: &[&str]) -> &Value {
        let about: Vec<&Value> = self
            .errors()
            .iter()
            .filter(|e| e["file"] == file && line.is_none_or(|line| e["line"] == line))
            .collect();
        let [error] = about.as_slice() else {
            panic!("expected one error about {file} (line {line:?}), got:\n{}", self.dump());
        };
        let message = error["message"].as_str().unwrap_or_default();
        for word in words {
            assert!(message.contains(word), "`{word}` not in `{message}`\n{}", self.dump());
        }
        error
    }

    /// Exit status 2 and exactly `count` errors.
    fn assert_untrusted(&self, count: usize) {
        assert_eq!(self.code, Some(2), "{}", self.dump());
        assert_eq!(self.errors().len(), count, "{}", self.dump());
    }

    /// The flow of [`lib_rs`] was found, its sink in `file`.
    fn assert_flow_in(&self, file: &str) {
        let found = self
            .findings()
            .iter()
            .any(|f| f["sink"]["file"] == file && f["source"]["label"] == "Account::phone");
        assert!(found, "no finding with its sink in {file}:\n{}", self.dump());
    }

    fn dump(&self) -> String {
        format!("status {:?}\nstdout:\n{}\nstderr:\n{}", self.code, self.stdout, self.stderr)
    }
}

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_cargo-purpose")
}

/// Run `prefix... cargo-purpose --format json path` in `cwd`.
fn run_with(prefix: &[&str], path: &Path, cwd: &Path) -> Run {
    let mut command = match prefix.split_first() {
        Some((program, args)) => {
            let mut command = Command::new(program);
            command.args(args).arg(binary());
            command
        }
        None => Command::new(binary()),
    };
    let out = command
        .args(["--format", "json"])
        .arg(path)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run cargo-purpose");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    let run = Run {
        code: out.status.code(),
        json,
        stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(matches!(run.code, Some(0..=2)), "crashed:\n{}", run.dump());
    assert!(run.json.is_object(), "no JSON report:\n{}", run.dump());
    run
}

/// [`run`], but killed (and the test failed) after `seconds`: for input
/// that used to hang.
fn run_within(path: &Path, seconds: u64) -> Run {
    let mut child = Command::new(binary())
        .args(["--format", "json"])
        .arg(path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run cargo-purpose");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    while std::time::Instant::now() < deadline {
        if child.try_wait().expect("wait").is_some() {
            return run(path);
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("no answer on {} within {seconds} s", path.display());
}

fn run(path: &Path) -> Run {
    run_with(&[], path, path.parent().unwrap_or(path))
}

/// Write a tree given as one string: each file starts with a `//- path`
/// line (as in the discovery unit tests).
fn write_tree(root: &Path, spec: &str) {
    for chunk in spec.split("//- ").skip(1) {
        let (path, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        write(&root.join(path.trim()), body.as_bytes());
    }
}

fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().expect("a parent")).expect("create dirs");
    fs::write(path, bytes).expect("write file");
}

/// The `src/lib.rs` of a package: `mods` (whole lines), then a flow whose
/// sink call is in this file and whose sink is in `src/ads.rs`.
fn lib_rs(mods: &str) -> String {
    format!(
        "mod ads;\n{mods}pub struct Account {{\n    #[security_only]\n    pub phone: String,\n}}\n\
         pub fn sync(a: &Account) {{\n    ads::track(&a.phone);\n}}\n"
    )
}

const ADS_RS: &str = "#[advertising_sink]\npub fn track(_key: &str) {}\n";

/// A package `name` in `dir` with [`lib_rs`]`(mods)`.
fn package(dir: &Path, name: &str, mods: &str) {
    write(
        &dir.join("Cargo.toml"),
        format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n").as_bytes(),
    );
    write(&dir.join("src/lib.rs"), lib_rs(mods).as_bytes());
    write(&dir.join("src/ads.rs"), ADS_RS.as_bytes());
}

/// A workspace with the members listed as written, and a member `good`
/// holding the flow.
fn workspace(dir: &Path, members: &str) {
    write(&dir.join("Cargo.toml"), format!("[workspace]\nmembers = [{members}]\n").as_bytes());
    package(&dir.join("good"), "good", "");
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temporary directory")
}

// ---------------------------------------------------------------------------
// File permissions. These tests run as root here, and root reads anything.

/// How to run the binary so that file permissions apply to it, or why they
/// cannot be made to.
enum Permissions {
    /// Run with this prefix (empty: they apply to us already).
    Apply(Vec<&'static str>),
    Ignored(String),
}

const AS_NOBODY: [&str; 4] = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"];

fn permissions() -> Permissions {
    let dir = tempdir();
    let probe = dir.path().join("probe");
    write(&probe, b"x");
    fs::set_permissions(&probe, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&probe).is_err() {
        return Permissions::Apply(Vec::new());
    }
    // We bypass permissions (root): try as `nobody`, if the binary can be
    // run that way.
    let works = Command::new(AS_NOBODY[0])
        .args(&AS_NOBODY[1..])
        .arg(binary())
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if works {
        Permissions::Apply(AS_NOBODY.to_vec())
    } else {
        Permissions::Ignored(
            "running with permission to read anything (root) and `setpriv` cannot run the binary as \
             `nobody`"
                .to_string(),
        )
    }
}

/// Let `nobody` into a temporary tree (tempfile makes it private).
fn open_to_all(root: &Path) {
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.expect("walk");
        let mode = if entry.file_type().is_dir() { 0o755 } else { 0o644 };
        fs::set_permissions(entry.path(), fs::Permissions::from_mode(mode)).expect("chmod");
    }
}

/// Takes every permission from `path`, and gives them back on drop so that
/// the temporary tree can be removed.
struct Locked(PathBuf, u32);

impl Locked {
    fn new(path: PathBuf) -> Locked {
        let mode = fs::metadata(&path).expect("exists").permissions().mode();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod 000");
        Locked(path, mode)
    }
}

impl Drop for Locked {
    fn drop(&mut self) {
        let _ = fs::set_permissions(&self.0, fs::Permissions::from_mode(self.1));
    }
}

// ---------------------------------------------------------------------------
// 1. Broken input is reported, the rest analysed.

#[test]
fn a_path_that_does_not_exist() {
    let dir = tempdir();
    let given = run_with(&[], Path::new("no/such/dir"), dir.path());
    given.assert_untrusted(1);
    given.assert_error("no/such/dir", Some(1), &["`no/such/dir` does not exist"]);

    // A workspace member and a path dependency that do not exist.
    workspace(dir.path(), "\"good\", \"gone\"");
    write(
        &dir.path().join("good/Cargo.toml"),
        b"[package]\nname = \"good\"\n[dependencies]\nhelper = { path = \"../vanished\" }\n",
    );
    let ws = run(dir.path());
    ws.assert_untrusted(2);
    ws.assert_error("Cargo.toml", Some(2), &["workspace member `gone` does not exist"]);
    ws.assert_error("good/Cargo.toml", Some(4), &["`vanished` does not exist"]);
    ws.assert_flow_in("good/src/lib.rs");
}

#[test]
fn a_directory_without_permission() {
    let dir = tempdir();
    let root = dir.path().join("pkg");
    package(&root, "demo", "mod locked;\n");
    write(&root.join("src/locked/mod.rs"), b"pub fn inner() {}\n");
    // A plain directory of files too, whose walk meets the locked directory.
    let plain = dir.path().join("plain");
    write(
        &plain.join("flow.rs"),
        lib_rs("").replace("mod ads;\n", &format!("mod ads {{ {ADS_RS} }}\n")).as_bytes(),
    );
    write(&plain.join("locked/hidden.rs"), b"pub fn hidden() {}\n");
    open_to_all(dir.path());
    let _locks = [Locked::new(root.join("src/locked")), Locked::new(plain.join("locked"))];
    match permissions() {
        Permissions::Apply(prefix) => {
            let pkg = run_with(&prefix, &root, dir.path());
            pkg.assert_untrusted(1);
            let error = pkg.assert_error(
                "src/lib.rs",
                Some(2),
                &["module `locked`", "cannot access `src/locked/mod.rs`", "Permission denied"],
            );
            assert_eq!(error["column"], 5);
            pkg.assert_flow_in("src/lib.rs");

            let walk = run_with(&prefix, &plain, dir.path());
            walk.assert_untrusted(1);
            walk.assert_error("locked", None, &["cannot read directory", "Permission denied"]);
            walk.assert_flow_in("flow.rs");
        }
        Permissions::Ignored(why) => {
            println!("permissions cannot be tested: {why}; checking the locked files are analysed instead");
            let pkg = run(&root);
            assert_eq!((pkg.code, pkg.errors().len()), (Some(1), 0), "{}", pkg.dump());
            pkg.assert_flow_in("src/lib.rs");
            assert_eq!(pkg.json["summary"]["files"], 3, "{}", pkg.dump());
            let walk = run(&plain);
            assert_eq!(
                (walk.code, walk.json["summary"]["files"].as_u64()),
                (Some(1), Some(2)),
                "{}",
                walk.dump()
            );
        }
    }
}

#[test]
fn a_file_that_is_not_utf8() {
    let dir = tempdir();
    package(dir.path(), "demo", "mod latin1;\n");
    write(&dir.path().join("src/latin1.rs"), b"pub fn a() {}\n// caf\xe9 au lait\npub fn b() {}\n");
    let run = run(dir.path());
    run.assert_untrusted(1);
    let error = run.assert_error("src/latin1.rs", Some(2), &["not valid UTF-8"]);
    assert_eq!(error["column"], 7);
    run.assert_flow_in("src/lib.rs");
}

#[test]
fn a_binary_file_with_an_rs_name() {
    let dir = tempdir();
    package(dir.path(), "demo", "mod blob;\nmod zeros;\n");
    let mut blob = b"\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe".to_vec();
    blob.extend((0..=255u8).cycle().take(4096));
    write(&dir.path().join("src/blob.rs"), &blob);
    // Valid UTF-8, but NUL bytes all the same.
    write(&dir.path().join("src/zeros.rs"), &[0u8; 4096]);
    let run = run(dir.path());
    run.assert_untrusted(2);
    let error = run.assert_error("src/blob.rs", Some(1), &["not valid UTF-8", "binary file"]);
    assert_eq!(error["column"], 11);
    let error = run.assert_error("src/zeros.rs", Some(1), &["cannot parse"]);
    assert_eq!(error["column"], 1);
    run.assert_flow_in("src/lib.rs");
}

#[test]
fn a_syntax_error() {
    let dir = tempdir();
    package(dir.path(), "demo", "mod broken;\n");
    write(&dir.path().join("src/broken.rs"), b"pub fn a() {\n    let x = ;\n}\n");
    let run = run(dir.path());
    run.assert_untrusted(1);
    let error = run.assert_error("src/broken.rs", Some(2), &["cannot parse", "expected an expression"]);
    assert_eq!(error["column"], 13);
    run.assert_flow_in("src/lib.rs");
}

#[test]
fn an_invalid_manifest() {
    let dir = tempdir();
    workspace(dir.path(), "\"good\", \"bad\", \"typo\"");
    write_tree(
        dir.path(),
        "//- bad/Cargo.toml\n[package\nname = \"bad\"\n//- bad/src/lib.rs\n\
         //- typo/Cargo.toml\n[package]\nname = 7\n//- typo/src/lib.rs\n",
    );
    let run = run(dir.path());
    run.assert_untrusted(2);
    let error = run.assert_error("bad/Cargo.toml", Some(1), &["invalid manifest"]);
    assert_eq!(error["column"], 9);
    run.assert_error("typo/Cargo.toml", Some(2), &["`name` must be a string"]);
    run.assert_flow_in("good/src/lib.rs");
}

#[test]
fn an_unreadable_manifest() {
    let dir = tempdir();
    workspace(dir.path(), "\"good\", \"bad\"");
    package(&dir.path().join("bad"), "bad", "");
    open_to_all(dir.path());
    let _lock = Locked::new(dir.path().join("bad/Cargo.toml"));
    match permissions() {
        Permissions::Apply(prefix) => {
            let run = run_with(&prefix, dir.path(), dir.path());
            run.assert_untrusted(1);
            run.assert_error("bad/Cargo.toml", Some(1), &["cannot read manifest", "Permission denied"]);
            run.assert_flow_in("good/src/lib.rs");
        }
        Permissions::Ignored(why) => {
            println!("permissions cannot be tested: {why}; checking the locked manifest is read instead");
            let run = run(dir.path());
            assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
            run.assert_flow_in("bad/src/lib.rs");
            run.assert_flow_in("good/src/lib.rs");
        }
    }
}

#[test]
fn a_member_glob_that_matches_nothing() {
    let dir = tempdir();
    workspace(dir.path(), "\n    \"good\",\n    \"plugins/*\",\n");
    let run = run(dir.path());
    run.assert_untrusted(1);
    let error = run.assert_error("Cargo.toml", Some(4), &["`plugins/*` matches no directory"]);
    assert_eq!(error["column"], 5);
    run.assert_flow_in("good/src/lib.rs");
}

#[test]
fn a_module_whose_file_is_missing() {
    let dir = tempdir();
    package(dir.path(), "demo", "mod gone;\n");
    let run = run(dir.path());
    run.assert_untrusted(1);
    run.assert_error(
        "src/lib.rs",
        Some(2),
        &["file not found for module `gone`", "src/gone.rs", "src/gone/mod.rs"],
    );
    run.assert_flow_in("src/lib.rs");
}

/// A `.rs` file of the package that no target reaches (here: a module
/// only a `cfg_attr(.., path)` would include) is still analysed, as a
/// standalone crate; one that is not valid Rust (parser test data) cannot
/// be in the build and is a warning, not an error.
#[test]
fn files_no_target_reaches() {
    let dir = tempdir();
    package(dir.path(), "demo", "");
    let orphan = "pub struct Account {\n    #[security_only]\n    pub phone: String,\n}\n\
                  #[advertising_sink]\npub fn track(_key: &str) {}\n\
                  pub fn leak(a: &Account) {\n    track(&a.phone);\n}\n";
    write(&dir.path().join("src/platform/other_os.rs"), orphan.as_bytes());
    write(&dir.path().join("test_data/broken.rs"), b"fn broken( {\n");
    let run = run(dir.path());
    assert_eq!(run.code, Some(1), "{}", run.dump());
    assert!(run.errors().is_empty(), "{}", run.dump());
    run.assert_flow_in("src/lib.rs");
    assert!(run.findings().iter().any(|f| f["sink"]["file"] == "src/platform/other_os.rs"), "{}", run.dump());
    let warned = run.warnings().iter().any(|w| {
        let text = w.to_string();
        text.contains("test_data/broken.rs") && text.contains("reached by no target")
    });
    assert!(warned, "{}", run.dump());
}

/// A file no target reaches that names a module of a target (`mod ads;`
/// from `src/legacy.rs` is `src/ads.rs`, the lib's module too): the targets
/// are indexed while such files load, so the shared module is loaded again
/// for it, and both crates see its sink.
#[test]
fn a_file_no_target_reaches_shares_a_module_with_a_target() {
    let dir = tempdir();
    package(dir.path(), "demo", "");
    let legacy = "mod ads;\npub struct Device {\n    #[security_only]\n    pub phone: String,\n}\n\
                  pub fn upload(d: &Device) {\n    ads::track(&d.phone);\n}\n";
    write(&dir.path().join("src/legacy.rs"), legacy.as_bytes());
    let run = run(dir.path());
    assert_eq!(run.code, Some(1), "{}", run.dump());
    assert!(run.errors().is_empty(), "{}", run.dump());
    run.assert_flow_in("src/lib.rs");
    let legacy_flow = run
        .findings()
        .iter()
        .any(|f| f["sink"]["file"] == "src/legacy.rs" && f["source"]["label"] == "Device::phone");
    assert!(legacy_flow, "{}", run.dump());
    assert_eq!(run.findings().len(), 2, "{}", run.dump());
}

/// `#[cfg_attr(.., path = "..")]`: the first alternative is the module,
/// the others are files no target reaches; every one is analysed, and
/// nothing is reported missing.
#[test]
fn cfg_attr_path_alternatives() {
    let dir = tempdir();
    let mods =
        "#[cfg_attr(unix, path = \"os/unix.rs\")]\n#[cfg_attr(windows, path = \"os/windows.rs\")]\nmod os;\n";
    package(dir.path(), "demo", mods);
    let leak = "pub struct Device {\n    #[security_only]\n    pub phone: String,\n}\n\
                #[advertising_sink]\npub fn track(_key: &str) {}\n\
                pub fn leak(d: &Device) {\n    track(&d.phone);\n}\n";
    write(&dir.path().join("src/os/unix.rs"), leak.as_bytes());
    write(&dir.path().join("src/os/windows.rs"), leak.as_bytes());
    let run = run(dir.path());
    assert_eq!(run.code, Some(1), "{}", run.dump());
    assert!(run.errors().is_empty(), "{}", run.dump());
    run.assert_flow_in("src/lib.rs");
    for file in ["src/os/unix.rs", "src/os/windows.rs"] {
        assert!(run.findings().iter().any(|f| f["sink"]["file"] == file), "{file}: {}", run.dump());
    }
}

/// `include!("file.rs")` at item level: the file's items join the module
/// that includes it (here they name `Account` and `ads` as the crate root
/// does), and it is not analysed a second time as a file no target reaches.
#[test]
fn included_item_files() {
    let dir = tempdir();
    package(dir.path(), "demo", "include!(\"generated/api.rs\");\n");
    let included = "pub fn leak_included(a: &Account) {\n    ads::track(&a.phone);\n}\n";
    write(&dir.path().join("src/generated/api.rs"), included.as_bytes());
    let run = run(dir.path());
    assert_eq!(run.code, Some(1), "{}", run.dump());
    assert!(run.errors().is_empty(), "{}", run.dump());
    run.assert_flow_in("src/lib.rs");
    run.assert_flow_in("src/generated/api.rs");
    assert_eq!(run.findings().len(), 2, "{}", run.dump());
}

#[test]
fn a_path_attribute_to_a_missing_file() {
    let dir = tempdir();
    package(dir.path(), "demo", "#[path = \"nowhere/x.rs\"]\nmod x;\n");
    let run = run(dir.path());
    run.assert_untrusted(1);
    run.assert_error("src/lib.rs", Some(3), &["file not found for module `x`", "src/nowhere/x.rs"]);
    run.assert_flow_in("src/lib.rs");
}

/// A `#[path]` or a symbolic link leading out of the scanned tree is not
/// read: diagnostics quote source lines, and a pull request must not be able
/// to make them quote `/proc/self/environ` into a public CI log. The module
/// is then missing, so it is an error.
#[test]
fn a_path_attribute_or_link_outside_the_tree() {
    let dir = tempdir();
    let root = dir.path().join("ws");
    package(&root, "demo", "#[path = \"../../outside.rs\"]\nmod outside;\nmod linked;\n");
    write(&dir.path().join("outside.rs"), b"SECRET-TOKEN-1234 is not Rust\n");
    symlink(dir.path().join("outside.rs"), root.join("src/linked.rs")).expect("symlink");
    let run = run(&root);
    run.assert_untrusted(2);
    let error = run.assert_error(
        "src/lib.rs",
        Some(3),
        &["module `outside`", "outside the scanned tree", "not read"],
    );
    assert_eq!(error["column"], 5);
    run.assert_error("src/lib.rs", Some(4), &["module `linked`", "`src/linked.rs` is a symbolic link to"]);
    assert!(!run.stdout.contains("SECRET") && !run.stderr.contains("SECRET"), "{}", run.dump());
    run.assert_flow_in("src/lib.rs");

    // Inside the tree, both are followed.
    write(&root.join("shared/inside.rs"), b"pub fn inside() {}\n");
    write(
        &root.join("src/lib.rs"),
        lib_rs("#[path = \"../shared/inside.rs\"]\nmod inside;\nmod linked;\n").as_bytes(),
    );
    fs::remove_file(root.join("src/linked.rs")).expect("unlink");
    symlink(root.join("shared/inside.rs"), root.join("src/linked.rs")).expect("symlink");
    let inside = self::run(&root);
    assert_eq!((inside.code, inside.errors().len()), (Some(1), 0), "{}", inside.dump());
}

#[test]
fn a_module_cycle_through_path_attributes() {
    let dir = tempdir();
    package(dir.path(), "demo", "#[path = \"cycle_a.rs\"]\nmod a;\n");
    write_tree(
        dir.path(),
        "//- src/cycle_a.rs\n#[path = \"cycle_b.rs\"]\nmod b;\n//- src/cycle_b.rs\n\n#[path = \"cycle_a.rs\"]\nmod back;\n",
    );
    let run = run(dir.path());
    run.assert_untrusted(1);
    run.assert_error("src/cycle_b.rs", Some(3), &["module `back`", "src/cycle_a.rs", "module cycle"]);
    run.assert_flow_in("src/lib.rs");

    // Through a symbolic link back up the tree: each level's path is longer
    // (`src/up/lib.rs`, `src/up/up/lib.rs`...), but it is the same file.
    let linked = tempdir();
    package(linked.path(), "demo", "#[path = \"up/lib.rs\"]\nmod again;\n");
    symlink(".", linked.path().join("src/up")).expect("symlink");
    let run = self::run(linked.path());
    run.assert_untrusted(1);
    run.assert_error("src/lib.rs", Some(3), &["module `again`", "src/up/lib.rs", "module cycle"]);
    run.assert_flow_in("src/lib.rs");
}

/// The tool has no configuration file: its configuration is its arguments
/// and the baseline file they name. Each bad one is an error on stderr that
/// names it, exit 2, and no report (no verdict at all, rather than one on
/// something other than what was asked).
#[test]
fn a_bad_configuration() {
    let dir = tempdir();
    package(dir.path(), "demo", "");
    write(&dir.path().join("garbage.json"), b"{ \"version\": 1, \"findings\": [ oops");
    write(&dir.path().join("future.json"), b"{ \"version\": 99, \"findings\": [] }");
    let cases: [(&[&str], &[&str]); 6] = [
        (&["--format", "xml"], &["invalid value 'xml'", "--format"]),
        (&["--jobs", "many"], &["invalid value 'many'", "--jobs"]),
        (&["--no-such-flag"], &["--no-such-flag"]),
        (&["--baseline", "missing.json"], &["missing.json"]),
        (&["--baseline", "garbage.json"], &["garbage.json"]),
        (&["--baseline", "future.json"], &["future.json"]),
    ];
    for (args, words) in cases {
        let out = Command::new(binary())
            .args(args)
            .arg(".")
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run cargo-purpose");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}: a report was written");
        for word in words {
            assert!(stderr.contains(word), "{args:?}: `{word}` not in {stderr}");
        }
    }
    // And the same tree with good arguments: the flow.
    run(dir.path()).assert_flow_in("src/lib.rs");
}

#[test]
fn empty_files() {
    let dir = tempdir();
    package(dir.path(), "demo", "mod empty;\nmod blank;\n");
    write(&dir.path().join("src/empty.rs"), b"");
    write(&dir.path().join("src/blank.rs"), b"\n\n   \n\t\r\n");
    write(&dir.path().join("src/bin/nothing.rs"), b"");
    let run = run(dir.path());
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    run.assert_flow_in("src/lib.rs");
    assert_eq!(run.json["summary"]["files"], 5, "{}", run.dump());

    let only = tempdir();
    write(&only.path().join("empty.rs"), b"");
    let empty = self::run(&only.path().join("empty.rs"));
    assert_eq!(
        (empty.code, empty.errors().len(), empty.findings().len()),
        (Some(0), 0, 0),
        "{}",
        empty.dump()
    );
}

/// Lines and columns count characters, from 1, after the byte-order mark,
/// with CRLF endings, tabs and characters of 2, 3 and 4 bytes before spans.
#[test]
fn positions_survive_bom_crlf_tabs_and_multibyte_characters() {
    let dir = tempdir();
    let text = "\u{feff}#[security_only] pub static PIN: &str = \"1\";\r\n\
                // héllo wörld ✓ 😀\r\n\
                #[advertising_sink]\r\n\
                pub fn track(_k: &str) {}\r\n\
                \tpub struct Account {\r\n\
                \t\t/* éé ✓ */ #[security_only] pub phone: String,\r\n\
                }\r\n\
                /* 😀€ */\tpub fn sync(a: &Account) {\r\n\
                \t/*é*/ track(&a.phone); track(PIN);\r\n\
                }\r\n";
    write(&dir.path().join("lib.rs"), text.as_bytes());
    let run = run(&dir.path().join("lib.rs"));
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    let at = |v: &Value| {
        (v["line"].as_u64(), v["column"].as_u64(), v["end_line"].as_u64(), v["end_column"].as_u64())
    };
    let mut seen: Vec<_> = run.findings().iter().map(|f| (at(&f["source"]), at(&f["sink"]))).collect();
    seen.sort();
    let span = |l, c, el, ec| (Some(l), Some(c), Some(el), Some(ec));
    assert_eq!(
        seen,
        [
            // `#[security_only] pub static PIN` right after the mark; and
            // `track(PIN)` after a tab, a comment with `é` and a first call.
            (span(1, 1, 1, 32), span(9, 25, 9, 35)),
            // The field after two tabs and `/* éé ✓ */`; `track(&a.phone)`
            // after a tab and `/*é*/`.
            (span(6, 14, 6, 48), span(9, 8, 9, 23)),
        ],
        "{}",
        run.dump()
    );
}

// ---------------------------------------------------------------------------
// 2. No crash, no hang.

/// A directory of loose files: `flow.rs` holds a flow, the others whatever
/// is given.
fn loose(files: &[(&str, String)]) -> (tempfile::TempDir, Run) {
    let dir = tempdir();
    let flow = lib_rs("").replace("mod ads;\n", &format!("mod ads {{ {ADS_RS} }}\n"));
    write(&dir.path().join("flow.rs"), flow.as_bytes());
    for (name, text) in files {
        write(&dir.path().join(name), text.as_bytes());
    }
    let run = run(dir.path());
    run.assert_flow_in("flow.rs");
    (dir, run)
}

#[test]
fn deep_nesting_is_analysed_or_refused_but_never_overflows() {
    let limit = cargo_purpose::parse::MAX_NESTING as usize;
    let nested = |open: &str, inner: &str, close: &str, n: usize| {
        format!("pub fn f() -> u32 {{\n    {}{inner}{}\n}}\n", open.repeat(n), close.repeat(n))
    };
    let generics = |n: usize| format!("pub fn f(_x: {}u8{}) {{}}\n", "Vec<".repeat(n), ">".repeat(n));
    let (_dir, run) = loose(&[
        ("parens.rs", nested("(", "1", ")", 20_000)),
        ("blocks.rs", nested("{", "1", "}", 5_000)),
        ("generics.rs", generics(5_000)),
        ("deeper_blocks.rs", nested("{", "1", "}", 100_000)),
        ("sum.rs", format!("pub fn f() -> u32 {{\n    0{}\n}}\n", " + 1".repeat(100_000))),
        // Just within the limit: analysed.
        ("deep_blocks.rs", nested("{", "1", "}", limit - 10)),
        ("deep_generics.rs", generics(limit - 10)),
    ]);
    run.assert_untrusted(5);
    // A body starts at depth 5 (the file, `fn`, `()`, `->`, `{`): the
    // limit is passed at the (limit - 4)th parenthesis, block or `+`, four
    // columns in; a parameter's type at depth 3, 13 columns in.
    let nth = limit - 4;
    let at_generic = 13 + 4 * (limit - 2);
    for (file, line, column) in [
        ("parens.rs", 2, 4 + nth),
        ("blocks.rs", 2, 4 + nth),
        ("deeper_blocks.rs", 2, 4 + nth),
        ("sum.rs", 2, 3 + 4 * nth),
        ("generics.rs", 1, at_generic),
    ] {
        let error = run.assert_error(file, Some(line), &["nested too deeply"]);
        assert_eq!(error["column"], column, "{file}");
    }
}

/// Links to `.`, to each other and to nothing; a directory walk neither
/// loops nor follows them.
#[test]
fn a_symbolic_link_loop_terminates() {
    let dir = tempdir();
    let flow = lib_rs("").replace("mod ads;\n", &format!("mod ads {{ {ADS_RS} }}\n"));
    write(&dir.path().join("src/flow.rs"), flow.as_bytes());
    symlink(".", dir.path().join("src/self")).expect("symlink");
    symlink("..", dir.path().join("src/up")).expect("symlink");
    symlink("b.rs", dir.path().join("src/a.rs")).expect("symlink");
    symlink("a.rs", dir.path().join("src/b.rs")).expect("symlink");
    symlink("gone.rs", dir.path().join("src/dangling.rs")).expect("symlink");
    let run = run(dir.path());
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    run.assert_flow_in("src/flow.rs");
    let warnings: Vec<&str> = run.warnings().iter().filter_map(|w| w["message"].as_str()).collect();
    for link in ["src/a.rs", "src/b.rs", "src/dangling.rs"] {
        let expected = format!("symbolic link `{link}` cannot be followed");
        assert!(warnings.iter().any(|w| w.starts_with(&expected)), "{expected}\n{}", run.dump());
    }
    assert_eq!(warnings.len(), 3, "{}", run.dump());
}

/// A link that a directory walk meets and that leads outside is skipped,
/// with a warning.
#[test]
fn a_symbolic_link_out_of_the_tree_is_not_followed() {
    let dir = tempdir();
    let root = dir.path().join("scan");
    let flow = lib_rs("").replace("mod ads;\n", &format!("mod ads {{ {ADS_RS} }}\n"));
    write(&root.join("flow.rs"), flow.as_bytes());
    write(&dir.path().join("elsewhere/secret.rs"), b"SECRET-TOKEN-1234 is not Rust\n");
    symlink(dir.path().join("elsewhere/secret.rs"), root.join("secret.rs")).expect("symlink");
    symlink(dir.path().join("elsewhere"), root.join("elsewhere")).expect("symlink");
    let run = run(&root);
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    run.assert_flow_in("flow.rs");
    let warnings: Vec<&str> = run.warnings().iter().filter_map(|w| w["message"].as_str()).collect();
    for link in ["elsewhere", "secret.rs"] {
        let expected = format!("symbolic link `{link}` leads outside the scanned tree");
        assert!(warnings.iter().any(|w| w.starts_with(&expected)), "{expected}\n{}", run.dump());
    }
    assert!(!run.stdout.contains("SECRET") && !run.stderr.contains("SECRET"), "{}", run.dump());
}

#[test]
fn a_ten_megabyte_file() {
    // One flow in the middle of 10 MB of code, comments and string data.
    let mut text = String::from("#[advertising_sink]\npub fn sink(_x: &str) {}\n");
    let mut i = 0;
    while text.len() < 10_000_000 {
        let _ = writeln!(text, "/// Entry {i} of a long generated table.\n// {}", "#".repeat(400));
        let _ = writeln!(text, "pub const C{i}: &str = \"{}\";", "abcdefghij".repeat(40));
        if i == 5_000 {
            text.push_str(
                "#[security_only]\npub static SECRET: &str = \"s\";\npub fn leak() { sink(SECRET); }\n",
            );
        }
        i += 1;
    }
    let (_dir, run) = loose(&[("big.rs", text)]);
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    assert!(run.findings().iter().any(|f| f["sink"]["file"] == "big.rs"), "{}", run.dump());
}

/// Past the size limit a file is refused, not read into memory whole: an
/// error for it, the rest analysed.
#[test]
fn a_file_over_the_size_limit() {
    let limit = cargo_purpose::parse::MAX_FILE_BYTES as usize;
    let mut text = "// padding\n".repeat(limit / 11 + 1);
    text.push_str("pub fn f() {}\n");
    let (_dir, run) = loose(&[("huge.rs", text)]);
    run.assert_untrusted(1);
    run.assert_error("huge.rs", None, &["larger than 64 MiB"]);
}

/// Two megabytes on one line, the flow at its end: found, at the right
/// column.
#[test]
fn a_very_long_line() {
    let numbers: Vec<String> = (0..300_000).map(|i| (i % 1000).to_string()).collect();
    let line =
        format!("pub const TABLE: &[u32] = &[{}]; pub fn leak() {{ sink(SECRET); }}", numbers.join(", "));
    let text = format!(
        "#[advertising_sink]\npub fn sink(_x: &str) {{}}\n#[security_only]\npub static SECRET: &str = \"s\";\n{line}\n"
    );
    let column = line.find("sink(SECRET)").expect("in the line") + 1;
    let (_dir, run) = loose(&[("wide.rs", text)]);
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    let sink = run.findings().iter().find(|f| f["sink"]["file"] == "wide.rs");
    let at = sink.map(|f| (f["sink"]["line"].clone(), f["sink"]["column"].clone()));
    assert_eq!(at, Some((Value::from(5), Value::from(column))), "{}", run.dump());
}

/// `sink(x)` after `statements` lets that derive `x` from a source.
#[test]
fn a_function_with_ten_thousand_statements() {
    let mut text = String::from(
        "#[advertising_sink]\npub fn sink(_x: u32) {}\n#[security_only]\npub fn src() -> u32 { 1 }\n\
         pub fn f() {\n    let x0 = src();\n",
    );
    for i in 1..10_000 {
        let _ = writeln!(text, "    let x{i} = x{} + {i};", i - 1);
    }
    text.push_str("    sink(x9999);\n}\n");
    let (_dir, run) = loose(&[("long.rs", text)]);
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    let sink = run.findings().iter().find(|f| f["sink"]["file"] == "long.rs");
    assert_eq!(sink.map(|f| f["sink"]["line"].clone()), Some(Value::from(10_006)), "{}", run.dump());
}

/// The source at the bottom of a chain of 2 000 calls, the sink at the top.
#[test]
fn a_call_chain_two_thousand_functions_deep() {
    let n = 2_000;
    let mut text = format!(
        "#[advertising_sink]\npub fn sink(_x: u32) {{}}\n#[security_only]\npub fn src() -> u32 {{ 1 }}\n\
         pub fn f{n}() -> u32 {{ src() }}\n"
    );
    for i in (0..n).rev() {
        let _ = writeln!(text, "pub fn f{i}() -> u32 {{ f{}() + 1 }}", i + 1);
    }
    text.push_str("pub fn top() { sink(f0()); }\n");
    let (_dir, run) = loose(&[("chain.rs", text)]);
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    assert!(run.findings().iter().any(|f| f["sink"]["file"] == "chain.rs"), "{}", run.dump());
}

#[test]
fn a_ten_thousand_arm_match_and_mutual_recursion() {
    let mut arms = String::from(
        "#[advertising_sink]\npub fn sink(_x: u32) {}\n#[security_only]\npub fn src() -> u32 { 1 }\n\
         pub fn f(k: u32) {\n    let s = src();\n    let v = match k {\n",
    );
    for i in 0..10_000 {
        let _ = writeln!(arms, "        {i} => {i},");
    }
    arms.push_str("        _ => s,\n    };\n    sink(v);\n}\n");
    // A ring of 500 functions calling each other; the source goes round.
    let mut ring = String::from(
        "#[advertising_sink]\npub fn sink(_x: u32) {}\n#[security_only]\npub fn src() -> u32 { 1 }\n",
    );
    for i in 0..500 {
        let _ = writeln!(
            ring,
            "pub fn r{i}(x: u32, k: u32) -> u32 {{ if k == 0 {{ x }} else {{ r{}(x, k - 1) }} }}",
            (i + 1) % 500
        );
    }
    ring.push_str("pub fn top() { sink(r0(src(), 9)); }\n");
    let (_dir, run) = loose(&[("arms.rs", arms), ("ring.rs", ring)]);
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    for file in ["arms.rs", "ring.rs"] {
        assert!(run.findings().iter().any(|f| f["sink"]["file"] == file), "{file}\n{}", run.dump());
    }
}

/// `v` starts as a source; a long chain of `if`/`else` reassignments, with
/// one path that keeps it, then the sink. And a chain where every branch
/// overwrites it with a constant, which is clean.
#[test]
fn long_if_else_reassignment_chains() {
    let head = "#[advertising_sink]\npub fn sink(_x: u32) {}\n#[security_only]\npub fn src() -> u32 { 1 }\n";
    let mut kept = format!("{head}pub fn f(k: u32) {{\n    let mut v = src();\n");
    for i in 0..300 {
        let _ = writeln!(kept, "    if k == {i} {{ v = {i}; }} else {{ v = v + 0; }}");
    }
    kept.push_str("    sink(v);\n}\n");
    let mut chain = format!("{head}pub fn g(k: u32) {{\n    let mut v = src();\n    ");
    for i in 0..1_000 {
        let _ = write!(chain, "if k == {i} {{ v = {i}; }} else ");
    }
    chain.push_str("{ v = 0; }\n    sink(v);\n}\n");
    let (_dir, run) = loose(&[("kept.rs", kept), ("overwritten.rs", chain)]);
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    assert!(run.findings().iter().any(|f| f["sink"]["file"] == "kept.rs"), "{}", run.dump());
    assert!(!run.findings().iter().any(|f| f["sink"]["file"] == "overwritten.rs"), "{}", run.dump());
}

/// Closures nested `n` deep, each called where it is made: each closure is
/// interpreted where it is created and again where it is called, `2^n` runs
/// (found by hand while fuzzing closures).
fn nested_closures(n: usize) -> String {
    let mut body = "src()".to_string();
    for _ in 0..n {
        body = format!("{{ let c = move || {body}; c() }}");
    }
    format!(
        "#[advertising_sink]\npub fn sink(_x: u32) {{}}\n#[security_only]\npub fn src() -> u32 {{ 1 }}\n\
         pub fn f() {{\n    sink({body});\n}}\n"
    )
}

/// The statement budget stops the blow-up in seconds, and says so.
#[test]
fn nested_called_closures_stay_bounded() {
    let dir = tempdir();
    write(&dir.path().join("closures.rs"), nested_closures(40).as_bytes());
    let run = run_within(&dir.path().join("closures.rs"), 20);
    assert_eq!(run.errors().len(), 0, "{}", run.dump());
    let warned =
        run.warnings().iter().any(|w| w["message"].as_str().is_some_and(|m| m.contains("too large")));
    assert!(warned, "{}", run.dump());
}

/// Definitions that refer to themselves: glob imports in a cycle, type
/// aliases and supertraits in a cycle, a `Deref` to itself, macros that
/// expand to themselves without end or twice over. All end, and the flow
/// beside them is found.
#[test]
fn cyclic_definitions_and_recursive_macros_terminate() {
    let text = "mod a { pub use super::b::*; pub use super::a::*; }\n\
        mod b { pub use super::a::*; pub use self::b2::*; pub mod b2 { pub use super::super::b::*; } }\n\
        pub use self::a::*;\n\
        type A = B; type B = A; type C<T> = C<Vec<T>>;\n\
        pub trait T1: T2 { fn go(&self) -> u32 { self.back() } }\n\
        pub trait T2: T1 { fn back(&self) -> u32 { self.go() } }\n\
        pub struct S { pub s: Box<S>, #[security_only] pub p: u32 }\n\
        impl T1 for S {}\nimpl T2 for S {}\n\
        impl std::ops::Deref for S { type Target = S; fn deref(&self) -> &S { &*self.s } }\n\
        macro_rules! twice { () => { twice!(); twice!(); }; }\n\
        macro_rules! grow { ($($t:tt)*) => { grow!($($t)* x); }; }\n\
        #[advertising_sink] pub fn sink(_x: u32) {}\n\
        pub fn f(s: &S, a: A, c: C<u8>) { twice!(); grow!(); let x: B = a; sink(s.s.s.s.p + s.go()); let _ = (x, c); }\n\
        pub fn g(s: S) -> S { g(g(g(s))) }\n";
    let dir = tempdir();
    write(&dir.path().join("cycles.rs"), text.as_bytes());
    let run = run_within(&dir.path().join("cycles.rs"), 20);
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    assert_eq!(
        run.findings().first().map(|f| f["sink"]["line"].clone()),
        Some(Value::from(14)),
        "{}",
        run.dump()
    );
}

// ---------------------------------------------------------------------------
// 2b. Budgets over-approximate: a capped analysis still reports the flow.
// Each names the budget in src/analyze/ it exercises.

/// `MAX_STATEMENTS_PER_RUN` (interp.rs): past it, the rest of the body is
/// not interpreted; every sink call the body writes is then taken to receive
/// every source it names, so the sink call after the cut-off still flags.
#[test]
fn statement_budget_keeps_the_flow() {
    let dir = tempdir();
    write(&dir.path().join("closures.rs"), nested_closures(40).as_bytes());
    let run = run_within(&dir.path().join("closures.rs"), 20);
    assert_eq!((run.code, run.findings().len()), (Some(1), 1), "{}", run.dump());
}

/// `MAX_LOOP_ROUNDS` (interp.rs): a loop whose state needs more rounds than
/// that to settle is widened (with a warning). Here the source moves one
/// variable further each iteration, 30 in all.
#[test]
fn loop_round_budget_keeps_the_flow() {
    let n = 30;
    let mut text = String::from(
        "#[advertising_sink]\npub fn sink(_x: u32) {}\n#[security_only]\npub fn src() -> u32 { 1 }\n\
         pub fn f(k: u32) {\n",
    );
    for i in 0..=n {
        let _ = writeln!(text, "    let mut v{i} = 0;");
    }
    text.push_str("    for _ in 0..k {\n");
    for i in (1..=n).rev() {
        let _ = writeln!(text, "        v{i} = v{};", i - 1);
    }
    text.push_str("        v0 = src();\n    }\n");
    let _ = writeln!(text, "    sink(v{n});\n}}");
    let (_dir, run) = loose(&[("rounds.rs", text)]);
    assert!(run.findings().iter().any(|f| f["sink"]["file"] == "rounds.rs"), "{}", run.dump());
}

/// `MAX_RUNS_PER_FN` (mod.rs): `top` calls the heads of call chains of
/// lengths 1 to 20. Callees are analysed before their callers, so `top`
/// sees every chain's settled summary and the longest chain's flow is
/// found.
#[test]
fn run_budget_keeps_the_flow() {
    let chains = 20;
    let mut text = String::from(
        "#[advertising_sink]\npub fn sink(_x: u32) {}\n#[security_only]\npub fn src() -> u32 { 1 }\n\
         pub fn top() {\n",
    );
    for k in 1..chains {
        let _ = writeln!(text, "    let _ = c{k}_0();");
    }
    let _ = writeln!(text, "    sink(c{chains}_0());\n}}");
    for k in 1..=chains {
        for i in 0..k {
            let next = if i + 1 == k { "src()".to_string() } else { format!("c{k}_{}()", i + 1) };
            let _ = writeln!(text, "pub fn c{k}_{i}() -> u32 {{ {next} }}");
        }
    }
    let (_dir, run) = loose(&[("chains.rs", text)]);
    assert!(run.findings().iter().any(|f| f["sink"]["file"] == "chains.rs"), "{}", run.dump());
}

// ---------------------------------------------------------------------------
// 3. Nothing from the scanned project runs; nothing is written into it.

/// Every path under `root` with its size and modification time.
fn listing(root: &Path) -> Vec<(PathBuf, u64, Option<std::time::SystemTime>)> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| {
            let entry = entry.expect("walk");
            let meta = fs::symlink_metadata(entry.path()).expect("metadata");
            (entry.path().to_path_buf(), meta.len(), meta.modified().ok())
        })
        .collect()
}

#[test]
fn nothing_from_the_scanned_project_runs_and_nothing_is_written() {
    let dir = tempdir();
    let root = dir.path().join("ws");
    let marker = |what: &str| dir.path().join(format!("MARKER-{what}"));
    let write_marker = |what: &str| format!("std::fs::write({:?}, \"ran\").unwrap();", marker(what));
    write_tree(
        &root,
        &format!(
            "//- Cargo.toml\n[workspace]\nmembers = [\"app\", \"evil-macros\"]\nresolver = \"2\"\n\
             //- app/Cargo.toml\n[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2021\"\nbuild = \"build.rs\"\n\
             [dependencies]\nevil-macros = {{ path = \"../evil-macros\" }}\n\
             //- app/build.rs\nfn main() {{ {} }}\n\
             //- app/src/lib.rs\n{}#[evil_macros::boom]\npub fn expanded() {{}}\n\
             //- app/src/ads.rs\n{ADS_RS}\
             //- evil-macros/Cargo.toml\n[package]\nname = \"evil-macros\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\
             [lib]\nproc-macro = true\n\
             //- evil-macros/src/lib.rs\nextern crate proc_macro;\nuse proc_macro::TokenStream;\n\
             #[proc_macro_attribute]\npub fn boom(_attr: TokenStream, item: TokenStream) -> TokenStream {{\n    {}\n    item\n}}\n\
             //- .cargo/config.toml\n[build]\nrustc-wrapper = {:?}\n\
             //- wrapper.sh\n#!/bin/sh\ntouch {:?}\nexec \"$@\"\n",
            write_marker("build"),
            lib_rs(""),
            write_marker("macro"),
            root.join("wrapper.sh"),
            marker("wrapper"),
        ),
    );
    fs::set_permissions(root.join("wrapper.sh"), fs::Permissions::from_mode(0o755)).expect("chmod");
    let before = listing(&root);
    let run = run(&root);
    assert_eq!((run.code, run.errors().len()), (Some(1), 0), "{}", run.dump());
    run.assert_flow_in("app/src/lib.rs");
    for what in ["build", "macro", "wrapper"] {
        assert!(!marker(what).exists(), "the project's {what} code ran");
    }
    assert_eq!(listing(&root), before, "the scanned tree changed");
    assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 1, "something was written beside the tree");

    // The premise: cargo itself would have run them.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let built = Command::new(cargo)
        .args(["check", "--offline", "--quiet"])
        .current_dir(&root)
        .env("CARGO_TARGET_DIR", dir.path().join("target"))
        .env_remove("RUSTC_WRAPPER")
        .output()
        .expect("run cargo");
    // It then fails on the markers, which only `purpose-attrs` defines.
    for what in ["build", "macro", "wrapper"] {
        assert!(
            marker(what).exists(),
            "cargo check did not run the project's {what} code, the test proves nothing:\n{}",
            String::from_utf8_lossy(&built.stderr)
        );
    }
}
