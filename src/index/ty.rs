//! Types as the analysis sees them: the workspace ADT behind references,
//! smart pointers and containers, or the traits behind `dyn`, `impl` and
//! generic parameters.

use super::resolve::{module_scope, Start, MAX_DEPTH};
use super::scope::{AliasId, Def, Want};
use super::{AdtId, Index, Scope, TraitId, TyRes};
use crate::ir::{GenericParam, Name, PathRef, TypeRef};

/// External wrappers seen through to their first type argument (`Result`
/// to its `Ok` type). Matched by last segment, only when the path does not
/// name a workspace type.
const FIRST_ARG: &[&str] = &[
    "Arc",
    "ArcSwap",
    "ArrayVec",
    "BTreeSet",
    "BinaryHeap",
    "Box",
    "Cell",
    "Cow",
    "HashSet",
    "IndexSet",
    "Lazy",
    "LazyCell",
    "LazyLock",
    "LinkedList",
    "ManuallyDrop",
    "MappedMutexGuard",
    "MaybeUninit",
    "Mutex",
    "MutexGuard",
    "NonNull",
    "OnceCell",
    "OnceLock",
    "Option",
    "Pin",
    "Rc",
    "Ref",
    "RefCell",
    "RefMut",
    "Result",
    "Reverse",
    "RwLock",
    "RwLockReadGuard",
    "RwLockWriteGuard",
    "SmallVec",
    "ThinVec",
    "Vec",
    "VecDeque",
    "Weak",
    "Wrapping",
];

/// External maps seen through to their value type (the last argument).
const LAST_ARG: &[&str] =
    &["AHashMap", "BTreeMap", "DashMap", "FxHashMap", "HashMap", "IndexMap", "LruCache"];

/// Names a type alias's target may use without defining them: never the
/// alias's own generic parameters.
const PRELUDE_TYPES: &[&str] = &[
    "Box", "Option", "Result", "String", "Vec", "bool", "char", "f32", "f64", "i128", "i16", "i32", "i64",
    "i8", "isize", "str", "u128", "u16", "u32", "u64", "u8", "usize",
];

/// What `adts_in_type` found so far, and the aliases it has expanded: an
/// alias's ADTs do not depend on where it is used, so each is expanded
/// once (`type A2 = (A1, A1); type A3 = (A2, A2); ...` must not cost
/// exponential time).
#[derive(Default)]
struct AdtsFound {
    adts: Vec<AdtId>,
    aliases: Vec<AliasId>,
}

/// Where a type is written: its scope, the generic parameters in force, and
/// inside an alias's target, the alias's parameters bound to the arguments
/// written at the use site (resolved in the use site's environment).
struct TyEnv<'a> {
    scope: Scope,
    generics: &'a [GenericParam],
    subst: &'a [(&'a Name, &'a TypeRef)],
    outer: Option<&'a TyEnv<'a>>,
}

impl Index {
    pub(super) fn resolve_type_impl(&self, scope: Scope, generics: &[GenericParam], ty: &TypeRef) -> TyRes {
        let env = TyEnv { scope, generics, subst: &[], outer: None };
        self.ty(&env, ty, 0)
    }

    fn ty(&self, env: &TyEnv<'_>, ty: &TypeRef, depth: u32) -> TyRes {
        if depth > MAX_DEPTH {
            return TyRes::Unknown;
        }
        match ty {
            TypeRef::Ref { inner, .. } | TypeRef::Slice(inner) => self.ty(env, inner, depth + 1),
            TypeRef::Traits(bounds) => TyRes::Traits(self.bound_traits(env.scope, bounds, depth)),
            TypeRef::Path(p) => self.ty_path(env, p, depth),
            TypeRef::Tuple(_) | TypeRef::Other => TyRes::Unknown,
        }
    }

