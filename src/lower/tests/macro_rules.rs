//! Expansion of the project's own `macro_rules!` macros.

use super::{body, body_spans, items, lower};
use crate::ir::ItemKind;
use crate::lower::{collect_macros, lower_file_with_macros, MacroTable};
use crate::source::FileId;

const TRACK: &str = "macro_rules! track { ($e:expr) => { $crate::ads::track(&$e) }; }\n";
const CONTACT: &str = "macro_rules! contact_of { ($a:expr) => { $a.phone.trim().to_string() }; }\n";

#[test]
fn sink_call_through_expr_fragment() {
    insta::assert_snapshot!(body(&format!("{TRACK}fn f(acct: &Account) {{ track!(acct.phone); }}")));
}

#[test]
fn repetition_builds_a_vec() {
    insta::assert_snapshot!(body(
        "macro_rules! list { ($($x:expr),* $(,)?) => { vec![$($x),*] }; }\n\
         fn f(a: u8, b: u8) { let v = list!(a, b + 1,); let e = list!(); }"
    ));
}

#[test]
fn field_read_in_transcriber() {
    insta::assert_snapshot!(body(&format!(
        "{CONTACT}fn f(acct: &Account) {{ let c = contact_of!(acct); ads::track(&c); }}"
    )));
}

#[test]
fn statement_macro_binds_in_the_invoking_scope() {
    insta::assert_snapshot!(body(
        "macro_rules! bind { ($n:ident = $e:expr) => { let $n = $e.clone(); log($n.len()); }; }\n\
         fn f(acct: &Account) { bind!(c = acct.phone); sink(c); }"
    ));
}

#[test]
fn macro_invoking_macros() {
    insta::assert_snapshot!(body(&format!(
        "{TRACK}{CONTACT}macro_rules! report {{ ($a:expr) => {{ track!(contact_of!($a)) }}; }}\n\
         fn f(acct: &Account) {{ track!(contact_of!(acct)); crate::report!(acct); }}"
    )));
}

#[test]
fn no_matching_rule_falls_back() {
    insta::assert_snapshot!(body(
        "macro_rules! one { ($i:ident) => { sink($i) }; (@x $e:expr) => { other($e) }; }\n\
         fn f(a: u8, b: u8) { let x = one!(a + 1, g(b)); let y = one!(@x b); let z = one!(a); }"
    ));
}

#[test]
fn spans_inside_expansions_are_the_invocation() {
    insta::assert_snapshot!(body_spans(&format!(
        "{TRACK}{CONTACT}fn f(acct: &Account) {{\n    track!(contact_of!(acct));\n    let c = contact_of!(acct);\n    track![c];\n}}"
    )));
}

#[test]
fn recursion_stops_at_the_depth_limit() {
    insta::assert_snapshot!(body(
        "macro_rules! forever { ($e:expr) => { forever!(sink($e)) }; }\n\
         fn f(a: u8) { let x = forever!(a); }"
    ));
}

#[test]
fn arguments_doubling_at_each_level_stay_bounded() {
    let out = body(
        "macro_rules! grow { ($e:expr) => { grow!(($e, $e)) }; }\n\
         fn f(a: u8) { let x = grow!(a); }",
    );
    assert!(out.lines().count() < 20_000, "{} lines", out.lines().count());
    assert!(out.contains("mix("), "the last level falls back to an unknown macro");
}

#[test]
fn nested_repetitions_and_separators() {
    insta::assert_snapshot!(body(
        "macro_rules! pairs { ($($k:ident => $($v:expr),+);* $(;)?) => { $( $( sink($k, $v); )+ )* }; }\n\
         fn f(a: u8, b: u8, c: u8) { pairs!(a => b, c; b => a;); }"
    ));
}

#[test]
fn other_fragments() {
    insta::assert_snapshot!(body(
        "macro_rules! make { ($v:vis $t:ty, $l:literal, $p:path, $q:pat, $b:block, $s:stmt, $x:tt) => {{ \
             let $q: $t = $p($l); let w = $b; $s; sink($x, w) }}; }\n\
         fn f(a: u8) { let r = make!(u8, -1, conv, (y, _), { a }, let z = y, a); }"
    ));
}

#[test]
fn definitions_in_bodies_and_modules_are_found() {
    let src = "mod m { macro_rules! inner { () => { sink(1) }; } }\n\
               fn f() { macro_rules! local { ($e:expr) => { sink($e) }; } local!(2); inner!(); }";
    insta::assert_snapshot!(items(src));
}

#[test]
fn later_definition_wins_and_extra_table_is_used() {
    let shared = syn::parse_file("macro_rules! ext { ($e:expr) => { ads::track($e) }; }").expect("parses");
    let mut table = MacroTable::default();
    table.extend(&collect_macros(&shared));
    assert!(!table.is_empty());
    let src = "macro_rules! twice { () => { first() }; }\nmacro_rules! twice { () => { second() }; }\n\
               fn f(a: u8) { ext!(a); twice!(); }";
    let ast = syn::parse_file(src).expect("parses");
    let file = lower_file_with_macros(FileId(0), &ast, &table);
    let body = file.items.iter().find_map(|item| match &item.kind {
        ItemKind::Fn(f) => f.body.as_ref(),
        _ => None,
    });
    insta::assert_snapshot!(super::print::body(body.expect("a body"), false));
    // Without the table, `ext!` is an unknown macro.
    insta::assert_snapshot!(
        "without_table",
        super::print::body(super::first_fn_body(&lower(src).items).expect("a body"), false)
    );
}

#[test]
fn garbage_transcriber_falls_back() {
    insta::assert_snapshot!(body(
        "macro_rules! bad { ($e:expr) => { => $e ,, <= }; ($e:expr, $f:expr) => { $($e)* }; }\n\
         fn f(a: u8, b: u8) { let x = bad!(a); let y = bad!(a, b); }"
    ));
}

#[test]
fn expr_fragments_in_many_positions() {
    insta::assert_snapshot!(body(
        "macro_rules! all { ($v:expr, $f:expr, $n:expr) => {{ \
             let d = $n * 2; \
             for x in $v { $f(x); } \
             if $n > 0 { sink(-$n as u8) } else { match $v { w => w[0] } } \
         }}; }\n\
         fn f(v: Vec<u8>, a: u8, b: u8) -> u8 { all!(v, |y| g(y), a + b) }"
    ));
}
