use super::body;

#[test]
fn if_without_else() {
    insta::assert_snapshot!(body("fn f(m: M) { if m.phone.starts_with(\"+44\") { ads::add(\"uk\"); } }"));
}

#[test]
fn if_else_chain_value() {
    insta::assert_snapshot!(body(
        "fn f(a: u8, b: u8) -> u8 { let x = if c(a) { a } else if c(b) { b } else { 0 }; x }"
    ));
}

#[test]
fn if_let_binds_in_then_branch() {
    insta::assert_snapshot!(body(
        "fn f(o: Option<String>) { if let Some(s) = o { sink(s); } else { other(); } }"
    ));
}

#[test]
fn if_let_chain() {
    insta::assert_snapshot!(body(
        "fn f(o: Option<S>) { if pre(o) && let Some(s) = o.get() && s.ok() && let Some(t) = s.inner { sink(t); } }"
    ));
}

#[test]
fn let_else() {
    insta::assert_snapshot!(body(
        "fn f(o: Option<String>) { let Some(s) = o else { log(); return; }; sink(s); }"
    ));
}

#[test]
fn match_keeps_scrutinee_place() {
    insta::assert_snapshot!(body(
        "fn f(acct: Account) -> String { match &acct.contact { Contact::Phone(p) if p.len() > 3 => p.clone(), Contact::Email { addr, .. } => addr.clone(), None => String::new(), _ => panic!() } }"
    ));
}

#[test]
fn empty_match_emits_no_branch() {
    insta::assert_snapshot!(body("fn f(x: Never) -> u8 { match x {} }"));
}

#[test]
fn loops_and_break_values() {
    insta::assert_snapshot!(body(
        "fn f(v: Vec<u8>) { let r = loop { if g() { break v; } if h() { continue; } }; 'outer: loop { loop { break 'outer; } } }"
    ));
}

#[test]
fn labelled_block_value() {
    insta::assert_snapshot!(body("fn f(a: u8) { let x = 'b: { if a > 1 { break 'b a; } 0 }; }"));
}

#[test]
fn while_and_while_let() {
    insta::assert_snapshot!(body(
        "fn f(mut it: I) { while it.more() { step(); } while let Some(x) = it.next() { sink(x); } }"
    ));
}

#[test]
fn for_loop_binds_from_collection() {
    insta::assert_snapshot!(body("fn f(v: Vec<(u8, String)>) { for (i, s) in v.iter().enumerate() { sink(s); } for x in &v { g(x); } }"));
}

#[test]
fn return_in_closure_assigns_result() {
    insta::assert_snapshot!(body(
        "fn f(x: u8) -> u8 { let c = || { if x > 0 { return x; } loop { break; } 0 }; return c(); }"
    ));
}

#[test]
fn break_inside_closure_does_not_escape() {
    insta::assert_snapshot!(body("fn f() { loop { let c = || { break 3; }; break; } }"));
}
