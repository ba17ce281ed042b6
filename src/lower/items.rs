//! Items, paths and types. Items written inside bodies are hoisted into the
//! enclosing module's list, after the item that contains them.

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::ParseStream;
use syn::Token;

use super::body::{lower_fn_body, lower_init};
use super::span::{pat_start, type_end, type_start};
use super::{is_pub, Cx};
use crate::heap;
use crate::ir::{
    EnumDef, FieldDef, FnDef, GenericParam, ImplDef, Item, ItemKind, MacroRule, MacroRulesDef, ModBody,
    ModDef, Name, Param, PathRef, PathSegment, StaticDef, StructDef, TraitDef, TypeRef, UseEntry, VariantDef,
};

pub(super) fn lower_items(cx: &mut Cx, items: &[syn::Item], out: &mut Vec<Item>) {
    for item in items {
        lower_item(cx, item, out);
    }
}

/// Lower one item into `out`, followed by the items hoisted out of its
/// bodies.
pub(super) fn lower_item(cx: &mut Cx, item: &syn::Item, out: &mut Vec<Item>) {
    let mut hoisted = Vec::new();
    let lowered = match item {
        syn::Item::Fn(f) => {
            let is_pub = is_pub(&f.vis);
            Some(lower_fn(cx, &f.attrs, is_pub, &f.sig, Some(&f.block), &mut hoisted))
        }
        syn::Item::Struct(s) => {
            let name = cx.ident(&s.ident);
            let def = StructDef {
                name,
                generics: lower_generics(cx, &s.generics),
                fields: lower_fields(cx, &s.fields),
            };
            Some(item_of(cx, ItemKind::Struct(def), &s.vis, &s.attrs, s.ident.span()))
        }
        syn::Item::Union(u) => {
            let name = cx.ident(&u.ident);
            let def = StructDef {
                name,
                generics: lower_generics(cx, &u.generics),
                fields: lower_named_fields(cx, &u.fields.named),
            };
            Some(item_of(cx, ItemKind::Struct(def), &u.vis, &u.attrs, u.ident.span()))
        }
        syn::Item::Enum(e) => {
            let name = cx.ident(&e.ident);
            let variants = e
                .variants
                .iter()
                .map(|v| crate::ir::VariantDef {
                    name: cx.ident(&v.ident),
                    fields: lower_fields(cx, &v.fields),
                    span: cx.span(v.ident.span()),
                })
                .collect::<Vec<VariantDef>>();
            let def = EnumDef { name, generics: lower_generics(cx, &e.generics), variants };
            Some(item_of(cx, ItemKind::Enum(def), &e.vis, &e.attrs, e.ident.span()))
        }
        syn::Item::Trait(t) => {
            let trait_pub = is_pub(&t.vis);
            let methods = t
                .items
                .iter()
                .filter_map(|ti| match ti {
                    syn::TraitItem::Fn(f) => {
                        Some(lower_fn(cx, &f.attrs, trait_pub, &f.sig, f.default.as_ref(), &mut hoisted))
                    }
                    _ => None,
                })
                .collect();
            let def = TraitDef {
                name: cx.ident(&t.ident),
                generics: lower_generics(cx, &t.generics),
                supertraits: bound_paths(cx, &t.supertraits),
                methods,
            };
            Some(item_of(cx, ItemKind::Trait(def), &t.vis, &t.attrs, t.ident.span()))
        }
        syn::Item::Impl(i) => Some(lower_impl(cx, i, &mut hoisted)),
        syn::Item::Static(s) => {
            let def = lower_static(cx, &s.ident, &s.ty, false, Some(&s.expr), &mut hoisted);
            Some(item_of(cx, ItemKind::Static(def), &s.vis, &s.attrs, s.ident.span()))
        }
        syn::Item::Const(c) => {
            let def = lower_static(cx, &c.ident, &c.ty, true, Some(&c.expr), &mut hoisted);
            Some(item_of(cx, ItemKind::Static(def), &c.vis, &c.attrs, c.ident.span()))
        }
        syn::Item::Use(u) => {
            let mut entries = Vec::new();
            flatten_use(cx, &u.tree, &mut Vec::new(), &mut entries);
            let span = cx.range(u.use_token.span, u.semi_token.span);
            let markers = cx.markers(&u.attrs);
            Some(Item { kind: ItemKind::Use(entries), is_pub: is_pub(&u.vis), markers, span })
        }
        syn::Item::Mod(m) => {
            let body = match &m.content {
                Some((_, items)) => {
                    let mut inner = Vec::new();
                    lower_items(cx, items, &mut inner);
                    ModBody::Inline(inner)
                }
                None => ModBody::OutOfLine { path_attr: path_attr(&m.attrs), loaded: None },
            };
            let def = ModDef { name: cx.ident(&m.ident), body, transparent: false };
            Some(item_of(cx, ItemKind::Mod(def), &m.vis, &m.attrs, m.ident.span()))
        }
        syn::Item::Type(t) => {
            let kind = ItemKind::TypeAlias { name: cx.ident(&t.ident), target: lower_type(cx, &t.ty) };
            Some(item_of(cx, kind, &t.vis, &t.attrs, t.ident.span()))
        }
        syn::Item::ExternCrate(e) => {
            let kind = ItemKind::ExternCrate {
                name: cx.ident(&e.ident),
                alias: e.rename.as_ref().map(|(_, alias)| cx.ident(alias)),
            };
            Some(item_of(cx, kind, &e.vis, &e.attrs, e.ident.span()))
        }
        syn::Item::Macro(m) => match &m.ident {
            Some(ident) if m.mac.path.is_ident("macro_rules") => {
                let def = MacroRulesDef { name: cx.ident(ident), rules: macro_rules(&m.mac.tokens) };
                let vis = syn::Visibility::Inherited;
                let mut item = item_of(cx, ItemKind::MacroRules(def), &vis, &m.attrs, ident.span());
                // `macro_rules!` has no visibility; `#[macro_export]` is its `pub`.
                item.is_pub = m.attrs.iter().any(|a| a.path().is_ident("macro_export"));
                Some(item)
            }
            _ => {
                lower_item_macro(cx, &m.attrs, &m.mac, &mut hoisted);
                None
            }
        },
        syn::Item::ForeignMod(f) => {
            for foreign in &f.items {
                lower_foreign(cx, foreign, &mut hoisted);
            }
            None
        }
        _ => None,
    };
    out.extend(lowered);
    out.append(&mut hoisted);
}

