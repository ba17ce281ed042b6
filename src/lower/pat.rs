//! Patterns: each binding becomes a local assigned from the scrutinee place
//! plus the field path leading to it.

use super::body::{local_place, BodyBuilder, Val};
use crate::ir::{LocalId, Markers, Name, Rvalue, Stmt, TypeRef};
use crate::source::Span;

/// How the bindings of one pattern are made.
struct Binding {
    markers: Markers,
    /// Span of the binding assignments (a `let` statement); each binding's
    /// own identifier when `None`.
    assign_span: Option<Span>,
    /// In refutable positions a bare capitalised identifier is a constant or
    /// unit variant, not a binding.
    refutable: bool,
    /// Locals bound so far, in pattern order.
    bound: Vec<(Name, LocalId)>,
    /// Inside the second and later alternatives of an or-pattern: join into
    /// the locals the first alternative bound instead of making new ones.
    rejoin: Option<Vec<(Name, LocalId)>>,
}

impl BodyBuilder<'_, '_> {
    /// Bind `pat` to `value` (`None` declares without assigning: `let x;`).
    /// `ty` is the declared type when the pattern is a plain identifier.
    /// Returns the locals bound.
    pub(super) fn bind_top(
        &mut self,
        pat: &syn::Pat,
        value: Option<Val>,
        ty: Option<TypeRef>,
        markers: Markers,
        assign_span: Option<Span>,
        refutable: bool,
    ) -> Vec<LocalId> {
        let mut binding = Binding { markers, assign_span, refutable, bound: Vec::new(), rejoin: None };
        self.bind(pat, value.as_ref(), ty, &mut binding);
        binding.bound.into_iter().map(|(_, id)| id).collect()
    }

    /// A pattern in a refutable position (`match` arm, `if let`, `while let`).
    pub(super) fn bind_refutable(&mut self, pat: &syn::Pat, value: &Val) {
        self.bind_top(pat, Some(value.clone()), None, Markers::default(), None, true);
    }

    fn bind(&mut self, pat: &syn::Pat, value: Option<&Val>, ty: Option<TypeRef>, binding: &mut Binding) {
        match pat {
            syn::Pat::Ident(pi) => self.bind_ident(pi, value, ty, binding),
            syn::Pat::Type(pt) => {
                let ty = super::items::lower_type(self.cx, &pt.ty);
                self.bind(&pt.pat, value, Some(ty), binding);
            }
            syn::Pat::Paren(p) => self.bind(&p.pat, value, ty, binding),
            syn::Pat::Reference(r) => self.bind(&r.pat, value, None, binding),
            syn::Pat::Tuple(t) => self.bind_elems(t.elems.iter(), value, None, binding),
            syn::Pat::TupleStruct(t) => {
                // `Enum::Variant(x)`: name the fields `Variant::0` so the
                // analysis knows which variant's field it reads.
                let variant = match t.path.segments.len() {
                    0 | 1 => None,
                    _ => t.path.segments.last().map(|s| self.cx.ident(&s.ident)),
                };
                self.bind_elems(t.elems.iter(), value, variant.as_ref(), binding)
            }
            syn::Pat::Struct(s) => {
                for field in &s.fields {
                    let name = self.cx.member(&field.member);
                    let projected = value.map(|v| v.project(name));
                    self.bind(&field.pat, projected.as_ref(), None, binding);
                }
            }
            // An element of a slice is the slice itself.
            syn::Pat::Slice(s) => {
                for elem in &s.elems {
                    self.bind(elem, value, None, binding);
                }
            }
            syn::Pat::Or(or) => {
                let mut cases = or.cases.iter();
                if let Some(first) = cases.next() {
                    let before = binding.bound.len();
                    self.bind(first, value, None, binding);
                    if binding.rejoin.is_none() {
                        let first_bound = binding.bound.get(before..).unwrap_or(&[]).to_vec();
                        binding.rejoin = Some(first_bound);
                        for case in cases {
                            self.bind(case, value, None, binding);
                        }
                        binding.rejoin = None;
                    } else {
                        for case in cases {
                            self.bind(case, value, None, binding);
                        }
                    }
                }
            }
            // Literals, ranges, paths, wildcards, rest, consts, macros and
            // anything newer bind nothing.
            _ => {}
        }
    }

    /// Tuple and tuple-struct elements are fields "0", "1", ...; after a `..`
    /// the positions are unknown, so later elements get the whole value.
    fn bind_elems<'p>(
        &mut self,
        elems: impl Iterator<Item = &'p syn::Pat>,
        value: Option<&Val>,
        variant: Option<&Name>,
        binding: &mut Binding,
    ) {
        let mut after_rest = false;
        for (i, elem) in elems.enumerate() {
            if is_rest(elem) {
                after_rest = true;
                continue;
            }
            if after_rest {
                self.bind(elem, value, None, binding);
            } else {
                let name = match variant {
                    Some(v) => Name::from(format!("{v}::{i}")),
                    None => self.cx.index_name(i),
                };
                let projected = value.map(|v| v.project(name));
                self.bind(elem, projected.as_ref(), None, binding);
            }
        }
    }

    fn bind_ident(
        &mut self,
        pi: &syn::PatIdent,
        value: Option<&Val>,
        ty: Option<TypeRef>,
        binding: &mut Binding,
    ) {
        let plain = pi.by_ref.is_none() && pi.mutability.is_none() && pi.subpat.is_none();
        let name = self.cx.ident(&pi.ident);
        if binding.refutable && plain && name.chars().next().is_some_and(char::is_uppercase) {
            return;
        }
        let ident_span = self.cx.span(pi.ident.span());
        let span = binding.assign_span.unwrap_or(ident_span);
        if let Some(rejoin) = &binding.rejoin {
            // A later or-alternative: the value may come from here too.
            let existing = rejoin.iter().find(|(n, _)| *n == name).map(|(_, id)| *id);
            if let (Some(id), Some(value)) = (existing, value) {
                let value = Rvalue::Use(value.clone().operand());
                self.push(Stmt::Assign { dest: local_place(id), value, strong: false, span });
            }
        } else {
            let id = self.new_local(Some(name), ty, binding.markers.clone(), ident_span);
            if let Some(value) = value {
                let value = Rvalue::Use(value.clone().operand());
                self.push(Stmt::Assign { dest: local_place(id), value, strong: true, span });
            }
            binding.bound.push((name, id));
        }
        if let Some((_, sub)) = &pi.subpat {
            self.bind(sub, value, None, binding);
        }
    }
}

fn is_rest(pat: &syn::Pat) -> bool {
    matches!(pat, syn::Pat::Rest(_))
}
