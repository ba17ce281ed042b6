//! Building the index: collect items into arenas and module scopes, resolve
//! imports to a fixpoint, then resolve impls and precompute the tables the
//! analysis queries often.

use std::collections::BTreeSet;

use super::resolve::{module_scope, Start};
use super::scope::{AliasData, AliasId, Binding, CrateData, Def, Import, ModuleData, PerNs, Want};
use super::{
    AdtData, AdtId, CrateId, CrateInput, FieldData, FieldLoc, FnData, FnId, FnOwner, HashMap, ImplData,
    ImplId, Index, ModuleId, Scope, StaticData, StaticId, TraitData, TraitId, VariantData,
};
use crate::ir::{FieldDef, FnDef, GenericParam, Item, ItemKind, ModBody, Name, PathRef, TypeRef, UseEntry};

/// Bound on import-resolution rounds. A round follows at least one more
/// link of every re-export chain; real code settles in a handful, and
/// pathological glob cycles must not loop forever.
const MAX_ROUNDS: usize = 64;

/// Namespaces a definition goes into.
#[derive(Clone, Copy)]
enum Ns {
    Types,
    Values,
    Both,
}

enum ImportResult {
    Named(PerNs),
    /// The modules and enums a glob reads.
    Glob(Vec<Def>),
}

/// Paths kept from collection until everything they may name is known.
#[derive(Default)]
struct Pending {
    /// The trait of each impl, by `ImplId`.
    impl_traits: Vec<Option<PathRef>>,
    /// The supertraits of each trait, by `TraitId`.
    supertraits: Vec<Vec<PathRef>>,
}

pub(super) fn build(crates: Vec<CrateInput>) -> Index {
    let mut builder = IndexBuilder::default();
    builder.add(crates);
    builder.finish()
}

/// An index built from crates that arrive in batches: each batch is
/// collected and its imports resolved as it comes, so the driver can index
/// the workspace's targets while the files no target reaches still load;
/// the tables over every crate (methods by type and by trait, sinks) wait
/// for [`IndexBuilder::finish`].
#[derive(Default)]
pub struct IndexBuilder {
    index: Index,
    pending: Pending,
}

impl IndexBuilder {
    /// Add a batch of crates. A crate's `deps` are positions in the list of
    /// every crate added so far, this batch included; crates of earlier
    /// batches cannot name this batch's.
    pub fn add(&mut self, crates: Vec<CrateInput>) {
        let index = &mut self.index;
        let first_crate = index.scopes.crates.len();
        let first_module = index.scopes.modules.len();
        let first_adt = index.adts.len();
        let first_import = index.scopes.imports.len();
        let (first_alias, first_impl, first_trait) =
            (index.scopes.aliases.len(), index.impls.len(), index.traits.len());
        let count = first_crate + crates.len();
        let root_of = |crate_data: &[CrateData], c: usize| match crate_data.get(c) {
            Some(data) => data.root,
            None => ModuleId((first_module + c - first_crate) as u32),
        };
        // Roots first, so that deps can name roots before their items are
        // collected.
        for (k, c) in crates.iter().enumerate() {
            let mut extern_prelude: HashMap<Name, Vec<ModuleId>> = HashMap::default();
            for (name, dep) in &c.deps {
                if *dep < count {
                    let root = root_of(&index.scopes.crates, *dep);
                    extern_prelude.entry(Name::from(name.as_str())).or_default().push(root);
                }
            }
            let root = ModuleId((first_module + k) as u32);
            index.scopes.crates.push(CrateData { root, extern_prelude });
            index.scopes.modules.push(ModuleData {
                krate: CrateId((first_crate + k) as u32),
                parent: None,
                name: Name::from(c.name.as_str()),
                items: HashMap::default(),
                named: HashMap::default(),
                globs: Vec::new(),
                macros: Vec::new(),
            });
        }
        // The arenas at their final size at once: grown by doubling, the fn
        // arena of a large workspace is copied to fresh memory a dozen times.
        let mut counts = ItemCounts::default();
        crates.iter().for_each(|c| counts.add(&c.items));
        index.fns.reserve_exact(counts.fns);
        index.statics.reserve_exact(counts.statics);
        index.adts.reserve_exact(counts.adts);
        index.scopes.variant_names.reserve_exact(counts.adts);
        index.impls.reserve_exact(counts.impls);
        index.impl_generics.reserve_exact(counts.impls);
        self.pending.impl_traits.reserve_exact(counts.impls);
        index.traits.reserve_exact(counts.traits);
        index.trait_generics.reserve_exact(counts.traits);
        self.pending.supertraits.reserve_exact(counts.traits);
        for (k, c) in crates.into_iter().enumerate() {
            index.collect(&mut self.pending, ModuleId((first_module + k) as u32), c.items);
        }
        for module in index.scopes.modules.iter_mut().skip(first_module) {
            for per in module.items.values_mut() {
                per.normalize();
            }
        }
        index.scopes.extend_known(first_module, first_adt);
        index.resolve_imports(first_crate, first_import);
        // What this batch's aliases, impls and traits name is in this batch
        // or an earlier one: settled now.
        index.finish_aliases(first_alias);
        index.resolve_impls_and_traits(&self.pending, first_impl, first_trait);
    }

