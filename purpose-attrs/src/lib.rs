#![doc = include_str!("../README.md")]
// The guide's examples must compile without warnings, as users copy them.
#![doc(test(attr(deny(warnings), allow(dead_code))))]

use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::ToTokens;
use syn::visit_mut::{self, VisitMut};
use syn::{Attribute, Error, Field, FnArg, ForeignItem, ImplItem, Item, Local, Meta, TraitItem, Variant};

/// Marks data collected for security purposes: a *source* for cargo-purpose.
///
/// Expands to the item unchanged, minus the cargo-purpose markers inside it.
/// Positions on items (the attribute works there by itself):
///
/// ```
/// use purpose_attrs::security_only;
///
/// /// Every value of this type is security-only.
/// #[security_only]
/// pub struct TotpSecret(pub String);
///
/// /// The return value is security-only.
/// #[security_only]
/// pub fn recovery_email() -> String {
///     String::from("me@example.com")
/// }
///
/// /// Every read is security-only; `#[security_only] const` works the same way.
/// #[security_only]
/// pub static PEPPER: &str = "pepper";
///
/// pub struct Vault;
///
/// impl Vault {
///     /// Methods in inherent impls, trait impls and trait declarations.
///     #[security_only]
///     pub fn secret(&self) -> TotpSecret {
///         TotpSecret(String::from("JBSWY3DPEHPK3PXP"))
///     }
/// }
/// # fn main() { assert_eq!(Vault.secret().0.len(), 16); }
/// ```
///
/// On a field, a parameter or a `let` statement, stable Rust only accepts the
/// marker when an attribute of this crate on the enclosing item removes it
/// first: use [`macro@purpose`] there (or any marker the item carries anyway).
/// Inside an item, markers are removed before they are looked up, so they need
/// no import; they are found by name, so spell them `security_only` or
/// `purpose_attrs::security_only` (a renamed import is not recognised there).
///
/// ```
/// use purpose_attrs::purpose;
///
/// #[purpose]
/// pub struct Account {
///     #[security_only]
///     pub recovery_phone: String,
///     pub nickname: String,
/// }
///
/// #[purpose]
/// pub fn verify(#[security_only] code: u32) -> bool {
///     #[security_only]
///     let expected = 123_456;
///     code == expected
/// }
/// # fn main() { assert!(verify(123_456)); }
/// ```
///
/// It takes no arguments, and it cannot mark a module, a `use`, a type alias,
/// a macro, an enum variant (mark its fields or the enum), an impl block or a
/// trait (mark the methods).
#[proc_macro_attribute]
pub fn security_only(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Marker::SecurityOnly, args.into(), item.into()).into()
}

/// Marks code that hands data to advertising: a *sink* for cargo-purpose.
///
/// Expands to the item unchanged, minus the cargo-purpose markers inside it.
/// On a trait method declaration it marks every implementation and every call
/// through the trait; on an impl block or a trait, every method in it.
///
/// ```
/// use purpose_attrs::advertising_sink;
///
/// #[advertising_sink]
/// pub fn add_to_audience(_key: &str) {}
///
/// pub struct Pixel;
///
/// impl Pixel {
///     #[advertising_sink]
///     pub fn fire(&self) {}
/// }
///
/// pub trait Notifier {
///     #[advertising_sink]
///     fn notify(&self, message: &str);
/// }
///
/// #[advertising_sink]
/// pub trait Tracker {
///     fn track(&self, event: &str);
/// }
///
/// #[advertising_sink]
/// impl Tracker for Pixel {
///     fn track(&self, _event: &str) {}
/// }
/// # fn main() { Pixel.track("signup"); Pixel.fire(); add_to_audience("uk"); }
/// ```
///
/// It takes no arguments and cannot mark data: on a field, a parameter, a
/// `let`, a type, a `static` or a `const` it is a compile error that points to
/// [`macro@security_only`].
#[proc_macro_attribute]
pub fn advertising_sink(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Marker::AdvertisingSink, args.into(), item.into()).into()
}