fn item_of(
    cx: &mut Cx,
    kind: ItemKind,
    vis: &syn::Visibility,
    attrs: &[syn::Attribute],
    name_span: proc_macro2::Span,
) -> Item {
    Item { kind, is_pub: is_pub(vis), markers: cx.markers(attrs), span: cx.span(name_span) }
}

fn lower_foreign(cx: &mut Cx, item: &syn::ForeignItem, out: &mut Vec<Item>) {
    match item {
        syn::ForeignItem::Fn(f) => {
            let is_pub = is_pub(&f.vis);
            let item = lower_fn(cx, &f.attrs, is_pub, &f.sig, None, out);
            out.push(item);
        }
        syn::ForeignItem::Static(s) => {
            let def = lower_static(cx, &s.ident, &s.ty, false, None, out);
            let item = item_of(cx, ItemKind::Static(def), &s.vis, &s.attrs, s.ident.span());
            out.push(item);
        }
        _ => {}
    }
}

/// A fn, method or trait method declaration; items inside its body go to
/// `hoisted`.
fn lower_fn(
    cx: &mut Cx,
    attrs: &[syn::Attribute],
    is_pub: bool,
    sig: &syn::Signature,
    block: Option<&syn::Block>,
    hoisted: &mut Vec<Item>,
) -> Item {
    let span = cx.span(sig.ident.span());
    let params = sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Receiver(r) => Param {
                name: Some(cx.name("self")),
                ty: lower_type(cx, &r.ty),
                markers: cx.markers(&r.attrs),
                span: receiver_span(cx, r),
            },
            syn::FnArg::Typed(pt) => Param {
                name: match &*pt.pat {
                    syn::Pat::Ident(pi) if pi.subpat.is_none() => Some(cx.ident(&pi.ident)),
                    _ => None,
                },
                ty: lower_type(cx, &pt.ty),
                markers: cx.markers(&pt.attrs),
                span: param_span(cx, pt),
            },
        })
        .collect();
    let ret = match &sig.output {
        syn::ReturnType::Default => None,
        syn::ReturnType::Type(_, ty) => match lower_type(cx, ty) {
            TypeRef::Tuple(elems) if elems.is_empty() => None,
            other => Some(other),
        },
    };
    let mut deferred_body = None;
    let body = block.map(|block| {
        let approval = super::declassify::fn_approval(cx, attrs);
        if cx.defer_bodies {
            let mut placeholder = crate::ir::Body::default();
            placeholder.approvals.extend(approval);
            deferred_body = Some(super::mentions::mentions(cx, block, hoisted, &mut placeholder.approvals));
            return placeholder;
        }
        let (body, mut inner) = lower_fn_body(cx, sig, block, span, approval);
        hoisted.append(&mut inner);
        body
    });
    let def = FnDef {
        name: cx.ident(&sig.ident),
        params,
        has_self: sig.receiver().is_some(),
        ret,
        generics: lower_generics(cx, &sig.generics),
        is_async: sig.asyncness.is_some(),
        body: body.map(Box::new),
        deferred_body,
    };
    Item { kind: ItemKind::Fn(def), is_pub, markers: cx.markers(attrs), span }
}

