//! The walk over a body: resolves each call's path through the `use` items in
//! scope, reports known blocking calls, and skips what does not run on the
//! executor (nested items, closures handed to another thread).

use std::collections::HashSet;

use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::{Expr, ExprCall, ExprMethodCall, Macro, Pat};

use super::Context;
use super::imports::Scope;
use super::known;
use crate::errors::Errors;

pub(crate) fn check(block: &syn::Block, context: &Context, errors: &mut Errors) {
    let mut handed_off = HandedOff::default();
    handed_off.visit_block(block);
    let mut walker = Walker {
        scopes: Vec::new(),
        handed_off: handed_off.0,
        context,
        errors,
    };
    walker.visit_block(block);
}

/// The name a call is made through: the last segment of a path callee, or the
/// method's name.
fn callee_name(call: &ExprCall) -> Option<String> {
    match &*call.func {
        Expr::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// Whether the method chain `expr` calls `method` somewhere.
fn chain_has_method(mut expr: &Expr, method: &str) -> bool {
    loop {
        expr = match expr {
            Expr::MethodCall(call) if call.method == method => return true,
            Expr::MethodCall(call) => &call.receiver,
            Expr::Try(e) => &e.expr,
            Expr::Paren(e) => &e.expr,
            _ => return false,
        };
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
    scopes: Vec<Scope>,
    handed_off: HashSet<String>,
    context: &'a Context,
    errors: &'a mut Errors,
}

impl Walker<'_> {
    /// The full path `path` stands for, when it can be known from here.
    fn resolve(&self, path: &syn::Path) -> Option<Vec<String>> {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        if path.leading_colon.is_some() {
            return Some(segs);
        }
        let first = segs.first()?;
        if matches!(first.as_str(), "crate" | "self" | "super" | "Self") {
            return None;
        }
        for scope in self.scopes.iter().rev() {
            if let Some((_, full)) = scope.names.iter().rev().find(|(name, _)| name == first) {
                let mut resolved = full.clone()?;
                resolved.extend(segs[1..].iter().cloned());
                return Some(resolved);
            }
        }
        // A glob can only be told apart from the user's own names for the
        // paths twain knows: take it when the path it would make is one.
        for scope in self.scopes.iter().rev() {
            for glob in &scope.globs {
                let mut candidate = glob.clone();
                candidate.extend(segs.iter().cloned());
                if known::blocking_fn(&candidate).is_some()
                    || known::starts_blocking_chain(&candidate)
                {
                    return Some(candidate);
                }
            }
        }
        Some(segs)
    }

    fn report(&mut self, tokens: proc_macro2::TokenStream, what: &str, instead: &str) {
        let Context { owner, escape } = self.context;
        let message = if what == known::ASYNC_TO_SYNC {
            format!(
                "`{what}` in {owner}: this code is already async, so `.await` the future directly; `async_to_sync` is for sync code, and here it would block the async worker thread"
            )
        } else {
            format!(
                "blocking call in {owner}: `{what}` blocks the async worker thread, stalling every request it serves; {instead}, {escape}"
            )
        };
        self.errors.at(tokens, message);
    }

    /// The path a method chain starts from: `Command::new("ls").arg(..)?.output()`
    /// → the callee of `Command::new("ls")`.
    fn chain_root<'e>(&self, mut expr: &'e Expr) -> Option<&'e syn::Path> {
        loop {
            expr = match expr {
                Expr::MethodCall(call) => &call.receiver,
                Expr::Try(e) => &e.expr,
                Expr::Paren(e) => &e.expr,
                Expr::Reference(e) => &e.expr,
                Expr::Call(call) => match &*call.func {
                    Expr::Path(path) => return Some(&path.path),
                    _ => return None,
                },
                _ => return None,
            };
        }
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
        // by value (`let nap = std::thread::sleep;`) stays known, anything
        // else shadows an import of the same name.
        let alias = match (&node.pat, &node.init) {
            (Pat::Ident(_), Some(init)) => match &*init.expr {
                Expr::Path(path) => self
                    .resolve(&path.path)
                    .filter(|full| known::blocking_fn(full).is_some()),
                _ => None,
            },
            _ => None,
        };
        let mut bound = BoundNames::default();
        bound.visit_pat(&node.pat);
        if let Some(scope) = self.scopes.last_mut() {
            for name in bound.0 {
                scope.names.push((name, alias.clone()));
            }
        }
    }

    fn visit_expr_call(&mut self, node: &'ast ExprCall) {
        if let Expr::Path(callee) = &*node.func
            && let Some(path) = self.resolve(&callee.path)
            && let Some(hit) = known::blocking_fn(&path)
        {
            self.report(quote!(#node), &hit.shown, &hit.instead);
        }
        self.visit_expr(&node.func);
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
        if method == "block_on" {
            self.report(
                method_call_tokens(node),
                "block_on",
                "`.await` the future instead (tokio panics with \"Cannot start a runtime from within a runtime\")",
            );
        } else if let Some(root) = self.chain_root(&node.receiver)
            && let Some(root) = self.resolve(root)
            && let Some(hit) = known::blocking_chain_method(
                &root,
                &method,
                chain_has_method(&node.receiver, "spawn"),
            )
        {
            self.report(method_call_tokens(node), &hit.shown, &hit.instead);
        }
        self.visit_expr(&node.receiver);
        if known::runs_closure_elsewhere(&method) {
            self.visit_args_skipping_closures(&node.args);
        } else {
            for arg in &node.args {
                self.visit_expr(arg);
            }
        }
    }

    fn visit_macro(&mut self, node: &'ast Macro) {
        let Some(last) = node.path.segments.last() else {
            return;
        };
        if !known::expression_macro(&last.ident.to_string()) {
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
