//! What `#[view]` exports for the compile-time route check of `#[routes]`:
//! `name::__TWAIN_ROUTE`, the view's name and each extracted argument's
//! name, type (as written), whether it is a route parameter, and what text
//! it parses from — all consts, so the check runs in const code.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ItemFn;
use syn::spanned::Spanned;

use crate::expand::adapter::respan;
use crate::expand::paths::Paths;
use crate::parse::signature::{Analysis, ArgKind, Mode};

/// `impl name { pub const __TWAIN_ROUTE: RouteView = .. }`.
pub(crate) fn route_export(func: &ItemFn, analysis: &Analysis, paths: &Paths) -> TokenStream {
    let route_view = paths.route_view();
    let name = &func.sig.ident;
    let name_str = name.to_string();
    let args = route_args(analysis, paths);
    quote! {
        impl #name {
            #[doc(hidden)]
            pub const __TWAIN_ROUTE: #route_view = #route_view {
                name: #name_str,
                args: &[#(#args),*],
                known: true,
            };
        }
    }
}

/// `route_arg::<Type>("name", "Type")` (or its sync or inline twin) of each
/// extracted argument, spanned on the type.
pub(crate) fn route_args(analysis: &Analysis, paths: &Paths) -> Vec<TokenStream> {
    // A sync view's arguments are `FromSyncRequest` types (a `Conn` too);
    // sync and inline ones may not be async-only (a WebSocket upgrade).
    let arg_of = match analysis.mode {
        Mode::Sync => paths.sync_route_arg(),
        Mode::Inline => paths.inline_route_arg(),
        Mode::Async => paths.route_arg_of(),
    };
    analysis
        .args
        .iter()
        .filter_map(|arg| {
            let ArgKind::Extract { name, .. } = &arg.kind else {
                return None;
            };
            let ty = &arg.ty;
            let shown = shown_type(ty);
            // The whole call on the type, so an error is reported there.
            let span = ty.span();
            let arg_of = respan(arg_of.clone(), span);
            Some(quote_spanned! {span=> #arg_of::<#ty>(#name, #shown) })
        })
        .collect()
}

/// The stand-in when `#[view]` reported errors: the check skips the view.
pub(crate) fn unknown_route(func: &ItemFn, paths: &Paths) -> TokenStream {
    let route_view = paths.route_view();
    let name = &func.sig.ident;
    quote! {
        impl #name {
            #[doc(hidden)]
            pub const __TWAIN_ROUTE: #route_view = #route_view {
                name: "",
                args: &[],
                known: false,
            };
        }
    }
}

/// A type as the user would write it: `std::path::PathBuf`, `Option<u32>`.
fn shown_type(ty: &syn::Type) -> String {
    quote!(#ty)
        .to_string()
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" <", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& ", "&")
}
