//! What `#[view]` exports for the compile-time route check of `#[routes]`:
//! `name::__TWAIN_ROUTE`, the view's name and each extracted argument's
//! name, type (as written), whether it is a route parameter, and what text
//! it parses from — all consts, so the check runs in const code.

use proc_macro2::{Delimiter, TokenStream};
use quote::{quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned;

use crate::expand::deref::list;
use crate::expand::text::Text;
use crate::expand::unit::Unit;
use crate::parse::signature::{ArgKind, Mode};

/// `impl name { pub const __TWAIN_ROUTE: RouteView = .. }`.
pub(crate) fn route_export(t: &mut Text, unit: &Unit) {
    let args = route_args(t, unit);
    export(
        t,
        unit.name,
        &format!("{:?}", unit.name_text),
        |t| list(t, &args),
        true,
    );
}

/// The stand-in when `#[view]` reported errors: the check skips the view.
pub(crate) fn unknown_route(t: &mut Text, name: &Ident) {
    export(t, name, "\"\"", |_| {}, false);
}

fn export(
    t: &mut Text,
    name: &Ident,
    name_literal: &str,
    args: impl FnOnce(&mut Text),
    known: bool,
) {
    let route_view = t.paths().route_view();
    t.str("impl").tokens(name).braces(|t| {
        t.str("#[doc(hidden)] pub const __TWAIN_ROUTE:")
            .path(&route_view)
            .str("=")
            .path(&route_view)
            .braces(|t| {
                t.str(&format!("name: {name_literal}, args: &"))
                    .group(Delimiter::Bracket, args)
                    .str(&format!(", known: {known},"));
            })
            .str(";");
    });
}

/// `route_arg::<Type>("name", "Type")` (or its sync or inline twin) of each
/// extracted argument, spanned on the type.
fn route_args(t: &Text, unit: &Unit) -> Vec<TokenStream> {
    // A sync view's arguments are `FromSyncRequest` types (a `Conn` too);
    // sync and inline ones may not be async-only (a WebSocket upgrade).
    let paths = t.paths();
    let arg_of = match unit.analysis.mode {
        Mode::Sync => paths.sync_route_arg(),
        Mode::Inline => paths.inline_route_arg(),
        Mode::Async => paths.route_arg_of(),
    };
    unit.analysis
        .args
        .iter()
        .zip(&unit.tys)
        .filter_map(|(arg, ty)| {
            let ArgKind::Extract { name, .. } = &arg.kind else {
                return None;
            };
            let shown = shown_type(&arg.ty);
            // The whole call on the type, so an error is reported there.
            let span = arg.ty.span();
            let arg_of = arg_of.spanned(span);
            Some(quote_spanned! {span=> #arg_of::<#ty>(#name, #shown) })
        })
        .collect()
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
