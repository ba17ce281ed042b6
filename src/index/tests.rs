//! Index tests on hand-built IR: small builders make items, `res` renders
//! what a path resolves to as text.

use super::*;
use crate::ir::{
    EnumDef, FieldDef, ImplDef, Item, ItemKind, ModBody, ModDef, Param, PathSegment, StaticDef, StructDef,
    TraitDef, UseEntry, VariantDef,
};
use crate::source::FileId;

// ---------------------------------------------------------------------------
// Builders
// ---------------------------------------------------------------------------

fn sp(line: u32) -> Span {
    Span { file: FileId(0), line, column: 1, end_line: line, end_column: 2 }
}

fn n(s: &str) -> Name {
    Name::from(s)
}

/// A tiny parser for types and paths as written: `&Arc<Mutex<A>>`,
/// `[A; 4]`, `(A, B)`, `dyn Tr + Send`, `::x::y`, `*const T`.
struct P<'a> {
    s: &'a str,
}

impl P<'_> {
    fn ws(&mut self) {
        self.s = self.s.trim_start();
    }
    fn eat(&mut self, tok: &str) -> bool {
        self.ws();
        match self.s.strip_prefix(tok) {
            Some(rest) => {
                self.s = rest;
                true
            }
            None => false,
        }
    }
    fn ident(&mut self) -> String {
        self.ws();
        let end =
            self.s.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).unwrap_or(self.s.len());
        let (id, rest) = self.s.split_at(end);
        self.s = rest;
        id.to_string()
    }
    fn path(&mut self) -> PathRef {
        let leading_colon = self.eat("::");
        let mut segments = Vec::new();
        loop {
            let name = n(&self.ident());
            let mut generics = Vec::new();
            if self.eat("<") {
                loop {
                    generics.push(self.ty());
                    if !self.eat(",") {
                        break;
                    }
                }
                assert!(self.eat(">"), "unclosed generics");
            }
            segments.push(PathSegment { name, generics });
            if !self.eat("::") {
                break;
            }
        }
        PathRef { leading_colon, segments }
    }
    fn ty(&mut self) -> TypeRef {
        if self.eat("&") || self.eat("*const") || self.eat("*mut") {
            let mutable = self.eat("mut ");
            return TypeRef::Ref { mutable, inner: Box::new(self.ty()) };
        }
        if self.eat("[") {
            let inner = self.ty();
            if self.eat(";") {
                self.ident();
            }
            assert!(self.eat("]"));
            return TypeRef::Slice(Box::new(inner));
        }
        if self.eat("(") {
            let mut elems = Vec::new();
            while !self.eat(")") {
                elems.push(self.ty());
                self.eat(",");
            }
            return TypeRef::Tuple(elems);
        }
        if self.eat("dyn ") || self.eat("impl ") {
            let mut bounds = vec![self.path()];
            while self.eat("+") {
                bounds.push(self.path());
            }
            return TypeRef::Traits(bounds);
        }
        if self.eat("_") {
            return TypeRef::Other;
        }
        TypeRef::Path(self.path())
    }
}

fn ty(s: &str) -> TypeRef {
    let mut p = P { s };
    let t = p.ty();
    assert!(p.s.trim().is_empty(), "trailing input in type {s:?}: {:?}", p.s);
    t
}

fn path(s: &str) -> PathRef {
    let mut p = P { s };
    let t = p.path();
    assert!(p.s.trim().is_empty(), "trailing input in path {s:?}");
    t
}

fn item(kind: ItemKind) -> Item {
    Item { kind, is_pub: true, markers: Markers::default(), span: sp(1) }
}

fn private(mut i: Item) -> Item {
    i.is_pub = false;
    i
}

/// Marks an item `#[advertising_sink]`, the marker's span on `line`.
fn sink(mut i: Item, line: u32) -> Item {
    i.markers.mark_advertising_sink(sp(line));
    i
}

fn secret(mut i: Item) -> Item {
    i.markers.mark_security_only(sp(99));
    i
}

fn fn_def(name: &str, has_self: bool, body: bool) -> FnDef {
    let params = if has_self {
        vec![Param { name: Some(n("self")), ty: ty("&Self"), markers: Markers::default(), span: sp(1) }]
    } else {
        Vec::new()
    };
    FnDef {
        name: n(name),
        params,
        has_self,
        ret: None,
        generics: Vec::new(),
        is_async: false,
        body: body.then(Box::default),
        deferred_body: None,
    }
}

/// A free fn or associated fn without `self`.
fn func(name: &str) -> Item {
    item(ItemKind::Fn(fn_def(name, false, true)))
}

/// A method with `&self` and a body.
fn method(name: &str) -> Item {
    item(ItemKind::Fn(fn_def(name, true, true)))
}

/// A trait method declaration without a body.
fn decl(name: &str) -> Item {
    item(ItemKind::Fn(fn_def(name, true, false)))
}

fn field(name: &str, t: &str) -> FieldDef {
    FieldDef { name: n(name), ty: ty(t), markers: Markers::default(), span: sp(1) }
}

fn strukt(name: &str, fields: Vec<FieldDef>) -> Item {
    item(ItemKind::Struct(StructDef { name: n(name), generics: Vec::new(), fields }))
}

fn enm(name: &str, variants: &[&str]) -> Item {
    let variants =
        variants.iter().map(|v| VariantDef { name: n(v), fields: Vec::new(), span: sp(1) }).collect();
    item(ItemKind::Enum(EnumDef { name: n(name), generics: Vec::new(), variants }))
}

fn generic(name: &str, bounds: &[&str]) -> GenericParam {
    GenericParam { name: n(name), bounds: bounds.iter().map(|b| path(b)).collect() }
}

fn trait_(name: &str, supertraits: &[&str], methods: Vec<Item>) -> Item {
    item(ItemKind::Trait(TraitDef {
        name: n(name),
        generics: Vec::new(),
        supertraits: supertraits.iter().map(|p| path(p)).collect(),
        methods,
    }))
}

