//! The item tree of the whole workspace and name resolution over it.
//!
//! `index` takes ownership of the lowered items of every crate, moves them
//! into arenas addressed by newtype ids, records every marker on its item,
//! and answers the questions the analysis asks: what does this path name in
//! this scope, which methods of this type are called `m`, which impls does a
//! call through this trait reach, is this fn a sink.
//!
//! Invariants: no syntax trees, no I/O. Resolution never fails loudly: a
//! path it cannot resolve is `Res::External` (code outside the workspace).

use crate::ir::{self, Body, FnDef, GenericParam, Markers, Name, PathRef, TypeRef};
use crate::source::Span;

pub use build::IndexBuilder;

mod build;
mod resolve;
mod scope;
#[cfg(test)]
mod tests;
mod ty;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CrateId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModuleId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FnId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AdtId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TraitId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ImplId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StaticId(pub u32);

/// The index's maps: keyed by names and ids, looked up millions of times on
/// a large workspace, never iterated where the order could show. FxHash
/// is several times faster than the default SipHash on such keys.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, crate::ir::FxBuild>;
pub(crate) type HashSet<K> = std::collections::HashSet<K, crate::ir::FxBuild>;

/// One crate to index: a target of a package (lib, bin, test...) or a
/// standalone file.
#[derive(Debug)]
pub struct CrateInput {
    /// The crate name as code refers to it (`-` replaced by `_`).
    pub name: String,
    /// Items of the root module, with out-of-line modules already loaded.
    pub items: Vec<ir::Item>,
    /// Crates this one can name: (name used in code, index into the input
    /// list). A package's bins, tests, examples and benches list its lib here.
    pub deps: Vec<(String, usize)>,
}

/// What a path names.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Res {
    Fn(FnId),
    Adt(AdtId),
    /// An enum variant: the enum and the variant's index.
    Variant(AdtId, usize),
    Trait(TraitId),
    Static(StaticId),
    Module(ModuleId),
    /// Not defined in the workspace (std, a registry crate, a macro-made
    /// item): the path as written, for messages and external models.
    External(String),
}

/// The scope a path is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scope {
    pub module: ModuleId,
    /// The impl the code is in, for `Self` and `Self::f`.
    pub impl_: Option<ImplId>,
    /// The trait the code is in (default methods), for `Self::f`.
    pub trait_: Option<TraitId>,
}

/// Where a fn lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FnOwner {
    Free,
    Impl(ImplId),
    /// A method declaration or default method inside a trait.
    Trait(TraitId),
}

#[derive(Debug)]
pub struct FnData {
    pub def: FnDef,
    pub markers: Markers,
    pub span: Span,
    pub owner: FnOwner,
    pub scope: Scope,
    /// For messages and JSON: `crate::module::f` for free fns,
    /// `Type::method` for methods, `Trait::method` for trait declarations.
    pub display: String,
    /// Why this fn is an advertising sink, if it is: the span of the marker
    /// that makes it one (on the fn, its impl block, its trait method
    /// declaration, or its trait).
    pub sink_marker: Option<Span>,
}

#[derive(Debug)]
pub struct FieldData {
    pub name: Name,
    pub ty: TypeRef,
    pub markers: Markers,
    pub span: Span,
}

#[derive(Debug)]
pub struct VariantData {
    pub name: Name,
    pub fields: Vec<FieldData>,
    pub span: Span,
}

#[derive(Debug)]
pub struct AdtData {
    pub name: Name,
    pub display: String,
    pub markers: Markers,
    pub span: Span,
    pub module: ModuleId,
    pub generics: Vec<GenericParam>,
    /// Struct and union fields; empty for enums.
    pub fields: Vec<FieldData>,
    /// Enum variants; empty for structs.
    pub variants: Vec<VariantData>,
}

#[derive(Debug)]
pub struct TraitData {
    pub name: Name,
    pub display: String,
    pub markers: Markers,
    pub span: Span,
    pub module: ModuleId,
    /// Declarations and default methods, by name.
    pub methods: Vec<FnId>,
}

