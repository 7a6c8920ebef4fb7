//! `#[view]`'s `impl View`: name, mode and arguments, and the handler: the
//! runtime's generic adapter for the view's arity when every argument is
//! an extractor (`sync_handler_N::<Self, Args.., Output>(Self, name)`, so the
//! extraction is type-checked once in the runtime, not once per view),
//! else a closure of the view's own that extracts each argument and calls
//! the function.

use proc_macro2::{Delimiter, Punct, Spacing};
use quote::quote;

use crate::expand::adapter::{
    Extraction, Names, ParamOf, TraitImpl, async_body, extraction, sync_body,
};
use crate::expand::text::Text;
use crate::expand::unit::Unit;
use crate::parse::signature::Mode;

pub(crate) fn view_impl(t: &mut Text, unit: &Unit) {
    let paths = t.paths();
    let names = Names::new();
    let generic = unit.takes_only_extractors();
    let ex = extraction(unit, &names, paths, ParamOf::Export, !generic);
    let imp = TraitImpl {
        trait_: paths.view_trait(),
        info: paths.view_info(),
        handler: paths.handler(),
    };
    // The arguments are read from the route export in one const call.
    let args = |t: &mut Text| {
        t.str("const").braces(|t| {
            t.str("&").path(&paths.view_args()).str(&format!(
                "::<{}usize>({}::__TWAIN_ROUTE.args)",
                unit.extracted(),
                unit.name_text
            ));
        });
    };
    let handler = |t: &mut Text| {
        if generic {
            generic_handler(t, unit, &ex);
        } else {
            own_handler(t, unit, &ex, &names);
        }
    };
    imp.write(t, unit, args, handler);
}

/// `sync_handler_N::<Self, Args.., _, Output>(Self, name)` (or `inline_`,
/// `async_`, whose future is a second `_`): the unit struct and the
/// function, both zero-sized, by value; after the checks of destructured
/// route parameters.
fn generic_handler(t: &mut Text, unit: &Unit, ex: &Extraction) {
    for assert in &ex.asserts {
        t.tokens(assert);
    }
    let mode = unit.analysis.mode;
    t.path(&t.paths().view_handler(mode, unit.tys.len()))
        .str("::<Self,");
    for ty in &unit.tys {
        t.tokens(ty).tokens(Punct::new(',', Spacing::Alone));
    }
    t.str(match mode {
        Mode::Async => "_, _,",
        Mode::Sync | Mode::Inline => "_,",
    });
    // The output as written keeps its span, so a type that is not a
    // response is reported there.
    match &unit.out {
        Some(out) => t.tokens(out),
        None => t.str("_"),
    };
    t.str(&format!("> (Self, {})", unit.name_text));
}

/// `Handler::Async(&|req| ..)` or `Handler::Sync(&|req, cx| ..)`: the
/// view's own adapter, a closure that captures nothing (so `&` of it is a
/// promoted `&'static`).
fn own_handler(t: &mut Text, unit: &Unit, ex: &Extraction, names: &Names) {
    let paths = t.paths();
    let closure = match unit.analysis.mode {
        Mode::Async => {
            let (req, request) = (&names.req, paths.request());
            let (box_future, response) = (paths.box_future(), paths.response());
            let future = async_body(unit, ex, names, paths, paths.into_response());
            quote!(|#req: #request| -> #box_future<#response> { #future })
        }
        Mode::Sync | Mode::Inline => {
            let (cx, blocking) = (&names.cx, paths.blocking());
            let params = quote!(#cx: #blocking<'_>);
            sync_body(unit, ex, names, paths, &params, paths.into_response())
        }
    };
    let variant = match unit.analysis.mode {
        Mode::Async => "::Async",
        Mode::Sync | Mode::Inline => "::Sync",
    };
    t.path(&paths.handler())
        .str(variant)
        .group(Delimiter::Parenthesis, |t| {
            t.str("&").tokens(closure);
        });
}
