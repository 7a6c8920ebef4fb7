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
    let (arg_of, item) = match analysis.mode {
        Mode::Sync => (paths.sync_route_arg(), "sync_route_arg"),
        Mode::Inline => (paths.inline_route_arg(), "inline_route_arg"),
        Mode::Async => (paths.route_arg_of(), "route_arg"),
    };
    let default_root = paths.custom_root().is_none();
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
            let arg_of = if default_root {
                // The same tokens as `arg_of` respanned, made spanned.
                let item = syn::Ident::new(item, span);
                quote_spanned!(span=> ::twain::__private::#item)
            } else {
                respan(arg_of.clone(), span)
            };
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
    let mut shown = String::new();
    if show_path_type(ty, &mut shown) {
        shown
    } else {
        shown_as_printed(ty)
    }
}

/// [`shown_type`] of a path type whose generic arguments are path types
/// too (`Query<Page>`, `std::collections::HashMap<String, u32>`), written
/// from the syntax tree; `false` for any other type. The text is the one
/// [`shown_as_printed`] makes (a unit test compares them), without printing
/// the tokens and mending their spacing.
fn show_path_type(ty: &syn::Type, out: &mut String) -> bool {
    let syn::Type::Path(path) = ty else {
        return false;
    };
    if path.qself.is_some() {
        return false;
    }
    if path.path.leading_colon.is_some() {
        out.push_str("::");
    }
    for (i, segment) in path.path.segments.iter().enumerate() {
        if i > 0 {
            out.push_str("::");
        }
        out.push_str(&segment.ident.to_string());
        match &segment.arguments {
            syn::PathArguments::None => {}
            syn::PathArguments::AngleBracketed(args) if args.colon2_token.is_none() => {
                out.push('<');
                for (j, arg) in args.args.iter().enumerate() {
                    if j > 0 {
                        out.push_str(", ");
                    }
                    let syn::GenericArgument::Type(ty) = arg else {
                        return false;
                    };
                    if !show_path_type(ty, out) {
                        return false;
                    }
                }
                out.push('>');
            }
            _ => return false,
        }
    }
    true
}

/// [`shown_type`] of any type: its tokens printed, the spacing mended.
fn shown_as_printed(ty: &syn::Type) -> String {
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

#[cfg(test)]
mod tests {
    use super::{shown_as_printed, shown_type};

    #[test]
    fn a_path_type_is_shown_as_its_printed_tokens_are() {
        for source in [
            "u32",
            "Query<Page>",
            "Json<Vec<Note>>",
            "std::path::PathBuf",
            "::std::path::PathBuf",
            "std::collections::HashMap<String, u32>",
            "Option<Vec<(u32, String)>>",
            "Cookies<'static>",
            "&'static str",
            "[u8; 4]",
        ] {
            let ty: syn::Type = syn::parse_str(source).unwrap();
            assert_eq!(shown_type(&ty), shown_as_printed(&ty), "{source}");
        }
    }
}
