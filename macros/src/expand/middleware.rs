//! `#[middleware]`'s `impl Middleware`: name, mode and the extra
//! arguments, and the handler, a closure that extracts them and calls the
//! function with the request and `next`. The pieces are those of
//! `#[view]`, from `expand::adapter`.

use proc_macro2::Delimiter;
use quote::quote;

use crate::expand::adapter::{Names, ParamOf, TraitImpl, async_body, extraction, sync_body};
use crate::expand::deref::list;
use crate::expand::text::Text;
use crate::expand::unit::Unit;
use crate::parse::signature::Mode;

pub(crate) fn middleware_impl(t: &mut Text, unit: &Unit) {
    let paths = t.paths();
    let names = Names::new();
    let ex = extraction(unit, &names, paths, ParamOf::Check, true);
    let imp = TraitImpl {
        trait_: paths.middleware_trait(),
        info: paths.middleware_info(),
        handler: paths.middleware_handler(),
    };
    let args = |t: &mut Text| {
        t.braces(|t| {
            t.str("const ARGS: &")
                .group(Delimiter::Bracket, |t| {
                    t.path(&paths.view_arg());
                })
                .str("= &")
                .group(Delimiter::Bracket, |t| list(t, &ex.infos))
                .str("; ARGS");
        });
    };
    let handler = |t: &mut Text| {
        let (req, cx, next) = (&names.req, &names.cx, &names.next);
        let convert = paths.into_middleware_response();
        let (variant, closure) = match unit.analysis.mode {
            Mode::Sync | Mode::Inline => {
                let (sync_next, blocking) = (paths.sync_next(), paths.blocking());
                let params = quote!(#next: #sync_next, #cx: #blocking<'_>);
                (
                    "::Sync",
                    sync_body(unit, &ex, &names, paths, &params, convert),
                )
            }
            Mode::Async => {
                let (request, next_ty) = (paths.request(), paths.next());
                let (box_future, response) = (paths.box_future(), paths.response());
                let future = async_body(unit, &ex, &names, paths, convert);
                let closure = quote! {
                    |#req: #request, #next: #next_ty| -> #box_future<#response> { #future }
                };
                ("::Async", closure)
            }
        };
        t.path(&paths.middleware_handler())
            .str(variant)
            .group(Delimiter::Parenthesis, |t| {
                t.tokens(closure);
            });
    };
    imp.write(t, unit, args, handler);
}
