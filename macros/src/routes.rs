//! `#[routes]`: parse → check → expand for the function that builds an app.
//! Every `.route("pattern", view)` in it gets its pattern parsed (a bad
//! pattern is an error at the string) and a const check of the pattern's
//! parameters against the view's arguments (`expand::route_check`).

use proc_macro2::TokenStream;

use crate::errors::{Errors, item_with_errors};
use crate::expand::paths::Paths;
use crate::expand::route_check::{Checked, expand};
use crate::parse::item::parse_fn;
use crate::parse::options::parse_routes_options;
use crate::parse::route_pattern;
use crate::parse::routes::route_calls;
use crate::parse::source_file::{Import, Module, enclosing_module};

/// Whether `view` names an item of this crate: through `crate`/`self`/`super`,
/// an item or module the module defines, or an import of one. When the
/// module could not be read (the function is nested in another, or written
/// by a macro), a plain name is taken as local: a view of another crate is
/// reached through a path or an import, which the module would show.
fn is_local(view: &syn::Path, module: Option<&Module>) -> bool {
    let Some(first) = view.segments.first().map(|s| s.ident.to_string()) else {
        return false;
    };
    if view.leading_colon.is_none() && matches!(first.as_str(), "crate" | "self" | "super") {
        return true;
    }
    let Some(module) = module else {
        return view.segments.len() == 1 && view.leading_colon.is_none();
    };
    if module.defined.contains(&first) {
        return true;
    }
    module.imports.iter().any(|import| match import {
        Import::Own { name, .. } => *name == first,
        Import::Name { name, path } => {
            *name == first
                && path
                    .first()
                    .is_some_and(|root| module.defined.contains(root))
        }
        Import::Glob { .. } | Import::OwnGlob { .. } => false,
    })
}

pub(crate) fn routes(args: TokenStream, item: TokenStream) -> TokenStream {
    let func = match parse_fn(
        &item,
        "#[routes] goes on the function that builds your app: `#[routes] fn app() -> App { App::new().route(..) }`",
    ) {
        Ok(func) => func,
        Err(out) => return out,
    };
    let mut errors = Errors::default();
    let options = parse_routes_options(args, &mut errors);
    let calls = route_calls(&func);
    let mut checked = Vec::new();
    for call in &calls {
        match route_pattern::parse(&call.pattern.value()) {
            Ok(params) => checked.push(Checked { call, params }),
            Err(message) => errors.at(&call.pattern, message),
        }
    }
    let paths = Paths::new(options.crate_path);
    let module = enclosing_module(&func);
    // Functions (views) defined in the body itself are local too.
    let in_body: Vec<String> = func
        .block
        .stmts
        .iter()
        .filter_map(|stmt| match stmt {
            syn::Stmt::Item(syn::Item::Fn(item)) => Some(item.sig.ident.to_string()),
            _ => None,
        })
        .collect();
    let local = |view: &syn::Path| {
        view.get_ident()
            .is_some_and(|ident| in_body.contains(&ident.to_string()))
            || is_local(view, module.as_ref())
    };
    match errors.finish() {
        Ok(()) => expand(&func, &checked, local, &paths),
        Err(error) => item_with_errors(item, error),
    }
}
