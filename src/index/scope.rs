//! Module scopes: what each name means in each module, imports included.
//!
//! Every module keeps three layers, looked up in Rust's order: its own items
//! and its named imports (which shadow) and then its glob imports. Import
//! results are stored per import and recomputed to a fixpoint at build time
//! (`build::resolve_imports`); a lookup follows glob imports on demand.

use std::hash::{BuildHasherDefault, Hasher};

use super::{HashMap, HashSet};

use super::{AdtId, CrateId, FnId, ImplId, ModuleId, StaticId, TraitId};
use crate::ir::{Name, TypeRef};

/// Modules already searched by one lookup. Module ids are small dense
/// integers of our own, so a multiplicative hash serves (the default
/// SipHash dominated lookup time).
type Visited = std::collections::HashSet<ModuleId, BuildHasherDefault<IdHasher>>;

#[derive(Default)]
pub(super) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Modules with at least this many glob imports get their glob layer
/// precomputed (`Scopes::compute_hubs`).
const HUB_GLOBS: usize = 16;

/// Bound on chains of glob imports followed by one lookup, so a chain of
/// thousands of modules cannot overflow the stack.
const MAX_GLOB_DEPTH: u32 = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) struct AliasId(pub(super) u32);

/// The namespaces a lookup must complete. Glob imports are searched only
/// for a wanted namespace the module does not define itself, and most
/// lookups need one namespace only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Want {
    /// Modules, types and traits: every segment but the last.
    Types,
    /// Values, and types only when there is no value of that name (the
    /// answer's types are incomplete when it has values).
    Values,
    /// Both, as a `use` imports both.
    Both,
}

impl Want {
    /// Whether `per` already answers the lookup.
    pub(super) fn satisfied(self, per: &PerNs) -> bool {
        match self {
            Want::Types => !per.types.is_empty(),
            Want::Values => !per.values.is_empty(),
            Want::Both => !per.types.is_empty() && !per.values.is_empty(),
        }
    }

    /// Whether `per` holds anything the lookup can use.
    pub(super) fn found(self, per: &PerNs) -> bool {
        match self {
            Want::Types => !per.types.is_empty(),
            Want::Values | Want::Both => !per.is_empty(),
        }
    }
}

/// What a name is bound to in one namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Def {
    Module(ModuleId),
    Adt(AdtId),
    Variant(AdtId, usize),
    Trait(TraitId),
    Alias(AliasId),
    Fn(FnId),
    Static(StaticId),
    /// `Self` inside an impl for a type that is not a workspace ADT: its
    /// members are the impl's own methods and its trait's.
    SelfOf(ImplId),
    /// Bound to something outside the workspace (`use std::io::Error;`): it
    /// still shadows glob imports of the same name.
    External,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Binding {
    pub(super) def: Def,
    /// Visible outside the module (and its descendants) through globs.
    pub(super) is_pub: bool,
}

/// The bindings of one name in both namespaces. Several bindings per
/// namespace happen with `#[cfg]` variants of the same item.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct PerNs {
    pub(super) types: Vec<Binding>,
    pub(super) values: Vec<Binding>,
}

impl PerNs {
    pub(super) fn module(m: ModuleId) -> PerNs {
        PerNs { types: vec![Binding { def: Def::Module(m), is_pub: true }], values: Vec::new() }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.types.is_empty() && self.values.is_empty()
    }

    pub(super) fn extend(&mut self, other: &PerNs) {
        self.types.extend_from_slice(&other.types);
        self.values.extend_from_slice(&other.values);
    }

    /// Sorted and deduplicated, so results compare equal across fixpoint
    /// rounds whatever order they were found in.
    pub(super) fn normalize(&mut self) {
        normalize(&mut self.types);
        normalize(&mut self.values);
    }

    /// The same bindings, re-exported (or not) by an import.
    pub(super) fn with_vis(mut self, is_pub: bool) -> PerNs {
        for b in self.types.iter_mut().chain(self.values.iter_mut()) {
            b.is_pub = is_pub;
        }
        self
    }

