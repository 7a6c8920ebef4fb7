//! The expansion of `#[sync_only]`: the capability argument (`cx: Blocking`,
//! written first) becomes `impl Trait` of a trait only `Blocking` implements,
//! whose `on_unimplemented` text names the function and the fix; the body
//! starts with the run-time guard.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};
use syn::spanned::Spanned;
use syn::{FnArg, Ident, ItemFn, Lifetime};

use crate::expand::paths::Paths;
use crate::parse::capability::blocking_lifetime;

/// `index`: where in `inputs` the capability is.
pub(crate) fn expand(mut func: ItemFn, index: usize, paths: &Paths) -> TokenStream {
    let name = func.sig.ident.clone();
    let name_str = name.to_string();
    let (may_block, guard, blocking) =
        (paths.may_block(), paths.sync_only_guard(), paths.blocking());
    let is_method = func.sig.receiver().is_some();
    let vis = func.vis.clone();
    let FnArg::Typed(typed) = &func.sig.inputs[index] else {
        unreachable!("capability_arg found a typed argument")
    };
    let user_pat = (*typed.pat).clone();
    let user_ty = (*typed.ty).clone();
    // `impl Trait<'_>` is not allowed in argument position: name the
    // capability's lifetime when the user left it elided.
    let lifetime = match blocking_lifetime(&user_ty).flatten() {
        Some(named) => named,
        None => {
            let fresh = Lifetime::new("'__twain_cx", Span::mixed_site());
            func.sig
                .generics
                .params
                .insert(0, syn::parse_quote!(#fresh));
            fresh
        }
    };
    let cx = Ident::new("__twain_cx", Span::mixed_site());
    let ty_span = user_ty.span();

    // Free functions get a trait of their own, so the error names them; a
    // method (whose impl block cannot hold a trait) uses `MayBlock`'s text.
    let (cap_trait, trait_def) = if is_method {
        (quote!(#may_block), quote!())
    } else {
        let trait_name = format_ident!("__twain_sync_only_{}", name, span = Span::mixed_site());
        let message =
            format!("`{name_str}` is sync-only: `{{Self}}` cannot prove that this code may block");
        let note_async = format!(
            "async views run on the executor: move the call into `twain::sync_to_async(|cx| {name_str}(cx, ..))`, or make the view a plain `fn` taking `cx: Blocking`"
        );
        let def = quote! {
            #[doc(hidden)]
            #[allow(non_camel_case_types)]
            #[diagnostic::on_unimplemented(
                message = #message,
                label = "expected the `cx: Blocking` of sync code",
                note = "only sync code holds a `Blocking`: a sync view or middleware (its `cx: Blocking` argument), `twain::sync_to_async(|cx| ...)`, or `twain::test::Client::blocking(|cx| ...)`",
                note = #note_async
            )]
            #vis trait #trait_name<'cx>: #may_block<'cx> {}
            impl<'cx> #trait_name<'cx> for #blocking<'cx> {}
        };
        (quote!(#trait_name), def)
    };
    let FnArg::Typed(typed) = &mut func.sig.inputs[index] else {
        unreachable!("capability_arg found a typed argument")
    };
    *typed.pat = syn::parse_quote!(#cx);
    *typed.ty = syn::parse_quote_spanned!(ty_span=> impl #cap_trait<#lifetime>);
    let block = &func.block;
    let new_block: syn::Block = syn::parse_quote_spanned! {block.span()=> {
        let #user_pat: #user_ty = #may_block::into_blocking(#cx);
        #guard(#name_str);
        #block
    }};
    *func.block = new_block;
    quote! {
        #trait_def
        #func
    }
}
