//! The shell every `#[view]` and `#[middleware]` expansion shares: the unit
//! struct named like the function (what `.route("", index)` and
//! `App::middleware(auth)` receive), then, in a `const _` block, the function
//! as written, its `Deref`, the adapter, and for async code its `Send` check.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

use crate::expand::deref::deref_impl;
use crate::expand::paths::Paths;
use crate::expand::send_assert::send_assertion;
use crate::parse::signature::{Analysis, Item, Mode};

/// The whole expansion around `adapter` (the impl of the runtime trait): the
/// unit struct named like the function, then, in a `const _` block, the
/// function as written, its `Deref`, the adapter, and for async code the check
/// that its future is `Send`, reported at the function.
pub(crate) fn emit(
    func: &ItemFn,
    item: &TokenStream,
    kind: Item,
    analysis: &Analysis,
    adapter: TokenStream,
    paths: &Paths,
) -> TokenStream {
    let name = &func.sig.ident;
    let vis = &func.vis;
    let docs = func.attrs.iter().filter(|a| a.path().is_ident("doc"));
    let cfgs: Vec<_> = func
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .collect();
    let deref = deref_impl(func, analysis, paths);
    // The function's own tokens, not `func` printed again: the same item,
    // for a fraction of the macro's run time.
    let (func, send_check) = match analysis.mode {
        Mode::Async => (item.clone(), send_assertion(kind.noun(), func, paths)),
        Mode::Sync | Mode::Inline => (deny_dropped_futures(item), quote!()),
    };
    let unit_impls = unit_impls(name);
    quote! {
        #(#cfgs)*
        #(#docs)*
        #[allow(non_camel_case_types)]
        #vis struct #name;

        #(#cfgs)*
        const _: () = {
            #unit_impls
            #func
            #send_check
            #deref
            #adapter
        };
    }
}

/// `Clone` and `Copy` of the unit struct, written out: what
/// `#[derive(Clone, Copy)]` gives, at a fraction of its `cargo check` time.
/// No `Debug` (a fn item has none either): the first local impl of `Debug`
/// in a crate makes rustc load every `Debug` impl of every dependency for its
/// coherence check, which was 8 % of checking an app with 100 views and no
/// `Debug` type of its own (BENCHMARKS.md, session 5).
pub(crate) fn unit_impls(name: &syn::Ident) -> TokenStream {
    quote! {
        impl ::core::clone::Clone for #name {
            #[inline]
            fn clone(&self) -> Self {
                *self
            }
        }
        impl ::core::marker::Copy for #name {}
    }
}

/// The user's sync fn with `#[deny(unused_must_use)]` put first (so an
/// `allow` of the user's own still wins): a future called and dropped without
/// being awaited is an error, not a warning, in sync code.
fn deny_dropped_futures(item: &TokenStream) -> TokenStream {
    quote! {
        #[deny(unused_must_use)]
        #item
    }
}
