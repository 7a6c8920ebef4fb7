//! What `#[view]` and `#[middleware]` emit when the user's function has
//! errors: the errors, the function as written (so rustc and IDEs still check
//! it), and a stand-in for the unit struct, so code that names the view or
//! middleware (`.route("", index)`) adds no errors of its own on top.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::errors::item_with_errors;
use crate::expand::paths::Paths;
use crate::parse::signature::Item;

pub(crate) fn with_errors(
    func: &ItemFn,
    kind: Item,
    item: TokenStream,
    error: syn::Error,
    paths: &Paths,
) -> TokenStream {
    if func.sig.receiver().is_some() {
        // A method, inside an `impl` block: no struct can go there.
        return item_with_errors(item, error);
    }
    let (trait_, info, handler) = match kind {
        Item::View => (paths.view_trait(), paths.view_info(), paths.handler()),
        Item::Middleware => (
            paths.middleware_trait(),
            paths.middleware_info(),
            paths.middleware_handler(),
        ),
    };
    let name = &func.sig.ident;
    let vis = &func.vis;
    let errors = error.into_compile_error();
    let (route, value) = match kind {
        Item::View => (
            crate::expand::route_export::unknown_route(func, paths),
            quote!(
                const VALUE: Self = Self;
            ),
        ),
        Item::Middleware => (quote!(), quote!()),
    };
    quote! {
        #errors

        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy)]
        #vis struct #name;

        const _: () = {
            #[allow(dead_code)]
            #item

            impl #trait_ for #name {
                #value
                fn info(&self) -> #info {
                    ::core::unreachable!()
                }
                fn handler(&self) -> #handler {
                    ::core::unreachable!()
                }
            }

            #route
        };
    }
}
