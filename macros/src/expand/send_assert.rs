//! The `Send` check of an async view (or middleware): a never-called fn that
//! passes the user's future to an assertion bound by a trait whose
//! `on_unimplemented` text names the function. `do_not_recommend` on the
//! blanket impl makes rustc print that text first, at the function's name,
//! instead of an error deep inside the adapter's `Box<dyn Future + Send>`.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::{FnArg, Ident, ItemFn};

use crate::expand::paths::Paths;

/// `kind` is `view` or `middleware`.
pub(crate) fn send_assertion(kind: &str, func: &ItemFn, paths: &Paths) -> TokenStream {
    let name = &func.sig.ident;
    let send = paths.send();
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
    let trait_name = Ident::new("__MustBeSend", Span::mixed_site());
    let check = Ident::new("__send_check", Span::mixed_site());
    let assert = Ident::new("async_fn_must_be_send", Span::mixed_site());
    let message = format!("async {kind} `{name}` must be Send, but the future it returns is not");
    let label = format!("`{name}` holds a value that is not `Send` across an `.await`");
    let note = format!(
        "twain runs async code on a multi-thread runtime, so the future of `{name}` must be `Send`: drop `Rc`/`RefCell` borrows and std `MutexGuard`s before each `.await` (end their scope with a block, or use `Arc` / `tokio::sync::Mutex`); the next error shows the value and the `.await`"
    );
    let call = quote_spanned!(name.span()=> #assert(#name(#(#params),*)));
    quote! {
        #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
        trait #trait_name {}
        #[diagnostic::do_not_recommend]
        impl<T: #send> #trait_name for T {}
        #[allow(dead_code, unused_variables, clippy::too_many_arguments)]
        fn #check(#(#params: #tys),*) {
            fn #assert<F: #trait_name>(_: F) {}
            #call;
        }
    }
}