/// The whole receiver, attributes included.
fn receiver_span(cx: &Cx, r: &syn::Receiver) -> crate::source::Span {
    let start = r.attrs.first().map(|a| a.pound_token.span).unwrap_or_else(|| {
        r.reference
            .as_ref()
            .map(|(and, _)| and.span)
            .or(r.mutability.map(|m| m.span))
            .unwrap_or(r.self_token.span)
    });
    let end = if r.colon_token.is_some() { type_end(&r.ty) } else { r.self_token.span };
    cx.range(start, end)
}

/// The whole typed parameter, attributes included.
pub(super) fn param_span(cx: &Cx, pt: &syn::PatType) -> crate::source::Span {
    let start = pt.attrs.first().map_or_else(|| pat_start(&pt.pat), |a| a.pound_token.span);
    cx.range(start, type_end(&pt.ty))
}

fn lower_impl(cx: &mut Cx, i: &syn::ItemImpl, hoisted: &mut Vec<Item>) -> Item {
    let is_trait_impl = i.trait_.is_some();
    let methods = i
        .items
        .iter()
        .filter_map(|ii| match ii {
            syn::ImplItem::Fn(f) => {
                let is_pub = is_trait_impl || is_pub(&f.vis);
                Some(lower_fn(cx, &f.attrs, is_pub, &f.sig, Some(&f.block), hoisted))
            }
            // Associated consts are statics reached through their type.
            syn::ImplItem::Const(c) => {
                let def = lower_static(cx, &c.ident, &c.ty, true, Some(&c.expr), hoisted);
                Some(Item {
                    kind: ItemKind::Static(def),
                    is_pub: is_pub(&c.vis),
                    markers: cx.markers(&c.attrs),
                    span: cx.span(c.ident.span()),
                })
            }
            _ => None,
        })
        .collect();
    let def = ImplDef {
        generics: lower_generics(cx, &i.generics),
        self_ty: lower_type(cx, &i.self_ty),
        trait_: i.trait_.as_ref().map(|(_, path, _)| lower_path(cx, path)),
        methods,
    };
    // An impl has no name: its span is the header, `impl ... Type`.
    let header_end = type_end(&i.self_ty);
    let span = cx.range(i.impl_token.span, header_end);
    Item { kind: ItemKind::Impl(def), is_pub: false, markers: cx.markers(&i.attrs), span }
}

fn lower_static(
    cx: &mut Cx,
    ident: &proc_macro2::Ident,
    ty: &syn::Type,
    is_const: bool,
    init: Option<&syn::Expr>,
    hoisted: &mut Vec<Item>,
) -> StaticDef {
    let span = cx.span(ident.span());
    // An initialiser made of literals carries no data: no body to keep.
    let init = init.filter(|expr| !super::expr::is_literal_tree(expr)).map(|expr| {
        let (body, mut inner) = lower_init(cx, expr, span);
        hoisted.append(&mut inner);
        body
    });
    StaticDef { name: cx.ident(ident), ty: lower_type(cx, ty), is_const, init: init.map(Box::new) }
}

// ---------------------------------------------------------------------------
// Fields and generics
// ---------------------------------------------------------------------------

