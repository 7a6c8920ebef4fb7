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
    let (deref, deref_checks_send) = deref_impl(func, kind, analysis, paths);
    // The function's own tokens, not `func` printed again: the same item,
    // for a fraction of the macro's run time.
    let (func, send_check) = match analysis.mode {
        Mode::Async if deref_checks_send => (item.clone(), quote!()),
        Mode::Async => (item.clone(), send_assertion(kind.noun(), func, paths)),
        Mode::Sync | Mode::Inline => (deny_dropped_futures(item), quote!()),
    };
    quote! {
        #(#cfgs)*
        #(#docs)*
        #[allow(non_camel_case_types)]
        #vis struct #name;

        #(#cfgs)*
        const _: () = {
            #func
            #send_check
            #deref
            #adapter
        };
    }
}

// The unit struct has no impls of its own beyond `View` and `Deref`: not
// `Debug` (a fn item's is useless, and the first local `Debug` impl makes
// rustc load every `Debug` impl of every dependency for coherence: 8 % of
// checking a 100-view app), and not `Clone`/`Copy` (writing the view's
// name again makes a new value, so `.route("a", show).route("b", show)`
// needs neither; the two impls were 10 % of an incremental `cargo check` of
// that app). BENCHMARKS.md, session 5.

/// The user's sync fn with `#[deny(unused_must_use)]` put first (so an
/// `allow` of the user's own still wins): a future called and dropped without
/// being awaited is an error, not a warning, in sync code.
fn deny_dropped_futures(item: &TokenStream) -> TokenStream {
    quote! {
        #[deny(unused_must_use)]
        #item
    }
}
