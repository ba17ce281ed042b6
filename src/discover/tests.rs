//! Fixtures are written as one string: each file starts with a `//- path`
//! line, as in rust-analyzer's tests.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use super::paths::{glob_match, normalize};
use super::*;

fn fixture(spec: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for chunk in spec.split("//- ").skip(1) {
        let (path, body) = chunk.split_once('\n').unwrap();
        let file = dir.path().join(path.trim());
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, body).unwrap();
    }
    dir
}

/// One line per crate (`index kind name [package] file deps`), then errors.
fn show(ws: &Workspace) -> String {
    let mut out = String::new();
    for (i, krate) in ws.crates.iter().enumerate() {
        let deps: Vec<String> = krate.deps.iter().map(|(name, index)| format!("{name}={index}")).collect();
        let file = relative_path(&ws.root, &krate.root_file);
        let line =
            format!("{i} {:?} {} [{}] {file} {}", krate.kind, krate.name, krate.package, deps.join(","));
        let _ = writeln!(out, "{}", line.trim_end());
    }
    for e in &ws.errors {
        let _ = writeln!(out, "error {}:{}:{}: {}", e.file, e.line, e.column, e.message);
    }
    for w in &ws.warnings {
        let _ = writeln!(out, "warning {}", w.message);
    }
    out
}

fn check_at(spec: &str, path: &str, expected: &str) {
    let dir = fixture(spec);
    let ws = discover(&dir.path().join(path));
    assert_eq!(ws.root, normalize(&dir.path().join(path)).ancestors().find(|p| p.is_dir()).unwrap());
    let actual = show(&ws);
    assert_eq!(actual.trim(), expected.trim(), "\nactual:\n{actual}");
}

fn check(spec: &str, expected: &str) {
    check_at(spec, "", expected);
}

#[test]
fn workspace_members_globs_and_exclude() {
    check(
        r#"
//- Cargo.toml
[workspace]
members = ["crates/*", "tools/t?ol"]
exclude = ["crates/old"]

[package]
name = "root-app"
//- src/main.rs
//- crates/a/Cargo.toml
[package]
name = "a"
//- crates/a/src/lib.rs
//- crates/b/Cargo.toml
[package]
name = "b-crate"
[dependencies]
a = { path = "../a" }
//- crates/b/src/lib.rs
//- crates/old/Cargo.toml
[package]
name = "old"
//- crates/old/src/lib.rs
//- tools/tool/Cargo.toml
[package]
name = "tool"
//- tools/tool/src/main.rs
//- tools/toolbox/Cargo.toml
[package]
name = "toolbox"
//- tools/toolbox/src/main.rs
"#,
        r#"
0 Bin root_app [root-app] src/main.rs
1 Lib a [a] crates/a/src/lib.rs
2 Lib b_crate [b-crate] crates/b/src/lib.rs a=1
3 Bin tool [tool] tools/tool/src/main.rs
"#,
    );
}