/// Lets cargo-purpose markers compile on the fields, parameters and `let`
/// statements inside an item that carries no marker of its own.
///
/// Stable Rust rejects attribute macros in those positions
/// (rust-lang/rust#54727), so an attribute on the enclosing struct, enum,
/// union, fn, method, impl block or trait has to remove them before the
/// compiler sees them. This one does only that; the analyzer reads the source
/// and ignores it.
///
/// ```
/// use purpose_attrs::purpose;
///
/// #[purpose]
/// pub enum Contact {
///     Phone(#[security_only] String),
///     Email {
///         #[security_only]
///         address: String,
///     },
/// }
///
/// pub struct Login;
///
/// #[purpose]
/// impl Login {
///     pub fn check(&self, #[security_only] fingerprint: &str) -> bool {
///         #[security_only]
///         let hashed = fingerprint.len();
///         hashed > 0
///     }
/// }
/// # fn main() { assert!(Login.check("ab")); let _ = Contact::Phone(String::new()); }
/// ```
#[proc_macro_attribute]
pub fn purpose(args: TokenStream, item: TokenStream) -> TokenStream {
    expand(Marker::Purpose, args.into(), item.into()).into()
}

/// The three attributes of this crate, recognised inside items by the last
/// segment of their path, as the analyzer recognises them.
#[derive(Clone, Copy)]
enum Marker {
    SecurityOnly,
    AdvertisingSink,
    Purpose,
}

impl Marker {
    fn of(attr: &Attribute) -> Option<Marker> {
        let last = attr.path().segments.last()?;
        if last.ident == "security_only" {
            Some(Marker::SecurityOnly)
        } else if last.ident == "advertising_sink" {
            Some(Marker::AdvertisingSink)
        } else if last.ident == "purpose" {
            Some(Marker::Purpose)
        } else {
            None
        }
    }

    fn name(self) -> &'static str {
        match self {
            Marker::SecurityOnly => "security_only",
            Marker::AdvertisingSink => "advertising_sink",
            Marker::Purpose => "purpose",
        }
    }

    fn allows(self, position: Position) -> bool {
        use Position::*;
        match self {
            Marker::SecurityOnly => {
                matches!(position, Field | Param | Let | Fn | Data(_) | Static | Const)
            }
            Marker::AdvertisingSink => matches!(position, Fn | Impl | Trait),
            Marker::Purpose => matches!(position, Fn | Data(_) | Impl | Trait),
        }
    }

    /// What the marker is for and where it goes, for error messages.
    fn usage(self) -> &'static str {
        match self {
            Marker::SecurityOnly => {
                "it marks data collected for security; put it on a field, a struct, enum or \
                 union, a fn or method (for its return value), a parameter, a `let` statement, \
                 a `static` or a `const`"
            }
            Marker::AdvertisingSink => {
                "it marks functions that hand data to advertising; put it on a fn, a method, an \
                 impl block or a trait. To mark data collected for security, use \
                 #[security_only]"
            }
            Marker::Purpose => {
                "it lets #[security_only] compile on the fields, parameters and `let` statements \
                 inside an item; put it on the struct, enum, union, fn, method, impl block or \
                 trait that contains them"
            }
        }
    }

    /// A pointer to the right position when the wrong one is a near miss.
    fn hint(self, position: Position) -> &'static str {
        match (self, position) {
            (Marker::SecurityOnly, Position::Variant) => " (mark its fields, or the whole enum)",
            (Marker::SecurityOnly, Position::Impl | Position::Trait) => {
                " (mark each method whose return value is security-only)"
            }
            _ => "",
        }
    }
}