fn impl_(self_ty: &str, tr: Option<&str>, methods: Vec<Item>) -> Item {
    impl_generic(Vec::new(), self_ty, tr, methods)
}

fn impl_generic(generics: Vec<GenericParam>, self_ty: &str, tr: Option<&str>, methods: Vec<Item>) -> Item {
    item(ItemKind::Impl(ImplDef { generics, self_ty: ty(self_ty), trait_: tr.map(path), methods }))
}

fn module(name: &str, items: Vec<Item>) -> Item {
    item(ItemKind::Mod(ModDef { name: n(name), body: ModBody::Inline(items), transparent: false }))
}

fn static_(name: &str) -> Item {
    item(ItemKind::Static(StaticDef { name: n(name), ty: ty("u32"), is_const: false, init: None }))
}

fn alias(name: &str, target: &str) -> Item {
    item(ItemKind::TypeAlias { name: n(name), target: ty(target) })
}

/// `use` entries: `a::b`, `a::b as c`, `a::b as _`, `a::*`.
fn uses(entries: &[&str]) -> Item {
    let entries = entries
        .iter()
        .map(|e| {
            let (p, alias) = match e.split_once(" as ") {
                Some((p, a)) => (p, Some(a)),
                None => (*e, None),
            };
            let path: Vec<Name> = p.split("::").map(n).collect();
            let is_glob = path.last().is_some_and(|l| &**l == "*");
            let path = if is_glob { path[..path.len() - 1].to_vec() } else { path };
            let alias = match alias {
                Some("_") => None,
                Some(a) => Some(n(a)),
                None if is_glob => None,
                None => path.last().cloned(),
            };
            UseEntry { path, alias, is_glob, span: sp(1) }
        })
        .collect();
    item(ItemKind::Use(entries))
}

fn krate(name: &str, items: Vec<Item>, deps: &[(&str, usize)]) -> CrateInput {
    CrateInput {
        name: name.to_string(),
        items,
        deps: deps.iter().map(|(d, i)| (d.to_string(), *i)).collect(),
    }
}

// ---------------------------------------------------------------------------
// Queries rendered as text
// ---------------------------------------------------------------------------

fn module_id(ix: &Index, display: &str) -> ModuleId {
    let pos = (0..ix.scopes.modules.len()).position(|i| ix.module_path(ModuleId(i as u32)) == display);
    ModuleId(pos.unwrap_or_else(|| panic!("no module {display}")) as u32)
}

fn in_mod(ix: &Index, display: &str) -> Scope {
    Scope { module: module_id(ix, display), impl_: None, trait_: None }
}

fn fid(ix: &Index, display: &str) -> FnId {
    let pos = ix.fns.iter().position(|f| f.display == display);
    FnId(pos.unwrap_or_else(|| panic!("no fn {display}")) as u32)
}

fn fids(ix: &Index, displays: &[&str]) -> Vec<FnId> {
    let mut v: Vec<FnId> = displays.iter().map(|d| fid(ix, d)).collect();
    v.sort();
    v
}

fn adt_id(ix: &Index, name: &str) -> AdtId {
    let pos = ix.adts.iter().position(|a| &*a.name == name);
    AdtId(pos.unwrap_or_else(|| panic!("no adt {name}")) as u32)
}

fn trait_id(ix: &Index, name: &str) -> TraitId {
    let pos = ix.traits.iter().position(|t| &*t.name == name);
    TraitId(pos.unwrap_or_else(|| panic!("no trait {name}")) as u32)
}

fn show(ix: &Index, r: &Res) -> String {
    match r {
        Res::Fn(f) => format!("fn {}", ix.fn_data(*f).display),
        Res::Adt(a) => format!("adt {}", ix.adt(*a).display),
        Res::Variant(a, v) => {
            format!("variant {}::{}", ix.adt(*a).name, ix.adt(*a).variants[*v].name)
        }
        Res::Trait(t) => format!("trait {}", ix.trait_data(*t).display),
        Res::Static(s) => format!("static {}", ix.static_data(*s).display),
        Res::Module(m) => format!("mod {}", ix.module_path(*m)),
        Res::External(p) => format!("ext {p}"),
    }
}

fn res(ix: &Index, scope: Scope, p: &str) -> Vec<String> {
    ix.resolve_path(scope, &path(p)).iter().map(|r| show(ix, r)).collect()
}

fn show_ty(ix: &Index, t: &TyRes) -> String {
    match t {
        TyRes::Adt(a) => format!("adt {}", ix.adt(*a).name),
        TyRes::Traits(ts) => {
            let names: Vec<&str> = ts.iter().map(|t| &*ix.trait_data(*t).name).collect();
            format!("traits [{}]", names.join(", "))
        }
        TyRes::Unknown => "unknown".to_string(),
    }
}

fn rty(ix: &Index, scope: Scope, generics: &[GenericParam], t: &str) -> String {
    show_ty(ix, &ix.resolve_type(scope, generics, &ty(t)))
}

// ---------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------

fn app_modules() -> Index {
    Index::build(vec![krate(
        "app",
        vec![
            module("ads", vec![func("track"), private(func("secret_helper"))]),
            module(
                "api",
                vec![
                    uses(&["crate::ads", "crate::ads::track as t"]),
                    private(func("helper")),
                    module("inner", vec![func("deep"), uses(&["super::super::ads::track as up"])]),
                ],
            ),
            module("globber", vec![uses(&["crate::ads::*"])]),
            module("ads_tests", vec![]),
            func("main"),
        ],
        &[],
    )])
}

