//! The expansion of `#[view]`: the `View` impl (name, mode, arguments, and
//! the handler that extracts each argument and calls the function), inside
//! the shell every view and middleware shares.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::expand::adapter::{Adapter, Names, converter, extraction};
use crate::expand::paths::Paths;
use crate::expand::route_export::route_export;
use crate::expand::shell::emit;
use crate::parse::signature::{Analysis, Item, Mode};

pub(crate) fn expand(func: &ItemFn, analysis: &Analysis, paths: &Paths) -> TokenStream {
    let view = view_impl(func, analysis, paths);
    let export = route_export(func, analysis, paths);
    emit(func, Item::View, analysis, quote!(#view #export), paths)
}

/// `impl View for name`: what the runtime needs to route to and call the view.
fn view_impl(func: &ItemFn, analysis: &Analysis, paths: &Paths) -> TokenStream {
    let (handler, request, response, box_future, blocking) = (
        paths.handler(),
        paths.request(),
        paths.response(),
        paths.box_future(),
        paths.blocking(),
    );
    let names = Names::new();
    let ex = extraction(analysis, &names, paths, Some(&func.sig.ident));
    let adapter = Adapter {
        name: &func.sig.ident,
        trait_: paths.view_trait(),
        info: paths.view_info(),
        handler: handler.clone(),
        mode: match analysis.mode {
            Mode::Async => quote!(Async),
            Mode::Sync => quote!(Sync),
            Mode::Inline => quote!(Inline),
        },
        paths,
        convert: converter(analysis, paths.into_response()),
    };
    let (req, cx) = (&names.req, &names.cx);
    let body = match analysis.mode {
        Mode::Async => {
            let future = adapter.async_body(&ex, &names);
            quote! {
                #handler::Async(|#req: #request| -> #box_future<#response> { #future })
            }
        }
        Mode::Sync | Mode::Inline => {
            let call = adapter.sync_body(&ex, &names, &quote!(#cx: #blocking<'_>));
            quote!(#handler::Sync(#call))
        }
    };
    adapter.trait_impl(&ex, body)
}