/// Where a marker was written, as far as deciding whether it belongs there.
#[derive(Clone, Copy)]
enum Position {
    Field,
    Variant,
    Param,
    Let,
    Fn,
    /// A struct, enum or union, named for messages.
    Data(&'static str),
    Static,
    Const,
    Impl,
    Trait,
    /// Anything no marker may go on, described for messages ("on a module").
    Other(&'static str),
}

impl Position {
    fn describe(self) -> &'static str {
        match self {
            Position::Field => "on a field",
            Position::Variant => "on an enum variant",
            Position::Param => "on a parameter",
            Position::Let => "on a `let` statement",
            Position::Fn => "on a fn",
            Position::Data(what) | Position::Other(what) => what,
            Position::Static => "on a `static`",
            Position::Const => "on a `const`",
            Position::Impl => "on an impl block",
            Position::Trait => "on a trait",
        }
    }

    fn of_item(item: &Item) -> Position {
        match item {
            Item::Fn(_) => Position::Fn,
            Item::Struct(_) => Position::Data("on a struct"),
            Item::Enum(_) => Position::Data("on an enum"),
            Item::Union(_) => Position::Data("on a union"),
            Item::Static(_) => Position::Static,
            Item::Const(_) => Position::Const,
            Item::Impl(_) => Position::Impl,
            Item::Trait(_) => Position::Trait,
            Item::Mod(_) => Position::Other("on a module"),
            Item::Use(_) => Position::Other("on a `use` declaration"),
            Item::Type(_) => Position::Other("on a type alias"),
            Item::Macro(m) if m.ident.is_some() => Position::Other("on a `macro_rules!` definition"),
            Item::Macro(_) => Position::Other("on a macro invocation"),
            Item::ExternCrate(_) => Position::Other("on an `extern crate` declaration"),
            Item::ForeignMod(_) => Position::Other("on an `extern` block"),
            Item::TraitAlias(_) => Position::Other("on a trait alias"),
            _ => Position::Other("on this item"),
        }
    }

    fn of_impl_item(item: &ImplItem) -> Position {
        match item {
            ImplItem::Fn(_) => Position::Fn,
            ImplItem::Const(_) => Position::Const,
            ImplItem::Type(_) => Position::Other("on an associated type"),
            ImplItem::Macro(_) => Position::Other("on a macro invocation"),
            _ => Position::Other("on this item"),
        }
    }

    fn of_trait_item(item: &TraitItem) -> Position {
        match item {
            TraitItem::Fn(_) => Position::Fn,
            TraitItem::Const(_) => Position::Const,
            TraitItem::Type(_) => Position::Other("on an associated type"),
            TraitItem::Macro(_) => Position::Other("on a macro invocation"),
            _ => Position::Other("on this item"),
        }
    }

    fn of_foreign_item(item: &ForeignItem) -> Position {
        match item {
            ForeignItem::Fn(_) => Position::Fn,
            ForeignItem::Static(_) => Position::Static,
            ForeignItem::Type(_) => Position::Other("on a foreign type"),
            ForeignItem::Macro(_) => Position::Other("on a macro invocation"),
            _ => Position::Other("on this item"),
        }
    }
}

fn misplaced(marker: Marker, position: Position) -> String {
    format!(
        "#[{}] is not allowed {}{}: {}",
        marker.name(),
        position.describe(),
        marker.hint(position),
        marker.usage()
    )
}

fn takes_no_arguments(marker: Marker) -> String {
    format!("#[{0}] takes no arguments: write `#[{0}]`", marker.name())
}

/// The item an attribute macro was applied to. Trait method declarations and
/// associated consts without a body do not parse as [`Item`], and items in an
/// `extern` block are foreign items, so those are tried next.
// One value per macro call: boxing the larger variants would buy nothing.
#[allow(clippy::large_enum_variant)]
enum Annotated {
    Item(Item),
    TraitItem(TraitItem),
    ForeignItem(ForeignItem),
}

impl Annotated {
    fn parse(tokens: TokenStream2) -> syn::Result<Annotated> {
        let item: Item = syn::parse2(tokens.clone())?;
        if !matches!(item, Item::Verbatim(_)) {
            return Ok(Annotated::Item(item));
        }
        match syn::parse2::<TraitItem>(tokens.clone()) {
            Ok(TraitItem::Verbatim(_)) | Err(_) => {}
            Ok(trait_item) => return Ok(Annotated::TraitItem(trait_item)),
        }
        match syn::parse2::<ForeignItem>(tokens) {
            Ok(ForeignItem::Verbatim(_)) | Err(_) => Ok(Annotated::Item(item)),
            Ok(foreign_item) => Ok(Annotated::ForeignItem(foreign_item)),
        }
    }

    fn position(&self) -> Position {
        match self {
            Annotated::Item(item) => Position::of_item(item),
            Annotated::TraitItem(item) => Position::of_trait_item(item),
            Annotated::ForeignItem(item) => Position::of_foreign_item(item),
        }
    }