#[test]
fn free_fns_across_modules() {
    let ix = app_modules();
    let api = in_mod(&ix, "app::api");
    assert_eq!(res(&ix, api, "ads::track"), ["fn app::ads::track"]);
    assert_eq!(res(&ix, api, "crate::ads::track"), ["fn app::ads::track"]);
    assert_eq!(res(&ix, api, "super::ads::track"), ["fn app::ads::track"]);
    assert_eq!(res(&ix, api, "self::helper"), ["fn app::api::helper"]);
    assert_eq!(res(&ix, api, "helper"), ["fn app::api::helper"]);
    assert_eq!(res(&ix, api, "inner::deep"), ["fn app::api::inner::deep"]);
    assert_eq!(res(&ix, api, "ads"), ["mod app::ads"]);
    // Rust does not look in enclosing modules.
    assert_eq!(res(&ix, in_mod(&ix, "app::api::inner"), "helper"), ["ext helper"]);
    assert_eq!(res(&ix, in_mod(&ix, "app::api::inner"), "super::helper"), ["fn app::api::helper"]);
    assert_eq!(res(&ix, in_mod(&ix, "app"), "main"), ["fn app::main"]);
}

#[test]
fn use_rename_and_super_chain() {
    let ix = app_modules();
    assert_eq!(res(&ix, in_mod(&ix, "app::api"), "t"), ["fn app::ads::track"]);
    assert_eq!(res(&ix, in_mod(&ix, "app::api::inner"), "up"), ["fn app::ads::track"]);
    // The original name is not bound by a renaming import.
    assert_eq!(res(&ix, in_mod(&ix, "app::api"), "track"), ["ext track"]);
}

#[test]
fn glob_imports_respect_visibility() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            module(
                "ads",
                vec![func("track"), private(func("hidden")), module("tests", vec![uses(&["super::*"])])],
            ),
            module("user", vec![uses(&["crate::ads::*"]), func("own")]),
        ],
        &[],
    )]);
    let user = in_mod(&ix, "app::user");
    assert_eq!(res(&ix, user, "track"), ["fn app::ads::track"]);
    assert_eq!(res(&ix, user, "hidden"), ["ext hidden"]);
    assert_eq!(res(&ix, user, "tests"), ["mod app::ads::tests"]);
    // A child module's `use super::*` sees private items.
    assert_eq!(res(&ix, in_mod(&ix, "app::ads::tests"), "hidden"), ["fn app::ads::hidden"]);
}

#[test]
fn items_and_named_imports_shadow_globs() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            module("errors", vec![enm("Error", &["Bad"]), func("run")]),
            module("io_user", vec![uses(&["crate::errors::*", "std::io::Error"]), func("run")]),
        ],
        &[],
    )]);
    let m = in_mod(&ix, "app::io_user");
    assert_eq!(res(&ix, m, "Error::new"), ["ext Error::new"]);
    assert_eq!(res(&ix, m, "run"), ["fn app::io_user::run"]);
}

#[test]
fn pub_use_chain_across_crates() {
    let ix = Index::build(vec![
        krate(
            "core_lib",
            vec![
                private(module("inner", vec![func("f"), strukt("Account", Vec::new())])),
                module("facade", vec![uses(&["crate::inner::f as g", "crate::inner::Account"])]),
                uses(&["facade::g"]),
                private(uses(&["facade::Account"])),
                module("prelude", vec![uses(&["super::facade::*"])]),
            ],
            &[],
        ),
        krate(
            "app",
            vec![
                uses(&["core_lib::g", "core_lib::facade::Account as Acc", "core_lib::prelude::*"]),
                func("main"),
            ],
            &[("core_lib", 0)],
        ),
    ]);
    let app = in_mod(&ix, "app");
    assert_eq!(res(&ix, app, "g"), ["fn core_lib::inner::f"]);
    assert_eq!(res(&ix, app, "core_lib::g"), ["fn core_lib::inner::f"]);
    assert_eq!(res(&ix, app, "core_lib::facade::g"), ["fn core_lib::inner::f"]);
    assert_eq!(res(&ix, app, "::core_lib::g"), ["fn core_lib::inner::f"]);
    assert_eq!(res(&ix, app, "Acc"), ["adt Account"]);
    // Through the prelude's glob of the facade's `pub use`s.
    assert_eq!(res(&ix, app, "Account"), ["adt Account"]);
    assert_eq!(res(&ix, app, "std::mem::swap"), ["ext std::mem::swap"]);
    assert_eq!(res(&ix, app, "serde_json::to_string"), ["ext serde_json::to_string"]);
}

#[test]
fn private_imports_are_not_reexported_by_globs() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            module("a", vec![private(module("b", vec![func("f")])), private(uses(&["self::b::f"]))]),
            module("c", vec![uses(&["crate::a::*"])]),
        ],
        &[],
    )]);
    assert_eq!(res(&ix, in_mod(&ix, "app::c"), "f"), ["ext f"]);
    assert_eq!(res(&ix, in_mod(&ix, "app::a"), "f"), ["fn app::a::b::f"]);
}