    fn ty_path(&self, env: &TyEnv<'_>, p: &PathRef, depth: u32) -> TyRes {
        if let (false, [seg]) = (p.leading_colon, p.segments.as_slice()) {
            if let Some((_, arg)) = env.subst.iter().find(|(n, _)| **n == seg.name) {
                return match env.outer {
                    Some(outer) => self.ty(outer, arg, depth + 1),
                    None => TyRes::Unknown,
                };
            }
            if &*seg.name == "Self" {
                return self.self_ty(env.scope, depth);
            }
            if let Some(g) = self.generic_param(env, &seg.name) {
                return TyRes::Traits(self.bound_traits(env.scope, &g.bounds, depth));
            }
        }
        let names: Vec<&str> = p.segments.iter().map(|s| &*s.name).collect();
        let per = self.resolve_names(env.scope, p.leading_colon, &names, Start::Code, Want::Types, depth + 1);
        let mut traits = Vec::new();
        let mut in_workspace = false;
        for b in &per.types {
            match b.def {
                Def::Adt(a) => return TyRes::Adt(a),
                Def::Trait(t) => traits.push(t),
                Def::Alias(al) => {
                    let args = p.segments.last().map_or(&[][..], |s| s.generics.as_slice());
                    return self.alias_ty(env, al, args, depth + 1);
                }
                Def::External => {}
                _ => in_workspace = true,
            }
        }
        if !traits.is_empty() {
            return TyRes::Traits(traits);
        }
        let Some(last) = p.segments.last() else {
            return TyRes::Unknown;
        };
        if in_workspace {
            return TyRes::Unknown;
        }
        let arg = if FIRST_ARG.contains(&&*last.name) {
            last.generics.first()
        } else if LAST_ARG.contains(&&*last.name) {
            last.generics.last()
        } else {
            None
        };
        arg.map_or(TyRes::Unknown, |arg| self.ty(env, arg, depth + 1))
    }

    /// `Self`: the impl's ADT (or its self type, resolved), or the trait.
    fn self_ty(&self, scope: Scope, depth: u32) -> TyRes {
        if let Some(i) = scope.impl_ {
            let Some(imp) = self.impls.get(i.0 as usize) else {
                return TyRes::Unknown;
            };
            if let Some(a) = imp.self_adt {
                return TyRes::Adt(a);
            }
            let generics = self.impl_generics.get(i.0 as usize).map_or(&[][..], Vec::as_slice);
            let env = TyEnv { scope: module_scope(imp.module), generics, subst: &[], outer: None };
            return self.ty(&env, &imp.self_ty, depth + 1);
        }
        match scope.trait_ {
            Some(t) => TyRes::Traits(vec![t]),
            None => TyRes::Unknown,
        }
    }