fn lower_fields(cx: &mut Cx, fields: &syn::Fields) -> Vec<FieldDef> {
    match fields {
        syn::Fields::Named(named) => lower_named_fields(cx, &named.named),
        syn::Fields::Unnamed(unnamed) => unnamed
            .unnamed
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let start = match &f.vis {
                    syn::Visibility::Public(p) => p.span,
                    syn::Visibility::Restricted(r) => r.pub_token.span,
                    syn::Visibility::Inherited => type_start(&f.ty),
                };
                let span = cx.range(start, type_end(&f.ty));
                FieldDef {
                    name: cx.index_name(i),
                    ty: lower_type(cx, &f.ty),
                    markers: cx.markers(&f.attrs),
                    span,
                }
            })
            .collect(),
        syn::Fields::Unit => Vec::new(),
    }
}

fn lower_named_fields(
    cx: &mut Cx,
    fields: &syn::punctuated::Punctuated<syn::Field, Token![,]>,
) -> Vec<FieldDef> {
    fields
        .iter()
        .filter_map(|f| {
            let ident = f.ident.as_ref()?;
            let span = cx.range(ident.span(), type_end(&f.ty));
            Some(FieldDef {
                name: cx.ident(ident),
                ty: lower_type(cx, &f.ty),
                markers: cx.markers(&f.attrs),
                span,
            })
        })
        .collect()
}

/// Type parameters with their bounds, from `<T: A>` and `where T: B`.
fn lower_generics(cx: &mut Cx, generics: &syn::Generics) -> Vec<GenericParam> {
    let mut params: Vec<GenericParam> = generics
        .type_params()
        .map(|tp| GenericParam { name: cx.ident(&tp.ident), bounds: bound_paths(cx, &tp.bounds) })
        .collect();
    if let Some(clause) = &generics.where_clause {
        for pred in &clause.predicates {
            let syn::WherePredicate::Type(pt) = pred else {
                continue;
            };
            let syn::Type::Path(tp) = &pt.bounded_ty else {
                continue;
            };
            if tp.qself.is_some() {
                continue;
            }
            let Some(ident) = tp.path.get_ident() else {
                continue;
            };
            let name = cx.ident(ident);
            let bounds = bound_paths(cx, &pt.bounds);
            if let Some(param) = params.iter_mut().find(|p| p.name == name) {
                param.bounds.extend(bounds);
            }
        }
    }
    params
}