    /// Build the tables over every crate and return the index.
    pub fn finish(self) -> Index {
        let mut index = self.index;
        index.build_tables();
        index
    }
}

/// Fns by name: the methods of a type, the bodies a trait method reaches.
type MethodTable = HashMap<Name, Vec<FnId>>;

/// How many fns (methods included), statics, ADTs, impls and traits a
/// tree of items holds.
#[derive(Default)]
struct ItemCounts {
    fns: usize,
    statics: usize,
    adts: usize,
    impls: usize,
    traits: usize,
}

impl ItemCounts {
    /// A work list rather than recursion, like `Index::collect`.
    fn add(&mut self, items: &[Item]) {
        let mut work = vec![items];
        while let Some(items) = work.pop() {
            for item in items {
                match &item.kind {
                    ItemKind::Fn(_) => self.fns += 1,
                    ItemKind::Static(_) => self.statics += 1,
                    ItemKind::Struct(_) | ItemKind::Enum(_) => self.adts += 1,
                    ItemKind::Impl(imp) => {
                        self.impls += 1;
                        work.push(&imp.methods);
                    }
                    ItemKind::Trait(t) => {
                        self.traits += 1;
                        work.push(&t.methods);
                    }
                    ItemKind::Mod(m) => match &m.body {
                        ModBody::Inline(items) | ModBody::OutOfLine { loaded: Some((_, items)), .. } => {
                            work.push(items)
                        }
                        ModBody::OutOfLine { loaded: None, .. } => {}
                    },
                    ItemKind::Use(_)
                    | ItemKind::TypeAlias { .. }
                    | ItemKind::MacroRules(_)
                    | ItemKind::ExternCrate { .. } => {}
                }
            }
        }
    }
}

impl Index {
    /// Collect the items of `root` and every module nested in it. A work
    /// list rather than recursion, so deep nesting cannot overflow the stack.
    fn collect(&mut self, pending: &mut Pending, root: ModuleId, items: Vec<Item>) {
        let mut work = vec![(root, items)];
        while let Some((m, items)) = work.pop() {
            for item in items {
                self.collect_item(pending, m, item, &mut work);
            }
        }
    }

