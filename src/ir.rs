//! The data-flow IR: what `lower` produces from a syntax tree and what `index`
//! and `analyze` consume. It holds no `syn` types, so syntax trees can be
//! dropped as soon as a file is lowered.
//!
//! Items keep their paths *as written* (`PathRef`); `index` resolves them.
//! Function bodies are a structured IR: three-address statements over places
//! (a local or a global plus a field path), with `if`/`match`/loops kept as
//! nested blocks. Rust's control flow is structured, so the analysis can
//! interpret it directly (join after branches, fixpoint for loops) without a
//! general CFG.

use crate::source::Span;

/// An identifier or a path's text, interned once per process ([`intern`]).
///
/// A copy is a pointer copy. As an `Arc<str>`, every clone and drop of a
/// name updated a reference count that both worker threads write (`self`,
/// `new`, `String` occur in every file); interned text is never freed
/// instead, which costs nothing since a run keeps its names to the end.
/// On 10 crates of the corpus this took 1.3 % off the instructions of a
/// whole run, before counting the cache lines the counts moved between cores.
///
/// Equal texts are one allocation, so equality compares pointers; hashing
/// and ordering use the text, as `str` does, so a `&str` can look a name up
/// in a map and sorted output does not depend on addresses.
#[derive(Clone, Copy)]
pub struct Name(&'static str);

impl Name {
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}

impl Eq for Name {}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Name) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Name) -> std::cmp::Ordering {
        if self == other {
            return std::cmp::Ordering::Equal;
        }
        self.0.cmp(other.0)
    }
}

impl std::hash::Hash for Name {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0, f)
    }
}

impl From<&str> for Name {
    fn from(text: &str) -> Name {
        intern(text)
    }
}

impl From<String> for Name {
    fn from(text: String) -> Name {
        intern(&text)
    }
}

/// A fast hasher (FxHash) for the maps keyed by names, word hashes and ids
/// (lowering, the index, relevance): several times faster than SipHash on
/// short keys. Keys come from the scanned code, so crafted collisions could
/// slow a run down (never change its result); none of these maps is
/// iterated where the order would show.
#[derive(Default)]
pub struct FxHasher(u64);