fn bound_paths<'a>(cx: &mut Cx, bounds: impl IntoIterator<Item = &'a syn::TypeParamBound>) -> Vec<PathRef> {
    bounds
        .into_iter()
        .filter_map(|b| match b {
            syn::TypeParamBound::Trait(t) => Some(lower_path(cx, &t.path)),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Paths and types
// ---------------------------------------------------------------------------

pub(super) fn lower_path(cx: &mut Cx, path: &syn::Path) -> PathRef {
    let segments = path
        .segments
        .iter()
        .map(|seg| PathSegment {
            name: cx.ident(&seg.ident),
            generics: match &seg.arguments {
                syn::PathArguments::AngleBracketed(args) => args
                    .args
                    .iter()
                    .filter_map(|arg| match arg {
                        syn::GenericArgument::Type(ty) => Some(lower_type(cx, ty)),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            },
        })
        .collect();
    PathRef { leading_colon: path.leading_colon.is_some(), segments }
}

/// A possibly qualified path. `<T>::f` becomes `T::f` (when `T` is a path);
/// `<T as Trait>::f` becomes `Trait::f`, the trait being what names `f`.
pub(super) fn lower_qpath(cx: &mut Cx, qself: Option<&syn::QSelf>, path: &syn::Path) -> PathRef {
    let mut lowered = lower_path(cx, path);
    if let Some(q) = qself {
        if q.position == 0 {
            if let TypeRef::Path(mut self_path) = lower_type(cx, &q.ty) {
                self_path.segments.append(&mut lowered.segments);
                return self_path;
            }
        }
        lowered.leading_colon = false;
    }
    lowered
}

pub(super) fn lower_type(cx: &mut Cx, ty: &syn::Type) -> TypeRef {
    match ty {
        syn::Type::Path(tp) => TypeRef::Path(lower_qpath(cx, tp.qself.as_ref(), &tp.path)),
        syn::Type::Reference(r) => {
            TypeRef::Ref { mutable: r.mutability.is_some(), inner: Box::new(lower_type(cx, &r.elem)) }
        }
        syn::Type::Ptr(p) => {
            TypeRef::Ref { mutable: p.mutability.is_some(), inner: Box::new(lower_type(cx, &p.elem)) }
        }
        syn::Type::Tuple(t) => TypeRef::Tuple(t.elems.iter().map(|e| lower_type(cx, e)).collect()),
        syn::Type::Slice(s) => TypeRef::Slice(Box::new(lower_type(cx, &s.elem))),
        syn::Type::Array(a) => TypeRef::Slice(Box::new(lower_type(cx, &a.elem))),
        syn::Type::TraitObject(t) => TypeRef::Traits(bound_paths(cx, &t.bounds)),
        syn::Type::ImplTrait(t) => TypeRef::Traits(bound_paths(cx, &t.bounds)),
        syn::Type::Paren(p) => lower_type(cx, &p.elem),
        syn::Type::Group(g) => lower_type(cx, &g.elem),
        _ => TypeRef::Other,
    }
}

// ---------------------------------------------------------------------------
// Use trees, modules, macros
// ---------------------------------------------------------------------------

fn flatten_use(cx: &mut Cx, tree: &syn::UseTree, prefix: &mut Vec<Name>, out: &mut Vec<UseEntry>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(cx.ident(&p.ident));
            flatten_use(cx, &p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let span = cx.span(n.ident.span());
            let (path, last) = use_path(cx, &n.ident, prefix);
            out.push(UseEntry { path, alias: last, is_glob: false, span });
        }
        syn::UseTree::Rename(r) => {
            let span = cx.range(r.ident.span(), r.rename.span());
            let (path, _) = use_path(cx, &r.ident, prefix);
            let alias = (r.rename != "_").then(|| cx.ident(&r.rename));
            out.push(UseEntry { path, alias, is_glob: false, span });
        }
        syn::UseTree::Glob(g) => {
            let span = cx.span(g.star_token.span);
            out.push(UseEntry { path: prefix.clone(), alias: None, is_glob: true, span });
        }
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                flatten_use(cx, tree, prefix, out);
            }
        }
    }
}

/// The full path of a use leaf and the name it binds by default; `self` in
/// a group (`a::{self}`) stands for the prefix itself.
fn use_path(cx: &mut Cx, ident: &proc_macro2::Ident, prefix: &[Name]) -> (Vec<Name>, Option<Name>) {
    if ident == "self" {
        if let Some(last) = prefix.last() {
            return (prefix.to_vec(), Some(*last));
        }
    }
    let name = cx.ident(ident);
    let mut path = prefix.to_vec();
    path.push(name);
    (path, Some(name))
}

/// The value of `#[path = "..."]`.
/// The module's file from `#[path = ".."]`, or else from the first
/// `#[cfg_attr(.., path = "..")]`: we analyse every configuration, and the
/// files the other alternatives name are loaded as files no target reaches.
fn path_attr(attrs: &[syn::Attribute]) -> Option<String> {
    let plain = attrs.iter().find_map(|attr| match &attr.meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => str_value(&nv.value),
        _ => None,
    });
    plain.or_else(|| attrs.iter().filter(|attr| attr.path().is_ident("cfg_attr")).find_map(cfg_attr_path))
}

fn str_value(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
        _ => None,
    }
}

/// `path = ".."` among the attributes a `cfg_attr` applies.
fn cfg_attr_path(attr: &syn::Attribute) -> Option<String> {
    let metas = attr
        .parse_args_with(|input: syn::parse::ParseStream| {
            let _predicate: syn::Meta = input.parse()?;
            input.parse::<syn::Token![,]>()?;
            syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated(input)
        })
        .ok()?;
    metas.iter().find_map(|meta| match meta {
        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => str_value(&nv.value),
        _ => None,
    })
}

/// Split a `macro_rules!` body into `(matcher) => {transcriber}` rules,
/// keeping the inner tokens of each as text. Malformed rules are skipped.
pub(super) fn macro_rules(tokens: &TokenStream) -> Vec<MacroRule> {
    let mut rules = Vec::new();
    let mut iter = tokens.clone().into_iter();
    while let Some(tree) = iter.next() {
        let TokenTree::Group(matcher) = tree else {
            continue;
        };
        let arrow = matches!(iter.next(), Some(TokenTree::Punct(p)) if p.as_char() == '=')
            && matches!(iter.next(), Some(TokenTree::Punct(p)) if p.as_char() == '>');
        if !arrow {
            continue;
        }
        if let Some(TokenTree::Group(transcriber)) = iter.next() {
            rules.push(MacroRule {
                matcher: matcher.stream().to_string(),
                transcriber: transcriber.stream().to_string(),
            });
        }
    }
    rules
}