    fn collect_item(
        &mut self,
        pending: &mut Pending,
        m: ModuleId,
        item: Item,
        work: &mut Vec<(ModuleId, Vec<Item>)>,
    ) {
        let Item { kind, is_pub, markers, span } = item;
        match kind {
            ItemKind::Fn(def) => {
                let name = def.name;
                let display = format!("{}::{}", self.module_path(m), name);
                let id = self.push_fn(def, markers, span, FnOwner::Free, module_scope(m), display);
                self.define(m, name, Ns::Values, Def::Fn(id), is_pub);
            }
            ItemKind::Struct(s) => {
                let id = AdtId(self.adts.len() as u32);
                // Unit and tuple structs are also constructors in the value namespace.
                let ns = if s.fields.iter().all(|f| f.name.parse::<usize>().is_ok()) {
                    Ns::Both
                } else {
                    Ns::Types
                };
                self.scopes.variant_names.push(Vec::new());
                self.adts.push(AdtData {
                    name: s.name,
                    display: s.name.to_string(),
                    markers,
                    span,
                    module: m,
                    generics: s.generics,
                    fields: s.fields.into_iter().map(field_data).collect(),
                    variants: Vec::new(),
                });
                self.define(m, s.name, ns, Def::Adt(id), is_pub);
            }
            ItemKind::Enum(e) => {
                let id = AdtId(self.adts.len() as u32);
                let variants = e
                    .variants
                    .into_iter()
                    .map(|v| VariantData {
                        name: v.name,
                        fields: v.fields.into_iter().map(field_data).collect(),
                        span: v.span,
                    })
                    .collect::<Vec<_>>();
                self.scopes.variant_names.push(variants.iter().map(|v| v.name).collect());
                self.adts.push(AdtData {
                    name: e.name,
                    display: e.name.to_string(),
                    markers,
                    span,
                    module: m,
                    generics: e.generics,
                    fields: Vec::new(),
                    variants,
                });
                self.define(m, e.name, Ns::Types, Def::Adt(id), is_pub);
            }
            ItemKind::Trait(t) => {
                let id = TraitId(self.traits.len() as u32);
                self.traits.push(TraitData {
                    name: t.name,
                    display: t.name.to_string(),
                    markers,
                    span,
                    module: m,
                    methods: Vec::new(),
                });
                self.trait_generics.push(t.generics);
                pending.supertraits.push(t.supertraits);
                let scope = Scope { module: m, impl_: None, trait_: Some(id) };
                let methods = self.push_methods(t.methods, FnOwner::Trait(id), scope, &t.name);
                if let Some(data) = self.traits.get_mut(id.0 as usize) {
                    data.methods = methods;
                }
                self.define(m, t.name, Ns::Types, Def::Trait(id), is_pub);
            }
            ItemKind::Impl(imp) => {
                let id = ImplId(self.impls.len() as u32);
                self.impl_generics.push(imp.generics);
                pending.impl_traits.push(imp.trait_);
                let scope = Scope { module: m, impl_: Some(id), trait_: None };
                let type_name = type_display(&imp.self_ty);
                let (consts, fns): (Vec<Item>, Vec<Item>) =
                    imp.methods.into_iter().partition(|item| matches!(item.kind, ItemKind::Static(_)));
                let consts = consts
                    .into_iter()
                    .filter_map(|item| self.push_assoc_const(item, m, &type_name))
                    .collect();
                let methods = self.push_methods(fns, FnOwner::Impl(id), scope, &type_name);
                self.impls.push(ImplData {
                    consts,
                    self_ty: imp.self_ty,
                    self_adt: None,
                    trait_: None,
                    markers,
                    span,
                    module: m,
                    methods,
                });
            }
            ItemKind::Static(s) => {
                let id = StaticId(self.statics.len() as u32);
                self.statics.push(StaticData {
                    name: s.name,
                    display: s.name.to_string(),
                    ty: s.ty,
                    is_const: s.is_const,
                    markers,
                    span,
                    module: m,
                    init: s.init,
                });
                self.define(m, s.name, Ns::Values, Def::Static(id), is_pub);
            }
            ItemKind::Use(entries) => {
                for entry in entries {
                    self.add_import(m, entry, is_pub);
                }
            }
            ItemKind::Mod(md) if md.transparent => {
                if let ModBody::OutOfLine { loaded: Some((_, items)), .. } = md.body {
                    work.push((m, items));
                }
            }
            ItemKind::Mod(md) => {
                let child = ModuleId(self.scopes.modules.len() as u32);
                let krate = self.scopes.module(m).map_or(CrateId(0), |parent| parent.krate);
                self.scopes.modules.push(ModuleData {
                    krate,
                    parent: Some(m),
                    name: md.name,
                    items: HashMap::default(),
                    named: HashMap::default(),
                    globs: Vec::new(),
                    macros: Vec::new(),
                });
                self.define(m, md.name, Ns::Types, Def::Module(child), is_pub);
                match md.body {
                    ModBody::Inline(items) | ModBody::OutOfLine { loaded: Some((_, items)), .. } => {
                        work.push((child, items))
                    }
                    ModBody::OutOfLine { loaded: None, .. } => {}
                }
            }
            ItemKind::TypeAlias { name, target } => {
                let id = AliasId(self.scopes.aliases.len() as u32);
                self.scopes.aliases.push(AliasData { target, module: m, params: Vec::new() });
                self.define(m, name, Ns::Types, Def::Alias(id), is_pub);
            }
            ItemKind::MacroRules(mac) => {
                if let Some(data) = self.scopes.modules.get_mut(m.0 as usize) {
                    data.macros.push(mac.name);
                }
            }
            ItemKind::ExternCrate { name, alias } => self.add_extern_crate(m, name, alias, is_pub),
        }
    }

