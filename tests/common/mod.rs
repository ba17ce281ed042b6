#![allow(dead_code)] // each test binary uses a different subset
//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use cargo_purpose::pipeline::{self, Options, Output};
use cargo_purpose::report::{self, ColorChoice, Format};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture directory under `test-fixtures/`, sorted.
pub fn fixture_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("test-fixtures"))
        .expect("test-fixtures/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

pub fn analyze(path: &Path) -> Output {
    pipeline::run(&Options { path: Some(path.to_path_buf()), ..Default::default() })
}

/// (json on stdout, human on stderr without color)
pub fn render(output: &Output) -> (String, String) {
    let mut json = Vec::new();
    let mut sink = Vec::new();
    report::emit(&output.report, &output.files, Format::Json, ColorChoice::Never, &mut json, &mut sink)
        .expect("render json");
    let mut human = Vec::new();
    let mut out = Vec::new();
    report::emit(&output.report, &output.files, Format::Human, ColorChoice::Never, &mut out, &mut human)
        .expect("render human");
    (String::from_utf8(json).expect("utf8"), String::from_utf8(human).expect("utf8"))
}

/// A line of a fixture: path relative to the fixture, 1-based line.
pub type Line = (String, u32);

/// Lines marked `// FLOW` and `// clean` in a fixture's `.rs` files.
pub fn expectations(dir: &Path) -> (Vec<Line>, Vec<Line>) {
    let mut flows = Vec::new();
    let mut cleans = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") || path.components().any(|c| c.as_os_str() == "target")
        {
            continue;
        }
        let rel = path.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(path).expect("readable fixture");
        for (i, line) in text.lines().enumerate() {
            let trimmed = line.trim_end();
            if trimmed.ends_with("// FLOW") {
                flows.push((rel.clone(), i as u32 + 1));
            } else if trimmed.ends_with("// clean") {
                cleans.push((rel.clone(), i as u32 + 1));
            }
        }
    }
    (flows, cleans)
}

/// Run the `cargo-purpose` binary in `cwd`, without colour.
pub fn cargo_purpose(args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_cargo-purpose"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("run cargo-purpose")
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