    /// A generic parameter in force in `env`: the fn's, then its impl's or
    /// trait's.
    fn generic_param<'a>(&'a self, env: &'a TyEnv<'_>, name: &str) -> Option<&'a GenericParam> {
        let outer = match (env.scope.impl_, env.scope.trait_) {
            (Some(i), _) => self.impl_generics.get(i.0 as usize),
            (None, Some(t)) => self.trait_generics.get(t.0 as usize),
            (None, None) => None,
        };
        env.generics.iter().chain(outer.into_iter().flatten()).find(|g| &*g.name == name)
    }

    /// The workspace traits among `bounds`, sorted.
    pub(super) fn bound_traits(&self, scope: Scope, bounds: &[PathRef], depth: u32) -> Vec<TraitId> {
        let mut out = Vec::new();
        for b in bounds {
            let names: Vec<&str> = b.segments.iter().map(|s| &*s.name).collect();
            let per = self.resolve_names(scope, b.leading_colon, &names, Start::Code, Want::Types, depth + 1);
            for binding in &per.types {
                match binding.def {
                    Def::Trait(t) => out.push(t),
                    Def::Alias(al) => {
                        if let Some(Def::Trait(t)) = self.alias_def(al, depth + 1) {
                            out.push(t);
                        }
                    }
                    _ => {}
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    fn alias_ty(&self, env: &TyEnv<'_>, al: AliasId, args: &[TypeRef], depth: u32) -> TyRes {
        let Some(alias) = self.scopes.alias(al) else {
            return TyRes::Unknown;
        };
        let subst: Vec<(&Name, &TypeRef)> = alias.params.iter().zip(args).collect();
        let inner =
            TyEnv { scope: module_scope(alias.module), generics: &[], subst: &subst, outer: Some(env) };
        self.ty(&inner, &alias.target, depth + 1)
    }

    pub(super) fn adts_in_type_impl(&self, scope: Scope, ty: &TypeRef) -> Vec<AdtId> {
        let mut out = AdtsFound::default();
        self.collect_adts(scope, ty, &mut out, 0);
        out.adts.sort();
        out.adts.dedup();
        out.adts
    }

    fn collect_adts(&self, scope: Scope, ty: &TypeRef, out: &mut AdtsFound, depth: u32) {
        if depth > MAX_DEPTH {
            return;
        }
        match ty {
            TypeRef::Ref { inner, .. } | TypeRef::Slice(inner) => {
                self.collect_adts(scope, inner, out, depth + 1)
            }
            TypeRef::Tuple(elems) => {
                for e in elems {
                    self.collect_adts(scope, e, out, depth + 1);
                }
            }
            TypeRef::Traits(bounds) => {
                for g in bounds.iter().flat_map(|b| &b.segments).flat_map(|s| &s.generics) {
                    self.collect_adts(scope, g, out, depth + 1);
                }
            }
            TypeRef::Path(p) => self.collect_path_adts(scope, p, out, depth),
            TypeRef::Other => {}
        }
    }

    fn collect_path_adts(&self, scope: Scope, p: &PathRef, out: &mut AdtsFound, depth: u32) {
        for g in p.segments.iter().flat_map(|s| &s.generics) {
            self.collect_adts(scope, g, out, depth + 1);
        }
        if let (false, [seg]) = (p.leading_colon, p.segments.as_slice()) {
            if &*seg.name == "Self" {
                let Some(imp) = scope.impl_.and_then(|i| self.impls.get(i.0 as usize)) else {
                    return;
                };
                match imp.self_adt {
                    Some(a) => out.adts.push(a),
                    None => self.collect_adts(module_scope(imp.module), &imp.self_ty, out, depth + 1),
                }
                return;
            }
        }
        let names: Vec<&str> = p.segments.iter().map(|s| &*s.name).collect();
        let per = self.resolve_names(scope, p.leading_colon, &names, Start::Code, Want::Types, depth + 1);
        for b in &per.types {
            match b.def {
                Def::Adt(a) => out.adts.push(a),
                Def::Alias(al) if !out.aliases.contains(&al) => {
                    out.aliases.push(al);
                    if let Some(alias) = self.scopes.alias(al) {
                        self.collect_adts(module_scope(alias.module), &alias.target, out, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    /// Guess an alias's generic parameters: single-segment names in its
    /// target that mean nothing in its module, in order of appearance.
    pub(super) fn alias_params(&self, module: super::ModuleId, target: &TypeRef) -> Vec<Name> {
        let mut out: Vec<Name> = Vec::new();
        let mut stack = vec![target];
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Ref { inner, .. } | TypeRef::Slice(inner) => stack.push(inner),
                TypeRef::Tuple(elems) => stack.extend(elems.iter().rev()),
                TypeRef::Traits(bounds) => {
                    let args = bounds.iter().flat_map(|b| &b.segments).flat_map(|s| &s.generics);
                    stack.extend(args.rev());
                }
                TypeRef::Path(p) => {
                    if let (false, [seg]) = (p.leading_colon, p.segments.as_slice()) {
                        if seg.generics.is_empty()
                            && self.is_free_name(module, &seg.name)
                            && !out.contains(&seg.name)
                        {
                            out.push(seg.name);
                        }
                    }
                    stack.extend(p.segments.iter().flat_map(|s| &s.generics).rev());
                }
                TypeRef::Other => {}
            }
        }
        out
    }

    fn is_free_name(&self, module: super::ModuleId, name: &str) -> bool {
        name != "Self"
            && !PRELUDE_TYPES.contains(&name)
            && self.scopes.lookup(module, name, None, Want::Types).is_empty()
            && self.scopes.extern_prelude(module, name).is_empty()
    }
}