    fn push_fn(
        &mut self,
        def: FnDef,
        markers: crate::ir::Markers,
        span: crate::source::Span,
        owner: FnOwner,
        scope: Scope,
        display: String,
    ) -> FnId {
        let id = FnId(self.fns.len() as u32);
        self.fns.push(FnData { def, markers, span, owner, scope, display, sink_marker: None });
        id
    }

    /// An associated const, displayed `Owner::NAME`; reached through its
    /// type (`Owner::NAME`), not through the module.
    fn push_assoc_const(&mut self, item: Item, m: ModuleId, owner_name: &str) -> Option<StaticId> {
        let ItemKind::Static(s) = item.kind else { return None };
        let id = StaticId(self.statics.len() as u32);
        self.statics.push(StaticData {
            display: format!("{owner_name}::{}", s.name),
            name: s.name,
            ty: s.ty,
            is_const: s.is_const,
            markers: item.markers,
            span: item.span,
            module: m,
            init: s.init,
        });
        Some(id)
    }

    /// The fns among an impl's or trait's items, displayed `Owner::name`.
    fn push_methods(
        &mut self,
        items: Vec<Item>,
        owner: FnOwner,
        scope: Scope,
        owner_name: &str,
    ) -> Vec<FnId> {
        let mut ids = Vec::new();
        for item in items {
            if let ItemKind::Fn(def) = item.kind {
                let display = format!("{owner_name}::{}", def.name);
                ids.push(self.push_fn(def, item.markers, item.span, owner, scope, display));
            }
        }
        ids
    }

    fn define(&mut self, m: ModuleId, name: Name, ns: Ns, def: Def, is_pub: bool) {
        let Some(module) = self.scopes.modules.get_mut(m.0 as usize) else {
            return;
        };
        let per = module.items.entry(name).or_default();
        let b = Binding { def, is_pub };
        match ns {
            Ns::Types => per.types.push(b),
            Ns::Values => per.values.push(b),
            Ns::Both => {
                per.types.push(b);
                per.values.push(b);
            }
        }
    }

    fn add_import(&mut self, m: ModuleId, entry: UseEntry, is_pub: bool) {
        let UseEntry { mut path, alias, is_glob, .. } = entry;
        // `use a::b::{self}` binds `b`.
        if path.len() > 1 && path.last().is_some_and(|n| &**n == "self") {
            path.pop();
        }
        let alias = match alias {
            Some(a) if &*a == "self" => path.last().cloned(),
            other => other,
        };
        if path.is_empty() || (!is_glob && alias.is_none()) {
            return;
        }
        let Some(module) = self.scopes.modules.get_mut(m.0 as usize) else {
            return;
        };
        let idx = self.scopes.imports.len();
        if is_glob {
            module.globs.push(idx);
        } else if let Some(alias) = alias {
            module.named.entry(alias).or_default().push(idx);
        }
        self.scopes.imports.push(Import { module: m, path, is_glob, is_pub });
    }

    /// `extern crate foo as bar;` binds `bar` in the module, and at the crate
    /// root also in the extern prelude.
    fn add_extern_crate(&mut self, m: ModuleId, name: Name, alias: Option<Name>, is_pub: bool) {
        let root = self.scopes.root_of(m);
        let targets: Vec<ModuleId> = if &*name == "self" {
            vec![root]
        } else {
            let per = self.scopes.extern_prelude(m, &name);
            per.types
                .iter()
                .filter_map(|b| match b.def {
                    Def::Module(t) => Some(t),
                    _ => None,
                })
                .collect()
        };
        let bound = alias.unwrap_or(name);
        if targets.is_empty() {
            self.define(m, bound, Ns::Types, Def::External, is_pub);
            return;
        }
        for &t in &targets {
            self.define(m, bound, Ns::Types, Def::Module(t), is_pub);
        }
        if root == m {
            let krate = self.scopes.module(m).map(|d| d.krate.0 as usize);
            if let Some(c) = krate.and_then(|k| self.scopes.crates.get_mut(k)) {
                let entry = c.extern_prelude.entry(bound).or_default();
                entry.extend(targets);
                entry.sort();
                entry.dedup();
            }
        }
    }