    fn strip(&mut self, stripper: &mut Stripper) {
        match self {
            Annotated::Item(item) => stripper.visit_item_mut(item),
            Annotated::TraitItem(item) => stripper.visit_trait_item_mut(item),
            Annotated::ForeignItem(item) => stripper.visit_foreign_item_mut(item),
        }
    }
}

impl ToTokens for Annotated {
    fn to_tokens(&self, tokens: &mut TokenStream2) {
        match self {
            Annotated::Item(item) => item.to_tokens(tokens),
            Annotated::TraitItem(item) => item.to_tokens(tokens),
            Annotated::ForeignItem(item) => item.to_tokens(tokens),
        }
    }
}

fn expand(marker: Marker, args: TokenStream2, item: TokenStream2) -> TokenStream2 {
    let (mut out, errors) = strip_markers(marker, args, item);
    for error in errors {
        out.extend(error.to_compile_error());
    }
    out
}

/// Checks the macro's own position and arguments, and returns the item
/// without markers with one error per misuse. The item is kept even when
/// there are errors so that code using it does not fail with unrelated errors
/// as well.
fn strip_markers(marker: Marker, args: TokenStream2, item: TokenStream2) -> (TokenStream2, Vec<Error>) {
    let mut annotated = match Annotated::parse(item.clone()) {
        Ok(annotated) => annotated,
        Err(error) => return (item, vec![error]),
    };
    let mut stripper = Stripper::default();
    if !args.is_empty() {
        stripper.errors.push(Error::new_spanned(&args, takes_no_arguments(marker)));
    }
    let position = annotated.position();
    if !marker.allows(position) {
        // The call site of an attribute macro is the attribute itself.
        stripper.errors.push(Error::new(Span::call_site(), misplaced(marker, position)));
    }
    annotated.strip(&mut stripper);
    (annotated.to_token_stream(), stripper.errors)
}

/// Removes every marker inside an item and records an error for each one
/// that is misplaced or has arguments.
#[derive(Default)]
struct Stripper {
    errors: Vec<Error>,
}

impl Stripper {
    fn strip(&mut self, attrs: &mut Vec<Attribute>, position: Position) {
        let errors = &mut self.errors;
        attrs.retain(|attr| {
            let Some(marker) = Marker::of(attr) else {
                return true;
            };
            if !matches!(attr.meta, Meta::Path(_)) {
                errors.push(Error::new_spanned(attr, takes_no_arguments(marker)));
            }
            if !marker.allows(position) {
                errors.push(Error::new_spanned(attr, misplaced(marker, position)));
            }
            false
        });
    }
}

impl VisitMut for Stripper {
    fn visit_item_mut(&mut self, item: &mut Item) {
        let position = Position::of_item(item);
        if let Some(attrs) = item_attrs(item) {
            self.strip(attrs, position);
        }
        visit_mut::visit_item_mut(self, item);
    }

    fn visit_impl_item_mut(&mut self, item: &mut ImplItem) {
        let position = Position::of_impl_item(item);
        let attrs = match item {
            ImplItem::Fn(f) => Some(&mut f.attrs),
            ImplItem::Const(c) => Some(&mut c.attrs),
            ImplItem::Type(t) => Some(&mut t.attrs),
            ImplItem::Macro(m) => Some(&mut m.attrs),
            _ => None,
        };
        if let Some(attrs) = attrs {
            self.strip(attrs, position);
        }
        visit_mut::visit_impl_item_mut(self, item);
    }

    fn visit_trait_item_mut(&mut self, item: &mut TraitItem) {
        let position = Position::of_trait_item(item);
        let attrs = match item {
            TraitItem::Fn(f) => Some(&mut f.attrs),
            TraitItem::Const(c) => Some(&mut c.attrs),
            TraitItem::Type(t) => Some(&mut t.attrs),
            TraitItem::Macro(m) => Some(&mut m.attrs),
            _ => None,
        };
        if let Some(attrs) = attrs {
            self.strip(attrs, position);
        }
        visit_mut::visit_trait_item_mut(self, item);
    }

