//! The walk over a body: resolves each call's path through the names in
//! scope (the module's imports and items, the function's arguments, the
//! body's `use` items and locals), follows values of known types through
//! `let` bindings and method calls, reports known blocking calls, and skips
//! what does not run on the executor (nested items, closures handed to
//! another thread). It also lists the calls that may reach the crate's own
//! functions (`calls.rs`), for `check::helpers` to follow.

use std::collections::HashSet;

use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, ExprCall, ExprMethodCall, Macro, Pat};

use super::calls::{self, Callee, OwnCall, Recv, TypeName};
use super::imports::{Meaning, Scope};
use super::values::{self, Kind};
use super::{Context, known, select};
use crate::errors::Errors;

/// Where the known blocking calls a walk finds go.
pub(crate) enum Sink<'a> {
    /// Reported as errors at the call: the body of the async unit itself.
    Report {
        context: &'a Context,
        errors: &'a mut Errors,
    },
    /// Collected: the body of a helper a call reached (`check::helpers`).
    Collect(&'a mut Vec<known::Blocking>),
}

/// Walks `block`, the body of a function with arguments `args`, written in
/// `module` (when it is known): its known blocking calls go to `sink`, and
/// the calls that may reach the crate's own functions are returned.
pub(crate) fn walk(
    block: &syn::Block,
    args: &[(String, syn::Type)],
    module: Option<&crate::parse::source_file::Module>,
    sink: Sink<'_>,
) -> Vec<OwnCall> {
    let mut handed_off = HandedOff::default();
    handed_off.visit_block(block);
    let scopes: Vec<Scope> = module.map(Scope::of_module).unwrap_or_default();
    let module_scopes = scopes.len();
    let mut walker = Walker {
        scopes,
        module_scopes,
        handed_off: handed_off.0,
        awaited: Vec::new(),
        sink,
        calls: Vec::new(),
    };
    let mut arguments = Scope::default();
    for (name, ty) in args {
        let meaning = match walker.type_kind(ty) {
            Some(kind) => Meaning::Value(kind),
            None => {
                calls::type_name(ty).map_or(Meaning::Own, |name| Meaning::Typed(Recv::Type(name)))
            }
        };
        arguments.names.push((name.clone(), meaning));
    }
    walker.scopes.push(arguments);
    walker.visit_block(block);
    walker.calls
}