    /// Resolve every `use` to a fixpoint: an import's result may depend on
    /// other imports (re-export chains, globs of globs), in any order.
    /// Resolve imports crate by crate, dependencies first: a crate's imports
    /// can only name its own modules and its dependencies', so each crate
    /// iterates to its own fixpoint over its own imports (a workspace-wide
    /// fixpoint would re-resolve every import of every crate for as many
    /// rounds as the slowest crate needs).
    fn resolve_imports(&mut self, first_crate: usize, first_import: usize) {
        let count = self.scopes.imports.len();
        self.scopes.import_named.resize(count, PerNs::default());
        self.scopes.glob_targets.resize(count, Vec::new());
        let crates = self.scopes.crates.len() - first_crate;
        // Positions among this batch's crates.
        let batch_of = |m: ModuleId| {
            let krate = self.scopes.modules.get(m.0 as usize).map_or(0, |d| d.krate.0 as usize);
            krate.checked_sub(first_crate)
        };
        let mut imports_of: Vec<Vec<usize>> = vec![Vec::new(); crates];
        for (i, imp) in self.scopes.imports.iter().enumerate().skip(first_import) {
            if let Some(list) = batch_of(imp.module).and_then(|c| imports_of.get_mut(c)) {
                list.push(i);
            }
        }
        let mut modules_of: Vec<Vec<ModuleId>> = vec![Vec::new(); crates];
        for (i, data) in self.scopes.modules.iter().enumerate() {
            let krate = (data.krate.0 as usize).checked_sub(first_crate);
            if let Some(list) = krate.and_then(|c| modules_of.get_mut(c)) {
                list.push(ModuleId(i as u32));
            }
        }
        // Crates of earlier batches are resolved already.
        let deps: Vec<Vec<usize>> = self.scopes.crates[first_crate..]
            .iter()
            .map(|c| c.extern_prelude.values().flatten().filter_map(|root| batch_of(*root)).collect())
            .collect();
        for group in dependency_order(&deps) {
            let imports: Vec<usize> = group.iter().flat_map(|&c| imports_of[c].iter().copied()).collect();
            let modules: Vec<ModuleId> = group.iter().flat_map(|&c| modules_of[c].iter().copied()).collect();
            self.resolve_import_group(&imports, &modules);
        }
    }

    /// Iterate the imports of one group of crates to a fixpoint.
    fn resolve_import_group(&mut self, imports: &[usize], modules: &[ModuleId]) {
        for _ in 0..MAX_ROUNDS {
            // Hub layers from the previous round's results: a round that
            // changes nothing has used up-to-date ones.
            self.scopes.compute_hubs(modules);
            let mut changed = false;
            for &i in imports {
                match self.import_result(i) {
                    Some(ImportResult::Glob(targets)) => {
                        if let Some(slot) = self.scopes.glob_targets.get_mut(i) {
                            if *slot != targets {
                                *slot = targets;
                                changed = true;
                            }
                        }
                    }
                    Some(ImportResult::Named(per)) => {
                        if let Some(slot) = self.scopes.import_named.get_mut(i) {
                            if *slot != per {
                                *slot = per;
                                changed = true;
                            }
                        }
                    }
                    None => {}
                }
            }
            if !changed {
                return;
            }
        }
        // Out of rounds (a pathological cycle): keep the hubs consistent
        // with the last results.
        self.scopes.compute_hubs(modules);
    }

    /// What import `i` resolves to with the scopes as they are now.
    fn import_result(&self, i: usize) -> Option<ImportResult> {
        let imp = self.scopes.imports.get(i)?;
        let names: Vec<&str> = imp.path.iter().map(|n| &**n).collect();
        let per = self.resolve_names(
            module_scope(imp.module),
            false,
            &names,
            Start::Use { skip: i },
            if imp.is_glob { Want::Types } else { Want::Both },
            0,
        );
        if imp.is_glob {
            let targets = per.types.iter().map(|b| b.def);
            let targets = targets.filter(|d| matches!(d, Def::Module(_) | Def::Adt(_))).collect();
            return Some(ImportResult::Glob(targets));
        }
        let mut per = per.with_vis(imp.is_pub);
        if per.is_empty() {
            // Outside the workspace: it still shadows globs.
            let b = Binding { def: Def::External, is_pub: imp.is_pub };
            per = PerNs { types: vec![b], values: vec![b] };
        }
        Some(ImportResult::Named(per))
    }

