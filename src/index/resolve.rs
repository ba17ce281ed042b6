//! Path resolution: from the first segment of a path, through modules,
//! types and traits, to what its last segment names.

use std::collections::BTreeSet;

use super::scope::{Binding, Def, PerNs, Want};
use super::{AdtId, FnId, Index, ModuleId, Res, Scope, TraitId};
use crate::ir::{PathRef, TypeRef};

/// Bound on nested alias, `Self` and supertrait expansion: cyclic aliases
/// (`type A = B; type B = A;`) must terminate.
pub(super) const MAX_DEPTH: u32 = 32;

/// How the first segment of a path is looked up.
#[derive(Clone, Copy)]
pub(super) enum Start {
    /// A path in code: the module's scope, then the extern prelude.
    Code,
    /// The path of `use` entry `skip`: also the crate root as a last resort,
    /// for edition 2015 crates whose `use` paths are crate-relative.
    Use { skip: usize },
}

pub(super) fn module_scope(m: ModuleId) -> Scope {
    Scope { module: m, impl_: None, trait_: None }
}

impl Index {
    pub(super) fn resolve_path_impl(&self, scope: Scope, path: &PathRef) -> Vec<Res> {
        let names: Vec<&str> = path.segments.iter().map(|s| &*s.name).collect();
        let per = self.resolve_names(scope, path.leading_colon, &names, Start::Code, Want::Values, 0);
        let mut out = self.to_res(&per.values);
        if out.is_empty() {
            out = self.to_res(&per.types);
        }
        if out.is_empty() {
            return vec![Res::External(path.display())];
        }
        out.sort();
        out.dedup();
        out
    }

    /// The bindings of the last segment of `names`, written in `scope`;
    /// `want` says which namespaces of the last segment are needed (the
    /// others are only types).
    pub(super) fn resolve_names(
        &self,
        scope: Scope,
        leading_colon: bool,
        names: &[&str],
        start: Start,
        want: Want,
        depth: u32,
    ) -> PerNs {
        let Some((first, rest)) = names.split_first() else {
            return PerNs::default();
        };
        let want_at = |i: usize| if i == rest.len() { want } else { Want::Types };
        let mut cur = self.resolve_first(scope, leading_colon, first, start, want_at(0));
        for (i, name) in rest.iter().enumerate() {
            if cur.types.is_empty() {
                return PerNs::default();
            }
            cur = self.members(&cur, name, want_at(i + 1), depth);
        }
        cur
    }

    fn resolve_first(
        &self,
        scope: Scope,
        leading_colon: bool,
        name: &str,
        start: Start,
        want: Want,
    ) -> PerNs {
        let s = &self.scopes;
        let m = scope.module;
        if leading_colon {
            let krate = s.extern_prelude(m, name);
            if !krate.is_empty() {
                return krate;
            }
            // Edition 2015: `::a::b` is crate-relative.
            return s.lookup(s.root_of(m), name, None, want);
        }
        match name {
            "crate" | "$crate" => PerNs::module(s.root_of(m)),
            "self" => PerNs::module(m),
            "super" => s.parent(m).map(PerNs::module).unwrap_or_default(),
            "Self" => self.self_def(scope),
            _ => {
                let skip = match start {
                    Start::Use { skip } => Some(skip),
                    Start::Code => None,
                };
                let local = s.lookup(m, name, skip, want);
                if want.found(&local) {
                    return local;
                }
                let krate = s.extern_prelude(m, name);
                if !krate.is_empty() || matches!(start, Start::Code) {
                    return if krate.is_empty() { local } else { krate };
                }
                let root = s.root_of(m);
                let from_root = if root == m { PerNs::default() } else { s.lookup(root, name, None, want) };
                if want.found(&from_root) {
                    from_root
                } else {
                    local
                }
            }
        }
    }

    /// What `Self` names: the impl's ADT, or the trait.
    fn self_def(&self, scope: Scope) -> PerNs {
        let def = match (scope.impl_, scope.trait_) {
            (Some(i), _) => match self.impls.get(i.0 as usize).and_then(|d| d.self_adt) {
                Some(a) => Def::Adt(a),
                None => Def::SelfOf(i),
            },
            (None, Some(t)) => Def::Trait(t),
            (None, None) => return PerNs::default(),
        };
        let b = Binding { def, is_pub: true };
        let values = if matches!(def, Def::Adt(_)) { vec![b] } else { Vec::new() };
        PerNs { types: vec![b], values }
    }