#[derive(Debug)]
pub struct ImplData {
    pub self_ty: TypeRef,
    /// The ADT the impl is for, when it is one of the workspace's.
    pub self_adt: Option<AdtId>,
    pub trait_: Option<TraitId>,
    pub markers: Markers,
    pub span: Span,
    pub module: ModuleId,
    pub methods: Vec<FnId>,
    /// Associated consts (`impl Type { const X: T = ..; }`).
    pub consts: Vec<StaticId>,
}

#[derive(Debug)]
pub struct StaticData {
    pub name: Name,
    pub display: String,
    pub ty: TypeRef,
    pub is_const: bool,
    pub markers: Markers,
    pub span: Span,
    pub module: ModuleId,
    pub init: Option<Box<Body>>,
}

/// A type reduced to what the analysis needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TyRes {
    /// A workspace struct, enum or union, possibly behind references, smart
    /// pointers and std containers (`&Account`, `Arc<Mutex<Account>>`,
    /// `Vec<Account>`, `Option<Account>` all give `Account`).
    Adt(AdtId),
    /// `dyn Tr`, `impl Tr`, or a generic parameter bounded by `Tr`: the
    /// workspace traits among the bounds.
    Traits(Vec<TraitId>),
    /// Anything else (primitives, external types, unknown).
    Unknown,
}

/// The workspace's items, indexed.
#[derive(Debug, Default)]
pub struct Index {
    pub fns: Vec<FnData>,
    pub adts: Vec<AdtData>,
    pub traits: Vec<TraitData>,
    pub impls: Vec<ImplData>,
    pub statics: Vec<StaticData>,
    /// Modules, imports and aliases: what names mean where.
    scopes: scope::Scopes,
    /// Generic parameters of each impl, by `ImplId`.
    impl_generics: Vec<Vec<GenericParam>>,
    /// Generic parameters of each trait, by `TraitId`.
    trait_generics: Vec<Vec<GenericParam>>,
    /// Resolved workspace supertraits of each trait, by `TraitId`.
    trait_supers: Vec<Vec<TraitId>>,
    /// Per ADT: method name -> what `methods_of` answers.
    adt_methods: Vec<HashMap<Name, Vec<FnId>>>,
    /// Per ADT, its associated consts by name.
    adt_consts: Vec<HashMap<Name, Vec<StaticId>>>,
    /// Methods of blanket impls (`impl<T: B> Tr for T`), by name: reachable
    /// on any type, used when an ADT has no method of that name itself.
    blanket_methods: HashMap<Name, Vec<FnId>>,
    /// Per trait: method name -> what `trait_method_targets` answers.
    trait_targets: Vec<HashMap<Name, Vec<FnId>>>,
    /// Every fn with a `self` receiver, by name.
    methods_by_name: HashMap<Name, Vec<FnId>>,
    /// Every `#[security_only]` field, by name.
    security_fields: HashMap<Name, Vec<FieldLoc>>,
}

/// Where a field lives: its ADT, the variant for enums, and its position.
#[derive(Clone, Copy, Debug)]
struct FieldLoc {
    adt: AdtId,
    variant: Option<usize>,
    field: usize,
}

impl Index {
    /// Index every crate. Takes ownership of the items; bodies move into
    /// `FnData::def.body` and `StaticData::init`.
    pub fn build(crates: Vec<CrateInput>) -> Index {
        build::build(crates)
    }

    pub fn fn_data(&self, id: FnId) -> &FnData {
        &self.fns[id.0 as usize]
    }
    pub fn adt(&self, id: AdtId) -> &AdtData {
        &self.adts[id.0 as usize]
    }
    pub fn trait_data(&self, id: TraitId) -> &TraitData {
        &self.traits[id.0 as usize]
    }
    pub fn impl_data(&self, id: ImplId) -> &ImplData {
        &self.impls[id.0 as usize]
    }
    pub fn static_data(&self, id: StaticId) -> &StaticData {
        &self.statics[id.0 as usize]
    }

