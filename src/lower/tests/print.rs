//! A compact text form of the IR, so tests read like the code they lower.
//!
//! Locals print as `name_N` (temporaries as `_N`); `x = v` is a strong
//! assignment and `x |= v` a weak one; spans print as `@line:col-line:col`.

use std::fmt::Write;

use crate::ir::*;
use crate::source::Span;

pub fn span(s: Span) -> String {
    format!("@{}:{}-{}:{}", s.line, s.column, s.end_line, s.end_column)
}

fn markers(m: &Markers) -> String {
    let mut out = String::new();
    if let Some(s) = m.security_only() {
        let _ = write!(out, " #security_only{}", span(s));
    }
    if let Some(s) = m.advertising_sink() {
        let _ = write!(out, " #advertising_sink{}", span(s));
    }
    out
}

pub fn path(p: &PathRef) -> String {
    let mut out = String::new();
    if p.leading_colon {
        out.push_str("::");
    }
    for (i, seg) in p.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        out.push_str(&seg.name);
        if !seg.generics.is_empty() {
            let args: Vec<String> = seg.generics.iter().map(ty).collect();
            let _ = write!(out, "<{}>", args.join(", "));
        }
    }
    out
}

pub fn ty(t: &TypeRef) -> String {
    match t {
        TypeRef::Path(p) => path(p),
        TypeRef::Ref { mutable, inner } => {
            format!("&{}{}", if *mutable { "mut " } else { "" }, ty(inner))
        }
        TypeRef::Tuple(elems) => {
            format!("({})", elems.iter().map(ty).collect::<Vec<_>>().join(", "))
        }
        TypeRef::Slice(inner) => format!("[{}]", ty(inner)),
        TypeRef::Traits(bounds) => {
            format!("impl {}", bounds.iter().map(path).collect::<Vec<_>>().join(" + "))
        }
        TypeRef::Other => "?".to_string(),
    }
}

struct BodyPrinter<'b> {
    body: &'b Body,
    spans: bool,
    out: String,
}

impl BodyPrinter<'_> {
    fn local(&self, id: LocalId) -> String {
        match self.body.locals.get(id.0 as usize).and_then(|l| l.name.as_ref()) {
            Some(name) => format!("{name}_{}", id.0),
            None => format!("_{}", id.0),
        }
    }

    fn place(&self, p: &Place) -> String {
        let mut out = match &p.base {
            PlaceBase::Local(id) => self.local(*id),
            PlaceBase::Global(g) => path(g),
        };
        for f in &p.fields {
            out.push('.');
            out.push_str(f);
        }
        out
    }

    fn operand(&self, o: &Operand) -> String {
        match o {
            Operand::Place(p) => self.place(p),
            Operand::Const => "const".to_string(),
        }
    }

    fn operands(&self, ops: &[Operand]) -> String {
        ops.iter().map(|o| self.operand(o)).collect::<Vec<_>>().join(", ")
    }

    fn at(&self, s: Span) -> String {
        if self.spans {
            format!(" {}", span(s))
        } else {
            String::new()
        }
    }

    fn rvalue(&self, r: &Rvalue) -> String {
        match r {
            Rvalue::Use(o) => self.operand(o),
            Rvalue::Mix(ops) => format!("mix({})", self.operands(ops)),
            Rvalue::Collection(ops) => format!("collection({})", self.operands(ops)),
            Rvalue::Call { callee, args, span } => {
                let callee = match callee {
                    Callee::Path(p) => path(p),
                    Callee::Local(id) => format!("local {}", self.local(*id)),
                    Callee::Value(o) => format!("value {}", self.operand(o)),
                };
                format!("call {callee}({}){}", self.operands(args), self.at(*span))
            }
            Rvalue::MethodCall { receiver, method, args, span } => {
                format!("{}.{method}({}){}", self.operand(receiver), self.operands(args), self.at(*span))
            }
            Rvalue::Struct { path: p, fields, base } => {
                let mut parts: Vec<String> =
                    fields.iter().map(|(n, o)| format!("{n}: {}", self.operand(o))).collect();
                if let Some(b) = base {
                    parts.push(format!("..{}", self.operand(b)));
                }
                let name = p.as_ref().map_or_else(String::new, |p| format!("{} ", path(p)));
                format!("{name}{{ {} }}", parts.join(", "))
            }
            Rvalue::Closure(id) => format!("closure#{}", id.0),
        }
    }

    fn block(&mut self, b: &Block, depth: usize) {
        for s in &b.stmts {
            self.stmt(s, depth);
        }
    }

    fn line(&mut self, depth: usize, text: &str) {
        let _ = writeln!(self.out, "{}{text}", "  ".repeat(depth));
    }

    fn stmt(&mut self, s: &Stmt, depth: usize) {
        match s {
            Stmt::Assign { dest, value, strong, span } => {
                let op = if *strong { "=" } else { "|=" };
                let text = format!("{} {op} {}{}", self.place(dest), self.rvalue(value), self.at(*span));
                self.line(depth, &text);
            }
            Stmt::Eval { value, .. } => {
                let text = format!("eval {}", self.rvalue(value));
                self.line(depth, &text);
            }
            Stmt::MarkSecurityOnly { local, span } => {
                let text = format!("mark_security_only {}{}", self.local(*local), self.at(*span));
                self.line(depth, &text);
            }
            Stmt::Branch { branches, exhaustive } => {
                let head = if *exhaustive { "branch exhaustive" } else { "branch" };
                self.line(depth, head);
                for b in branches {
                    self.line(depth + 1, "arm");
                    self.block(b, depth + 2);
                }
            }
            Stmt::Loop { body } => {
                self.line(depth, "loop");
                self.block(body, depth + 1);
            }
            Stmt::Return { value, span } => {
                let text = format!("return {}{}", self.operand(value), self.at(*span));
                self.line(depth, &text);
            }
            Stmt::Jump => self.line(depth, "jump"),
        }
    }
}