    /// Only the bindings an importer may see.
    pub(super) fn visible(mut self, private_ok: bool) -> PerNs {
        if !private_ok {
            self.types.retain(|b| b.is_pub);
            self.values.retain(|b| b.is_pub);
        }
        self
    }
}

/// One definition per `Def`, public when any binding of it is.
fn normalize(v: &mut Vec<Binding>) {
    v.sort_by(|a, b| a.def.cmp(&b.def).then(b.is_pub.cmp(&a.is_pub)));
    v.dedup_by_key(|b| b.def);
}

#[derive(Debug)]
pub(super) struct ModuleData {
    pub(super) krate: CrateId,
    pub(super) parent: Option<ModuleId>,
    /// The module's name; the crate's name for a crate root.
    pub(super) name: Name,
    /// Items defined here (and `extern crate` names).
    pub(super) items: HashMap<Name, PerNs>,
    /// Named imports by the name they bind, as indexes into `Scopes::imports`.
    pub(super) named: HashMap<Name, Vec<usize>>,
    /// Glob imports, as indexes into `Scopes::imports`.
    pub(super) globs: Vec<usize>,
    pub(super) macros: Vec<Name>,
}

#[derive(Debug)]
pub(super) struct CrateData {
    pub(super) root: ModuleId,
    /// Dependency names (and root `extern crate` aliases) -> crate roots.
    pub(super) extern_prelude: HashMap<Name, Vec<ModuleId>>,
}

/// One `use` entry, as written.
#[derive(Debug)]
pub(super) struct Import {
    pub(super) module: ModuleId,
    pub(super) path: Vec<Name>,
    pub(super) is_glob: bool,
    pub(super) is_pub: bool,
}

#[derive(Debug)]
pub(super) struct AliasData {
    pub(super) target: TypeRef,
    pub(super) module: ModuleId,
    /// The alias's generic parameters as guessed from its target (the IR
    /// does not record them): names in the target that resolve to nothing.
    pub(super) params: Vec<Name>,
}

#[derive(Debug, Default)]
pub(super) struct Scopes {
    pub(super) modules: Vec<ModuleData>,
    pub(super) crates: Vec<CrateData>,
    pub(super) aliases: Vec<AliasData>,
    pub(super) imports: Vec<Import>,
    /// Result of each named import (empty for globs).
    pub(super) import_named: Vec<PerNs>,
    /// The modules and enums each glob import reads (empty for named
    /// imports).
    pub(super) glob_targets: Vec<Vec<Def>>,
    /// Variant names of each ADT, by `AdtId`, for globs of enums.
    pub(super) variant_names: Vec<Vec<Name>>,
    /// Every name defined, imported by name, or a variant, anywhere: a glob
    /// can bring in nothing else, so lookups of other names (`String`,
    /// `Some`, `std`) skip the glob search.
    pub(super) known: HashSet<Name>,
    /// The glob layer of hub modules (those with many glob imports), by
    /// name: what lookups through them would find, precomputed once after
    /// import resolution.
    pub(super) hub_globs: HubGlobs,
}

type HubGlobs = std::collections::HashMap<ModuleId, HashMap<Name, PerNs>, BuildHasherDefault<IdHasher>>;

impl Scopes {
    pub(super) fn module(&self, m: ModuleId) -> Option<&ModuleData> {
        self.modules.get(m.0 as usize)
    }

    pub(super) fn alias(&self, a: AliasId) -> Option<&AliasData> {
        self.aliases.get(a.0 as usize)
    }

    pub(super) fn parent(&self, m: ModuleId) -> Option<ModuleId> {
        self.module(m)?.parent
    }

    pub(super) fn root_of(&self, m: ModuleId) -> ModuleId {
        self.module(m).and_then(|d| self.crates.get(d.krate.0 as usize)).map_or(m, |c| c.root)
    }

