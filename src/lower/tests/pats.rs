use super::body;

#[test]
fn struct_and_tuple_struct_patterns() {
    insta::assert_snapshot!(body(
        "fn f(s: S) { let S { a, b: x, c: T(y, z), .. } = s; let W(p, q) = w; let (m, n) = s.pair; }"
    ));
}

#[test]
fn single_field_variants_use_zero() {
    insta::assert_snapshot!(body(
        "fn f(r: Result<String, E>) { match r { Ok(v) => sink(v), Err(e) => log(e) } }"
    ));
}

#[test]
fn slice_ref_box_at_patterns() {
    insta::assert_snapshot!(body(
        "fn f(v: &[u8], o: Option<S>) { if let [a, rest @ ..] = v { g(a, rest); } let &(ref x, mut y) = p; if let whole @ Some(inner) = o { g(whole, inner); } }"
    ));
}

#[test]
fn rest_in_tuple_patterns() {
    insta::assert_snapshot!(body("fn f(t: (u8, u8, u8, u8)) { let (a, .., z) = t; let V(b, .., y) = v; }"));
}

#[test]
fn or_patterns_join_alternatives() {
    insta::assert_snapshot!(body(
        "fn f(e: E) { match e { E::A(x) | E::B { b: x } => sink(x), E::C | E::D => {} } }"
    ));
}

#[test]
fn capitalised_idents_in_refutable_positions_are_constants() {
    insta::assert_snapshot!(body("fn f(x: u8, o: Option<u8>) { match x { MAX => g(), n => h(n) } match o { None => {}, Some(v) => h(v) } let Upper = x; }"));
}

#[test]
fn literal_range_wildcard_bind_nothing() {
    insta::assert_snapshot!(body("fn f(x: u8) { match x { 1 => {}, 2..=5 => {}, _ => {} } }"));
}

#[test]
fn param_patterns_use_hidden_locals() {
    insta::assert_snapshot!(super::items(
        "fn f((a, b): (u8, u8), S { x, .. }: S, mut m: u8, _: u8, ref r: u8) { g(a, x); }"
    ));
}