    /// The generic parameters of the aliases from `first` on.
    fn finish_aliases(&mut self, first: usize) {
        let params: Vec<Vec<Name>> =
            self.scopes.aliases.iter().skip(first).map(|a| self.alias_params(a.module, &a.target)).collect();
        for (alias, params) in self.scopes.aliases.iter_mut().skip(first).zip(params) {
            alias.params = params;
        }
    }

    /// Resolve the self type and trait of the impls from `first_impl` on, and
    /// the supertraits of the traits from `first_trait` on.
    fn resolve_impls_and_traits(&mut self, pending: &Pending, first_impl: usize, first_trait: usize) {
        let mut resolved = Vec::with_capacity(self.impls.len() - first_impl);
        for (i, imp) in self.impls.iter().enumerate().skip(first_impl) {
            let scope = module_scope(imp.module);
            let generics = self.impl_generics.get(i).map_or(&[][..], Vec::as_slice);
            let self_adt = if is_generic_param(&imp.self_ty, generics) {
                None
            } else {
                match self.exact_def(scope, &imp.self_ty, 0) {
                    Some(Def::Adt(a)) => Some(a),
                    _ => None,
                }
            };
            let trait_ = pending
                .impl_traits
                .get(i)
                .and_then(Option::as_ref)
                .and_then(|p| self.bound_traits(scope, std::slice::from_ref(p), 0).into_iter().next());
            resolved.push((self_adt, trait_));
        }
        for (imp, (self_adt, trait_)) in self.impls.iter_mut().skip(first_impl).zip(resolved) {
            imp.self_adt = self_adt;
            imp.trait_ = trait_;
        }
        let supers: Vec<Vec<TraitId>> = self
            .traits
            .iter()
            .zip(&pending.supertraits)
            .skip(first_trait)
            .map(|(t, paths)| self.bound_traits(module_scope(t.module), paths, 0))
            .collect();
        self.trait_supers.extend(supers);
    }

    /// The lookup tables behind `methods_of`, `trait_method_targets`,
    /// `methods_named` and `security_fields_named`, and which fns are sinks.
    /// Each is built from the items alone, so they are built in parallel.
    fn build_tables(&mut self) {
        let this = &*self;
        let (
            ((adt_methods, blanket), trait_targets),
            ((adt_consts, methods_by_name), (security_fields, sinks)),
        ) = rayon::join(
            || rayon::join(|| this.impl_method_tables(), || this.trait_target_tables()),
            || {
                rayon::join(
                    || rayon::join(|| this.adt_const_tables(), || this.methods_by_name_table()),
                    || rayon::join(|| this.security_fields_table(), || this.sink_markers()),
                )
            },
        );
        self.adt_methods = adt_methods;
        self.adt_consts = adt_consts;
        self.blanket_methods = blanket;
        self.trait_targets = trait_targets;
        self.methods_by_name = methods_by_name;
        self.security_fields = security_fields;
        for (f, sink) in self.fns.iter_mut().zip(sinks) {
            f.sink_marker = sink;
        }
    }

    /// Per ADT, its associated consts by name.
    fn adt_const_tables(&self) -> Vec<HashMap<Name, Vec<StaticId>>> {
        let mut adt_consts: Vec<HashMap<Name, Vec<StaticId>>> = vec![HashMap::default(); self.adts.len()];
        for imp in &self.impls {
            let Some(table) = imp.self_adt.and_then(|a| adt_consts.get_mut(a.0 as usize)) else { continue };
            for &c in &imp.consts {
                if let Some(data) = self.statics.get(c.0 as usize) {
                    table.entry(data.name).or_default().push(c);
                }
            }
        }
        adt_consts
    }