#[test]
fn self_type_assoc_fns_trait_methods_and_variants() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            strukt("Account", vec![field("phone", "String")]),
            impl_("Account", None, vec![func("new"), method("phone")]),
            trait_("Notify", &[], vec![decl("notify"), method("describe")]),
            impl_("Account", Some("Notify"), vec![method("notify")]),
            enm("Color", &["Red", "Green"]),
            impl_("Color", None, vec![func("default_color")]),
            module("m", vec![uses(&["crate::Color::*", "super::Color::Green as G"])]),
        ],
        &[],
    )]);
    let root = in_mod(&ix, "app");
    let in_impl = Scope { module: root.module, impl_: Some(ImplId(0)), trait_: None };
    assert_eq!(res(&ix, in_impl, "Self::new"), ["fn Account::new"]);
    assert_eq!(res(&ix, in_impl, "Self"), ["adt Account"]);
    assert_eq!(res(&ix, root, "Account::new"), ["fn Account::new"]);
    assert_eq!(res(&ix, root, "Account::notify"), ["fn Account::notify"]);
    // A default method reached through the type.
    assert_eq!(res(&ix, root, "Account::describe"), ["fn Notify::describe"]);
    assert_eq!(res(&ix, root, "Notify::notify"), ["fn Notify::notify"]);
    assert_eq!(res(&ix, root, "Account::missing"), ["ext Account::missing"]);
    assert_eq!(res(&ix, root, "Color::Green"), ["variant Color::Green"]);
    assert_eq!(res(&ix, root, "Color::default_color"), ["fn Color::default_color"]);
    assert_eq!(res(&ix, in_mod(&ix, "app::m"), "Red"), ["variant Color::Red"]);
    assert_eq!(res(&ix, in_mod(&ix, "app::m"), "G"), ["variant Color::Green"]);
    let in_enum_impl = Scope { module: root.module, impl_: Some(ImplId(2)), trait_: None };
    assert_eq!(res(&ix, in_enum_impl, "Self::Red"), ["variant Color::Red"]);
    let in_trait = Scope { module: root.module, impl_: None, trait_: Some(trait_id(&ix, "Notify")) };
    assert_eq!(res(&ix, in_trait, "Self::notify"), ["fn Notify::notify"]);
}

#[test]
fn self_in_impl_of_foreign_type() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            trait_("Tr", &[], vec![decl("a"), method("b")]),
            impl_("String", Some("Tr"), vec![method("a"), func("helper")]),
        ],
        &[],
    )]);
    let scope = Scope { module: ModuleId(0), impl_: Some(ImplId(0)), trait_: None };
    assert_eq!(res(&ix, scope, "Self::helper"), ["fn String::helper"]);
    assert_eq!(res(&ix, scope, "Self::b"), ["fn Tr::b"]);
    assert_eq!(res(&ix, scope, "Self::zzz"), ["ext Self::zzz"]);
    assert_eq!(rty(&ix, scope, &[], "Self"), "unknown");
}

#[test]
fn statics_unit_structs_and_value_namespace_first() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            static_("KEY"),
            strukt("Unit", Vec::new()),
            strukt("Tuple", vec![field("0", "u8")]),
            strukt("Named", vec![field("x", "u8")]),
            module("parse", vec![func("parse")]),
            uses(&["parse::parse"]),
        ],
        &[],
    )]);
    let root = in_mod(&ix, "app");
    assert_eq!(res(&ix, root, "KEY"), ["static KEY"]);
    assert_eq!(res(&ix, root, "Unit"), ["adt Unit"]);
    assert_eq!(res(&ix, root, "Tuple"), ["adt Tuple"]);
    assert_eq!(res(&ix, root, "Named"), ["adt Named"]);
    // Module `parse` and fn `parse` share a name: the value wins.
    assert_eq!(res(&ix, root, "parse"), ["fn app::parse::parse"]);
    assert_eq!(res(&ix, root, "parse::parse"), ["fn app::parse::parse"]);
}

#[test]
fn cfg_duplicates_return_all() {
    let ix = Index::build(vec![krate("app", vec![func("f"), func("f")], &[])]);
    let all: Vec<Res> = ix.resolve_path(in_mod(&ix, "app"), &path("f"));
    assert_eq!(all, vec![Res::Fn(FnId(0)), Res::Fn(FnId(1))]);
}

#[test]
fn externals() {
    let ix = app_modules();
    let root = in_mod(&ix, "app");
    assert_eq!(res(&ix, root, "Some"), ["ext Some"]);
    assert_eq!(res(&ix, root, "String::from"), ["ext String::from"]);
    assert_eq!(res(&ix, root, "::std::mem::take"), ["ext std::mem::take"]);
    assert_eq!(res(&ix, root, "ads::missing"), ["ext ads::missing"]);
    assert_eq!(res(&ix, root, "super::x"), ["ext super::x"]);
    assert_eq!(res(&ix, root, "Self::x"), ["ext Self::x"]);
    assert_eq!(res(&ix, root, ""), ["ext "]);
}

#[test]
fn import_cycles_terminate() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            module("a", vec![uses(&["super::b::*", "super::b::x as y"]), func("fa")]),
            module("b", vec![uses(&["super::a::*", "super::a::y as x"]), func("fb")]),
            module("c", vec![uses(&["self::*"])]),
        ],
        &[],
    )]);
    assert_eq!(res(&ix, in_mod(&ix, "app::a"), "fb"), ["fn app::b::fb"]);
    assert_eq!(res(&ix, in_mod(&ix, "app::b"), "fa"), ["fn app::a::fa"]);
    assert_eq!(res(&ix, in_mod(&ix, "app::a"), "y"), ["ext y"]);
    assert_eq!(res(&ix, in_mod(&ix, "app::c"), "z"), ["ext z"]);
}

#[test]
fn edition_2015_use_paths_and_extern_crate() {
    let ix = Index::build(vec![
        krate("lib_a", vec![func("f")], &[]),
        krate(
            "app",
            vec![
                item(ItemKind::ExternCrate { name: n("lib_a"), alias: Some(n("la")) }),
                item(ItemKind::ExternCrate { name: n("serde"), alias: None }),
                module("util", vec![func("helper")]),
                module("user", vec![uses(&["util::helper", "la::f"])]),
            ],
            &[("lib_a", 0)],
        ),
    ]);
    let user = in_mod(&ix, "app::user");
    assert_eq!(res(&ix, user, "helper"), ["fn app::util::helper"]);
    assert_eq!(res(&ix, user, "f"), ["fn lib_a::f"]);
    assert_eq!(res(&ix, user, "la::f"), ["fn lib_a::f"]);
    assert_eq!(res(&ix, in_mod(&ix, "app"), "serde::Serialize"), ["ext serde::Serialize"]);
}

// ---------------------------------------------------------------------------
// Methods and sinks
// ---------------------------------------------------------------------------

