//! Deterministic output (issue 6): byte-identical `--format json` and
//! `--format sarif` across runs, thread counts and file-system order, on the
//! bundled example and every fixture.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

#[path = "../benches/corpus/synthetic.rs"]
mod synthetic;

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every directory analysed: the bundled example, then each fixture.
fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(repo_root().join("test-fixtures"))
        .expect("test-fixtures/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 20, "expected the fixture suite, found {} fixtures", dirs.len());
    dirs.insert(0, repo_root().join("examples/twitter-2fa"));
    dirs
}

/// stdout of the binary on `path` in `format`, with `args` and `env` added,
/// and the exit status.
fn output(path: &Path, format: &str, args: &[&str], env: &[(&str, &str)]) -> (Option<i32>, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-purpose"));
    command.args(["--format", format]).args(args).arg(path).env_remove("RAYON_NUM_THREADS");
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().expect("run cargo-purpose");
    (out.status.code(), String::from_utf8(out.stdout).expect("UTF-8 output"))
}

/// A way to run: its name, extra arguments, extra environment.
type Variant = (&'static str, &'static [&'static str], &'static [(&'static str, &'static str)]);

/// Two default runs, one thread by `RAYON_NUM_THREADS`, `-j1`, `-j2` and
/// `-j4` (more threads than this machine's cores: other interleavings of
/// the parallel loading and analysis waves): the same bytes every time.
#[test]
fn same_bytes_across_runs_and_thread_counts() {
    let variants: [Variant; 5] = [
        ("again", &[], &[]),
        ("RAYON_NUM_THREADS=1", &[], &[("RAYON_NUM_THREADS", "1")]),
        ("-j1", &["-j1"], &[]),
        ("-j2", &["-j2"], &[]),
        ("-j4", &["-j4"], &[]),
    ];
    let mut differences = Vec::new();
    for dir in cases() {
        for format in ["json", "sarif"] {
            let first = output(&dir, format, &[], &[]);
            assert_eq!(first.0, Some(1), "{} ({format}) should report its flows", dir.display());
            for (name, args, env) in variants {
                if output(&dir, format, args, env) != first {
                    differences.push(format!("{} --format {format}: {name}", dir.display()));
                }
            }
        }
    }
    assert!(differences.is_empty(), "output changed:\n{}", differences.join("\n"));
}

/// A workspace with more source than a worker parses into one tree heap
/// (`pipeline::TREE_BATCH_BYTES`, 256 KiB; 0.6 MB here, and every body is
/// parsed again for the analysis), so heaps are freed between files as
/// well as at the end of each stage: every flow is still found (the
/// generator puts 28 in each crate), the same on 1, 2 and 4 threads.
#[test]
fn a_workspace_larger_than_a_tree_heap() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let crates = 8;
    synthetic::generate(dir.path(), crates, 20).expect("generate the workspace");
    let (status, first) = output(dir.path(), "json", &["-j1"], &[]);
    assert_eq!(status, Some(1));
    let report: serde_json::Value = serde_json::from_str(&first).expect("JSON report");
    let findings = report["findings"].as_array().map_or(0, Vec::len);
    assert_eq!(findings, 28 * crates, "findings of the generated workspace");
    assert!(report["errors"].as_array().is_some_and(Vec::is_empty), "no input errors");
    for jobs in ["-j2", "-j4"] {
        assert!(
            output(dir.path(), "json", &[jobs], &[]) == (status, first.clone()),
            "{jobs} changed the output"
        );
    }
}

/// Every file under `from`, sorted, as paths relative to it (`target/` and
/// the fixtures' expected outputs left out).
fn files(from: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(from)
        .into_iter()
        .filter_entry(|e| e.file_name() != "target")
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(from).expect("inside").to_path_buf())
        .filter(|p| !p.starts_with("expected.json") && !p.starts_with("expected.txt"))
        .collect();
    out.sort();
    out
}

/// Copy `files` of `from` into `to` in the order given, creating each
/// directory just before its first file, so that directories list their
/// entries in that order (or a hash of it) rather than the source's.
fn copy_in_order(from: &Path, to: &Path, files: &[PathBuf]) {
    for file in files {
        let target = to.join(file);
        fs::create_dir_all(target.parent().expect("a parent")).expect("create dirs");
        fs::copy(from.join(file), &target).expect("copy");
    }
}

/// The output with the scanned root (SARIF names it) made neutral.
fn neutral(text: &str, root: &Path) -> String {
    text.replace(&root.display().to_string(), "<root>")
}

/// The same files created in opposite orders give the same output: a
/// workspace (with the `purpose-attrs` path dependency the example names,
/// at the same place relative to it) and a directory of loose files, which
/// discovery walks.
#[test]
fn same_bytes_whatever_the_file_system_order() {
    let attrs: Vec<PathBuf> = files(&repo_root().join("purpose-attrs"))
        .into_iter()
        .filter(|p| p.starts_with("src") || p == Path::new("Cargo.toml"))
        .map(|p| Path::new("purpose-attrs").join(p))
        .collect();
    for case in ["examples/twitter-2fa", "test-fixtures/ip-workspace-1-multi-crate"] {
        let mut order: Vec<PathBuf> =
            files(&repo_root().join(case)).into_iter().map(|p| Path::new(case).join(p)).collect();
        order.extend(attrs.iter().cloned());
        let loose: Vec<PathBuf> = order
            .iter()
            .filter(|p| p.starts_with(case) && p.extension().is_some_and(|e| e == "rs"))
            .cloned()
            .collect();
        let trees = [(order, case), (loose, case)].map(|(mut order, scanned)| {
            let forward = tempdir();
            copy_in_order(&repo_root(), forward.path(), &order);
            order.reverse();
            let backward = tempdir();
            copy_in_order(&repo_root(), backward.path(), &order);
            (forward, backward, scanned)
        });
        for (i, (forward, backward, scanned)) in trees.iter().enumerate() {
            let (a, b) = (listing(&forward.path().join(scanned)), listing(&backward.path().join(scanned)));
            if a == b {
                println!("note: this file system lists {case} in the same order both ways");
            }
            for format in ["json", "sarif"] {
                let (code_a, out_a) = output(&forward.path().join(scanned), format, &[], &[]);
                let (code_b, out_b) = output(&backward.path().join(scanned), format, &[], &[]);
                // The workspace is analysed cleanly; the loose files miss
                // their dependencies' manifests but are analysed all the same.
                if i == 0 {
                    assert_eq!(code_a, Some(1), "{case} --format {format}:\n{out_a}");
                }
                assert_eq!(code_a, code_b, "{case} --format {format}");
                assert_eq!(
                    neutral(&out_a, forward.path()),
                    neutral(&out_b, backward.path()),
                    "{case} --format {format}"
                );
            }
        }
    }
}

/// A temporary directory on tmpfs where there is one: tmpfs lists a
/// directory's entries newest first, so creation order shows in listings
/// (ext4 lists them in hash order, the same whatever the creation order).
fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir_in("/dev/shm").or_else(|_| tempfile::tempdir()).expect("temporary directory")
}

/// The paths under `dir` in the order the file system lists them.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let entries = walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok);
    entries.map(|e| e.path().strip_prefix(dir).expect("inside").to_path_buf()).collect()
}