    /// Per ADT, the methods of its impls by name (trait methods an impl
    /// does not override included), and those of blanket impls.
    fn impl_method_tables(&self) -> (Vec<MethodTable>, MethodTable) {
        let mut adt_methods: Vec<MethodTable> = vec![HashMap::default(); self.adts.len()];
        let mut blanket = MethodTable::default();
        for (i, imp) in self.impls.iter().enumerate() {
            let generics = self.impl_generics.get(i).map_or(&[][..], Vec::as_slice);
            let table = match imp.self_adt {
                Some(a) => adt_methods.get_mut(a.0 as usize),
                None if is_generic_param(&imp.self_ty, generics) => Some(&mut blanket),
                None => None,
            };
            let Some(table) = table else { continue };
            let own: BTreeSet<Name> = imp.methods.iter().filter_map(|&f| self.fn_name(f)).collect();
            let inherited = imp.trait_.and_then(|t| self.traits.get(t.0 as usize)).map(|t| &t.methods);
            for &f in &imp.methods {
                if let Some(name) = self.fn_name(f) {
                    table.entry(name).or_default().push(f);
                }
            }
            for &f in inherited.into_iter().flatten() {
                match self.fn_name(f) {
                    Some(name) if !own.contains(&name) => table.entry(name).or_default().push(f),
                    _ => {}
                }
            }
        }
        for fns in adt_methods.iter_mut().chain([&mut blanket]).flat_map(HashMap::values_mut) {
            fns.sort();
            fns.dedup();
        }
        (adt_methods, blanket)
    }

    /// Per trait, the bodies a call of each of its methods may reach.
    fn trait_target_tables(&self) -> Vec<MethodTable> {
        let mut trait_targets: Vec<MethodTable> = vec![HashMap::default(); self.traits.len()];
        let mut impl_count = vec![0usize; self.traits.len()];
        // Per trait, how many impls define each method.
        let mut overrides: Vec<HashMap<Name, usize>> = vec![HashMap::default(); self.traits.len()];
        for imp in &self.impls {
            let Some(t) = imp.trait_ else { continue };
            let ti = t.0 as usize;
            if let (Some(targets), Some(count), Some(over)) =
                (trait_targets.get_mut(ti), impl_count.get_mut(ti), overrides.get_mut(ti))
            {
                *count += 1;
                for &f in &imp.methods {
                    if let Some(name) = self.fn_name(f) {
                        targets.entry(name).or_default().push(f);
                        *over.entry(name).or_default() += 1;
                    }
                }
            }
        }
        // A default body is reached when some impl (or, with no impl in the
        // workspace, any impl) does not override it.
        for (ti, t) in self.traits.iter().enumerate() {
            let count = impl_count.get(ti).copied().unwrap_or(0);
            for &f in &t.methods {
                let Some(data) = self.fns.get(f.0 as usize) else {
                    continue;
                };
                let overridden = overrides.get(ti).and_then(|o| o.get(&data.def.name)).copied().unwrap_or(0);
                if data.def.body.is_some() && (count == 0 || overridden < count) {
                    if let Some(targets) = trait_targets.get_mut(ti) {
                        targets.entry(data.def.name).or_default().push(f);
                    }
                }
            }
        }
        for fns in trait_targets.iter_mut().flat_map(HashMap::values_mut) {
            fns.sort();
            fns.dedup();
        }
        trait_targets
    }

    /// Every method (a fn taking `self`) by name.
    fn methods_by_name_table(&self) -> MethodTable {
        let mut methods_by_name = MethodTable::default();
        for (i, f) in self.fns.iter().enumerate() {
            if f.def.has_self {
                methods_by_name.entry(f.def.name).or_default().push(FnId(i as u32));
            }
        }
        // Pushed in id order: sorted already, and each id once.
        methods_by_name
    }

    /// Every `#[security_only]` field by name.
    fn security_fields_table(&self) -> HashMap<Name, Vec<FieldLoc>> {
        let mut security_fields: HashMap<Name, Vec<FieldLoc>> = HashMap::default();
        for (a, adt) in self.adts.iter().enumerate() {
            let adt_id = AdtId(a as u32);
            let struct_fields = adt.fields.iter().enumerate().map(|(i, f)| (None, i, f));
            let variant_fields = adt
                .variants
                .iter()
                .enumerate()
                .flat_map(|(v, vd)| vd.fields.iter().enumerate().map(move |(i, f)| (Some(v), i, f)));
            for (variant, field, f) in struct_fields.chain(variant_fields) {
                if f.markers.security_only().is_some() {
                    let loc = FieldLoc { adt: adt_id, variant, field };
                    security_fields.entry(f.name).or_default().push(loc);
                }
            }
        }
        security_fields
    }

