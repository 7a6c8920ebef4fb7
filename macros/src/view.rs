//! `#[view]`: parse → validate → expand. The user's function is emitted as
//! written, inside a `const _` block; beside it comes a unit struct with the
//! same name that implements the runtime's `View` trait (so `.route("", index)`
//! receives the adapter) and derefs to a fn pointer (so `index(&req)` still
//! calls the function).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{FnArg, Ident, ItemFn, Lifetime, Type};

use crate::errors::{Errors, item_with_errors};
use crate::options::parse_view_options;
use crate::paths;
use crate::rules;
use crate::send_check::send_assertion;
use crate::signature::{Analysis, ArgKind, Mode, analyze};

pub(crate) fn view(args: TokenStream, item: TokenStream) -> TokenStream {
    let func: ItemFn = match syn::parse2(item.clone()) {
        Ok(func) => func,
        Err(_) => {
            let error = syn::Error::new(
                Span::call_site(),
                "#[view] goes on a function: `fn name(..)` or `async fn name(..)`",
            );
            return item_with_errors(item, error);
        }
    };
    let mut errors = Errors::default();
    let options = parse_view_options(args, &mut errors);
    let analysis = analyze(&func.sig, options.inline.is_some(), &mut errors);
    rules::check_view(&func, &options, &analysis, &mut errors);
    match errors.finish() {
        Ok(()) => expand(&func, &analysis),
        Err(error) => item_with_errors(item, error),
    }
}

fn expand(func: &ItemFn, analysis: &Analysis) -> TokenStream {
    let name = &func.sig.ident;
    let vis = &func.vis;
    let docs = func.attrs.iter().filter(|a| a.path().is_ident("doc"));
    let cfgs: Vec<_> = func
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("cfg"))
        .collect();
    let deref = deref_impl(func, analysis);
    let view = view_impl(func, analysis);
    let (func, send_check) = match analysis.mode {
        Mode::Async => (func.clone(), send_assertion("view", func)),
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
            #view
        };
    }
}

/// The user's sync fn with `#[deny(unused_must_use)]` put first (so an
/// `allow` of the user's own still wins): a future called and dropped without
/// being awaited is an error, not a warning, in a sync view.
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
    let name = &func.sig.ident;
    let name_str = name.to_string();
    let (view_trait, view_info, view_arg, mode_ty, handler) = (
        paths::view_trait(),
        paths::view_info(),
        paths::view_arg(),
        paths::mode(),
        paths::handler(),
    );
    let (from_request, into_response, request, response) = (
        paths::from_request(),
        paths::into_response(),
        paths::request(),
        paths::response(),
    );
    let result = paths::result();
    let (box_future, sync_call, blocking, boxed, ok, err) = (
        paths::box_future(),
        paths::sync_call(),
        paths::blocking(),
        paths::boxed(),
        paths::ok(),
        paths::err(),
    );
    let req = Ident::new("__req", Span::mixed_site());
    let cx = Ident::new("__cx", Span::mixed_site());
    let rejected = Ident::new("__rejected", Span::mixed_site());

    let mut arg_infos = Vec::new();
    let mut extractions = Vec::new();
    let mut call_args = Vec::new();
    let bail = match analysis.mode {
        Mode::Async => quote!(return #rejected),
        Mode::Sync | Mode::Inline => quote!(return #err(#rejected)),
    };
    for (i, arg) in analysis.args.iter().enumerate() {
        let ty = &arg.ty;
        match &arg.kind {
            ArgKind::Request => call_args.push(quote!(#req)),
            ArgKind::RequestRef => call_args.push(quote!(&#req)),
            ArgKind::Blocking => call_args.push(quote!(#cx)),
            ArgKind::Extract { name: arg_name } => {
                let var = format_ident!("__a{}", i, span = Span::mixed_site());
                let as_extractor = quote_spanned!(ty.span()=> <#ty as #from_request>);
                arg_infos.push(quote! {
                    #view_arg { name: #arg_name, route_param: #as_extractor::ROUTE_PARAM }
                });
                extractions.push(quote! {
                    let #var = match #as_extractor::from_request(&mut #req, #arg_name).await {
                        #ok(value) => value,
                        #err(#rejected) => #bail,
                    };
                });
                call_args.push(quote!(#var));
            }
        }
    }

    let convert = match &analysis.output.nameable {
        Some(out) => quote_spanned!(analysis.output.span=> #into_response::<#out>),
        None => quote!(#into_response),
    };
    let (mode, body) = match analysis.mode {
        Mode::Async => (
            quote!(Async),
            quote! {
                #handler::Async(|#req: #request| -> #box_future<#response> {
                    #boxed::pin(async move {
                        #[allow(unused_mut)]
                        let mut #req = #req;
                        #(#extractions)*
                        #convert(#name(#(#call_args),*).await)
                    })
                })
            },
        ),
        Mode::Sync | Mode::Inline => (
            if analysis.mode == Mode::Sync {
                quote!(Sync)
            } else {
                quote!(Inline)
            },
            quote! {
                #handler::Sync(|#req: #request| -> #box_future<#result<#sync_call, #response>> {
                    #boxed::pin(async move {
                        #[allow(unused_mut)]
                        let mut #req = #req;
                        #(#extractions)*
                        let call: #sync_call = #boxed::new(move |#cx: #blocking<'_>| -> #response {
                            let _ = #cx;
                            #convert(#name(#(#call_args),*))
                        });
                        #ok(call)
                    })
                })
            },
        ),
    };

    quote! {
        impl #view_trait for #name {
            fn info(&self) -> #view_info {
                const ARGS: &[#view_arg] = &[#(#arg_infos),*];
                #view_info { name: #name_str, mode: #mode_ty::#mode, args: ARGS }
            }
            fn handler(&self) -> #handler {
                #body
            }
        }
    }
}