    /// Whether `inner` is `outer` or nested in it: private items of `outer`
    /// are visible there.
    pub(super) fn is_within(&self, inner: ModuleId, outer: ModuleId) -> bool {
        let mut cur = Some(inner);
        while let Some(m) = cur {
            if m == outer {
                return true;
            }
            cur = self.parent(m);
        }
        false
    }

    /// A crate name usable from module `m` (its dependencies).
    pub(super) fn extern_prelude(&self, m: ModuleId, name: &str) -> PerNs {
        let roots = self
            .module(m)
            .and_then(|d| self.crates.get(d.krate.0 as usize))
            .and_then(|c| c.extern_prelude.get(name));
        let mut out = PerNs::default();
        for &root in roots.into_iter().flatten() {
            out.types.push(Binding { def: Def::Module(root), is_pub: true });
        }
        out
    }

    /// What `name` means in module `m`: items and named imports, else glob
    /// imports, per namespace. `skip` leaves out one import of `m` (an
    /// import's own first segment must not resolve to itself).
    pub(super) fn lookup(&self, m: ModuleId, name: &str, skip: Option<usize>, want: Want) -> PerNs {
        if !self.known.contains(name) {
            return PerNs::default();
        }
        let mut visited = Visited::default();
        self.lookup_in(m, name, skip, want, &mut visited, 0)
    }

    /// Add to `known` the names of the modules from `first_module` on and of
    /// the ADTs from `first_adt` on, once their items and imports are in
    /// place.
    pub(super) fn extend_known(&mut self, first_module: usize, first_adt: usize) {
        let modules = self.modules.get(first_module..).unwrap_or_default();
        let variants = self.variant_names.get(first_adt..).unwrap_or_default();
        // Sized for the worst case at once: growing by doubling rehashes
        // every name of a large workspace several times.
        let most = modules.iter().map(|m| m.items.len() + m.named.len()).sum::<usize>()
            + variants.iter().map(Vec::len).sum::<usize>();
        self.known.reserve(most);
        for m in modules {
            self.known.extend(m.items.keys().cloned());
            self.known.extend(m.named.keys().cloned());
        }
        self.known.extend(variants.iter().flatten().cloned());
    }

    /// `lookup` through glob imports, which are followed on demand rather
    /// than copied (copying a scope into every `use super::*` module costs
    /// quadratic time and memory). Each module is searched once per lookup,
    /// so glob cycles end and diamonds cost nothing twice (the second path
    /// to a module adds nothing, even if it would make more of it visible).
    fn lookup_in(
        &self,
        m: ModuleId,
        name: &str,
        skip: Option<usize>,
        want: Want,
        visited: &mut Visited,
        depth: u32,
    ) -> PerNs {
        let Some(data) = self.module(m) else {
            return PerNs::default();
        };
        let mut own = data.items.get(name).cloned().unwrap_or_default();
        for &i in data.named.get(name).into_iter().flatten() {
            if Some(i) != skip {
                if let Some(res) = self.import_named.get(i) {
                    own.extend(res);
                }
            }
        }
        let needs_globs = !want.satisfied(&own);
        // A hub's own imports are resolved without its precomputed layer,
        // which may hold what they import.
        let hub = if skip.is_none() { self.hub_globs.get(&m) } else { None };
        if let (true, Some(hub)) = (needs_globs, hub) {
            let globbed = hub.get(name).cloned().unwrap_or_default();
            if own.types.is_empty() {
                own.types = globbed.types;
            }
            if own.values.is_empty() {
                own.values = globbed.values;
            }
        } else if needs_globs && !data.globs.is_empty() && depth < MAX_GLOB_DEPTH {
            visited.insert(m);
            let mut globbed = PerNs::default();
            for &g in &data.globs {
                if Some(g) == skip {
                    continue;
                }
                let Some(imp) = self.imports.get(g) else {
                    continue;
                };
                for target in self.glob_targets.get(g).into_iter().flatten() {
                    let found = match *target {
                        Def::Module(t) if visited.insert(t) => self
                            .lookup_in(t, name, None, want, visited, depth + 1)
                            .visible(self.is_within(m, t)),
                        Def::Adt(a) => self.variant_binding(a, name),
                        _ => PerNs::default(),
                    };
                    globbed.extend(&found.with_vis(imp.is_pub));
                }
            }
            if own.types.is_empty() {
                own.types = globbed.types;
            }
            if own.values.is_empty() {
                own.values = globbed.values;
            }
        }
        own.normalize();
        own
    }