#[test]
fn renamed_workspace_and_target_specific_dependencies() {
    check_at(
        r#"
//- ws/Cargo.toml
[workspace]
members = ["app", "util", "net-io"]

[workspace.dependencies]
util = { path = "util" }
serde = "1"
//- ws/util/Cargo.toml
[package]
name = "util"
[lib]
name = "utilities"
//- ws/util/src/lib.rs
//- ws/net-io/Cargo.toml
[package]
name = "net-io"
//- ws/net-io/src/lib.rs
//- ws/app/Cargo.toml
[package]
name = "app"
[dependencies]
util.workspace = true
serde = { workspace = true }
network = { path = "../net-io", package = "net-io" }
rand = "0.8"
[target.'cfg(windows)'.dependencies]
winutil = { path = "../winutil" }
[dev-dependencies]
testkit = { path = "../testkit" }
[build-dependencies]
gen = { path = "../gen" }
//- ws/app/src/lib.rs
//- ws/app/src/main.rs
//- ws/app/tests/it.rs
//- ws/winutil/Cargo.toml
[package]
name = "winutil"
//- ws/winutil/src/lib.rs
//- ws/testkit/Cargo.toml
[package]
name = "testkit"
[dependencies]
helper = { path = "../../outside/helper" }
//- ws/testkit/src/lib.rs
//- ws/testkit/tests/self_test.rs
//- outside/helper/Cargo.toml
[package]
name = "helper"
[dependencies]
deeper = { path = "../deeper" }
[dev-dependencies]
never = { path = "../never" }
//- outside/helper/src/lib.rs
//- outside/helper/src/main.rs
//- outside/helper/tests/t.rs
//- outside/deeper/Cargo.toml
[package]
name = "deeper"
//- outside/deeper/src/lib.rs
"#,
        "ws",
        r#"
0 Lib app [app] app/src/lib.rs network=3,utilities=6,winutil=7
1 Bin app [app] app/src/main.rs app=0,network=3,utilities=6,winutil=7
2 Test it [app] app/tests/it.rs app=0,network=3,testkit=4,utilities=6,winutil=7
3 Lib net_io [net-io] net-io/src/lib.rs
4 Lib testkit [testkit] testkit/src/lib.rs helper=9
5 Test self_test [testkit] testkit/tests/self_test.rs helper=9,testkit=4
6 Lib utilities [util] util/src/lib.rs
7 Lib winutil [winutil] winutil/src/lib.rs
8 Lib deeper [deeper] ../outside/deeper/src/lib.rs
9 Lib helper [helper] ../outside/helper/src/lib.rs deeper=8
"#,
    );
}

#[test]
fn bins_are_autodiscovered_and_explicit_paths_win() {
    check(
        r#"
//- Cargo.toml
[package]
name = "my-tool"

[[bin]]
name = "custom"
path = "tools/custom.rs"

[[bin]]
name = "b"
path = "src/bin/b_impl.rs"
//- src/main.rs
//- src/lib.rs
//- src/bin/a.rs
//- src/bin/b.rs
//- src/bin/b_impl.rs
//- src/bin/multi/main.rs
//- src/bin/multi/helper.rs
//- src/bin/notes.txt
//- tools/custom.rs
"#,
        r#"
0 Lib my_tool [my-tool] src/lib.rs
1 Bin a [my-tool] src/bin/a.rs my_tool=0
2 Bin b [my-tool] src/bin/b_impl.rs my_tool=0
3 Bin custom [my-tool] tools/custom.rs my_tool=0
4 Bin multi [my-tool] src/bin/multi/main.rs my_tool=0
5 Bin my_tool [my-tool] src/main.rs my_tool=0
"#,
    );
}

#[test]
fn autobins_false_keeps_only_declared_bins() {
    check(
        r#"
//- Cargo.toml
[package]
name = "quiet"
autobins = false

[[bin]]
name = "only"
//- src/main.rs
//- src/bin/only.rs
//- src/bin/other.rs
"#,
        r#"
0 Bin only [quiet] src/bin/only.rs
"#,
    );
}

#[test]
fn tests_examples_and_benches() {
    check(
        r#"
//- Cargo.toml
[package]
name = "kit"

[[example]]
name = "demo"
path = "demos/demo.rs"

[[test]]
name = "named"

[[bench]]
name = "speed"
path = "perf/speed.rs"

[dev-dependencies]
fixtures = { path = "fixtures" }
//- src/lib.rs
//- examples/simple.rs
//- examples/big/main.rs
//- demos/demo.rs
//- tests/smoke.rs
//- tests/named/main.rs
//- tests/common/mod.rs
//- benches/b1.rs
//- perf/speed.rs
//- fixtures/Cargo.toml
[package]
name = "fixtures"
//- fixtures/src/lib.rs
"#,
        r#"
0 Lib kit [kit] src/lib.rs
1 Example big [kit] examples/big/main.rs fixtures=8,kit=0
2 Example demo [kit] demos/demo.rs fixtures=8,kit=0
3 Example simple [kit] examples/simple.rs fixtures=8,kit=0
4 Test named [kit] tests/named/main.rs fixtures=8,kit=0
5 Test smoke [kit] tests/smoke.rs fixtures=8,kit=0
6 Bench b1 [kit] benches/b1.rs fixtures=8,kit=0
7 Bench speed [kit] perf/speed.rs fixtures=8,kit=0
8 Lib fixtures [fixtures] fixtures/src/lib.rs
"#,
    );
}