impl std::hash::Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fx_hash(self.0, bytes);
    }

    // Integer keys (ids, word hashes) in one step each, not byte by byte.
    fn write_u8(&mut self, n: u8) {
        self.0 = fx_step(self.0, u64::from(n));
    }

    fn write_u16(&mut self, n: u16) {
        self.0 = fx_step(self.0, u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = fx_step(self.0, u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = fx_step(self.0, n);
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = fx_step(self.0, n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxBuild = std::hash::BuildHasherDefault<FxHasher>;

/// The one [`Name`] for `text`, shared by every file of the process: the
/// same identifiers (`new`, `self`, `String`, a crate's type names) recur in
/// thousands of files, and one allocation each keeps the IR of a large
/// workspace within memory. Lowering keeps a per-thread cache in front of it.
pub fn intern(text: &str) -> Name {
    intern_seen(text).0
}

/// [`intern`], and whether `text` had been interned before: a name met for
/// the first time is most often met only once (the hundreds of thousands of
/// constants of a bindings crate), so lowering caches only names met again.
pub fn intern_seen(text: &str) -> (Name, bool) {
    let hash = fx_hash(0, text.as_bytes());
    let shard = &NAMES[(hash >> 32) as usize % NAME_SHARDS];
    let mut shard = shard.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(name) = shard.names.get(text) {
        return (*name, true);
    }
    let name = Name(shard.store(text));
    shard.names.insert(name);
    (name, false)
}

/// Shards of the name table: lowering threads rarely wait for each other.
const NAME_SHARDS: usize = 64;

static NAMES: [std::sync::Mutex<NameShard>; NAME_SHARDS] =
    [const { std::sync::Mutex::new(NameShard::new()) }; NAME_SHARDS];

/// One shard of the name table: its names, and the rest of the block the
/// next names' texts are copied into (one allocation for many names).
struct NameShard {
    names: std::collections::HashSet<Name, FxBuild>,
    block: &'static mut [u8],
}

impl NameShard {
    const fn new() -> NameShard {
        NameShard { names: std::collections::HashSet::with_hasher(FxBuild::new()), block: &mut [] }
    }

    /// `text` copied to memory that lives to the end of the process.
    fn store(&mut self, text: &str) -> &'static str {
        /// Size of a shard's blocks; a text longer than a quarter of one
        /// gets a block of its own.
        const BLOCK_BYTES: usize = 16 * 1024;
        if text.len() > self.block.len() {
            let big = text.len() > BLOCK_BYTES / 4;
            let fresh: &'static mut [u8] =
                Box::leak(vec![0u8; if big { text.len() } else { BLOCK_BYTES }].into_boxed_slice());
            if big {
                return store_in(fresh, text).0;
            }
            self.block = fresh;
        }
        let (stored, rest) = store_in(std::mem::take(&mut self.block), text);
        self.block = rest;
        stored
    }
}

/// Copy `text` to the start of `block`: the copy, and the rest of the block.
fn store_in(block: &'static mut [u8], text: &str) -> (&'static str, &'static mut [u8]) {
    let (head, rest) = block.split_at_mut(text.len());
    head.copy_from_slice(text.as_bytes());
    // A copy of a `str`'s bytes is UTF-8.
    let stored = std::str::from_utf8(head).unwrap_or_default();
    (stored, rest)
}

// ---------------------------------------------------------------------------
// Markers
// ---------------------------------------------------------------------------

/// The cargo-purpose markers found on one item, field, parameter or `let`.
/// An attribute counts by its last path segment, so
/// `#[purpose_attrs::security_only]` and `#[security_only]` are the same.
///
/// Almost nothing is marked, so the spans live behind a pointer that is
/// `None` for unmarked code: 8 bytes on every item, field and parameter
/// instead of 48.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Markers(Option<Box<MarkerSpans>>);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct MarkerSpans {
    security_only: Option<Span>,
    advertising_sink: Option<Span>,
}

impl Markers {
    pub fn is_empty(&self) -> bool {
        self.security_only().is_none() && self.advertising_sink().is_none()
    }

    /// Span of the `#[security_only]` attribute, when present.
    pub fn security_only(&self) -> Option<Span> {
        self.0.as_ref().and_then(|m| m.security_only)
    }

    /// Span of the `#[advertising_sink]` attribute, when present.
    pub fn advertising_sink(&self) -> Option<Span> {
        self.0.as_ref().and_then(|m| m.advertising_sink)
    }

    /// Record a `#[security_only]` attribute; the first one found stays.
    pub fn mark_security_only(&mut self, span: Span) {
        self.0.get_or_insert_default().security_only.get_or_insert(span);
    }

    /// Record an `#[advertising_sink]` attribute; the first one found stays.
    pub fn mark_advertising_sink(&mut self, span: Span) {
        self.0.get_or_insert_default().advertising_sink.get_or_insert(span);
    }

    /// Add the markers of `other` that `self` lacks.
    pub fn merge(&mut self, other: &Markers) {
        if let Some(span) = other.security_only() {
            self.mark_security_only(span);
        }
        if let Some(span) = other.advertising_sink() {
            self.mark_advertising_sink(span);
        }
    }
}

// ---------------------------------------------------------------------------
// Paths and types as written
// ---------------------------------------------------------------------------

/// A path as written in the source: `crate::ads::track`, `Vec::<u8>::new`,
/// `Self::helper`, `super::x`. Resolution happens in `index`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PathRef {
    /// `::std::x` has a leading colon.
    pub leading_colon: bool,
    pub segments: Vec<PathSegment>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PathSegment {
    /// `crate`, `self`, `super` and `Self` appear as ordinary segment names.
    pub name: Name,
    /// Generic type arguments of this segment (`Vec<Account>` has one).
    pub generics: Vec<TypeRef>,
}

impl PathRef {
    pub fn last_name(&self) -> Option<&Name> {
        self.segments.last().map(|s| &s.name)
    }

    /// `a::b::c` for messages.
    pub fn display(&self) -> String {
        let names: Vec<&str> = self.segments.iter().map(|s| &*s.name).collect();
        names.join("::")
    }
}

/// A type as written. Enough to find the nominal type behind references and
/// smart pointers, and the traits behind `dyn`/`impl`/generic bounds.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeRef {
    /// `Account`, `Vec<Account>`, `Self`, `T` (a generic parameter).
    Path(PathRef),
    /// `&T`, `&mut T`, `*const T`, `*mut T`.
    Ref {
        mutable: bool,
        inner: Box<TypeRef>,
    },
    Tuple(Vec<TypeRef>),
    /// `[T]` and `[T; N]`.
    Slice(Box<TypeRef>),
    /// `dyn A + B` and `impl A + B`: the trait bounds.
    Traits(Vec<PathRef>),
    /// `fn(..) -> ..`, `_`, `!`, macros in type position, anything else.
    Other,
}

// ---------------------------------------------------------------------------
// Items
// ---------------------------------------------------------------------------

/// The lowered contents of one source file: the items of the module it
/// defines (inline submodules nested inside).
#[derive(Clone, Debug, Default)]
pub struct LoweredFile {
    pub items: Vec<Item>,
}

#[derive(Clone, Debug)]
pub struct Item {
    pub kind: ItemKind,
    /// `pub`, `pub(crate)`, ... : anything but private.
    pub is_pub: bool,
    pub markers: Markers,
    /// Span of the item's name (or of the whole item when it has none).
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum ItemKind {
    Fn(FnDef),
    /// Structs and unions.
    Struct(StructDef),
    Enum(EnumDef),
    Trait(TraitDef),
    Impl(ImplDef),
    /// `static` and `const` items.
    Static(StaticDef),
    Use(Vec<UseEntry>),
    Mod(ModDef),
    /// `type Alias = Target;`
    TypeAlias {
        name: Name,
        target: TypeRef,
    },
    MacroRules(MacroRulesDef),
    /// `extern crate foo as bar;`
    ExternCrate {
        name: Name,
        alias: Option<Name>,
    },
}

/// A `fn`, a method in an impl, or a method declaration in a trait.
#[derive(Clone, Debug)]
pub struct FnDef {
    pub name: Name,
    /// Parameters in order; a `self` receiver is parameter 0.
    pub params: Vec<Param>,
    pub has_self: bool,
    /// Declared return type; `None` for `()`.
    pub ret: Option<TypeRef>,
    /// Generic parameters with their trait bounds (from `<T: A>`, `where`
    /// clauses and `impl Trait` arguments).
    pub generics: Vec<GenericParam>,
    pub is_async: bool,
    /// `None` for a trait method without a default body.
    pub body: Option<Box<Body>>,
    /// Set when lowering deferred the body (see `lower::lower_signatures`):
    /// the [`word_hash`]es of what it mentions, sorted, and `body` is a
    /// placeholder (holding only its approvals) until the driver lowers the
    /// fns the analysis needs.
    pub deferred_body: Option<Vec<WordHash>>,
}

/// A word (identifier) reduced to 32 bits: what deferred bodies keep of
/// their text. Equal words hash equal; a collision can only make a body
/// look like it mentions something it does not.
pub type WordHash = u32;

/// FxHash of the word's bytes, folded to 32 bits.
pub fn word_hash(word: &str) -> WordHash {
    word_hash_of_bytes(word.as_bytes())
}

/// [`word_hash`] of a word's UTF-8 bytes.
pub fn word_hash_of_bytes(word: &[u8]) -> WordHash {
    let hash = fx_hash(0, word);
    (hash ^ (hash >> 32)) as u32
}

/// FxHash (fast, not DoS-resistant) of `bytes`, continuing from `hash`:
/// eight bytes a step, then four, two and one, as rustc's `FxHasher` does.
pub fn fx_hash(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        hash = fx_step(hash, u64::from_le_bytes(word.try_into().unwrap_or_default()));
    }
    let mut rest = words.remainder();
    if let Some((four, tail)) = rest.split_first_chunk::<4>() {
        hash = fx_step(hash, u64::from(u32::from_le_bytes(*four)));
        rest = tail;
    }
    if let Some((two, tail)) = rest.split_first_chunk::<2>() {
        hash = fx_step(hash, u64::from(u16::from_le_bytes(*two)));
        rest = tail;
    }
    if let Some(&one) = rest.first() {
        hash = fx_step(hash, u64::from(one));
    }
    hash
}

fn fx_step(hash: u64, word: u64) -> u64 {
    (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

#[derive(Clone, Debug)]
pub struct Param {
    /// The binding name for simple `ident: T` parameters and `self`;
    /// `None` for destructuring patterns (the body binds those).
    pub name: Option<Name>,
    pub ty: TypeRef,
    pub markers: Markers,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct GenericParam {
    pub name: Name,
    pub bounds: Vec<PathRef>,
}

#[derive(Clone, Debug)]
pub struct StructDef {
    pub name: Name,
    pub generics: Vec<GenericParam>,
    /// Named fields by name, tuple fields as `"0"`, `"1"`, ...
    pub fields: Vec<FieldDef>,
}

#[derive(Clone, Debug)]
pub struct FieldDef {
    pub name: Name,
    pub ty: TypeRef,
    pub markers: Markers,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct EnumDef {
    pub name: Name,
    pub generics: Vec<GenericParam>,
    pub variants: Vec<VariantDef>,
}

#[derive(Clone, Debug)]
pub struct VariantDef {
    pub name: Name,
    pub fields: Vec<FieldDef>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct TraitDef {
    pub name: Name,
    pub generics: Vec<GenericParam>,
    pub supertraits: Vec<PathRef>,
    /// Method declarations and default methods, each with its own markers.
    pub methods: Vec<Item>,
}

#[derive(Clone, Debug)]
pub struct ImplDef {
    pub generics: Vec<GenericParam>,
    pub self_ty: TypeRef,
    /// `Some` for `impl Trait for Type`.
    pub trait_: Option<PathRef>,
    /// Methods and associated fns (`ItemKind::Fn`) and associated consts
    /// (`ItemKind::Static`).
    pub methods: Vec<Item>,
}

#[derive(Clone, Debug)]
pub struct StaticDef {
    pub name: Name,
    pub ty: TypeRef,
    pub is_const: bool,
    /// The initialiser, lowered as a body with no parameters whose return
    /// value is the initial value.
    pub init: Option<Box<Body>>,
}

/// One imported name: `use a::b::{c as d, e::*};` gives two entries.
#[derive(Debug, Clone)]
pub struct UseEntry {
    /// The full path, `self`/`super`/`crate` included as written.
    pub path: Vec<Name>,
    /// The name it is bound to (`d` above; the last segment when not renamed;
    /// `None` for `_`). Ignored for globs.
    pub alias: Option<Name>,
    pub is_glob: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ModDef {
    pub name: Name,
    pub body: ModBody,
    /// `include!("file.rs")` at item level: an out-of-line body whose items
    /// belong to the enclosing module (no module of its own), its path
    /// relative to the including file's directory.
    pub transparent: bool,
}

#[derive(Clone, Debug)]
pub enum ModBody {
    /// `mod x { ... }`
    Inline(Vec<Item>),
    /// `mod x;`, with the value of its `#[path = "..."]` attribute if any.
    /// `lower` leaves `loaded` empty; the driver finds, parses and lowers the
    /// file and puts its items here (it stays `None` when the file is
    /// missing, which is reported as an error).
    OutOfLine { path_attr: Option<String>, loaded: Option<(crate::source::FileId, Vec<Item>)> },
}

/// A `macro_rules!` definition, kept as token text per rule so `lower` can
/// expand invocations later without keeping syntax trees alive.
#[derive(Clone, Debug)]
pub struct MacroRulesDef {
    pub name: Name,
    pub rules: Vec<MacroRule>,
}

#[derive(Clone, Debug)]
pub struct MacroRule {
    pub matcher: String,
    pub transcriber: String,
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

/// Index of a local in [`Body::locals`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalId(pub u32);

/// Index of a closure (or async block) in [`Body::closures`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClosureId(pub u32);

/// A function body (or a static's initialiser, or a closure's enclosing fn).
#[derive(Clone, Debug, Default)]
pub struct Body {
    /// Every local of the body, closures' parameters and locals included:
    /// a closure refers to captured variables by their outer `LocalId`.
    pub locals: Vec<LocalDecl>,
    /// The local each fn parameter is bound to, in parameter order (`self`
    /// first). Destructuring parameters get a hidden local, and the body
    /// starts with the statements that take it apart.
    pub params: Vec<LocalId>,
    pub block: Block,
    pub closures: Vec<Closure>,
    /// Approved flows written in this body (closures included), in source
    /// order: `declassify!(expr, "reason")` and a `#[declassified(reason =
    /// "..")]` attribute on the fn. Lowering already made their values
    /// clean; this list is what `cargo purpose audit` shows.
    pub approvals: Vec<Approval>,
}

/// One approved flow. Its reason is mandatory: `None` (missing, empty or not
/// a string literal) is reported as an input error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Approval {
    /// The `declassify!` invocation, or the `#[declassify(..)]` attribute.
    pub span: Span,
    pub reason: Option<String>,
    /// `true` for the fn attribute (every value the fn returns is approved).
    pub on_fn: bool,
}

#[derive(Clone, Debug)]
pub struct LocalDecl {
    /// `None` for temporaries made by lowering.
    pub name: Option<Name>,
    /// The declared type (`let x: T`, parameter types, closure parameter
    /// annotations); `None` when not written.
    pub ty: Option<TypeRef>,
    /// `#[security_only]` on the `let` that binds it.
    pub markers: Markers,
    pub span: Span,
}

/// A closure `|a, b| body` or an `async { }` block. Its body statements use
/// the enclosing body's locals; `params` are locals of the same table.
#[derive(Clone, Debug)]
pub struct Closure {
    pub params: Vec<LocalId>,
    pub block: Block,
    /// The value the closure returns (its tail expression and every
    /// `return` inside it assign here).
    pub result: LocalId,
    /// `true` for `async { }` blocks: they run where they are written
    /// (as far as data flow is concerned), not when called.
    pub is_async_block: bool,
    pub span: Span,
}

#[derive(Clone, Debug, Default)]
pub struct Block {
    pub stmts: Vec<Stmt>,
}

/// A memory location: a local or a global (static, const, fn item...) with a
/// path of field names. Indexing and dereferencing are transparent (an
/// element of a collection is treated as the collection), so they add
/// nothing here.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    pub base: PlaceBase,
    /// Field names; tuple fields as `"0"`, `"1"`, ...
    pub fields: Vec<Name>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum PlaceBase {
    Local(LocalId),
    /// A path that is not a local: a static, a const, a fn item, a unit
    /// struct or enum variant. `index` resolves it.
    Global(PathRef),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Place(Place),
    /// A literal or anything else that carries no data.
    Const,
}

#[derive(Clone, Debug)]
pub enum Stmt {
    /// `dest = value`. A strong update replaces what `dest` held (a `let`, or
    /// `x = ...` / `x.f = ...`); a weak update joins into it (`v[i] = ...`,
    /// `*r = ...` through a reference, compound assignment).
    Assign { dest: Place, value: Rvalue, strong: bool, span: Span },
    /// An expression evaluated for its effects (a call statement).
    Eval { value: Rvalue, span: Span },
    /// The local was bound by a `#[security_only] let`: from here on it holds
    /// a source.
    MarkSecurityOnly { local: LocalId, span: Span },
    /// `if`/`if let`/`else` chains and `match`: exactly one branch runs.
    /// Conditions and guards are lowered into the branch blocks or before the
    /// `Branch`; their values never flow anywhere by themselves (control
    /// dependence is not a flow). `exhaustive` is false for an `if` without
    /// `else` (then none of the branches may run).
    Branch { branches: Vec<Block>, exhaustive: bool },
    /// `loop`, `while`, `while let`, `for`: the body runs zero or more times.
    Loop { body: Block },
    /// `return value` (and a fn body's tail expression).
    Return { value: Operand, span: Span },
    /// `break`/`continue`; the analysis treats the rest of the block as
    /// possibly still reached (an over-approximation).
    Jump,
}

#[derive(Clone, Debug)]
pub enum Rvalue {
    /// A copy, move, borrow, deref or cast of an operand.
    Use(Operand),
    /// Data derived from all operands: arithmetic, comparisons, string
    /// concatenation, ranges, array literals, `format!`-family arguments
    /// (implicit `{name}` captures included), an unknown macro's expressions.
    Mix(Vec<Operand>),
    /// An array, `vec![..]` or other literal collection. An element of a
    /// collection is the collection to us, so the value is the join of the
    /// elements, each keeping its fields and type.
    Collection(Vec<Operand>),
    /// A call of a path (`ads::track(x)`, `Type::new(x)`, `Some(x)`,
    /// `Variant(x)`) or of a local holding a closure or fn pointer.
    Call { callee: Callee, args: Vec<Operand>, span: Span },
    /// `receiver.method(args)`; `receiver` is the place itself (not a copy)
    /// so a method that mutates its receiver can update it.
    MethodCall { receiver: Operand, method: Name, args: Vec<Operand>, span: Span },
    /// A struct literal `Path { field: value, ..base }` (also enum struct
    /// variants). Tuples are `Struct` with `path: None` and fields "0", "1".
    Struct { path: Option<PathRef>, fields: Vec<(Name, Operand)>, base: Option<Operand> },
    /// A closure or async block value.
    Closure(ClosureId),
}

impl Block {
    /// Every statement of the block and of the blocks nested in it (branch
    /// arms, loop bodies), in order. Closure bodies are separate blocks.
    pub fn each_stmt<'a>(&'a self, f: &mut impl FnMut(&'a Stmt)) {
        for stmt in &self.stmts {
            f(stmt);
            match stmt {
                Stmt::Branch { branches, .. } => branches.iter().for_each(|b| b.each_stmt(f)),
                Stmt::Loop { body } => body.each_stmt(f),
                _ => {}
            }
        }
    }
}

impl Rvalue {
    /// The operands it reads, in order (a callee evaluated into a value
    /// included).
    pub fn operands(&self) -> Vec<&Operand> {
        match self {
            Rvalue::Use(op) => vec![op],
            Rvalue::Mix(ops) | Rvalue::Collection(ops) => ops.iter().collect(),
            Rvalue::Call { callee, args, .. } => {
                let callee = match callee {
                    Callee::Value(op) => Some(op),
                    Callee::Path(_) | Callee::Local(_) => None,
                };
                callee.into_iter().chain(args).collect()
            }
            Rvalue::MethodCall { receiver, args, .. } => std::iter::once(receiver).chain(args).collect(),
            Rvalue::Struct { fields, base, .. } => fields.iter().map(|(_, op)| op).chain(base).collect(),
            Rvalue::Closure(_) => Vec::new(),
        }
    }
}

#[derive(Clone, Debug)]
pub enum Callee {
    Path(PathRef),
    /// A local holding a closure or a fn pointer (`let f = ads::track; f(x)`).
    Local(LocalId),
    /// Any other callee expression, evaluated into this operand.
    Value(Operand),
}

#[cfg(test)]
mod tests {
    use super::{fx_hash, word_hash};

    #[test]
    fn every_byte_of_a_word_counts_in_its_hash() {
        // Lengths that end in each of the remainder steps (8, 4, 2, 1 bytes).
        for word in ["abcdefgh", "abcdefghijkl", "abcdefghijklmn", "abcdefghijklmno", "a"] {
            let base = fx_hash(0, word.as_bytes());
            for i in 0..word.len() {
                let mut changed = word.as_bytes().to_vec();
                changed[i] ^= 1;
                assert_ne!(fx_hash(0, &changed), base, "{word}: byte {i}");
            }
            assert_ne!(fx_hash(0, format!("{word}_").as_bytes()), base, "{word}: one more byte");
        }
        assert_eq!(word_hash("security_only"), word_hash(&String::from("security_only")));
    }
}