    /// Precompute the glob layer of every hub. Following a hub's globs on
    /// each lookup costs the size of its glob closure (thousands of modules
    /// in generated crates such as `web-sys`); this costs it once. The
    /// union over the closure ignores shadowing inside it, which can only
    /// add bindings (as `#[cfg]` variants do).
    pub(super) fn compute_hubs(&mut self, modules: &[ModuleId]) {
        for &hub in modules {
            let is_hub = self.module(hub).is_some_and(|data| data.globs.len() >= HUB_GLOBS);
            if is_hub {
                let names = self.glob_closure_names(hub);
                self.hub_globs.insert(hub, names);
            }
        }
    }

    /// Every binding defined or imported by name in a module reachable
    /// through `hub`'s glob imports, as `hub` sees it: public (in the hub)
    /// when the hub's glob that reaches it is, and only through globs the
    /// hub may see.
    fn glob_closure_names(&self, hub: ModuleId) -> HashMap<Name, PerNs> {
        let mut out: HashMap<Name, PerNs> = HashMap::default();
        let mut visited = Visited::default();
        visited.insert(hub);
        // (module, whether the hub's glob that reached it is `pub`)
        let mut stack: Vec<(ModuleId, bool)> = Vec::new();
        let mut follow =
            |m: ModuleId, vis: bool, stack: &mut Vec<(ModuleId, bool)>, out: &mut HashMap<Name, PerNs>| {
                let Some(data) = self.module(m) else { return };
                let private_ok = m == hub || self.is_within(hub, m);
                for &g in &data.globs {
                    let Some(imp) = self.imports.get(g) else {
                        continue;
                    };
                    if !(imp.is_pub || private_ok) {
                        continue;
                    }
                    let vis = if m == hub { imp.is_pub } else { vis };
                    for target in self.glob_targets.get(g).into_iter().flatten() {
                        match *target {
                            Def::Module(t) if visited.insert(t) => stack.push((t, vis)),
                            Def::Adt(a) => {
                                for v in self.variant_names.get(a.0 as usize).into_iter().flatten() {
                                    let per = self.variant_binding(a, v).with_vis(vis);
                                    out.entry(*v).or_default().extend(&per);
                                }
                            }
                            _ => {}
                        }
                    }
                }
            };
        follow(hub, true, &mut stack, &mut out);
        while let Some((m, vis)) = stack.pop() {
            let Some(data) = self.module(m) else { continue };
            let private_ok = self.is_within(hub, m);
            let named = data.named.iter().flat_map(|(name, imports)| {
                imports.iter().filter_map(move |&i| Some((name, self.import_named.get(i)?)))
            });
            for (name, per) in data.items.iter().chain(named) {
                let per = per.clone().visible(private_ok).with_vis(vis);
                out.entry(*name).or_default().extend(&per);
            }
            follow(m, vis, &mut stack, &mut out);
        }
        out.retain(|_, per| {
            per.normalize();
            !per.is_empty()
        });
        out
    }

    /// Variant `name` of enum `a`, for `use Enum::*`.
    fn variant_binding(&self, a: AdtId, name: &str) -> PerNs {
        let mut out = PerNs::default();
        let variants = self.variant_names.get(a.0 as usize).into_iter().flatten();
        for (i, v) in variants.enumerate() {
            if &**v == name {
                let b = Binding { def: Def::Variant(a, i), is_pub: true };
                out.types.push(b);
                out.values.push(b);
            }
        }
        out
    }
}