    fn fn_name(&self, f: FnId) -> Option<Name> {
        self.fns.get(f.0 as usize).map(|d| d.def.name)
    }

    /// A fn is a sink by its own marker, else its impl block's, else (in a
    /// trait impl) its trait's declaration's, else its trait's.
    fn sink_markers(&self) -> Vec<Option<crate::source::Span>> {
        self.fns
            .iter()
            .map(|f| {
                f.markers.advertising_sink().or_else(|| match f.owner {
                    FnOwner::Free => None,
                    FnOwner::Impl(i) => {
                        let imp = self.impls.get(i.0 as usize)?;
                        imp.markers.advertising_sink().or_else(|| {
                            let t = imp.trait_?;
                            let decl = self
                                .traits
                                .get(t.0 as usize)?
                                .methods
                                .iter()
                                .filter_map(|&d| self.fns.get(d.0 as usize))
                                .filter(|d| d.def.name == f.def.name)
                                .find_map(|d| d.markers.advertising_sink());
                            decl.or_else(|| self.traits.get(t.0 as usize)?.markers.advertising_sink())
                        })
                    }
                    FnOwner::Trait(t) => self.traits.get(t.0 as usize)?.markers.advertising_sink(),
                })
            })
            .collect()
    }

    pub(super) fn trait_method_targets_impl(&self, tr: TraitId, name: &str) -> Vec<FnId> {
        let mut out = Vec::new();
        for decl in self.trait_decls(tr, name) {
            if let Some(FnOwner::Trait(t)) = self.fns.get(decl.0 as usize).map(|d| d.owner) {
                let targets = self.trait_targets.get(t.0 as usize).and_then(|m| m.get(name));
                out.extend(targets.into_iter().flatten().copied());
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

fn field_data(f: FieldDef) -> FieldData {
    FieldData { name: f.name, ty: f.ty, markers: f.markers, span: f.span }
}

/// `impl<T> Tr for T` (or `for &T`): a blanket impl, for no ADT in particular.
fn is_generic_param(ty: &TypeRef, generics: &[GenericParam]) -> bool {
    match ty {
        TypeRef::Ref { inner, .. } => is_generic_param(inner, generics),
        TypeRef::Path(p) => match (p.leading_colon, p.segments.as_slice()) {
            (false, [seg]) => generics.iter().any(|g| g.name == seg.name),
            _ => false,
        },
        _ => false,
    }
}

/// How an impl's self type prefixes its methods' names: the last segment of
/// its path as written.
fn type_display(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Path(p) => p.last_name().map_or_else(|| "_".to_string(), |n| n.to_string()),
        TypeRef::Ref { inner, .. } => type_display(inner),
        TypeRef::Slice(inner) => format!("[{}]", type_display(inner)),
        TypeRef::Tuple(elems) => {
            let parts: Vec<String> = elems.iter().map(type_display).collect();
            format!("({})", parts.join(", "))
        }
        TypeRef::Traits(bounds) => {
            let parts: Vec<String> = bounds.iter().map(PathRef::display).collect();
            format!("dyn {}", parts.join(" + "))
        }
        TypeRef::Other => "_".to_string(),
    }
}

/// Crates in groups such that every group comes after the groups of its
/// dependencies: single crates in topological order, then (should the
/// graph have a cycle) everything left as one group.
fn dependency_order(deps: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = deps.len();
    let mut waiting_on: Vec<usize> = vec![0; n];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (c, ds) in deps.iter().enumerate() {
        let mut ds: Vec<usize> = ds.iter().copied().filter(|&d| d < n && d != c).collect();
        ds.sort_unstable();
        ds.dedup();
        waiting_on[c] = ds.len();
        for d in ds {
            dependents[d].push(c);
        }
    }
    let mut ready: std::collections::VecDeque<usize> = (0..n).filter(|&c| waiting_on[c] == 0).collect();
    let mut done = vec![false; n];
    let mut groups = Vec::with_capacity(n);
    while let Some(c) = ready.pop_front() {
        done[c] = true;
        groups.push(vec![c]);
        for &d in &dependents[c] {
            waiting_on[d] -= 1;
            if waiting_on[d] == 0 {
                ready.push_back(d);
            }
        }
    }
    let rest: Vec<usize> = (0..n).filter(|&c| !done[c]).collect();
    if !rest.is_empty() {
        groups.push(rest);
    }
    groups
}