fn notifier_crate() -> Index {
    Index::build(vec![krate(
        "app",
        vec![
            strukt("Account", Vec::new()),
            strukt("Pixel", Vec::new()),
            strukt("Mailer", Vec::new()),
            trait_("Notifier", &[], vec![sink(decl("send"), 10), method("flush"), method("name")]),
            sink(trait_("Tracker", &[], vec![decl("track"), method("track_all")]), 20),
            impl_("Account", None, vec![method("phone"), func("new")]),
            impl_("Pixel", Some("Notifier"), vec![method("send"), method("flush")]),
            impl_("Mailer", Some("Notifier"), vec![method("send")]),
            sink(impl_("Pixel", None, vec![method("fire")]), 30),
            impl_("Account", Some("Tracker"), vec![method("track")]),
            sink(func("add_to_audience"), 40),
            func("plain"),
        ],
        &[],
    )])
}

#[test]
fn methods_of_inherent_trait_impl_and_default() {
    let ix = notifier_crate();
    let pixel = adt_id(&ix, "Pixel");
    let mailer = adt_id(&ix, "Mailer");
    let account = adt_id(&ix, "Account");
    assert_eq!(ix.methods_of(pixel, "fire"), fids(&ix, &["Pixel::fire"]));
    assert_eq!(ix.methods_of(pixel, "send"), fids(&ix, &["Pixel::send"]));
    assert_eq!(ix.methods_of(mailer, "flush"), fids(&ix, &["Notifier::flush"]));
    assert_eq!(ix.methods_of(account, "track_all"), fids(&ix, &["Tracker::track_all"]));
    assert_eq!(ix.methods_of(account, "phone"), fids(&ix, &["Account::phone"]));
    assert!(ix.methods_of(account, "send").is_empty());
    assert!(ix.methods_of(AdtId(999), "send").is_empty());
}

#[test]
fn trait_method_targets_cover_impls_and_defaults() {
    let ix = notifier_crate();
    let notifier = trait_id(&ix, "Notifier");
    assert_eq!(ix.trait_method_targets(notifier, "send"), fids(&ix, &["Pixel::send", "Mailer::send"]));
    // Mailer does not override `flush`: the default body is reachable.
    let mut flush = fids(&ix, &["Pixel::flush", "Notifier::flush"]);
    flush.sort();
    assert_eq!(ix.trait_method_targets(notifier, "flush"), flush);
    assert_eq!(ix.trait_method_targets(notifier, "name"), fids(&ix, &["Notifier::name"]));
    assert!(ix.trait_method_targets(notifier, "nope").is_empty());
    assert!(ix.trait_method_targets(TraitId(999), "send").is_empty());
}

#[test]
fn every_default_overridden_leaves_only_impls() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            strukt("A", Vec::new()),
            trait_("Tr", &[], vec![method("m")]),
            impl_("A", Some("Tr"), vec![method("m")]),
            trait_("Unused", &[], vec![method("d"), decl("r")]),
        ],
        &[],
    )]);
    assert_eq!(ix.trait_method_targets(trait_id(&ix, "Tr"), "m"), fids(&ix, &["A::m"]));
    // No impl in the workspace: the default body is all a call can reach.
    assert_eq!(ix.trait_method_targets(trait_id(&ix, "Unused"), "d"), fids(&ix, &["Unused::d"]));
    assert!(ix.trait_method_targets(trait_id(&ix, "Unused"), "r").is_empty());
}

#[test]
fn supertrait_methods() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            strukt("A", Vec::new()),
            trait_("Base", &[], vec![decl("base")]),
            trait_("Sub", &["Base"], vec![decl("sub")]),
            impl_("A", Some("Base"), vec![method("base")]),
            impl_("A", Some("Sub"), vec![method("sub")]),
        ],
        &[],
    )]);
    let sub = trait_id(&ix, "Sub");
    assert_eq!(ix.trait_method_targets(sub, "base"), fids(&ix, &["A::base"]));
    let in_sub = Scope { module: ModuleId(0), impl_: None, trait_: Some(sub) };
    assert_eq!(res(&ix, in_sub, "Self::base"), ["fn Base::base"]);
}

#[test]
fn sink_markers_are_inherited() {
    let ix = notifier_crate();
    let marker = |d: &str| ix.fn_data(fid(&ix, d)).sink_marker.map(|s| s.line);
    assert_eq!(marker("app::add_to_audience"), Some(40));
    assert_eq!(marker("app::plain"), None);
    assert_eq!(marker("Pixel::fire"), Some(30));
    assert_eq!(marker("Notifier::send"), Some(10));
    assert_eq!(marker("Pixel::send"), Some(10));
    assert_eq!(marker("Mailer::send"), Some(10));
    assert_eq!(marker("Pixel::flush"), None);
    assert_eq!(marker("Notifier::flush"), None);
    assert_eq!(marker("Tracker::track"), Some(20));
    assert_eq!(marker("Tracker::track_all"), Some(20));
    assert_eq!(marker("Account::track"), Some(20));
    assert_eq!(marker("Account::phone"), None);
}

#[test]
fn methods_named_and_displays() {
    let ix = notifier_crate();
    assert_eq!(ix.methods_named("send"), fids(&ix, &["Notifier::send", "Pixel::send", "Mailer::send"]));
    assert!(ix.methods_named("new").is_empty());
    let f = ix.fn_data(fid(&ix, "Pixel::send"));
    assert_eq!(f.owner, FnOwner::Impl(ImplId(1)));
    assert_eq!(f.scope.impl_, Some(ImplId(1)));
    let d = ix.fn_data(fid(&ix, "Notifier::send"));
    assert_eq!(d.scope.trait_, Some(trait_id(&ix, "Notifier")));
    assert_eq!(ix.impl_data(ImplId(1)).trait_, Some(trait_id(&ix, "Notifier")));
    assert_eq!(ix.impl_data(ImplId(1)).self_adt, Some(adt_id(&ix, "Pixel")));
}