    /// The members named `name` of every type-namespace binding in `cur`.
    fn members(&self, cur: &PerNs, name: &str, want: Want, depth: u32) -> PerNs {
        let mut out = PerNs::default();
        for b in &cur.types {
            match b.def {
                Def::Module(m) => match name {
                    "super" => out.extend(&self.scopes.parent(m).map(PerNs::module).unwrap_or_default()),
                    "self" => out.extend(&PerNs::module(m)),
                    _ => out.extend(&self.scopes.lookup(m, name, None, want)),
                },
                Def::Adt(a) => self.adt_members(a, name, &mut out),
                Def::Trait(t) => self.trait_members(t, name, &mut out),
                Def::Alias(al) => match self.alias_def(al, depth + 1) {
                    Some(Def::Adt(a)) => self.adt_members(a, name, &mut out),
                    Some(Def::Trait(t)) => self.trait_members(t, name, &mut out),
                    _ => {}
                },
                Def::SelfOf(i) => {
                    let Some(imp) = self.impls.get(i.0 as usize) else {
                        continue;
                    };
                    let own: Vec<FnId> =
                        imp.methods.iter().copied().filter(|&f| self.fn_named(f, name)).collect();
                    if own.is_empty() {
                        if let Some(t) = imp.trait_ {
                            self.trait_members(t, name, &mut out);
                        }
                    }
                    out.values.extend(own.into_iter().map(fn_binding));
                }
                Def::Variant(..) | Def::Fn(_) | Def::Static(_) | Def::External => {}
            }
        }
        out.normalize();
        out
    }

    /// `Enum::Variant` and `Type::assoc_fn`.
    fn adt_members(&self, a: AdtId, name: &str, out: &mut PerNs) {
        if let Some(adt) = self.adts.get(a.0 as usize) {
            for (i, v) in adt.variants.iter().enumerate() {
                if &*v.name == name {
                    let b = Binding { def: Def::Variant(a, i), is_pub: true };
                    out.types.push(b);
                    out.values.push(b);
                }
            }
        }
        out.values.extend(self.methods_of(a, name).into_iter().map(fn_binding));
        if let Some(consts) = self.adt_consts.get(a.0 as usize).and_then(|c| c.get(name)) {
            out.values.extend(consts.iter().map(|&c| Binding { def: Def::Static(c), is_pub: true }));
        }
    }

    /// `Trait::method`: the declaration in the trait or, failing that, in
    /// its nearest supertraits.
    fn trait_members(&self, t: TraitId, name: &str, out: &mut PerNs) {
        out.values.extend(self.trait_decls(t, name).into_iter().map(fn_binding));
    }

    /// The methods named `name` declared by `t`, else by its supertraits
    /// (breadth first, each trait once).
    pub(super) fn trait_decls(&self, t: TraitId, name: &str) -> Vec<FnId> {
        let mut seen = BTreeSet::new();
        let mut level = vec![t];
        while !level.is_empty() {
            let mut found = Vec::new();
            let mut next = Vec::new();
            for t in level {
                if !seen.insert(t) {
                    continue;
                }
                let Some(data) = self.traits.get(t.0 as usize) else {
                    continue;
                };
                found.extend(data.methods.iter().copied().filter(|&f| self.fn_named(f, name)));
                next.extend(self.trait_supers.get(t.0 as usize).into_iter().flatten().copied());
            }
            if !found.is_empty() {
                return found;
            }
            level = next;
        }
        Vec::new()
    }

    pub(super) fn fn_named(&self, f: FnId, name: &str) -> bool {
        self.fns.get(f.0 as usize).is_some_and(|d| &*d.def.name == name)
    }

    /// The public answer for a set of bindings; aliases become what they
    /// alias, unknowns are dropped.
    fn to_res(&self, bindings: &[Binding]) -> Vec<Res> {
        bindings
            .iter()
            .filter_map(|b| match b.def {
                Def::Module(m) => Some(Res::Module(m)),
                Def::Adt(a) => Some(Res::Adt(a)),
                Def::Variant(a, i) => Some(Res::Variant(a, i)),
                Def::Trait(t) => Some(Res::Trait(t)),
                Def::Fn(f) => Some(Res::Fn(f)),
                Def::Static(s) => Some(Res::Static(s)),
                Def::Alias(al) => match self.alias_def(al, 0)? {
                    Def::Adt(a) => Some(Res::Adt(a)),
                    Def::Trait(t) => Some(Res::Trait(t)),
                    _ => None,
                },
                Def::SelfOf(_) | Def::External => None,
            })
            .collect()
    }

    /// The ADT or trait a type alias stands for, through further aliases.
    pub(super) fn alias_def(&self, al: super::scope::AliasId, depth: u32) -> Option<Def> {
        let alias = self.scopes.alias(al)?;
        self.exact_def(module_scope(alias.module), &alias.target, depth + 1)
    }

    /// The workspace ADT or trait `ty` names, through references and
    /// aliases but not through wrappers (`Box<A>` is not `A` here).
    pub(super) fn exact_def(&self, scope: Scope, ty: &TypeRef, depth: u32) -> Option<Def> {
        if depth > MAX_DEPTH {
            return None;
        }
        match ty {
            TypeRef::Ref { inner, .. } => self.exact_def(scope, inner, depth + 1),
            TypeRef::Path(p) => {
                let names: Vec<&str> = p.segments.iter().map(|s| &*s.name).collect();
                let per =
                    self.resolve_names(scope, p.leading_colon, &names, Start::Code, Want::Types, depth + 1);
                per.types.iter().find_map(|b| match b.def {
                    Def::Adt(_) | Def::Trait(_) => Some(b.def),
                    Def::Alias(al) => self.alias_def(al, depth + 1),
                    _ => None,
                })
            }
            _ => None,
        }
    }
}

fn fn_binding(f: FnId) -> Binding {
    Binding { def: Def::Fn(f), is_pub: true }
}