    /// What `path` names when written in `scope`, in the value namespace
    /// first (fns, statics, variants, unit/tuple structs) then types and
    /// modules. Several results when the name is defined more than once
    /// (e.g. under different `#[cfg]`s) or for `Type::method` where several
    /// impls define `method`. `Type::f` / `Self::f` / `Trait::f` resolve to
    /// the associated fn(s); a trait's declaration is returned for `Trait::f`.
    pub fn resolve_path(&self, scope: Scope, path: &PathRef) -> Vec<Res> {
        self.resolve_path_impl(scope, path)
    }

    /// The type a `TypeRef` written in `scope` denotes, seen through
    /// references, `Box`/`Rc`/`Arc`/`Cow`/`Mutex`/`RwLock`/`RefCell`/`Cell`,
    /// `Option`, `Result` (its `Ok` type), `Vec`/`VecDeque`/`HashSet`/
    /// `BTreeSet`/slices/arrays (the element) and `HashMap`/`BTreeMap` (the
    /// value), type aliases, and `Self`. `generics` are the generic
    /// parameters in scope (the fn's and its impl's/trait's) for bounds.
    /// Wrappers are recognised by last segment, and only when the path does
    /// not name a workspace type. `Traits` may be empty: a `dyn`, `impl` or
    /// generic whose bounds are all outside the workspace (`dyn Fn()`).
    pub fn resolve_type(&self, scope: Scope, generics: &[GenericParam], ty: &TypeRef) -> TyRes {
        self.resolve_type_impl(scope, generics, ty)
    }

    /// Workspace ADTs and whole-type security markers anywhere in `ty`
    /// (every generic argument, tuple element, reference...), so a
    /// `HashMap<TotpSecret, u8>` is known to hold a security-only type.
    pub fn adts_in_type(&self, scope: Scope, ty: &TypeRef) -> Vec<AdtId> {
        self.adts_in_type_impl(scope, ty)
    }

    /// Methods named `name` callable on a value of type `adt`: inherent
    /// methods, methods of trait impls for it, and default methods of
    /// traits it implements that the impl does not override (a trait's
    /// bodiless declaration when the impl lacks the method, e.g. made by a
    /// macro). With none of those, the methods of blanket impls
    /// (`impl<T: B> Tr for T`), bounds unchecked.
    pub fn methods_of(&self, adt: AdtId, name: &str) -> Vec<FnId> {
        let own = self.adt_methods.get(adt.0 as usize).and_then(|m| m.get(name));
        match own {
            Some(fns) if !fns.is_empty() => fns.clone(),
            _ => self.blanket_methods.get(name).cloned().unwrap_or_default(),
        }
    }

    /// What a call of method `name` through trait `tr` may reach: the
    /// method in every impl of the trait in the workspace, plus the trait's
    /// default body when some impl does not override it (or when the trait
    /// has no impl in the workspace). A method the trait does not declare
    /// is looked up in its nearest supertraits.
    pub fn trait_method_targets(&self, tr: TraitId, name: &str) -> Vec<FnId> {
        self.trait_method_targets_impl(tr, name)
    }

    /// Names that stand for items of other names: `use .. as ..` aliases
    /// and `type` aliases -> the names written in what they stand for.
    pub fn renamed_imports(&self) -> std::collections::HashMap<Name, Vec<Name>> {
        let mut out: std::collections::HashMap<Name, Vec<Name>> = std::collections::HashMap::new();
        for module in &self.scopes.modules {
            for (name, per) in &module.items {
                for binding in &per.types {
                    if let scope::Def::Alias(a) = binding.def {
                        if let Some(alias) = self.scopes.alias(a) {
                            let mut words = Vec::new();
                            type_words(&alias.target, &mut words);
                            let originals = out.entry(*name).or_default();
                            for word in words {
                                if word != *name && !originals.contains(&word) {
                                    originals.push(word);
                                }
                            }
                        }
                    }
                }
            }
            for (alias, imports) in &module.named {
                for import in imports {
                    let Some(original) = self.scopes.imports.get(*import).and_then(|i| i.path.last()) else {
                        continue;
                    };
                    if original != alias {
                        let originals = out.entry(*alias).or_default();
                        if !originals.contains(original) {
                            originals.push(*original);
                        }
                    }
                }
            }
        }
        out
    }

