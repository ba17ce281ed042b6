use super::items;

#[test]
fn markers_everywhere() {
    insta::assert_snapshot!(items(
        r#"#[security_only] pub struct Secret(#[security_only] String, pub u8);
struct Member { #[security_only] recovery_phone: String, nickname: String }
#[security_only] enum E { A { #[security_only] x: u8 }, B(#[security_only] String), C }
#[security_only] union U { a: u8 }
#[advertising_sink] fn sink(#[security_only] key: &str) {}
#[advertising_sink] impl Pixel {
    #[advertising_sink] pub fn fire(#[security_only] &self) {}
    fn queue(&mut self, s: String) { self.buffer.push(s) }
}
#[advertising_sink] trait Notifier { #[advertising_sink] fn notify(&self, m: &str); fn d(&self) {} }
#[security_only] static S: &str = "x";
#[security_only] const C: u8 = 1;
#[cfg_attr(feature = "x", security_only)] fn cfg_marked() -> u8 { 1 }
#[cfg(test)] fn under_cfg() {}
"#
    ));
}

#[test]
fn generics_and_where_clauses() {
    insta::assert_snapshot!(items(
        "fn f<'a, T: Notifier + Clone, U, const N: usize>(t: T, u: &'a U, i: impl Into<String>, d: &dyn Notifier) -> Vec<T> where U: Send, Vec<T>: Debug { }\n\
         struct W<T: A>(T);\n\
         impl<T> Tr<u8> for W<T> where T: B { }\n\
         trait Sub: Super + Other<u8> { }"
    ));
}

#[test]
fn types() {
    insta::assert_snapshot!(items(
        "fn f(a: &mut [u8; 4], b: *const (u8, String), c: Box<dyn Fn(u8) -> u8 + Send>, d: fn(), e: (Vec<HashMap<K, V>>), f: Self, g: <T as Tr>::Assoc, h: ::std::string::String) -> () { }"
    ));
}

#[test]
fn use_trees() {
    insta::assert_snapshot!(items(
        "use a::{self, b::{c as d, e::*}, f as _}; pub use ::std::fmt; use super::x; use crate::{y::{self as z}};"
    ));
}

#[test]
fn modules() {
    insta::assert_snapshot!(items(
        "mod inline { pub fn g() { fn inner() {} } }\n#[path = \"other/file.rs\"] pub mod out;\nmod plain;"
    ));
}

#[test]
fn aliases_externs_macro_rules() {
    insta::assert_snapshot!(items(
        "type Phone = String; extern crate serde as s; extern crate core;\n\
         macro_rules! send { ($x:expr) => { ads::track($x) }; () => {} }\n\
         extern \"C\" { fn ext(x: u8) -> u8; static EXT: u8; }"
    ));
}

#[test]
fn statics_and_consts_have_init_bodies() {
    // Only initialisers that may hold data: literal tables have none.
    insta::assert_snapshot!(items(
        "static S: Lazy<String> = Lazy::new(|| read()); const C: (u8, u8) = (1, 2); const _: () = ();\n\
         const T: [u16; 3] = [1, 2 as u16, (-3i16 + 1) as u16]; static Z: [u8; 64] = [0; 64];\n\
         static P: [&str; 2] = [PHONE, \"x\"]; const Q: &[u8] = &[A[0], 1];"
    ));
}

#[test]
fn nested_items_are_hoisted() {
    insta::assert_snapshot!(items(
        "fn outer() { struct Local { #[security_only] s: String } impl Local { fn m(&self) {} } fn helper() -> u8 { 1 } helper(); }\n\
         impl X { fn m(&self) { fn deep() {} } }"
    ));
}

#[test]
fn thread_local_and_lazy_static() {
    insta::assert_snapshot!(items(
        "thread_local! { #[security_only] pub static A: RefCell<String> = RefCell::new(read()); static B: u8 = const { 1 } }\n\
         lazy_static! { static ref C: String = make(); #[security_only] pub static ref D: u8 = 2; }\n\
         #[security_only] lazy_static::lazy_static! { static ref E: u8 = 3; }"
    ));
}

#[test]
fn other_item_macros_parse_as_items() {
    insta::assert_snapshot!(items("my_items! { fn made() {} struct Made; } not_items! { 1 + }"));
}

#[test]
fn fn_signatures() {
    insta::assert_snapshot!(items(
        "impl S { pub async fn a(self: Box<Self>, x: u8) -> u8 { x } fn b(mut self) {} fn c(&'a mut self) {} fn d() {} }\n\
         impl Tr for S { fn t(&self) {} }"
    ));
}

#[test]
fn raw_identifiers() {
    insta::assert_snapshot!(items("fn r#type(r#match: u8) { let r#in = r#match; }"));
}

#[test]
fn exported_macro_rules_are_pub() {
    insta::assert_snapshot!(items(
        "#[macro_export] macro_rules! m { () => {} } macro_rules! n { (a) => (1); [b] => [2] }"
    ));
}

#[test]
fn subpattern_params_have_no_name() {
    insta::assert_snapshot!(items("fn f(all @ (a, b): (u8, u8)) { g(all, a); }"));
}

/// A deferred body's words come from its text, found by line and column:
/// a shebang line, non-ASCII text before the body and on its lines, and
/// CRLF line ends must not shift it.
#[test]
fn deferred_body_words_are_read_from_the_body_text() {
    use crate::ir::{word_hash, ItemKind};
    let src = "#!/usr/bin/env run-cargo-script\r\n// é ü ✓\r\nconst É: &str = \"ß\";\r\n\
               fn f() { let s = \"ñ\"; /* inside_word */ g(s) } // after_word\r\n";
    let ast = syn::parse_file(src).expect("parses");
    let file = crate::lower::lower_signatures(crate::source::FileId(0), &ast, src);
    let words = file
        .items
        .iter()
        .find_map(|item| match &item.kind {
            ItemKind::Fn(f) => f.deferred_body.clone(),
            _ => None,
        })
        .expect("a deferred body");
    // Only the text holds the comment's word (a walk of the tree would not).
    assert!(words.contains(&word_hash("inside_word")));
    assert!(words.contains(&word_hash("g")));
    assert!(!words.contains(&word_hash("after_word")));
    assert!(!words.contains(&word_hash("str")));
}
