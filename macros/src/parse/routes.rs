//! What `#[routes]` reads from the function it is on: every
//! `.route("pattern", view)` call in it (views named directly, or in a
//! method router like `get(show).post(update)`), and whether the chain it
//! is part of starts at `App::new()` — then the pattern is the route's
//! whole pattern; in a `Routes` group an `include` prefix may add more.

use syn::visit::Visit;
use syn::{Expr, ExprMethodCall, LitStr};

/// One `.route(..)` call.
pub(crate) struct RouteCall {
    pub(crate) pattern: LitStr,
    /// The views it routes to, as written.
    pub(crate) views: Vec<syn::Path>,
    /// Whether the pattern is the whole pattern of the route.
    pub(crate) complete: bool,
}

/// Every `.route("literal", ..)` call in `func`, with the views it names
/// (a local variable holding a `MethodRouter` is not a view: left out).
pub(crate) fn route_calls(func: &syn::ItemFn) -> Vec<RouteCall> {
    let mut locals = Locals(Vec::new());
    locals.visit_item_fn(func);
    let mut finder = Finder(Vec::new());
    finder.visit_block(&func.block);
    let mut calls = finder.0;
    for call in &mut calls {
        call.views.retain(|view| {
            !view
                .get_ident()
                .is_some_and(|ident| locals.0.contains(&ident.to_string()))
        });
    }
    calls
}

/// The names the function binds: its arguments and every `let`.
struct Locals(Vec<String>);

impl<'ast> Visit<'ast> for Locals {
    fn visit_pat_ident(&mut self, node: &'ast syn::PatIdent) {
        self.0.push(node.ident.to_string());
        syn::visit::visit_pat_ident(self, node);
    }
}

struct Finder(Vec<RouteCall>);

impl<'ast> Visit<'ast> for Finder {
    fn visit_expr_method_call(&mut self, node: &'ast ExprMethodCall) {
        if node.method == "route"
            && node.args.len() == 2
            && let Expr::Lit(lit) = &node.args[0]
            && let syn::Lit::Str(pattern) = &lit.lit
        {
            let mut views = Vec::new();
            views_of(&node.args[1], &mut views);
            self.0.push(RouteCall {
                pattern: pattern.clone(),
                views,
                complete: starts_at_app(&node.receiver),
            });
        }
        syn::visit::visit_expr_method_call(self, node);
    }
}

const METHODS: [&str; 7] = ["get", "post", "put", "delete", "patch", "options", "any"];

/// `MethodRouter` methods that keep its views: `get(v).atomic()`,
/// `post(v).layer(..)` route to `v` as `get(v)` does.
const MODIFIERS: [&str; 2] = ["atomic", "layer"];

/// The views named in a `.route` call's second argument.
fn views_of(expr: &Expr, out: &mut Vec<syn::Path>) {
    match expr {
        Expr::Path(path) if path.qself.is_none() => out.push(path.path.clone()),
        Expr::Call(call) if call.args.len() == 1 => {
            if let Expr::Path(func) = &*call.func
                && func
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| METHODS.iter().any(|m| s.ident == m))
            {
                views_of(&call.args[0], out);
            }
        }
        Expr::MethodCall(call)
            if call.args.len() == 1 && METHODS.iter().any(|m| call.method == m) =>
        {
            views_of(&call.args[0], out);
            views_of(&call.receiver, out);
        }
        Expr::MethodCall(call) if MODIFIERS.iter().any(|m| call.method == m) => {
            views_of(&call.receiver, out);
        }
        Expr::Paren(e) => views_of(&e.expr, out),
        _ => {}
    }
}

/// Whether the builder chain `expr` starts at `App::new()` (or
/// `App::default()`).
fn starts_at_app(mut expr: &Expr) -> bool {
    loop {
        expr = match expr {
            Expr::MethodCall(call) => &call.receiver,
            Expr::Paren(e) => &e.expr,
            Expr::Call(call) => {
                let Expr::Path(func) = &*call.func else {
                    return false;
                };
                let segs: Vec<String> = func
                    .path
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                return matches!(
                    segs.iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .as_slice(),
                    [.., "App", "new" | "default"]
                );
            }
            _ => return false,
        };
    }
}