    /// Every method (fn with `self`) named `name` in the workspace: the
    /// fallback when the receiver's type is unknown.
    pub fn methods_named(&self, name: &str) -> Vec<FnId> {
        self.methods_by_name.get(name).cloned().unwrap_or_default()
    }

    /// The fields of an ADT: a struct's fields, or for an enum the fields of
    /// all its variants (variant fields are addressed by name, tuple
    /// variant fields by index, as in patterns).
    pub fn fields_named(&self, adt: AdtId, name: &str) -> Vec<&FieldData> {
        let Some(data) = self.adts.get(adt.0 as usize) else {
            return Vec::new();
        };
        let variant_fields = data.variants.iter().flat_map(|v| v.fields.iter());
        data.fields.iter().chain(variant_fields).filter(|f| &*f.name == name).collect()
    }

    /// Every field named `name` with a `#[security_only]` marker, in any
    /// ADT: the fallback when a field is read from a value of unknown type.
    pub fn security_fields_named(&self, name: &str) -> Vec<(AdtId, &FieldData)> {
        let Some(locs) = self.security_fields.get(name) else {
            return Vec::new();
        };
        locs.iter().filter_map(|loc| Some((loc.adt, self.field_at(*loc)?))).collect()
    }

    /// The generic parameters in force inside fn `f`: its own plus those of
    /// its impl or trait.
    pub fn generics_of(&self, f: FnId) -> Vec<GenericParam> {
        let Some(data) = self.fns.get(f.0 as usize) else {
            return Vec::new();
        };
        let outer = match data.owner {
            FnOwner::Free => None,
            FnOwner::Impl(i) => self.impl_generics.get(i.0 as usize),
            FnOwner::Trait(t) => self.trait_generics.get(t.0 as usize),
        };
        let mut all = data.def.generics.clone();
        all.extend(outer.into_iter().flatten().cloned());
        all
    }

    /// `krate::a::b` for module `b` in module `a` of crate `krate`: for
    /// messages. Computed on demand: storing it would cost quadratic memory
    /// in the nesting depth.
    pub fn module_path(&self, m: ModuleId) -> String {
        let mut names = Vec::new();
        let mut cur = self.scopes.module(m);
        while let Some(data) = cur {
            names.push(&*data.name);
            cur = data.parent.and_then(|p| self.scopes.module(p));
        }
        names.reverse();
        names.join("::")
    }

    /// The `macro_rules!` macros defined in module `m`, in source order.
    pub fn macros_in(&self, m: ModuleId) -> &[Name] {
        self.scopes.module(m).map_or(&[], |d| d.macros.as_slice())
    }

    fn field_at(&self, loc: FieldLoc) -> Option<&FieldData> {
        let adt = self.adts.get(loc.adt.0 as usize)?;
        let fields = match loc.variant {
            Some(v) => &adt.variants.get(v)?.fields,
            None => &adt.fields,
        };
        fields.get(loc.field)
    }
}

/// The path segment names written in a type.
fn type_words(ty: &TypeRef, out: &mut Vec<Name>) {
    match ty {
        TypeRef::Path(path) => {
            for segment in &path.segments {
                out.push(segment.name);
                segment.generics.iter().for_each(|g| type_words(g, out));
            }
        }
        TypeRef::Ref { inner, .. } | TypeRef::Slice(inner) => type_words(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|t| type_words(t, out)),
        TypeRef::Traits(paths) => out.extend(paths.iter().filter_map(|p| p.last_name().cloned())),
        TypeRef::Other => {}
    }
}