#[test]
fn lib_and_main_with_explicit_lib_name() {
    check(
        r#"
//- Cargo.toml
[package]
name = "cargo-thing"

[lib]
name = "thing_core"
path = "src/core.rs"
//- src/core.rs
//- src/lib.rs
//- src/main.rs
"#,
        r#"
0 Lib thing_core [cargo-thing] src/core.rs
1 Bin cargo_thing [cargo-thing] src/main.rs thing_core=0
"#,
    );
}

#[test]
fn directory_of_loose_files() {
    check(
        r#"
//- a.rs
//- my-script.rs
//- nested/b.rs
//- nested/readme.md
//- target/debug/build.rs
//- .git/hook.rs
"#,
        r#"
0 Standalone a [] a.rs
1 Standalone my_script [] my-script.rs
2 Standalone b [] nested/b.rs
"#,
    );
}

#[test]
fn directory_with_packages_but_no_root_manifest() {
    check(
        r#"
//- loose.rs
//- svc/Cargo.toml
[package]
name = "svc"
//- svc/src/main.rs
//- svc/scripts/gen.rs
//- svc/inner/Cargo.toml
[package]
name = "inner"
//- svc/inner/src/lib.rs
//- monorepo/Cargo.toml
[workspace]
members = ["libs/*"]
//- monorepo/libs/x/Cargo.toml
[package]
name = "x"
//- monorepo/libs/x/src/lib.rs
//- monorepo/stray.rs
"#,
        r#"
0 Lib x [x] monorepo/libs/x/src/lib.rs
1 Bin svc [svc] svc/src/main.rs
2 Standalone loose [] loose.rs
"#,
    );
}

#[test]
fn single_file() {
    check_at(
        r#"
//- dir/one-file.rs
//- dir/other.rs
"#,
        "dir/one-file.rs",
        r#"
0 Standalone one_file [] one-file.rs
"#,
    );
}

#[test]
fn manifest_path_is_accepted() {
    check_at(
        r#"
//- pkg/Cargo.toml
[package]
name = "pkg"
//- pkg/src/lib.rs
"#,
        "pkg/Cargo.toml",
        r#"
0 Lib pkg [pkg] src/lib.rs
"#,
    );
}

#[test]
fn invalid_toml_is_an_error_with_its_position() {
    check(
        r#"
//- Cargo.toml
[package]
name = "broken"
version = "0.1.0
//- src/lib.rs
"#,
        r#"
error Cargo.toml:3:17: invalid manifest: invalid basic string, expected `"`
"#,
    );
}