    fn visit_foreign_item_mut(&mut self, item: &mut ForeignItem) {
        let position = Position::of_foreign_item(item);
        let attrs = match item {
            ForeignItem::Fn(f) => Some(&mut f.attrs),
            ForeignItem::Static(s) => Some(&mut s.attrs),
            ForeignItem::Type(t) => Some(&mut t.attrs),
            ForeignItem::Macro(m) => Some(&mut m.attrs),
            _ => None,
        };
        if let Some(attrs) = attrs {
            self.strip(attrs, position);
        }
        visit_mut::visit_foreign_item_mut(self, item);
    }

    fn visit_field_mut(&mut self, field: &mut Field) {
        self.strip(&mut field.attrs, Position::Field);
        visit_mut::visit_field_mut(self, field);
    }

    fn visit_variant_mut(&mut self, variant: &mut Variant) {
        self.strip(&mut variant.attrs, Position::Variant);
        visit_mut::visit_variant_mut(self, variant);
    }

    fn visit_fn_arg_mut(&mut self, arg: &mut FnArg) {
        let attrs = match arg {
            FnArg::Receiver(receiver) => &mut receiver.attrs,
            FnArg::Typed(typed) => &mut typed.attrs,
        };
        self.strip(attrs, Position::Param);
        visit_mut::visit_fn_arg_mut(self, arg);
    }

    fn visit_local_mut(&mut self, local: &mut Local) {
        self.strip(&mut local.attrs, Position::Let);
        visit_mut::visit_local_mut(self, local);
    }