#[test]
fn blanket_impls() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            strukt("A", Vec::new()),
            trait_("Loggable", &[], vec![method("log")]),
            impl_generic(vec![generic("T", &["Display"])], "T", Some("Loggable"), vec![]),
            impl_generic(vec![generic("T", &[])], "&T", Some("Loggable"), vec![method("log")]),
            impl_("Vec<A>", Some("Loggable"), vec![]),
        ],
        &[],
    )]);
    for i in 0..3 {
        assert_eq!(ix.impl_data(ImplId(i)).self_adt, None);
    }
    let a = adt_id(&ix, "A");
    assert_eq!(ix.methods_of(a, "log"), fids(&ix, &["Loggable::log", "T::log"]));
    let blanket = Scope { module: ModuleId(0), impl_: Some(ImplId(0)), trait_: None };
    assert_eq!(rty(&ix, blanket, &[], "Self"), "traits []");
}

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

fn types_crate() -> Index {
    Index::build(vec![krate(
        "app",
        vec![
            strukt("Account", vec![secret_field("phone"), field("name", "String")]),
            secret(strukt("TotpSecret", vec![field("0", "String")])),
            trait_("Notifier", &[], vec![decl("send")]),
            trait_("Other", &[], vec![]),
            alias("AccountRef", "Arc<Account>"),
            alias("Res", "Result<T, Error>"),
            alias("Loop1", "Loop2"),
            alias("Loop2", "Loop1"),
            alias("Map", "HashMap<String, V>"),
            alias("Plain", "Account"),
            strukt("Box", vec![field("inner", "u8")]),
            impl_("Account", None, vec![method("get")]),
            module("m", vec![uses(&["crate::Account as Acc"])]),
        ],
        &[],
    )])
}

#[test]
fn resolve_type_through_wrappers() {
    let ix = types_crate();
    let root = in_mod(&ix, "app");
    for t in [
        "Account",
        "&Arc<Mutex<Account>>",
        "&mut Account",
        "*const Account",
        "Option<Vec<Account>>",
        "Result<Account, String>",
        "std::sync::Arc<std::sync::RwLock<Account>>",
        "HashMap<String, Account>",
        "BTreeMap<u8, Vec<Account>>",
        "[Account; 4]",
        "&[Account]",
        "Cow<Account>",
        "Pin<std::boxed::Box<Account>>",
        "AccountRef",
        "Res<Account>",
        "Map<Account>",
        "crate::Account",
        "self::Account",
    ] {
        assert_eq!(rty(&ix, root, &[], t), "adt Account", "{t}");
    }
    assert_eq!(rty(&ix, in_mod(&ix, "app::m"), &[], "Acc"), "adt Account");
    assert_eq!(rty(&ix, in_mod(&ix, "app::m"), &[], "Option<super::Account>"), "adt Account");
    for t in ["u8", "String", "(Account, u8)", "Vec<u8>", "Loop1", "Res<u8>", "_", "Vec", "Account::Assoc"] {
        assert_eq!(rty(&ix, root, &[], t), "unknown", "{t}");
    }
    // A workspace type named like a wrapper is not seen through.
    assert_eq!(rty(&ix, root, &[], "Box<Account>"), "adt Box");
}

#[test]
fn resolve_type_traits_generics_and_self() {
    let ix = types_crate();
    let root = in_mod(&ix, "app");
    assert_eq!(rty(&ix, root, &[], "&dyn Notifier"), "traits [Notifier]");
    assert_eq!(rty(&ix, root, &[], "Arc<dyn Notifier + Send>"), "traits [Notifier]");
    assert_eq!(rty(&ix, root, &[], "impl Notifier + Other"), "traits [Notifier, Other]");
    assert_eq!(rty(&ix, root, &[], "dyn Send"), "traits []");
    let generics = [generic("T", &["Notifier", "Clone"]), generic("U", &[])];
    assert_eq!(rty(&ix, root, &generics, "&T"), "traits [Notifier]");
    assert_eq!(rty(&ix, root, &generics, "Vec<T>"), "traits [Notifier]");
    assert_eq!(rty(&ix, root, &generics, "U"), "traits []");
    let in_impl = Scope { module: root.module, impl_: Some(ImplId(0)), trait_: None };
    assert_eq!(rty(&ix, in_impl, &[], "&Self"), "adt Account");
    assert_eq!(rty(&ix, in_impl, &[], "Option<Self>"), "adt Account");
    let in_trait = Scope { module: root.module, impl_: None, trait_: Some(trait_id(&ix, "Notifier")) };
    assert_eq!(rty(&ix, in_trait, &[], "&Self"), "traits [Notifier]");
}

#[test]
fn impl_and_trait_generics_are_in_scope() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            strukt("Holder", Vec::new()),
            trait_("Notifier", &[], vec![decl("send")]),
            impl_generic(vec![generic("N", &["Notifier"])], "Holder", None, vec![method("run")]),
        ],
        &[],
    )]);
    let f = fid(&ix, "Holder::run");
    let generics = ix.generics_of(f);
    assert_eq!(generics.len(), 1);
    let scope = ix.fn_data(f).scope;
    assert_eq!(rty(&ix, scope, &[], "&N"), "traits [Notifier]");
    assert_eq!(rty(&ix, scope, &generics, "N"), "traits [Notifier]");
    assert!(ix.generics_of(FnId(999)).is_empty());
}