#[test]
fn invalid_member_manifest_does_not_stop_the_others() {
    check(
        r#"
//- Cargo.toml
[workspace]
members = ["good", "bad"]
//- good/Cargo.toml
[package]
name = "good"
//- good/src/lib.rs
//- bad/Cargo.toml
[package
name = "bad"
"#,
        r#"
0 Lib good [good] good/src/lib.rs
error bad/Cargo.toml:1:9: invalid manifest: unclosed table, expected `]`
"#,
    );
}

#[test]
fn member_glob_matching_nothing_and_member_without_manifest() {
    check(
        r#"
//- Cargo.toml
[workspace]
resolver = "2"
members = [
    "crates/*",
    "plugins/*",
    "missing",
]
//- crates/a/Cargo.toml
[package]
name = "a"
//- crates/a/src/lib.rs
//- crates/docs/index.md
"#,
        r#"
0 Lib a [a] crates/a/src/lib.rs
error Cargo.toml:4:5: workspace member `crates/docs` has no `Cargo.toml`
error Cargo.toml:5:5: workspace member pattern `plugins/*` matches no directory
error Cargo.toml:6:5: workspace member `missing` does not exist
"#,
    );
}

#[test]
fn missing_targets_and_dependencies_are_errors() {
    check(
        r#"
//- Cargo.toml
[package]
name = "p"

[lib]
path = "src/nope.rs"

[[bin]]
name = "ghost"

[[test]]
path = "tests/gone.rs"

[dependencies]
lost = { path = "../lost" }
virt = { path = "virt" }
wsdep = { workspace = true }
//- src/main.rs
//- virt/Cargo.toml
[workspace]
"#,
        r#"
0 Bin p [p] src/main.rs
error Cargo.toml:5:8: library file `src/nope.rs` does not exist
error Cargo.toml:8:8: cannot find bin target `ghost`: expected `src/bin/ghost.rs` or `src/bin/ghost/main.rs`, or a `path`
error Cargo.toml:11:8: test target file `tests/gone.rs` does not exist
error Cargo.toml:14:17: `../lost` does not exist
error Cargo.toml:15:17: `virt/Cargo.toml` is not a package: no `[package]`
error Cargo.toml:16:1: dependency `wsdep` uses `workspace = true` but no enclosing workspace was found
"#,
    );
}

#[test]
fn nonexistent_and_unsupported_paths() {
    let dir = fixture("//- notes.txt\nhello\n");
    // With no root to be relative to, the path is named as given.
    let nope = dir.path().join("nope").display().to_string();
    let missing = discover(Path::new(&nope));
    assert_eq!(show(&missing).trim(), format!("error {nope}:1:1: `{nope}` does not exist"));
    let text = discover(&dir.path().join("notes.txt"));
    assert_eq!(
        show(&text).trim(),
        "error notes.txt:1:1: expected a directory, a `Cargo.toml` or a `.rs` file"
    );
}

#[test]
fn package_inside_workspace_loads_sibling_dependencies_as_libs() {
    check_at(
        r#"
//- Cargo.toml
[workspace]
members = ["a", "b"]
[workspace.dependencies]
b = { path = "b" }
//- a/Cargo.toml
[package]
name = "a"
[dependencies]
b = { workspace = true }
//- a/src/lib.rs
//- b/Cargo.toml
[package]
name = "b"
//- b/src/lib.rs
//- b/src/main.rs
"#,
        "a",
        r#"
0 Lib a [a] src/lib.rs b=1
1 Lib b [b] ../b/src/lib.rs
"#,
    );
}

#[test]
fn find_enclosing_root_walks_up_to_the_workspace() {
    let dir = fixture(
        r#"
//- ws/Cargo.toml
[workspace]
members = ["crates/*"]
exclude = ["crates/excluded"]
//- ws/crates/a/Cargo.toml
[package]
name = "a"
//- ws/crates/a/src/lib.rs
//- ws/crates/excluded/Cargo.toml
[package]
name = "excluded"
//- ws/crates/excluded/src/lib.rs
//- ws/loose/x.rs
"#,
    );
    let ws = dir.path().join("ws");
    assert_eq!(find_enclosing_root(&ws.join("crates/a/src")), ws);
    assert_eq!(find_enclosing_root(&ws.join("crates/excluded")), ws.join("crates/excluded"));
    assert_eq!(find_enclosing_root(&ws.join("loose")), ws);
    assert_eq!(find_enclosing_root(&ws), ws);
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    let dir = fixture("//- a/x.rs\n");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop")).unwrap();
    let ws = discover(dir.path());
    assert_eq!(show(&ws).trim(), "0 Standalone x [] a/x.rs");
}

#[test]
fn module_files_for_mod_rs_parents() {
    let lib = Path::new("/p/src/lib.rs");
    assert_eq!(
        module_file_candidates(lib, true, &[], "foo", None),
        paths(&["/p/src/foo.rs", "/p/src/foo/mod.rs"])
    );
    let mod_rs = Path::new("/p/src/foo/mod.rs");
    assert_eq!(
        module_file_candidates(mod_rs, true, &[], "r#bar", None),
        paths(&["/p/src/foo/bar.rs", "/p/src/foo/bar/mod.rs"])
    );
}

#[test]
fn module_files_for_non_mod_rs_parents() {
    let foo = Path::new("/p/src/foo.rs");
    assert_eq!(
        module_file_candidates(foo, false, &[], "bar", None),
        paths(&["/p/src/foo/bar.rs", "/p/src/foo/bar/mod.rs"])
    );
}

#[test]
fn module_files_inside_inline_modules() {
    let lib = Path::new("/p/src/lib.rs");
    assert_eq!(
        module_file_candidates(lib, true, &["a", "b"], "c", None),
        paths(&["/p/src/a/b/c.rs", "/p/src/a/b/c/mod.rs"])
    );
    let foo = Path::new("/p/src/foo.rs");
    assert_eq!(
        module_file_candidates(foo, false, &["inner"], "c", None),
        paths(&["/p/src/foo/inner/c.rs", "/p/src/foo/inner/c/mod.rs"])
    );
}

#[test]
fn module_files_with_path_attributes() {
    let lib = Path::new("/p/src/lib.rs");
    assert_eq!(
        module_file_candidates(lib, true, &[], "x", Some("other/x_impl.rs")),
        paths(&["/p/src/other/x_impl.rs"])
    );
    // A non-mod-rs file: relative to its own directory, not to `foo/`.
    let foo = Path::new("/p/src/foo.rs");
    assert_eq!(module_file_candidates(foo, false, &[], "x", Some("../shared.rs")), paths(&["/p/shared.rs"]));
    // Inside inline modules: relative to the inline module's directory,
    // which for a non-mod-rs file starts with the file's own `foo/`.
    assert_eq!(module_file_candidates(lib, true, &["a"], "x", Some("y.rs")), paths(&["/p/src/a/y.rs"]));
    assert_eq!(
        module_file_candidates(foo, false, &["a"], "x", Some("./y.rs")),
        paths(&["/p/src/foo/a/y.rs"])
    );
    // Relative parents stay relative.
    let rel = Path::new("src/lib.rs");
    assert_eq!(module_file_candidates(rel, true, &[], "x", Some("../../up.rs")), paths(&["../up.rs"]));
}

fn paths(list: &[&str]) -> Vec<PathBuf> {
    list.iter().map(PathBuf::from).collect()
}

#[test]
fn globs_match_one_component() {
    assert!(glob_match("*", "anything"));
    assert!(glob_match("crate-*", "crate-a"));
    assert!(glob_match("t?ol", "tool"));
    assert!(!glob_match("t?ol", "toool"));
    assert!(glob_match("*a*b", "xxaxxb"));
    assert!(!glob_match("*a*b", "xxaxxbc"));
    assert!(glob_match("a**", "a"));
    assert!(!glob_match("", "a"));
}

#[test]
fn relative_paths_use_slashes_and_climb_when_needed() {
    assert_eq!(relative_path(Path::new("/w/root"), Path::new("/w/root/src/lib.rs")), "src/lib.rs");
    assert_eq!(relative_path(Path::new("/w/root"), Path::new("/w/other/lib.rs")), "../other/lib.rs");
    assert_eq!(relative_path(Path::new("/w/root"), Path::new("/elsewhere/lib.rs")), "/elsewhere/lib.rs");
    assert_eq!(relative_path(Path::new("/w/root"), Path::new("/w/root")), ".");
    assert_eq!(relative_path(Path::new("/w/root/"), Path::new("/w/root/./a/../b.rs")), "b.rs");
}

#[test]
fn root_package_listed_as_member_and_dependency_cycles() {
    check(
        r#"
//- Cargo.toml
[workspace]
members = [".", "helper"]

[package]
name = "top"

[dependencies]
helper = { path = "helper" }
//- src/lib.rs
//- helper/Cargo.toml
[package]
name = "helper"

[dev-dependencies]
top = { path = ".." }
//- helper/src/lib.rs
//- helper/tests/t.rs
"#,
        r#"
0 Lib top [top] src/lib.rs helper=1
1 Lib helper [helper] helper/src/lib.rs
2 Test t [helper] helper/tests/t.rs helper=1,top=0
"#,
    );
}

#[test]
fn wrongly_typed_keys_are_errors() {
    check(
        r#"
//- Cargo.toml
bin = "main"

[workspace]
members = "crates/*"

[package]
name = "odd"

[lib]
path = 7

[dependencies]
x = { path = ["x"] }

[dependencies.y]
path = 3
//- src/lib.rs
//- src/main.rs
"#,
        r#"
0 Lib odd [odd] src/lib.rs
1 Bin odd [odd] src/main.rs odd=0
error Cargo.toml:1:1: `bin` must be an array of tables, found string
error Cargo.toml:4:1: `members` must be an array of strings, found string
error Cargo.toml:10:1: `path` must be a string, found integer
error Cargo.toml:13:1: `path` must be a string, found array
error Cargo.toml:15:1: `path` must be a string, found integer
"#,
    );
}

#[test]
fn exclude_applies_to_path_dependencies_and_yields_to_literal_members() {
    check(
        r#"
//- Cargo.toml
[workspace]
members = [".", "vendor/patched"]
exclude = ["vendor"]

[package]
name = "app"

[dependencies]
old = { path = "vendor/old" }
inner = { path = "inner" }
//- src/main.rs
//- inner/Cargo.toml
[package]
name = "inner"
//- inner/src/lib.rs
//- inner/tests/t.rs
//- vendor/old/Cargo.toml
[package]
name = "old"
//- vendor/old/src/lib.rs
//- vendor/old/tests/t.rs
//- vendor/patched/Cargo.toml
[package]
name = "patched"
//- vendor/patched/src/lib.rs
//- vendor/patched/tests/t.rs
"#,
        r#"
0 Bin app [app] src/main.rs inner=1,old=3
1 Lib inner [inner] inner/src/lib.rs
2 Test t [inner] inner/tests/t.rs inner=1
3 Lib old [old] vendor/old/src/lib.rs
4 Lib patched [patched] vendor/patched/src/lib.rs
5 Test t [patched] vendor/patched/tests/t.rs patched=4
"#,
    );
}

#[test]
fn proc_macro_dependencies_outside_the_root_are_not_loaded() {
    check_at(
        r#"
//- app/Cargo.toml
[package]
name = "app"
[dependencies]
attrs = { path = "../attrs" }
//- app/src/lib.rs
//- attrs/Cargo.toml
[package]
name = "attrs"
[lib]
proc-macro = true
[dependencies]
missing = { path = "../missing" }
//- attrs/src/lib.rs
"#,
        "app",
        r#"
0 Lib app [app] src/lib.rs
"#,
    );
}

/// `dir` with symbolic links resolved, as messages show it.
fn real(dir: &Path) -> String {
    fs::canonicalize(dir).unwrap().display().to_string()
}

#[test]
fn links_and_paths_out_of_the_tree_are_not_followed() {
    let dir = fixture(
        r#"
//- outside/lib.rs
//- outside/main.rs
//- ws/Cargo.toml
[package]
name = "app"
[lib]
path = "../outside/lib.rs"
//- ws/tests/ok.rs
//- loose/a.rs
"#,
    );
    let (root, outside) = (dir.path(), real(&dir.path().join("outside")));
    std::os::unix::fs::symlink(root.join("outside/main.rs"), root.join("ws/tests/linked.rs")).unwrap();
    std::os::unix::fs::symlink(root.join("outside/main.rs"), root.join("loose/linked.rs")).unwrap();
    std::os::unix::fs::symlink(root.join("outside"), root.join("loose/dir")).unwrap();
    std::os::unix::fs::symlink(root.join("loose/a.rs"), root.join("loose/alias.rs")).unwrap();
    std::os::unix::fs::symlink("loop.rs", root.join("loose/loop.rs")).unwrap();
    std::os::unix::fs::symlink(".", root.join("loose/here")).unwrap();
    let expected = format!(
        "0 Test ok [app] tests/ok.rs\n\
         error Cargo.toml:4:8: `../outside/lib.rs` resolves to `{outside}/lib.rs`, outside the scanned tree: \
         not read (scan a directory that contains it)\n\
         warning `tests/linked.rs` is a symbolic link to `{outside}/main.rs`, outside the scanned tree: not read \
         (scan a directory that contains it); test target `linked` skipped"
    );
    assert_eq!(show(&discover(&root.join("ws"))).trim(), expected);
    let loop_error = fs::canonicalize(root.join("loose/loop.rs")).unwrap_err();
    let expected = format!(
        "0 Standalone a [] a.rs\n\
         warning symbolic link `dir` leads outside the scanned tree (to `{outside}`): not followed\n\
         warning symbolic link `linked.rs` leads outside the scanned tree (to `{outside}/main.rs`): not followed\n\
         warning symbolic link `loop.rs` cannot be followed ({loop_error}): skipped"
    );
    assert_eq!(show(&discover(&root.join("loose"))).trim(), expected);
}

#[test]
fn module_files_are_found_inside_the_tree_only() {
    let dir = fixture(
        r#"
//- outside.rs
//- ws/Cargo.toml
[package]
name = "app"
//- ws/src/lib.rs
//- ws/src/here.rs
//- ws/src/dir.rs/placeholder
//- ws/src/dir/mod.rs
"#,
    );
    let root = dir.path().join("ws");
    std::os::unix::fs::symlink(dir.path().join("outside.rs"), root.join("src/linked.rs")).unwrap();
    std::os::unix::fs::symlink("looped.rs", root.join("src/looped.rs")).unwrap();
    let ws = discover(&root);
    let lib = root.join("src/lib.rs");
    let find = |name: &str, path: Option<&str>| {
        let candidates = module_file_candidates(&lib, true, &[], name, path);
        ws.scope.module_file(name, &candidates).map(|file| relative_path(&root, &file.path))
    };
    assert_eq!(find("here", None), Ok("src/here.rs".to_string()));
    assert_eq!(find("x", Some("here.rs")), Ok("src/here.rs".to_string()));
    assert_eq!(find("dir", None), Ok("src/dir/mod.rs".to_string()), "a directory named `dir.rs` is no file");
    assert_eq!(
        find("gone", None),
        Err("file not found for module `gone` (looked for src/gone.rs, src/gone/mod.rs)".to_string())
    );
    let outside = real(&dir.path().join("outside.rs"));
    assert_eq!(
        find("out", Some("../../outside.rs")),
        Err(format!(
            "module `out`: `../outside.rs` resolves to `{outside}`, outside the scanned tree: not read \
             (scan a directory that contains it)"
        ))
    );
    assert_eq!(
        find("linked", None),
        Err(format!(
            "module `linked`: `src/linked.rs` is a symbolic link to `{outside}`, outside the scanned tree: \
             not read (scan a directory that contains it)"
        ))
    );
    let looped = find("looped", None).unwrap_err();
    assert!(looped.starts_with("module `looped`: cannot access `src/looped.rs`: "), "{looped}");
}
