use super::{body, body_spans};

#[test]
fn literal_and_path() {
    insta::assert_snapshot!(body("fn f(x: u32) { let a = 1; let b = x; let c = GLOBAL; let d = m::C; }"));
}

#[test]
fn fields_and_tuple_fields() {
    insta::assert_snapshot!(body(
        "fn f(m: Member) { let a = m.phone; let b = m.0.inner; let c = make().x; }"
    ));
}

#[test]
fn index_deref_ref_cast_paren_try_await() {
    insta::assert_snapshot!(body(
        "async fn f(v: Vec<u8>, r: &u8, i: usize) -> Result<u8, E> { \
         let a = v[i + 1]; let b = *r; let c = &v; let d = &mut v; let e = (r as u64); \
         let g = get()?; let h = fut.await; Ok(a) }"
    ));
}

#[test]
fn unary_binary_range() {
    insta::assert_snapshot!(body(
        "fn f(a: i32, b: i32) { let x = -a; let y = !a; let z = a + b * 2; let r = a..b; let s = ..; }"
    ));
}

#[test]
fn compound_assignment_is_weak() {
    insta::assert_snapshot!(body("fn f(mut a: String, b: &str) { a += b; a.len += 1; }"));
}

#[test]
fn strong_and_weak_assignment() {
    insta::assert_snapshot!(body(
        "fn f(mut k: String, r: &mut String, mut v: Vec<String>, mut s: S) { \
         k = String::new(); k = \"anon\"; s.a.b = k; *r = k; v[0] = k; (*r).x = k; get().x = k; GLOBAL = k; }"
    ));
}

#[test]
fn destructuring_assignment() {
    insta::assert_snapshot!(body("fn f(p: (u8, u8)) { let (mut a, mut b); (a, b) = p; S { x: a, .. } = s; (a, .., b) = t; _ = p; [a, b] = arr; }"));
}

#[test]
fn calls() {
    insta::assert_snapshot!(body_spans(
        "fn f(x: String) {\n    let g = ads::track;\n    ads::track(&x, 1);\n    let r = g(x);\n    (self.f)(x);\n    let s = Some(x);\n    let v = Vec::<u8>::new();\n    <T as Tr>::go(x);\n    <Vec<u8>>::new();\n}"
    ));
}

#[test]
fn method_calls_keep_receiver_place() {
    insta::assert_snapshot!(super::items(
        "impl P { fn q(&mut self, x: String) {\n    self.buf.push(x);\n    let n = x.trim().to_string().len();\n    \"lit\".to_string();\n} }"
    ));
}

#[test]
fn long_method_chain_is_linear() {
    let mut src = String::from("fn f(x: u8) { let y = x");
    for _ in 0..3000 {
        src.push_str(".m()");
    }
    src.push_str("; }");
    let out = body(&src);
    assert_eq!(out.lines().filter(|l| l.contains(".m()")).count(), 3000);
}

#[test]
fn struct_literals_and_tuples() {
    insta::assert_snapshot!(body(
        "fn f(phone: String, base: S) { let a = Foo { phone, name: get(), ..base }; let t = (phone, 1); let u = (); \
         let e = E::V { x: phone }; let s = Self { 0: phone }; }"
    ));
}

#[test]
fn arrays_and_repeat() {
    insta::assert_snapshot!(body(
        "fn f(a: u8, b: u8) { let x = [a, b, 3]; let y = [a; 4]; let z = [1, 2]; }"
    ));
}

#[test]
fn blocks_unsafe_const() {
    insta::assert_snapshot!(body(
        "fn f(a: u8) { let x = { let b = a; b }; let y = unsafe { g(a) }; let z = const { 3 }; }"
    ));
}

#[test]
fn shadowing_makes_new_locals() {
    insta::assert_snapshot!(body(
        "fn f(x: String) { let x = x.len(); let x = x + 1; { let x = 5; use_(x); } use_(x); }"
    ));
}

#[test]
fn tail_expression_returns() {
    insta::assert_snapshot!(body_spans("fn f(x: u8) -> u8 {\n    if x > 1 { return x; }\n    x + 1\n}"));
}

#[test]
fn closures_capture_outer_locals() {
    insta::assert_snapshot!(body_spans(
        "fn f(secret: String) {\n    let k = 1;\n    let c = move |a: u8, (b, d)| { if a > 0 { return secret.clone(); } k + b };\n    c(1, (2, 3));\n}"
    ));
}

#[test]
fn async_block_is_a_closure() {
    insta::assert_snapshot!(body(
        "async fn f(x: String) { let fut = async move { send(&x).await; x }; fut.await; }"
    ));
}

#[test]
fn nested_closures() {
    insta::assert_snapshot!(body("fn f(x: u8) { let a = |y| move |z| x + y + z; }"));
}

#[test]
fn let_with_types_and_declaration_only() {
    insta::assert_snapshot!(body_spans(
        "fn f() {\n    let x: String = g();\n    let y;\n    y = 3;\n    let (a, b): (u8, u8) = t;\n}"
    ));
}

#[test]
fn let_markers() {
    insta::assert_snapshot!(body_spans(
        "fn f() {\n    #[security_only]\n    let phone = read();\n    #[purpose_attrs::security_only] let (a, b) = pair();\n    let plain = 1;\n}"
    ));
}

#[test]
fn unknown_expressions_are_const() {
    insta::assert_snapshot!(body("fn f() { let x = yield g(); let y = _; }"));
}

#[test]
fn statement_calls_are_evals() {
    insta::assert_snapshot!(body("fn f(x: u8) { g(x); x.h()?; x.i().await; (j(x)); }"));
}

#[test]
fn chain_spans_start_at_the_chain_base() {
    insta::assert_snapshot!(body_spans(
        "fn f(x: String) {\n    let n = x\n        .trim()\n        .to_string();\n    self.a.b(x.len()).c;\n}"
    ));
}