/// The body's statements, its named locals with their types and markers,
/// and its closures.
pub fn body(b: &Body, spans: bool) -> String {
    let mut p = BodyPrinter { body: b, spans, out: String::new() };
    let params: Vec<String> = b.params.iter().map(|id| p.local(*id)).collect();
    p.line(0, &format!("params({})", params.join(", ")));
    for (i, l) in b.locals.iter().enumerate() {
        if l.name.is_none() && l.ty.is_none() {
            continue;
        }
        let mut text = format!("let {}", p.local(LocalId(i as u32)));
        if let Some(t) = &l.ty {
            let _ = write!(text, ": {}", ty(t));
        }
        text.push_str(&markers(&l.markers));
        if spans {
            let _ = write!(text, " {}", span(l.span));
        }
        p.line(0, &text);
    }
    p.block(&b.block, 1);
    for (i, c) in b.closures.iter().enumerate() {
        let params: Vec<String> = c.params.iter().map(|id| p.local(*id)).collect();
        let kind = if c.is_async_block { "async block" } else { "closure" };
        let text = format!("{kind}#{i}({}) -> {}{}", params.join(", "), p.local(c.result), p.at(c.span));
        p.line(0, &text);
        p.block(&c.block, 1);
    }
    p.out
}

fn generics(g: &[GenericParam]) -> String {
    if g.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = g
        .iter()
        .map(|p| {
            if p.bounds.is_empty() {
                p.name.to_string()
            } else {
                let b: Vec<String> = p.bounds.iter().map(path).collect();
                format!("{}: {}", p.name, b.join(" + "))
            }
        })
        .collect();
    format!("<{}>", parts.join(", "))
}

fn fields(out: &mut String, fields: &[FieldDef], depth: usize) {
    for f in fields {
        let _ = writeln!(
            out,
            "{}field {}: {}{} {}",
            "  ".repeat(depth),
            f.name,
            ty(&f.ty),
            markers(&f.markers),
            span(f.span)
        );
    }
}

/// Items with markers and spans; bodies when `bodies` is set.
pub fn items(items: &[Item], bodies: bool) -> String {
    let mut out = String::new();
    items_into(&mut out, items, 0, bodies);
    out
}

fn items_into(out: &mut String, items: &[Item], depth: usize, bodies: bool) {
    for item in items {
        item_into(out, item, depth, bodies);
    }
}