/// The name a call is made through: the last segment of a path callee, or the
/// method's name.
fn callee_name(call: &ExprCall) -> Option<String> {
    match &*call.func {
        Expr::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// `method(args)` of a method call, with the user's spans: what errors about
/// the call underline.
fn method_call_tokens(call: &ExprMethodCall) -> proc_macro2::TokenStream {
    let method = &call.method;
    let args = &call.args;
    let mut group = proc_macro2::Group::new(proc_macro2::Delimiter::Parenthesis, quote!(#args));
    group.set_span(call.paren_token.span.join());
    quote!(#method #group)
}

/// `expr` without a trailing `?`: what the call inside it gives on success.
fn strip_try(expr: &Expr) -> &Expr {
    match expr {
        Expr::Try(e) => strip_try(&e.expr),
        e => e,
    }
}

fn is_sync_closure(expr: &Expr) -> bool {
    matches!(expr, Expr::Closure(closure) if closure.asyncness.is_none())
}

/// Names of local variables passed to `spawn_blocking(job)` and the like: a
/// closure bound to one of them runs elsewhere too.
#[derive(Default)]
struct HandedOff(HashSet<String>);

impl HandedOff {
    fn args<'a>(&mut self, name: Option<String>, args: impl Iterator<Item = &'a Expr>) {
        if !name.is_some_and(|name| known::runs_closure_elsewhere(&name)) {
            return;
        }
        for arg in args {
            if let Expr::Path(path) = arg
                && let Some(ident) = path.path.get_ident()
            {
                self.0.insert(ident.to_string());
            }
        }
    }
}

impl<'ast> Visit<'ast> for HandedOff {
    fn visit_expr_call(&mut self, node: &'ast ExprCall) {
        self.args(callee_name(node), node.args.iter());
        syn::visit::visit_expr_call(self, node);
    }
    fn visit_expr_method_call(&mut self, node: &'ast ExprMethodCall) {
        self.args(Some(node.method.to_string()), node.args.iter());
        syn::visit::visit_expr_method_call(self, node);
    }
    fn visit_item(&mut self, _: &'ast syn::Item) {}
}

/// The identifiers a pattern binds.
#[derive(Default)]
struct BoundNames(Vec<String>);

impl<'ast> Visit<'ast> for BoundNames {
    fn visit_pat_ident(&mut self, node: &'ast syn::PatIdent) {
        self.0.push(node.ident.to_string());
        syn::visit::visit_pat_ident(self, node);
    }
}

struct Walker<'a> {
    /// Outermost first: the module's, the arguments', then each block's.
    scopes: Vec<Scope>,
    /// How many of `scopes` are the module's (the rest are the function's).
    module_scopes: usize,
    handed_off: HashSet<String>,
    /// Method calls that are `.await`ed (by address): a `block_on` there is
    /// the user's own async method, not a runtime's.
    awaited: Vec<*const ExprMethodCall>,
    sink: Sink<'a>,
    /// The calls that may reach the crate's own functions, in order.
    calls: Vec<OwnCall>,
}

impl Walker<'_> {
    /// The full path `path` stands for, when it can be known from here, with
    /// twain's re-exports taken back to their crates.
    fn resolve(&self, path: &syn::Path) -> Option<Vec<String>> {
        self.resolve_as_written(path).map(known::through_reexports)
    }

    fn resolve_as_written(&self, path: &syn::Path) -> Option<Vec<String>> {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if path.leading_colon.is_some() {
            return Some(segs);
        }
        let first = segs.first()?;
        if matches!(first.as_str(), "crate" | "self" | "super" | "Self") {
            return None;
        }
        if let Some(meaning) = self.lookup(first) {
            let Meaning::Path(full) = meaning else {
                return None;
            };
            let mut resolved = full.clone();
            resolved.extend(segs[1..].iter().cloned());
            return self.follow_imports(resolved);
        }
        // A glob can only be told apart from the user's own names for the
        // paths twain knows: take it when the path it would make is one.
        for scope in self.scopes.iter().rev() {
            for glob in &scope.globs {
                let Some(mut candidate) = self.follow_imports(glob.clone()) else {
                    continue;
                };
                candidate.extend(segs.iter().cloned());
                let candidate = known::through_reexports(candidate);
                if known::blocking_fn(&candidate).is_some()
                    || values::returned_by(&candidate).is_some()
                    || values::named_by(&candidate).is_some()
                {
                    return Some(candidate);
                }
            }
        }
        Some(segs)
    }

    /// An imported path that starts from another import (`use std::fs;`
    /// then `use fs::File;`), followed to the path it really names; `None`
    /// when it starts from one of the user's own names. A few hops at most,
    /// so imports naming each other cannot loop.
    fn follow_imports(&self, mut path: Vec<String>) -> Option<Vec<String>> {
        for _ in 0..4 {
            let Some(first) = path.first() else {
                return Some(path);
            };
            match self.lookup(first) {
                Some(Meaning::Path(full)) if full.first() != Some(first) => {
                    let mut followed = full.clone();
                    followed.extend(path[1..].iter().cloned());
                    path = followed;
                }
                Some(Meaning::Path(_)) | None => return Some(path),
                Some(_) => return None,
            }
        }
        Some(path)
    }

    fn report(&mut self, tokens: proc_macro2::TokenStream, what: &str, instead: &str) {
        let (context, errors) = match &mut self.sink {
            Sink::Report { context, errors } => (*context, &mut **errors),
            Sink::Collect(found) => {
                // `async_to_sync` takes a `Blocking`: in a helper, the
                // caller's capability (a type error when it has none).
                if what != known::ASYNC_TO_SYNC {
                    found.push(known::Blocking {
                        shown: what.to_owned(),
                        instead: instead.to_owned(),
                    });
                }
                return;
            }
        };
        let Context { owner, escape } = context;
        let message = if what == known::ASYNC_TO_SYNC {
            format!(
                "`{what}` in {owner}: this code is already async, so `.await` the future directly; `async_to_sync` is for sync code, and here it would block the async worker thread"
            )
        } else {
            format!(
                "blocking call in {owner}: `{what}` blocks the async worker thread, stalling every request it serves; {instead}, {escape}"
            )
        };
        errors.at(tokens, message);
    }

    /// The path a call's callee names, when it may be a function of the
    /// crate: as written, or through an import from the crate; `None` for
    /// a local, a known value, or a path into another crate.
    fn own_path(&self, path: &syn::Path) -> Option<Vec<String>> {
        if path.leading_colon.is_some() {
            return None;
        }
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let first = segs.first()?;
        if matches!(first.as_str(), "crate" | "self" | "super" | "Self") {
            return Some(segs);
        }
        let found = self
            .scopes
            .iter()
            .enumerate()
            .rev()
            .find_map(|(depth, scope)| {
                scope
                    .names
                    .iter()
                    .rev()
                    .find(|(bound, _)| bound == first)
                    .map(|(_, meaning)| (depth, meaning))
            });
        let through = |full: &Vec<String>| {
            let mut path = full.clone();
            path.extend(segs[1..].iter().cloned());
            Some(path)
        };
        match found {
            None => Some(segs),
            Some((_, Meaning::Defined)) => Some(segs),
            Some((_, Meaning::OwnImport(full))) => through(full),
            // An import relative to the module (`use util::load;`): the
            // crate's own when its first segment is one of the module's.
            Some((depth, Meaning::Path(full))) if depth < self.module_scopes => through(full),
            Some(_) => None,
        }
    }

    /// How the type of the value `expr` gives can be found, when it may be
    /// one of the crate's own types.
    fn recv_of(&self, expr: &Expr) -> Option<Recv> {
        let named = |path: Vec<String>| Recv::Type(TypeName { path, inner: None });
        match expr {
            Expr::Path(path) if path.qself.is_none() => match path.path.get_ident() {
                Some(ident) if ident == "self" => Some(Recv::SelfValue),
                Some(ident) => match self.lookup(&ident.to_string()) {
                    Some(Meaning::Typed(recv)) => Some(recv.clone()),
                    // A unit struct, or a `const` of the crate.
                    None | Some(Meaning::Defined) => Some(named(vec![ident.to_string()])),
                    Some(Meaning::OwnImport(full)) => Some(named(full.clone())),
                    Some(_) => None,
                },
                None => self.own_path(&path.path).map(named),
            },
            Expr::Call(call) => match &*call.func {
                Expr::Path(callee) if callee.qself.is_none() => {
                    self.own_path(&callee.path).map(Recv::Made)
                }
                _ => None,
            },
            Expr::MethodCall(call) => self
                .recv_of(&call.receiver)
                .map(|recv| Recv::Returned(Box::new(recv), call.method.to_string())),
            Expr::Field(field) => match &field.member {
                syn::Member::Named(name) => self
                    .recv_of(&field.base)
                    .map(|recv| Recv::Field(Box::new(recv), name.to_string())),
                syn::Member::Unnamed(_) => None,
            },
            Expr::Struct(lit) if lit.qself.is_none() => self.own_path(&lit.path).map(named),
            Expr::Try(e) => self.recv_of(&e.expr),
            Expr::Await(e) => self.recv_of(&e.base),
            Expr::Paren(e) => self.recv_of(&e.expr),
            Expr::Group(e) => self.recv_of(&e.expr),
            Expr::Reference(e) => self.recv_of(&e.expr),
            Expr::Unary(e) if matches!(e.op, syn::UnOp::Deref(_)) => self.recv_of(&e.expr),
            _ => None,
        }
    }

    /// Whether `method` runs its closure once per process (`OnceLock::
    /// get_or_init`, `Once::call_once`): in a helper, a one-time set-up
    /// that blocks only the first caller, not judged; in the async body
    /// itself, judged as any closure run in place.
    fn runs_once(&self, method: &str) -> bool {
        matches!(self.sink, Sink::Collect(_))
            && matches!(
                method,
                "get_or_init" | "get_or_try_init" | "call_once" | "call_once_force"
            )
    }

    /// Lists a call of the function at `path`, when it may be the crate's.
    fn own_call(&mut self, path: &syn::Path, tokens: proc_macro2::TokenStream) {
        if let Some(path) = self.own_path(path) {
            self.calls.push(OwnCall {
                tokens,
                callee: Callee::Path(path),
            });
        }
    }

    /// What `name` stands for in the innermost scope that has it.
    fn lookup(&self, name: &str) -> Option<&Meaning> {
        self.scopes.iter().rev().find_map(|scope| {
            scope
                .names
                .iter()
                .rev()
                .find(|(bound, _)| bound == name)
                .map(|(_, meaning)| meaning)
        })
    }

    /// The known type a type as written names (through references).
    fn type_kind(&self, ty: &syn::Type) -> Option<Kind> {
        match ty {
            syn::Type::Reference(r) => self.type_kind(&r.elem),
            syn::Type::Paren(p) => self.type_kind(&p.elem),
            syn::Type::Path(path) if path.qself.is_none() => {
                values::named_by(&self.resolve(&path.path)?)
            }
            _ => None,
        }
    }

    /// The known type of the value `expr` gives: `Command::new("git")`,
    /// `git.arg("x")` on such a value, a local bound to one, `Runtime::new()?`.
    fn kind_of(&self, expr: &Expr) -> Option<Kind> {
        match expr {
            Expr::Call(call) => match &*call.func {
                Expr::Path(path) => values::returned_by(&self.resolve(&path.path)?),
                _ => None,
            },
            Expr::MethodCall(call) => {
                values::after_method(self.kind_of(&call.receiver)?, &call.method.to_string())
            }
            Expr::Try(e) => self.kind_of(&e.expr),
            Expr::Paren(e) => self.kind_of(&e.expr),
            Expr::Reference(e) => self.kind_of(&e.expr),
            Expr::Path(path) if path.qself.is_none() => {
                match self.lookup(&path.path.get_ident()?.to_string())? {
                    Meaning::Value(kind) => Some(*kind),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The names `let (a, b) = call()` binds, when the call gives a pair of
    /// known values (`std::sync::mpsc::channel()`).
    fn pair_bound(&self, pat: &Pat, init: Option<&Expr>) -> Option<Vec<(String, Meaning)>> {
        let (Pat::Tuple(tuple), Some(Expr::Call(call))) = (pat, init.map(strip_try)) else {
            return None;
        };
        let Expr::Path(callee) = &*call.func else {
            return None;
        };
        let kinds = values::pair_returned_by(&self.resolve(&callee.path)?)?;
        if tuple.elems.len() != kinds.len() {
            return None;
        }
        let mut names = Vec::new();
        for (elem, kind) in tuple.elems.iter().zip(kinds) {
            let mut bound = BoundNames::default();
            bound.visit_pat(elem);
            let meaning = match (elem, kind) {
                (Pat::Ident(_), Some(kind)) => Meaning::Value(kind),
                _ => Meaning::Own,
            };
            names.extend(bound.0.into_iter().map(|name| (name, meaning.clone())));
        }
        Some(names)
    }

    fn visit_args_skipping_closures(&mut self, args: &Punctuated<Expr, syn::Token![,]>) {
        for arg in args {
            if !is_sync_closure(arg) {
                self.visit_expr(arg);
            }
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'_> {
    fn visit_block(&mut self, node: &'ast syn::Block) {
        self.scopes.push(Scope::of(&node.stmts));
        syn::visit::visit_block(self, node);
        self.scopes.pop();
    }

    fn visit_item(&mut self, _: &'ast syn::Item) {}

    fn visit_local(&mut self, node: &'ast syn::Local) {
        let skip = matches!(
            (&node.pat, &node.init),
            (Pat::Ident(ident), Some(init))
                if self.handed_off.contains(&ident.ident.to_string()) && is_sync_closure(&init.expr)
        );
        if !skip {
            syn::visit::visit_local(self, node);
        }
        // From here on, the names it binds are locals: a blocking fn bound
        // by value (`let nap = std::thread::sleep;`) stays known, so does a
        // value of a known type (`let mut git = Command::new("git");`, `let
        // p: PathBuf = ..`); anything else shadows an import of that name.
        let (pat, annotated) = match &node.pat {
            Pat::Type(typed) => (&*typed.pat, self.type_kind(&typed.ty)),
            pat => (pat, None),
        };
        let meaning = match (pat, &node.init) {
            (Pat::Ident(_), _) if annotated.is_some() => annotated.map(Meaning::Value),
            (Pat::Ident(_), Some(init)) => match &*init.expr {
                Expr::Path(path) => self
                    .resolve(&path.path)
                    .filter(|full| known::blocking_fn(full).is_some())
                    .map(Meaning::Path),
                expr => self.kind_of(expr).map(Meaning::Value),
            },
            _ => None,
        };
        // Else a value whose type may be the crate's own: of the annotated
        // type, or of what the initializer gives.
        let meaning = meaning.or_else(|| match (&node.pat, &node.init) {
            (Pat::Type(typed), _) if matches!(&*typed.pat, Pat::Ident(_)) => {
                calls::type_name(&typed.ty).map(|name| Meaning::Typed(Recv::Type(name)))
            }
            (Pat::Ident(_), Some(init)) => self.recv_of(&init.expr).map(Meaning::Typed),
            _ => None,
        });
        if let Some(pair) = self.pair_bound(pat, node.init.as_ref().map(|init| &*init.expr)) {
            if let Some(scope) = self.scopes.last_mut() {
                scope.names.extend(pair);
            }
            return;
        }
        let mut bound = BoundNames::default();
        bound.visit_pat(&node.pat);
        if let Some(scope) = self.scopes.last_mut() {
            for name in bound.0 {
                scope
                    .names
                    .push((name, meaning.clone().unwrap_or(Meaning::Own)));
            }
        }
    }

    fn visit_expr_call(&mut self, node: &'ast ExprCall) {
        if let Expr::Path(callee) = &*node.func {
            match self
                .resolve(&callee.path)
                .and_then(|path| known::blocking_fn(&path))
            {
                Some(hit) => self.report(quote!(#node), &hit.shown, &hit.instead),
                None if callee.qself.is_none() => self.own_call(&callee.path, quote!(#node)),
                None => {}
            }
        }
        self.visit_expr(&node.func);
        // `Chunks(iter)`: twain pulls the iterator on a sync thread, so
        // what its adapters' closures call does not run here.
        if callee_name(node).is_some_and(|name| name == "Chunks") {
            return;
        }
        if callee_name(node).is_some_and(|name| known::runs_closure_elsewhere(&name)) {
            self.visit_args_skipping_closures(&node.args);
        } else {
            for arg in &node.args {
                self.visit_expr(arg);
            }
        }
    }

    fn visit_expr_method_call(&mut self, node: &'ast ExprMethodCall) {
        let method = node.method.to_string();
        let awaited = self.awaited.contains(&(node as *const ExprMethodCall));
        let known = match self.kind_of(&node.receiver) {
            Some(kind) if !awaited => values::blocking_method(kind, &method),
            _ => None,
        };
        match known {
            Some(hit) => self.report(method_call_tokens(node), &hit.shown, &hit.instead),
            None => {
                if let Some(recv) = self.recv_of(&node.receiver) {
                    self.calls.push(OwnCall {
                        tokens: method_call_tokens(node),
                        callee: Callee::Method(recv, method.clone()),
                    });
                }
                // `.map(parse)`: a function given by name runs here.
                if calls::runs_fn_in_place(&method) {
                    for arg in &node.args {
                        if let Expr::Path(path) = arg
                            && path.qself.is_none()
                        {
                            self.own_call(&path.path, quote!(#arg));
                        }
                    }
                }
            }
        }
        self.visit_expr(&node.receiver);
        if known::runs_closure_elsewhere(&method) || self.runs_once(&method) {
            self.visit_args_skipping_closures(&node.args);
        } else {
            for arg in &node.args {
                self.visit_expr(arg);
            }
        }
    }

    fn visit_expr_await(&mut self, node: &'ast syn::ExprAwait) {
        if let Expr::MethodCall(call) = &*node.base {
            self.awaited.push(call as *const ExprMethodCall);
        }
        syn::visit::visit_expr_await(self, node);
    }

    fn visit_macro(&mut self, node: &'ast Macro) {
        let Some(last) = node.path.segments.last() else {
            return;
        };
        let name = last.ident.to_string();
        if known::select_macro(&name) {
            if let Ok(branches) = node.parse_body_with(select::branches) {
                self.visit_select(&branches);
            }
            return;
        }
        if !known::expression_macro(&name) {
            return;
        }
        let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        if let Ok(args) = node.parse_body_with(parser) {
            for arg in &args {
                self.visit_expr(arg);
            }
        }
    }
}

impl Walker<'_> {
    /// A `select!`'s branches: each future, precondition and handler runs
    /// on the executor, where the macro is; a handler sees the names its
    /// branch's pattern binds (which shadow imports of those names).
    fn visit_select(&mut self, branches: &[select::Branch]) {
        for branch in branches {
            for expr in branch.future.iter().chain(&branch.condition) {
                self.visit_expr(expr);
            }
            let mut bound = BoundNames::default();
            if let Some(pat) = &branch.pat {
                bound.visit_pat(pat);
            }
            let mut scope = Scope::default();
            scope
                .names
                .extend(bound.0.into_iter().map(|name| (name, Meaning::Own)));
            self.scopes.push(scope);
            self.visit_expr(&branch.handler);
            self.scopes.pop();
        }
    }
}