#[test]
fn adts_anywhere_in_a_type() {
    let ix = types_crate();
    let root = in_mod(&ix, "app");
    let names = |t: &str| -> Vec<String> {
        ix.adts_in_type(root, &ty(t)).iter().map(|a| ix.adt(*a).name.to_string()).collect()
    };
    assert_eq!(names("HashMap<TotpSecret, u8>"), ["TotpSecret"]);
    assert_eq!(names("(Vec<Account>, Option<&TotpSecret>)"), ["Account", "TotpSecret"]);
    assert_eq!(names("AccountRef"), ["Account"]);
    assert_eq!(names("dyn Into<TotpSecret>"), ["TotpSecret"]);
    assert_eq!(names("Loop1"), Vec::<String>::new());
    assert_eq!(names("u8"), Vec::<String>::new());
}

#[test]
fn fields() {
    let ix = Index::build(vec![krate(
        "app",
        vec![
            strukt("Member", vec![secret_field("recovery_phone"), field("nickname", "String")]),
            item(ItemKind::Enum(EnumDef {
                name: n("Contact"),
                generics: Vec::new(),
                variants: vec![
                    VariantDef { name: n("Phone"), fields: vec![secret_field("0")], span: sp(1) },
                    VariantDef { name: n("Mail"), fields: vec![secret_field("recovery_phone")], span: sp(1) },
                ],
            })),
        ],
        &[],
    )]);
    let member = adt_id(&ix, "Member");
    let contact = adt_id(&ix, "Contact");
    assert_eq!(ix.fields_named(member, "nickname").len(), 1);
    assert!(ix.fields_named(member, "nope").is_empty());
    assert_eq!(ix.fields_named(contact, "0").len(), 1);
    assert!(ix.fields_named(AdtId(999), "0").is_empty());
    let found: Vec<AdtId> = ix.security_fields_named("recovery_phone").iter().map(|(a, _)| *a).collect();
    assert_eq!(found, [member, contact]);
    assert!(ix.security_fields_named("nickname").is_empty());
}

fn secret_field(name: &str) -> FieldDef {
    let mut f = field(name, "String");
    f.markers.mark_security_only(sp(7));
    f
}

// ---------------------------------------------------------------------------
// Robustness
// ---------------------------------------------------------------------------

#[test]
fn odd_input_does_not_panic() {
    let ix = Index::build(vec![
        krate(
            "app",
            vec![
                item(ItemKind::Mod(ModDef {
                    name: n("missing"),
                    body: ModBody::OutOfLine { path_attr: None, loaded: None },
                    transparent: false,
                })),
                item(ItemKind::Mod(ModDef {
                    name: n("loaded"),
                    body: ModBody::OutOfLine { path_attr: None, loaded: Some((FileId(3), vec![func("f")])) },
                    transparent: false,
                })),
                impl_("Ghost", Some("NoSuchTrait"), vec![method("m")]),
                impl_("(u8, u8)", None, vec![method("tuple")]),
                uses(&["", "crate", "super::*", "self", "a::b as _", "x::y::self"]),
                alias("Selfish", "Selfish"),
                func("dup"),
                strukt("dup", Vec::new()),
            ],
            &[("nowhere", 42)],
        ),
        krate("empty", Vec::new(), &[]),
    ]);
    let root = in_mod(&ix, "app");
    assert_eq!(res(&ix, root, "loaded::f"), ["fn app::loaded::f"]);
    assert_eq!(res(&ix, root, "missing::f"), ["ext missing::f"]);
    assert_eq!(res(&ix, root, "Selfish::new"), ["ext Selfish::new"]);
    assert_eq!(res(&ix, root, "Selfish"), ["ext Selfish"]);
    assert_eq!(res(&ix, root, "nowhere::x"), ["ext nowhere::x"]);
    assert_eq!(rty(&ix, root, &[], "Selfish"), "unknown");
    assert_eq!(ix.impl_data(ImplId(0)).self_adt, None);
    assert_eq!(ix.impl_data(ImplId(0)).trait_, None);
    assert_eq!(ix.fn_data(fid(&ix, "(u8, u8)::tuple")).owner, FnOwner::Impl(ImplId(1)));
    assert_eq!(res(&ix, root, "dup"), ["fn app::dup", "adt dup"]);
    let bad = Scope { module: ModuleId(77), impl_: Some(ImplId(55)), trait_: Some(TraitId(66)) };
    assert_eq!(res(&ix, bad, "x::y"), ["ext x::y"]);
    assert_eq!(rty(&ix, bad, &[], "Self"), "unknown");
    assert!(ix.adts_in_type(bad, &ty("Self")).is_empty());
    assert_eq!(ix.macros_in(ModuleId(77)), &[] as &[Name]);
    assert_eq!(ix.module_path(ModuleId(77)), "");
}

#[test]
fn doubling_aliases_stay_linear() {
    let mut items = vec![strukt("Leaf", Vec::new()), alias("A0", "Leaf")];
    for i in 1..13 {
        items.push(alias(&format!("A{i}"), &format!("(A{p}, Vec<A{p}>)", p = i - 1)));
    }
    let ix = Index::build(vec![krate("app", items, &[])]);
    let found = ix.adts_in_type(in_mod(&ix, "app"), &ty("A12"));
    assert_eq!(found, [adt_id(&ix, "Leaf")]);
    assert_eq!(rty(&ix, in_mod(&ix, "app"), &[], "A12"), "unknown");
}

#[test]
fn deep_module_nesting_does_not_overflow() {
    let mut items = vec![func("leaf")];
    for i in 0..20_000 {
        items = vec![module(&format!("m{i}"), items)];
    }
    let ix = Index::build(vec![krate("app", items, &[])]);
    assert_eq!(ix.fns.len(), 1);
}

#[test]
fn macros_are_recorded() {
    let ix = Index::build(vec![krate(
        "app",
        vec![item(ItemKind::MacroRules(crate::ir::MacroRulesDef { name: n("my_macro"), rules: Vec::new() }))],
        &[],
    )]);
    assert_eq!(ix.macros_in(ModuleId(0)), &[n("my_macro")]);
}

