//! The expansion of `#[view]`: the `View` impl (name, mode, arguments, and
//! the handler that extracts each argument and calls the function), inside
//! the shell every view and middleware shares.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ItemFn;

use crate::expand::adapter::{Adapter, Extraction, Names, converter, extraction};
use crate::expand::paths::Paths;
use crate::expand::route_export::route_export;
use crate::expand::shell::emit;
use crate::parse::signature::{Analysis, ArgKind, Item, Mode};

/// `item`: the function's tokens as written (`func` parsed).
pub(crate) fn expand(
    func: &ItemFn,
    item: &TokenStream,
    analysis: &Analysis,
    paths: &Paths,
) -> TokenStream {
    if let Some(text) = crate::expand::view_text::expand(func, item, analysis, paths) {
        return text;
    }
    expand_tokens(func, item, analysis, paths)
}

/// The expansion built token by token: what `expand::view_text` writes as
/// text for the common view, and the only one for any other.
pub(crate) fn expand_tokens(
    func: &ItemFn,
    item: &TokenStream,
    analysis: &Analysis,
    paths: &Paths,
) -> TokenStream {
    let view = view_impl(func, analysis, paths);
    let export = route_export(func, analysis, paths);
    emit(
        func,
        item,
        Item::View,
        analysis,
        quote!(#view #export),
        paths,
    )
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
    let generic = takes_only_extractors(analysis);
    let ex = extraction(analysis, &names, paths, Some(&func.sig.ident), !generic);
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
        unit_value: true,
    };
    let (req, cx) = (&names.req, &names.cx);
    let body = match analysis.mode {
        _ if let Some(call) = generic_handler(func, analysis, &ex, paths) => call,
        Mode::Async => {
            let future = adapter.async_body(&ex, &names);
            quote! {
                #handler::Async(&|#req: #request| -> #box_future<#response> { #future })
            }
        }
        Mode::Sync | Mode::Inline => {
            let call = adapter.sync_body(&ex, &names, &quote!(#cx: #blocking<'_>));
            quote!(#handler::Sync(&#call))
        }
    };
    adapter.trait_impl(&ex, body)
}

/// The most extractor arguments the runtime's generic adapters take.
const MAX_GENERIC_ARGS: usize = 8;

/// Whether the view's handler can be a generic runtime adapter: every
/// argument an extractor, at most `MAX_GENERIC_ARGS` of them.
fn takes_only_extractors(analysis: &Analysis) -> bool {
    analysis.args.len() <= MAX_GENERIC_ARGS
        && analysis
            .args
            .iter()
            .all(|arg| matches!(arg.kind, ArgKind::Extract { .. }))
}

/// The handler of a view whose arguments are all extractors: one call of
/// the runtime's generic `async_handler_N` / `sync_handler_N` /
/// `inline_handler_N::<Self, Args.., Output>` (`handler/view_call/`), a fn
/// pointer to its generic adapter, so the extraction is type-checked once in
/// the runtime instead of once per view, and the view needs no closure of
/// its own. `None` (the per-view body) when an argument is the request
/// itself or the `Blocking` capability, or there are too many.
fn generic_handler(
    func: &ItemFn,
    analysis: &Analysis,
    ex: &Extraction,
    paths: &Paths,
) -> Option<TokenStream> {
    let mut tys = Vec::new();
    for arg in &analysis.args {
        let ArgKind::Extract { .. } = &arg.kind else {
            return None;
        };
        tys.push(&arg.ty);
    }
    if tys.len() > MAX_GENERIC_ARGS {
        return None;
    }
    let handler = paths.view_handler(analysis.mode, tys.len());
    let name = &func.sig.ident;
    // The output spanned on the return type, so a type that is not a
    // response is reported there, as `into_response::<Output>` reports it.
    let out = match &analysis.output.nameable {
        Some(out) => quote_spanned!(analysis.output.span=> #out),
        None => quote!(_),
    };
    let asserts = &ex.asserts;
    let inferred = match analysis.mode {
        Mode::Async => quote!(_, _),
        Mode::Sync | Mode::Inline => quote!(_),
    };
    Some(quote! {
        #(#asserts)*
        #handler::<Self, #(#tys,)* #inferred, #out>(#name)
    })
}