fn item_into(out: &mut String, item: &Item, depth: usize, bodies: bool) {
    let pad = "  ".repeat(depth);
    let vis = if item.is_pub { "pub " } else { "" };
    let tail = format!("{} {}", markers(&item.markers), span(item.span));
    match &item.kind {
        ItemKind::Fn(f) => {
            let ret = f.ret.as_ref().map_or_else(String::new, |t| format!(" -> {}", ty(t)));
            let asyncness = if f.is_async { "async " } else { "" };
            let _ = writeln!(out, "{pad}{vis}{asyncness}fn {}{}{ret}{tail}", f.name, generics(&f.generics));
            for p in &f.params {
                let name = p.name.as_deref().unwrap_or("<pat>");
                let _ = writeln!(
                    out,
                    "{pad}  param {name}: {}{} {}",
                    ty(&p.ty),
                    markers(&p.markers),
                    span(p.span)
                );
            }
            if let (true, Some(b)) = (bodies, &f.body) {
                for line in body(b, false).lines() {
                    let _ = writeln!(out, "{pad}  | {line}");
                }
            }
        }
        ItemKind::Struct(s) => {
            let _ = writeln!(out, "{pad}{vis}struct {}{}{tail}", s.name, generics(&s.generics));
            fields(out, &s.fields, depth + 1);
        }
        ItemKind::Enum(e) => {
            let _ = writeln!(out, "{pad}{vis}enum {}{}{tail}", e.name, generics(&e.generics));
            for v in &e.variants {
                let _ = writeln!(out, "{pad}  variant {} {}", v.name, span(v.span));
                fields(out, &v.fields, depth + 2);
            }
        }
        ItemKind::Trait(t) => {
            let sup: Vec<String> = t.supertraits.iter().map(path).collect();
            let sup = if sup.is_empty() { String::new() } else { format!(": {}", sup.join(" + ")) };
            let _ = writeln!(out, "{pad}{vis}trait {}{}{sup}{tail}", t.name, generics(&t.generics));
            items_into(out, &t.methods, depth + 1, bodies);
        }
        ItemKind::Impl(i) => {
            let tr = i.trait_.as_ref().map_or_else(String::new, |t| format!("{} for ", path(t)));
            let _ = writeln!(out, "{pad}impl{} {tr}{}{tail}", generics(&i.generics), ty(&i.self_ty));
            items_into(out, &i.methods, depth + 1, bodies);
        }
        ItemKind::Static(s) => {
            let kw = if s.is_const { "const" } else { "static" };
            let _ = writeln!(out, "{pad}{vis}{kw} {}: {}{tail}", s.name, ty(&s.ty));
            if let (true, Some(b)) = (bodies, &s.init) {
                for line in body(b, false).lines() {
                    let _ = writeln!(out, "{pad}  | {line}");
                }
            }
        }
        ItemKind::Use(entries) => {
            let _ = writeln!(out, "{pad}{vis}use{tail}");
            for e in entries {
                let alias = e.alias.as_deref().unwrap_or("_");
                let glob = if e.is_glob { "::*" } else { "" };
                let _ = writeln!(
                    out,
                    "{pad}  {}{glob} as {alias} {}",
                    e.path.iter().map(|n| &**n).collect::<Vec<_>>().join("::"),
                    span(e.span)
                );
            }
        }
        ItemKind::Mod(m) => match &m.body {
            ModBody::Inline(items) => {
                let _ = writeln!(out, "{pad}{vis}mod {} {{{tail}", m.name);
                items_into(out, items, depth + 1, bodies);
                let _ = writeln!(out, "{pad}}}");
            }
            ModBody::OutOfLine { path_attr, .. } => {
                let attr = path_attr.as_ref().map_or_else(String::new, |p| format!(" path={p:?}"));
                let _ = writeln!(out, "{pad}{vis}mod {};{attr}{tail}", m.name);
            }
        },
        ItemKind::TypeAlias { name, target } => {
            let _ = writeln!(out, "{pad}{vis}type {name} = {}{tail}", ty(target));
        }
        ItemKind::MacroRules(m) => {
            let _ = writeln!(out, "{pad}{vis}macro_rules! {}{tail}", m.name);
            for r in &m.rules {
                let _ = writeln!(out, "{pad}  ({}) => {{{}}}", r.matcher, r.transcriber);
            }
        }
        ItemKind::ExternCrate { name, alias } => {
            let alias = alias.as_ref().map_or_else(String::new, |a| format!(" as {a}"));
            let _ = writeln!(out, "{pad}{vis}extern crate {name}{alias}{tail}");
        }
    }
}