/// A generated-crate shape: a hub re-exports `n` modules by glob, and each
/// of them globs the hub back. Hubs of many globs use a precomputed glob
/// layer, small ones are searched on demand: both must agree.
fn hub_crate(n: usize) -> Index {
    let mut hub_items = Vec::new();
    for i in 0..n {
        let items = vec![
            uses(&["super::*"]),
            strukt(&format!("Gen{i}"), Vec::new()),
            private(func(&format!("hidden{i}"))),
            func("shared"),
        ];
        hub_items.push(module(&format!("gen{i}"), items));
        hub_items.push(uses(&[&format!("gen{i}::*")]));
    }
    hub_items.push(enm("Kind", &["Alpha"]));
    hub_items.push(uses(&["Kind::*"]));
    hub_items.push(func("own"));
    hub_items.push(private(uses(&["crate::internals::*"])));
    hub_items.push(module("gen_private", vec![private(uses(&["crate::other::*"]))]));
    hub_items.push(uses(&["gen_private::*"]));
    Index::build(vec![krate(
        "app",
        vec![
            module("internals", vec![func("internal")]),
            module("other", vec![func("deep")]),
            module("hub", hub_items),
            module("user", vec![uses(&["crate::hub::*", "crate::hub::Gen0 as Zero"])]),
        ],
        &[],
    )])
}

#[test]
fn hub_modules_with_many_globs() {
    for n in [3, 20] {
        let ix = hub_crate(n);
        let is_hub = ix.scopes.hub_globs.contains_key(&module_id(&ix, "app::hub"));
        assert_eq!(is_hub, n >= 16);
        let gen1 = in_mod(&ix, "app::hub::gen1");
        assert_eq!(res(&ix, gen1, "Gen2"), ["adt Gen2"]);
        assert_eq!(res(&ix, gen1, "own"), ["fn app::hub::own"]);
        assert_eq!(res(&ix, gen1, "Alpha"), ["variant Kind::Alpha"]);
        assert_eq!(res(&ix, gen1, "hidden1"), ["fn app::hub::gen1::hidden1"]);
        assert_eq!(res(&ix, gen1, "hidden2"), ["ext hidden2"]);
        // Own items shadow the glob layer.
        assert_eq!(res(&ix, gen1, "shared"), ["fn app::hub::gen1::shared"]);
        let user = in_mod(&ix, "app::user");
        assert_eq!(res(&ix, user, "Gen2"), ["adt Gen2"]);
        assert_eq!(res(&ix, user, "Zero"), ["adt Gen0"]);
        assert_eq!(res(&ix, user, "hidden1"), ["ext hidden1"]);
        // The hub's private glob serves its children, not its importers.
        assert_eq!(res(&ix, gen1, "internal"), ["fn app::internals::internal"]);
        assert_eq!(res(&ix, user, "internal"), ["ext internal"]);
        // A private glob deeper down is not re-exported through the hub.
        assert_eq!(res(&ix, gen1, "deep"), ["ext deep"]);
        assert_eq!(res(&ix, user, "deep"), ["ext deep"]);
        // Ambiguous in Rust; every candidate here.
        assert_eq!(res(&ix, user, "shared").len(), n);
    }
}

#[test]
fn alias_paths() {
    let ix = types_crate();
    let root = in_mod(&ix, "app");
    assert_eq!(res(&ix, root, "Plain::get"), ["fn Account::get"]);
    assert_eq!(res(&ix, root, "Plain"), ["adt Account"]);
    assert_eq!(res(&ix, root, "AccountRef::new"), ["ext AccountRef::new"]);
    assert_eq!(res(&ix, root, "Loop1::new"), ["ext Loop1::new"]);
    let names = |t: &str| -> Vec<String> {
        ix.adts_in_type(root, &ty(t)).iter().map(|a| ix.adt(*a).name.to_string()).collect()
    };
    assert_eq!(names("Res<TotpSecret>"), ["TotpSecret"]);
    assert_eq!(names("Option<Plain>"), ["Account"]);
}

#[test]
fn index_is_shareable_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Index>();
}

/// Crates added in two batches (the driver indexes the package targets
/// while the files no target reaches load): the second batch names the
/// first's items and implements its traits, and everything resolves as in
/// one batch.
#[test]
fn crates_added_in_two_batches() {
    let first = || {
        vec![krate(
            "shared",
            vec![
                module("api", vec![func("track")]),
                trait_("Exporter", &[], vec![decl("export")]),
                strukt("Account", vec![field("phone", "String")]),
            ],
            &[],
        )]
    };
    let second = || {
        vec![krate(
            "legacy",
            vec![
                uses(&["shared::api::*", "shared::Exporter"]),
                strukt("Pixel", vec![]),
                impl_("Pixel", Some("Exporter"), vec![method("export")]),
                module("inner", vec![uses(&["super::*"])]),
            ],
            &[("shared", 0)],
        )]
    };
    let mut builder = IndexBuilder::default();
    builder.add(first());
    builder.add(second());
    let batched = builder.finish();
    let whole = Index::build(first().into_iter().chain(second()).collect());
    for ix in [&batched, &whole] {
        assert_eq!(res(ix, in_mod(ix, "legacy"), "track"), ["fn shared::api::track"]);
        assert_eq!(res(ix, in_mod(ix, "legacy::inner"), "track"), ["fn shared::api::track"]);
        assert_eq!(res(ix, in_mod(ix, "legacy::inner"), "Pixel"), ["adt Pixel"]);
        assert_eq!(res(ix, in_mod(ix, "legacy"), "shared::Account"), ["adt Account"]);
        let exporter = trait_id(ix, "Exporter");
        assert_eq!(ix.trait_method_targets(exporter, "export"), fids(ix, &["Pixel::export"]));
    }
    let displays = |ix: &Index| ix.fns.iter().map(|f| f.display.clone()).collect::<Vec<_>>();
    assert_eq!(displays(&batched), displays(&whole));
}