/// A static declared by `thread_local!` or `lazy_static!`.
struct MacroStatic {
    attrs: Vec<syn::Attribute>,
    vis: syn::Visibility,
    ident: proc_macro2::Ident,
    ty: syn::Type,
    init: syn::Expr,
}

/// `[attrs] [vis] static [ref] NAME: T = expr;` repeated; `ref` is required
/// for `lazy_static!` and absent in `thread_local!`.
fn parse_macro_statics(input: ParseStream, with_ref: bool) -> syn::Result<Vec<MacroStatic>> {
    let mut out = Vec::new();
    while !input.is_empty() {
        let attrs = input.call(syn::Attribute::parse_outer)?;
        let vis: syn::Visibility = input.parse()?;
        input.parse::<Token![static]>()?;
        if with_ref {
            input.parse::<Token![ref]>()?;
        }
        let ident: proc_macro2::Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        let ty: syn::Type = input.parse()?;
        input.parse::<Token![=]>()?;
        let init: syn::Expr = input.parse()?;
        if !input.is_empty() {
            input.parse::<Token![;]>()?;
        }
        out.push(MacroStatic { attrs, vis, ident, ty, init });
    }
    Ok(out)
}

/// A macro invocation in item position: `thread_local!`/`lazy_static!`
/// declare statics; anything else is lowered as the items its tokens
/// parse as, if they do.
pub(super) fn lower_item_macro(cx: &mut Cx, attrs: &[syn::Attribute], mac: &syn::Macro, out: &mut Vec<Item>) {
    let Some(last) = mac.path.segments.last() else {
        return;
    };
    let name = cx.ident(&last.ident);
    if &*name == "include" {
        // `include!("file.rs")`: the driver loads the file and its items
        // join this module. A path computed at build time
        // (`concat!(env!("OUT_DIR"), ..)`) names generated code we cannot
        // see: left out, as an unknown macro is.
        if let Ok(path) = syn::parse2::<syn::LitStr>(mac.tokens.clone()) {
            let body = ModBody::OutOfLine { path_attr: Some(path.value()), loaded: None };
            let def = ModDef { name, body, transparent: true };
            let span = cx.range(super::span::path_start(&mac.path), super::span::macro_end(mac));
            out.push(Item { kind: ItemKind::Mod(def), is_pub: false, markers: cx.markers(attrs), span });
            return;
        }
    }
    if &*name == "cfg_if" {
        // Every branch: all configurations are analysed.
        for group in super::macros::brace_groups(&mac.tokens) {
            if let Ok(file) = heap::for_syntax_trees(|| syn::parse2::<syn::File>(group)) {
                lower_items(cx, &file.items, out);
            }
        }
        return;
    }
    let with_ref = match &*name {
        "thread_local" => Some(false),
        "lazy_static" => Some(true),
        _ => None,
    };
    let statics = with_ref.and_then(|with_ref| {
        mac.parse_body_with(|input: ParseStream| parse_macro_statics(input, with_ref)).ok()
    });
    match statics {
        Some(statics) => {
            let outer = cx.markers(attrs);
            for s in statics {
                let mut hoisted = Vec::new();
                let def = lower_static(cx, &s.ident, &s.ty, false, Some(&s.init), &mut hoisted);
                let mut item = item_of(cx, ItemKind::Static(def), &s.vis, &s.attrs, s.ident.span());
                item.markers.merge(&outer);
                out.push(item);
                out.append(&mut hoisted);
            }
        }
        None => {
            // Items start with a word, `#` or `::`: a body that starts otherwise
            // (`link!("kernel32.dll" "system" fn ..)`, thousands of times
            // in bindings crates) is not worth a failed parse.
            let may_hold_items = match mac.tokens.clone().into_iter().next() {
                Some(proc_macro2::TokenTree::Ident(_)) => true,
                Some(proc_macro2::TokenTree::Punct(p)) => matches!(p.as_char(), '#' | ':'),
                _ => false,
            };
            let parsed =
                may_hold_items.then(|| heap::for_syntax_trees(|| mac.parse_body::<syn::File>().ok()));
            if let Some(file) = parsed.flatten() {
                lower_items(cx, &file.items, out);
            }
        }
    }
}