    /// Reached only by attributes in positions not handled above (closure
    /// parameters, expressions, match arms, generic parameters...): those
    /// cannot be removed from here, and the compiler would reject them anyway.
    fn visit_attribute_mut(&mut self, attr: &mut Attribute) {
        if let Some(marker) = Marker::of(attr) {
            self.errors.push(Error::new_spanned(&*attr, misplaced(marker, Position::Other("here"))));
        }
    }
}

fn item_attrs(item: &mut Item) -> Option<&mut Vec<Attribute>> {
    match item {
        Item::Const(i) => Some(&mut i.attrs),
        Item::Enum(i) => Some(&mut i.attrs),
        Item::ExternCrate(i) => Some(&mut i.attrs),
        Item::Fn(i) => Some(&mut i.attrs),
        Item::ForeignMod(i) => Some(&mut i.attrs),
        Item::Impl(i) => Some(&mut i.attrs),
        Item::Macro(i) => Some(&mut i.attrs),
        Item::Mod(i) => Some(&mut i.attrs),
        Item::Static(i) => Some(&mut i.attrs),
        Item::Struct(i) => Some(&mut i.attrs),
        Item::Trait(i) => Some(&mut i.attrs),
        Item::TraitAlias(i) => Some(&mut i.attrs),
        Item::Type(i) => Some(&mut i.attrs),
        Item::Union(i) => Some(&mut i.attrs),
        Item::Use(i) => Some(&mut i.attrs),
        _ => None,
    }
}

/// Approves one flow of security-only data, with a mandatory reason:
/// `declassify!(value, "reason")` expands to `value`, and cargo-purpose
/// treats the result as no longer security-only. Every approval is listed by
/// `cargo purpose audit`, so reviewers see them all.
///
/// ```
/// use purpose_attrs::declassify;
///
/// fn country_code(phone: &str) -> &str {
///     // Only the country prefix leaves, for regional ad pricing.
///     declassify!(&phone[..3], "country prefix only; approved by privacy review PRIV-112")
/// }
/// # fn main() { assert_eq!(country_code("+44 7700 900123"), "+44"); }
/// ```
///
/// A missing or empty reason does not compile:
///
/// ```compile_fail
/// use purpose_attrs::declassify;
/// let phone = String::from("+44 7700 900123");
/// let shared = declassify!(phone, "");
/// ```
#[proc_macro]
pub fn declassify(input: TokenStream) -> TokenStream {
    match syn::parse::Parser::parse(parse_declassify, input) {
        Ok(expr) => expr.into_token_stream().into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// `expr, "reason"` with an optional trailing comma; the expression back.
fn parse_declassify(input: syn::parse::ParseStream) -> syn::Result<syn::Expr> {
    const USAGE: &str =
        "declassify! needs the value and a reason: `declassify!(value, \"why this flow is approved\")`";
    let expr: syn::Expr = input.parse().map_err(|e| Error::new(e.span(), USAGE))?;
    if input.is_empty() {
        return Err(Error::new(Span::call_site(), USAGE));
    }
    input.parse::<syn::Token![,]>()?;
    let reason: syn::LitStr = input.parse().map_err(|e| Error::new(e.span(), USAGE))?;
    if reason.value().trim().is_empty() {
        return Err(Error::new(
            reason.span(),
            "the reason of declassify! must not be empty: say why this flow is approved",
        ));
    }
    if input.peek(syn::Token![,]) {
        input.parse::<syn::Token![,]>()?;
    }
    if !input.is_empty() {
        return Err(input.error(USAGE));
    }
    Ok(expr)
}

/// Approves every value a fn returns, with a mandatory reason:
/// `#[declassified(reason = "...")]`. The fn compiles unchanged;
/// cargo-purpose treats what it returns as no longer security-only, and
/// `cargo purpose audit` lists the approval. (It cannot be called
/// `declassify` too: attribute and expression macros share one namespace.)
///
/// ```
/// use purpose_attrs::declassified;
///
/// #[declassified(reason = "a salted one-way digest; approved by privacy review PRIV-118")]
/// pub fn audience_key(phone: &str) -> u64 {
///     phone.bytes().fold(7, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)))
/// }
/// # fn main() { let _ = audience_key("+1"); }
/// ```
#[proc_macro_attribute]
pub fn declassified(args: TokenStream, item: TokenStream) -> TokenStream {
    let args = TokenStream2::from(args);
    let item = TokenStream2::from(item);
    let mut reason: Option<syn::LitStr> = None;
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("reason") {
            reason = Some(meta.value()?.parse()?);
            Ok(())
        } else {
            Err(meta.error("#[declassified] takes only `reason = \"...\"`"))
        }
    });
    if let Err(e) = syn::parse::Parser::parse2(parser, args) {
        return e.to_compile_error().into();
    }
    let error = match &reason {
        None => Some(Error::new(
            Span::call_site(),
            "#[declassified] needs a reason: `#[declassified(reason = \"why this flow is approved\")]`",
        )),
        Some(r) if r.value().trim().is_empty() => Some(Error::new(
            r.span(),
            "the reason of #[declassified] must not be empty: say why this flow is approved",
        )),
        Some(_) => None,
    };
    let is_fn = syn::parse2::<syn::ItemFn>(item.clone()).is_ok()
        || syn::parse2::<syn::TraitItemFn>(item.clone()).is_ok();
    let error = error.or_else(|| {
        (!is_fn).then(|| {
            Error::new(
                Span::call_site(),
                "#[declassified] goes on a fn or method: it approves what it returns",
            )
        })
    });
    match error {
        Some(e) => {
            let mut out = e.to_compile_error();
            out.extend(item);
            out.into()
        }
        None => item.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn run(marker: Marker, args: TokenStream2, item: TokenStream2) -> (String, Vec<String>) {
        let (out, errors) = strip_markers(marker, args, item);
        (out.to_string(), errors.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn removes_markers_and_keeps_every_other_token() {
        let (out, errors) = run(
            Marker::Purpose,
            quote!(),
            quote! {
                #[derive(Debug)]
                pub(crate) struct Account<'a, T: Clone> where T: Default {
                    #[security_only] #[doc = "kept"] pub phone: &'a str,
                    #[purpose_attrs::security_only] email: T,
                }
            },
        );
        let expected = quote! {
            #[derive(Debug)]
            pub(crate) struct Account<'a, T: Clone> where T: Default {
                #[doc = "kept"] pub phone: &'a str,
                email: T,
            }
        };
        assert_eq!(out, expected.to_string());
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn removes_markers_from_params_lets_and_nested_items() {
        let (out, errors) = run(
            Marker::AdvertisingSink,
            quote!(),
            quote! {
                impl Pixel {
                    #[security_only]
                    fn a(#[security_only] self, #[cfg(test)] #[security_only] x: u8) -> u8 {
                        let f = move |v: u8| async move { #[security_only] let y = v; y };
                        { #[purpose_attrs::security_only] let z = 1; }
                        #[security_only] static S: u8 = 0;
                        x
                    }
                }
            },
        );
        let expected = quote! {
            impl Pixel {
                fn a(self, #[cfg(test)] x: u8) -> u8 {
                    let f = move |v: u8| async move { let y = v; y };
                    { let z = 1; }
                    static S: u8 = 0;
                    x
                }
            }
        };
        assert_eq!(out, expected.to_string());
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn accepts_trait_declarations_and_foreign_items() {
        let (out, errors) = run(
            Marker::SecurityOnly,
            quote!(),
            quote!(
                fn secret(&self, #[security_only] salt: &str) -> String;
            ),
        );
        assert_eq!(
            out,
            quote!(
                fn secret(&self, salt: &str) -> String;
            )
            .to_string()
        );
        assert!(errors.is_empty(), "{errors:?}");
        let (_, errors) = run(
            Marker::SecurityOnly,
            quote!(),
            quote!(
                const V: u8;
            ),
        );
        assert!(errors.is_empty(), "{errors:?}");
        let (_, errors) = run(
            Marker::SecurityOnly,
            quote!(),
            quote!(
                static ERRNO: i32;
            ),
        );
        assert!(errors.is_empty(), "{errors:?}");
    }

    /// Each misuse names the wrong position and says where the marker goes.
    #[test]
    fn misuse_is_an_error_that_says_where_to_put_the_marker() {
        let cases = [
            (
                Marker::SecurityOnly,
                quote!(
                    mod m {}
                ),
                "on a module",
            ),
            (
                Marker::SecurityOnly,
                quote!(
                    use a::b;
                ),
                "on a `use` declaration",
            ),
            (
                Marker::SecurityOnly,
                quote!(
                    type T = u8;
                ),
                "on a type alias",
            ),
            (
                Marker::SecurityOnly,
                quote!(
                    macro_rules! m {
                        () => {};
                    }
                ),
                "on a `macro_rules!` definition",
            ),
            (Marker::SecurityOnly, quote!(impl A {}), "on an impl block (mark each method"),
            (
                Marker::SecurityOnly,
                quote!(
                    trait A {}
                ),
                "on a trait (mark each method",
            ),
            (
                Marker::AdvertisingSink,
                quote!(
                    struct S;
                ),
                "on a struct: it marks functions",
            ),
            (
                Marker::AdvertisingSink,
                quote!(
                    static S: u8 = 0;
                ),
                "on a `static`",
            ),
            (
                Marker::AdvertisingSink,
                quote!(
                    const C: u8 = 0;
                ),
                "on a `const`",
            ),
            (
                Marker::Purpose,
                quote!(
                    static S: u8 = 0;
                ),
                "#[purpose] is not allowed on a `static`",
            ),
            (
                Marker::Purpose,
                quote!(
                    enum E {
                        #[security_only]
                        A(u8),
                    }
                ),
                "on an enum variant (mark its fields, or the whole enum)",
            ),
            (
                Marker::Purpose,
                quote!(
                    struct S {
                        #[purpose]
                        a: u8,
                    }
                ),
                "#[purpose] is not allowed on a field",
            ),
            (
                Marker::Purpose,
                quote!(
                    fn f() {
                        let c = |#[security_only] x: u8| x;
                    }
                ),
                "#[security_only] is not allowed here",
            ),
            (
                Marker::Purpose,
                quote!(
                    struct S {
                        #[security_only = "x"]
                        a: u8,
                    }
                ),
                "#[security_only] takes no arguments",
            ),
        ];
        for (marker, item, expected) in cases {
            let (_, errors) = run(marker, quote!(), item.clone());
            assert!(
                errors.len() == 1 && errors.iter().all(|e| e.contains(expected)),
                "{} on `{item}`: {errors:?}",
                marker.name()
            );
        }
        let (_, errors) = run(
            Marker::AdvertisingSink,
            quote!(x),
            quote!(
                fn f() {}
            ),
        );
        assert_eq!(errors, ["#[advertising_sink] takes no arguments: write `#[advertising_sink]`"]);
    }
}
