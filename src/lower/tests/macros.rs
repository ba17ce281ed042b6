use super::{body, items};
use crate::lower::macros::format_captures;

#[test]
fn format_captures_are_found() {
    assert_eq!(
        format_captures("{a} {b:?} {{c}} {0} {} {d:>8} {:width$.prec$} {e}}"),
        vec!["a", "b", "d", "prec", "width", "e"]
    );
    assert!(format_captures("{{}} plain {1:?}").is_empty());
}

#[test]
fn format_family() {
    insta::assert_snapshot!(body(
        "fn f(phone: String, n: u8) { let s = format!(\"{} {phone:?} {n}\", n + 1); println!(\"{phone}\"); let t = format!(\"{x}\", x = phone); }"
    ));
}

#[test]
fn format_args_with_calls_are_lowered() {
    insta::assert_snapshot!(body("fn f(x: u8) { assert_eq!(sink(x), 3, \"msg {}\", other(x)); }"));
}

#[test]
fn write_feeds_the_writer() {
    insta::assert_snapshot!(body("fn f(out: &mut W, phone: String) { write!(out, \"{}\", phone)?; writeln!(self.buf, \"{phone}\").unwrap(); }"));
}

#[test]
fn log_macros_with_targets_and_fields() {
    insta::assert_snapshot!(body(
        "fn f(phone: String, id: u8) { info!(target: \"app\", \"{}\", phone); tracing::info!(user = %id, ?phone, \"hi\"); log::warn!(\"{id}\"); }"
    ));
}

#[test]
fn bail_returns_and_ensure_may_return() {
    insta::assert_snapshot!(body(
        "fn f(x: String) -> Result<()> { ensure!(x.len() > 2, \"bad {x}\"); bail!(\"no {}\", x); }"
    ));
}

#[test]
fn vec_and_matches() {
    insta::assert_snapshot!(body("fn f(a: u8, b: u8) { let v = vec![a, b]; let w = vec![a; 10]; let m = matches!(a, 1 | 2); let e = vec![]; }"));
}

#[test]
fn unknown_macros() {
    insta::assert_snapshot!(body(
        "fn f(a: u8, b: u8) { let x = my_macro!(a, g(b)); other! { let y = sink(a); y } let j = json!({ \"k\": a, \"v\": [b] }); let z = nothing!(); }"
    ));
}

#[test]
fn odd_macro_tokens_do_not_panic() {
    insta::assert_snapshot!(body(
        "fn f(a: u8) { weird!(=> ; a ,, @@); println!(=> a); format!(); vec![;]; matches!(); write!(); }"
    ));
}

#[test]
fn item_macros_in_bodies_are_hoisted() {
    insta::assert_snapshot!(items("fn f() { thread_local! { static T: u8 = 1; } let x = T.with(|t| *t); }"));
}

#[test]
fn effect_macros_keep_only_calls() {
    insta::assert_snapshot!(body(
        "fn f(a: u8) { println!(\"{a} {}\", a + 1); assert!(check(a), \"{}\", a); info!(x = ?weird(a), \"m\"); debug!(%a, b.c = ?a); }"
    ));
}

#[test]
fn constant_macros() {
    insta::assert_snapshot!(body(
        "fn f(a: u8) { let s = stringify!(a); let e = env!(\"X\"); let c = concat!(\"a\", 1); }"
    ));
}

#[test]
fn cfg_if_lowers_every_branch() {
    insta::assert_snapshot!(items(
        "cfg_if::cfg_if! { if #[cfg(unix)] { fn on_unix() {} } else if #[cfg(windows)] { fn on_windows() {} } else { struct Other; } }\n\
         fn f(a: u8) { cfg_if! { if #[cfg(x)] { let b = sink(a); } else { other(a); fn nested() {} } } }"
    ));
}
