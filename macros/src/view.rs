//! `#[view]`: parse → validate → expand. The user's function is emitted as
//! written, inside a `const _` block; beside it comes a unit struct with the
//! same name that implements the runtime's `View` trait (so `.route("", index)`
//! receives the adapter) and derefs to a fn pointer (so `index(&req)` still
//! calls the function).

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{FnArg, Ident, ItemFn, Lifetime, Type};

use crate::check::fn_rules as rules;
use crate::errors::{Errors, parse_fn};
use crate::expand::adapter::{Adapter, Names, bail, converter, extraction};
use crate::expand::paths;
use crate::expand::send_assert::send_assertion;
use crate::expand::stub;
use crate::parse::options::parse_view_options;
use crate::parse::signature::{Analysis, Item, Mode, analyze};

pub(crate) fn view(args: TokenStream, item: TokenStream) -> TokenStream {
    let func = match parse_fn(
        &item,
        "#[view] goes on a function: `fn name(..)` or `async fn name(..)`",
    ) {
        Ok(func) => func,
        Err(out) => return out,
    };
    let mut errors = Errors::default();
    let options = parse_view_options(args, &mut errors);
    let analysis = analyze(&func.sig, Item::View, options.inline.is_some(), &mut errors);
    rules::check_view(&func, &options, &analysis, &mut errors);
    match errors.finish() {
        Ok(()) => expand(&func, &analysis),
        Err(error) => stub::with_errors(&func, Item::View, item, error),
    }
}

fn expand(func: &ItemFn, analysis: &Analysis) -> TokenStream {
    emit(func, Item::View, analysis, view_impl(func, analysis))
}

/// The whole expansion around `adapter` (the impl of the runtime trait): the
/// unit struct named like the function, then, in a `const _` block, the
/// function as written, its `Deref`, the adapter, and for async code the check
/// that its future is `Send`, reported at the function.
pub(crate) fn emit(
    func: &ItemFn,
    kind: Item,
    analysis: &Analysis,
    adapter: TokenStream,
) -> TokenStream {
    let name = &func.sig.ident;
    let vis = &func.vis;
    let docs = func.attrs.iter().filter(|a| a.path().is_ident("doc"));
    let cfgs: Vec<_> = func
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .collect();
    let deref = deref_impl(func, analysis);
    let (func, send_check) = match analysis.mode {
        Mode::Async => (func.clone(), send_assertion(kind.noun(), func)),
        Mode::Sync | Mode::Inline => (deny_dropped_futures(func), quote!()),
    };
    quote! {
        #(#cfgs)*
        #(#docs)*
        #[allow(non_camel_case_types)]
        #[derive(Clone, Copy, Debug)]
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

/// The user's sync fn with `#[deny(unused_must_use)]` put first (so an
/// `allow` of the user's own still wins): a future called and dropped without
/// being awaited is an error, not a warning, in sync code.
fn deny_dropped_futures(func: &ItemFn) -> ItemFn {
    let mut func = func.clone();
    func.attrs
        .insert(0, syn::parse_quote!(#[deny(unused_must_use)]));
    func
}

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

/// `impl Deref for name`: the fn pointer that keeps `name(..)` callable. Sync
/// views deref to their own signature; async views to a fn returning a boxed
/// future; a result that is an `impl Trait` comes back as a `Response`.
fn deref_impl(func: &ItemFn, analysis: &Analysis) -> TokenStream {
    let name = &func.sig.ident;
    let deref = paths::deref();
    let response = paths::response();
    let into_response = paths::into_response();
    let mut tys = arg_types(func);
    let params: Vec<Ident> = (0..tys.len())
        .map(|i| Ident::new(&format!("__p{i}"), Span::mixed_site()))
        .collect();
    let shim = Ident::new("__shim", Span::mixed_site());
    let call = quote!(#name(#(#params),*));

    let (generics, binder, target_ret, body) = if analysis.mode == Mode::Async {
        let lifetime = Lifetime::new("'__t", Span::mixed_site());
        let named: usize = tys
            .iter_mut()
            .map(|ty| name_elided_lifetimes(ty, &lifetime))
            .sum();
        let (pin, boxed, future, send) =
            (paths::pin(), paths::boxed(), paths::future(), paths::send());
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
            (
                quote!(),
                quote!(),
                quote!(#pin<#boxed<dyn #future<Output = #out> + #send>>),
                body,
            )
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

    quote! {
        impl #deref for #name {
            type Target = #binder fn(#(#tys),*) -> #target_ret;
            fn deref(&self) -> &Self::Target {
                #[allow(clippy::too_many_arguments)]
                fn #shim #generics(#(#params: #tys),*) -> #target_ret {
                    #body
                }
                const __F: #binder fn(#(#tys),*) -> #target_ret = #shim;
                &__F
            }
        }
    }
}

/// `impl View for name`: what the runtime needs to route to and call the view.
fn view_impl(func: &ItemFn, analysis: &Analysis) -> TokenStream {
    let (handler, request, response, result, box_future) = (
        paths::handler(),
        paths::request(),
        paths::response(),
        paths::result(),
        paths::box_future(),
    );
    let (sync_call, blocking) = (paths::sync_call(), paths::blocking());
    let names = Names::new();
    let ex = extraction(analysis, &names, &bail(analysis, &names));
    let adapter = Adapter {
        name: &func.sig.ident,
        trait_: paths::view_trait(),
        info: paths::view_info(),
        handler: handler.clone(),
        mode: match analysis.mode {
            Mode::Async => quote!(Async),
            Mode::Sync => quote!(Sync),
            Mode::Inline => quote!(Inline),
        },
        convert: converter(analysis, paths::into_response()),
    };
    let (req, cx) = (&names.req, &names.cx);
    let body = match analysis.mode {
        Mode::Async => {
            let future = adapter.async_body(&ex, &names);
            quote! {
                #handler::Async(|#req: #request| -> #box_future<#response> { #future })
            }
        }
        Mode::Sync | Mode::Inline => {
            let future = adapter.sync_body(&ex, &names, &sync_call, &quote!(#cx: #blocking<'_>));
            quote! {
                #handler::Sync(|#req: #request| -> #box_future<#result<#sync_call, #response>> {
                    #future
                })
            }
        }
    };
    adapter.trait_impl(&ex, body)
}
