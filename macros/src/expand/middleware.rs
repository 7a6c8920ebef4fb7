//! The expansion of `#[middleware]`: the `Middleware` impl (name, mode, and
//! the handler that extracts the extra arguments, then calls the function
//! with the request and `next`), inside the shell every view and middleware
//! shares. The pieces are those of `#[view]`, from `expand::adapter`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::expand::adapter::{Adapter, Names, converter, extraction};
use crate::expand::paths::Paths;
use crate::expand::shell::emit;
use crate::parse::signature::{Analysis, Item, Mode};

/// `item`: the function's tokens as written (`func` parsed).
pub(crate) fn expand(
    func: &ItemFn,
    item: &TokenStream,
    analysis: &Analysis,
    paths: &Paths,
) -> TokenStream {
    emit(
        func,
        item,
        Item::Middleware,
        analysis,
        middleware_impl(func, analysis, paths),
        paths,
    )
}

fn middleware_impl(func: &ItemFn, analysis: &Analysis, paths: &Paths) -> TokenStream {
    let (handler, request, response, box_future) = (
        paths.middleware_handler(),
        paths.request(),
        paths.response(),
        paths.box_future(),
    );
    let (next_ty, sync_next, blocking) = (paths.next(), paths.sync_next(), paths.blocking());
    let names = Names::new();
    let ex = extraction(analysis, &names, paths, None, true);
    let sync = analysis.mode != Mode::Async;
    let adapter = Adapter {
        name: &func.sig.ident,
        trait_: paths.middleware_trait(),
        info: paths.middleware_info(),
        handler: handler.clone(),
        mode: if sync { quote!(Sync) } else { quote!(Async) },
        paths,
        convert: converter(analysis, paths.into_middleware_response()),
        unit_value: false,
    };
    let (req, cx, next) = (&names.req, &names.cx, &names.next);
    let body = if sync {
        let params = quote!(#next: #sync_next, #cx: #blocking<'_>);
        let call = adapter.sync_body(&ex, &names, &params);
        quote!(#handler::Sync(#call))
    } else {
        let future = adapter.async_body(&ex, &names);
        quote! {
            #handler::Async(|#req: #request, #next: #next_ty| -> #box_future<#response> {
                #future
            })
        }
    };
    adapter.trait_impl(&ex, body)
}
