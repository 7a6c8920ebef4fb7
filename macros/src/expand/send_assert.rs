//! The `Send` check of an async view (or middleware): a never-called fn that
//! passes the user's future to the runtime's `async_view_must_be_send::<name>`
//! (or `async_middleware_must_be_send`), whose bound's `on_unimplemented`
//! text names the function through the unit struct named like it
//! (`handler/must_be_send.rs`). The call is spanned on the function's name,
//! so that is where the error points, before the adapter's own
//! `Box<dyn Future + Send>` error.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::{FnArg, Ident, ItemFn};

use crate::expand::paths::Paths;

/// `kind` is `view` or `middleware`.
pub(crate) fn send_assertion(kind: &str, func: &ItemFn, paths: &Paths) -> TokenStream {
    let name = &func.sig.ident;
    let tys: Vec<_> = func
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => Some(&*typed.ty),
            FnArg::Receiver(_) => None,
        })
        .collect();
    let params: Vec<Ident> = (0..tys.len())
        .map(|i| Ident::new(&format!("__p{i}"), Span::mixed_site()))
        .collect();
    let check = Ident::new("__send_check", Span::mixed_site());
    let assert = if kind == "middleware" {
        paths.async_middleware_must_be_send()
    } else {
        paths.async_view_must_be_send()
    };
    let call = quote_spanned!(name.span()=> #assert::<#name>(#name(#(#params),*)));
    quote! {
        #[allow(dead_code, unused_variables, clippy::too_many_arguments)]
        fn #check(#(#params: #tys),*) {
            #call;
        }
    }
}
