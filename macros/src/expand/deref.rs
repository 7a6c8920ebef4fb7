//! The `Deref` of a view's or middleware's unit struct to a fn pointer, so
//! the name is still callable as written (`index(&req)`, `auth(req, next)`).

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::visit_mut::VisitMut;
use syn::{FnArg, Ident, ItemFn, Lifetime, Type};

use crate::expand::adapter::respan;
use crate::expand::paths::Paths;
use crate::parse::signature::{Analysis, Item, Mode};

/// The argument types as written, in order.
fn arg_types(func: &ItemFn) -> Vec<Type> {
    func.sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => Some((*typed.ty).clone()),
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// Names every elided lifetime in `ty` (`&T`, `'_`) `lifetime`; returns how many.
fn name_elided_lifetimes(ty: &mut Type, lifetime: &Lifetime) -> usize {
    struct Namer<'l>(&'l Lifetime, usize);
    impl VisitMut for Namer<'_> {
        fn visit_type_reference_mut(&mut self, node: &mut syn::TypeReference) {
            if node.lifetime.is_none() {
                node.lifetime = Some(self.0.clone());
                self.1 += 1;
            }
            syn::visit_mut::visit_type_reference_mut(self, node);
        }
        fn visit_lifetime_mut(&mut self, node: &mut Lifetime) {
            if node.ident == "_" {
                *node = self.0.clone();
                self.1 += 1;
            }
        }
    }
    let mut namer = Namer(lifetime, 0);
    namer.visit_type_mut(ty);
    namer.1
}

/// Whether `ty` has an elided lifetime (`&T`, `'_`): an async view with one
/// derefs through a shim of its own.
pub(crate) fn has_elided_lifetimes(ty: &Type) -> bool {
    let lifetime = Lifetime::new("'__t", Span::mixed_site());
    name_elided_lifetimes(&mut ty.clone(), &lifetime) > 0
}

/// The most arguments the runtime's `async_deref_N` take.
const MAX_SHARED_DEREF_ARGS: usize = 8;

/// `impl Deref for name`: the fn pointer that keeps `name(..)` callable. Sync
/// views deref to their own signature; async views to a fn returning a boxed
/// future; a result that is an `impl Trait` comes back as a `Response`.
/// The second value: whether the `Deref` also checks that an async view's
/// future is `Send` (`async_view_deref_N`), so no separate check is needed.
pub(crate) fn deref_impl(
    func: &ItemFn,
    kind: Item,
    analysis: &Analysis,
    paths: &Paths,
) -> (TokenStream, bool) {
    let name = &func.sig.ident;
    let deref = paths.deref();
    let response = paths.response();
    let into_response = paths.into_response();
    let mut tys = arg_types(func);
    let params: Vec<Ident> = (0..tys.len())
        .map(|i| Ident::new(&format!("__p{i}"), Span::mixed_site()))
        .collect();
    let shim = Ident::new("__shim", Span::mixed_site());
    let call = quote!(#name(#(#params),*));

    let mut shared_async_deref = false;
    let (generics, binder, target_ret, body) = if analysis.mode == Mode::Async {
        let lifetime = Lifetime::new("'__t", Span::mixed_site());
        let named: usize = tys
            .iter_mut()
            .map(|ty| name_elided_lifetimes(ty, &lifetime))
            .sum();
        let (pin, boxed, future, send) = (paths.pin(), paths.boxed(), paths.future(), paths.send());
        let (out, body) = match &analysis.output.nameable {
            Some(out) => (quote!(#out), quote!(#boxed::pin(#call))),
            None => (
                quote!(#response),
                quote!(#boxed::pin(async move { #into_response(#call.await) })),
            ),
        };
        if named > 0 {
            (
                quote!(<#lifetime>),
                quote!(for<#lifetime>),
                quote!(#pin<#boxed<dyn #future<Output = #out> + #send + #lifetime>>),
                body,
            )
        } else {
            // `BoxFuture<Out>` is that same type; boxing through the
            // runtime's generic `box_future` checks the coercion once there.
            let (box_future, box_it) = (paths.box_future(), paths.box_future_of());
            let body = match &analysis.output.nameable {
                Some(_) => quote!(#box_it(#call)),
                None => body,
            };
            shared_async_deref =
                analysis.output.nameable.is_some() && tys.len() <= MAX_SHARED_DEREF_ARGS;
            (quote!(), quote!(), quote!(#box_future<#out>), body)
        }
    } else {
        match &analysis.output.nameable {
            Some(out) => (quote!(), quote!(), quote!(#out), call),
            None => (
                quote!(),
                quote!(),
                quote!(#response),
                quote!(#into_response(#call)),
            ),
        }
    };

    // The runtime's shared pointers are `&'static dyn Fn` (they hold the
    // function); a shim or the fn itself is a fn pointer.
    let target = if shared_async_deref {
        quote!(dyn Fn(#(#tys),*) -> #target_ret)
    } else {
        quote!(#binder fn(#(#tys),*) -> #target_ret)
    };
    // A sync fn whose result is its own needs no shim: the fn itself, cast
    // to its pointer (a promoted constant, like the shim's).
    let pointer = if analysis.mode != Mode::Async && analysis.output.nameable.is_some() {
        quote!(&(#name as Self::Target))
    } else if shared_async_deref && kind == Item::View {
        // The runtime's one generic pointer for this arity, with the
        // view's `Send` check: no shim here, no check of its own.
        let callee = checked_async_deref(name, tys.len(), paths);
        quote!(#callee(#name))
    } else if shared_async_deref {
        // The runtime's one generic pointer for this arity: no shim here.
        let async_deref = paths.async_deref(tys.len());
        quote!(#async_deref(#name))
    } else {
        quote! {
            #[allow(clippy::too_many_arguments)]
            fn #shim #generics(#(#params: #tys),*) -> #target_ret {
                #body
            }
            &(#shim as #target)
        }
    };
    let deref = quote! {
        impl #deref for #name {
            type Target = #target;
            fn deref(&self) -> &Self::Target {
                #pointer
            }
        }
    };
    (deref, shared_async_deref && kind == Item::View)
}

/// `async_view_deref_N::<name, _, ..>` for an async view with `n`
/// arguments, every token spanned on the view's name: a future that is not
/// `Send` is reported there, as the separate check of other async views
/// reports it (`expand::send_assert`).
pub(crate) fn checked_async_deref(name: &Ident, n: usize, paths: &Paths) -> TokenStream {
    let span = name.span();
    let path = respan(paths.async_view_deref(n), span);
    let inferred = (0..n + 2).map(|_| quote_spanned!(span=> _));
    quote_spanned!(span=> #path::<#name #(, #inferred)*>)
}
