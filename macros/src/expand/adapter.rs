//! The adapter code `#[view]` and `#[middleware]` share: each extractor
//! argument taken from the request in order (a rejection answers at once), the
//! call of the user's function, the async and sync handler bodies around it,
//! and the impl of the runtime trait.
//!
//! One code path for both modes: an async adapter awaits each extractor; a
//! sync one is a plain fn, run where the request's sync part runs (a sync
//! thread, or the worker for `inline`), that drives each extractor there with
//! `extract_now` — so a sync view's `Json`/`Form`/`Text` body is parsed on the
//! sync thread, never on an async worker (its body was spooled before the
//! switch, so the built-in extractors are ready at once).

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned;

use crate::expand::paths::Paths;
use crate::parse::signature::{Analysis, ArgKind, Mode};

/// The names generated code binds; `mixed_site`, so they never clash with the
/// user's.
pub(crate) struct Names {
    pub(crate) req: Ident,
    pub(crate) cx: Ident,
    pub(crate) next: Ident,
    pub(crate) rejected: Ident,
}

impl Names {
    pub(crate) fn new() -> Self {
        let name = |s: &str| Ident::new(s, Span::mixed_site());
        Names {
            req: name("__req"),
            cx: name("__cx"),
            next: name("__next"),
            rejected: name("__rejected"),
        }
    }
}

pub(crate) struct Extraction {
    /// `ViewArg { name, route_param }` of each extracted argument.
    pub(crate) infos: Vec<TokenStream>,
    /// One `let` per extracted argument, run in order against `&mut req`;
    /// a rejection answers with it.
    pub(crate) statements: Vec<TokenStream>,
    /// The const assertions among `statements` (a destructured route
    /// parameter), for adapters that extract elsewhere.
    pub(crate) asserts: Vec<TokenStream>,
    /// The arguments of the call to the user's function, in order.
    pub(crate) call_args: Vec<TokenStream>,
    /// The view whose `__TWAIN_ROUTE` export the infos read, when they do.
    pub(crate) exported: Option<Ident>,
    /// How many arguments are extracted.
    pub(crate) extracted: usize,
}

/// `exported`: the view's name when `#[view]` exports its arguments
/// (`route_export.rs`); the argument infos then read whether each is a route
/// parameter from that export, so a bad argument type is reported once.
/// `body`: whether the adapter extracts in code of its own (`statements`);
/// when it calls a generic runtime adapter instead, only the const
/// assertions are made.
pub(crate) fn extraction(
    analysis: &Analysis,
    names: &Names,
    paths: &Paths,
    exported: Option<&Ident>,
    body: bool,
) -> Extraction {
    let (view_arg, from_request, route_param, ok, err) = (
        paths.view_arg(),
        paths.from_request(),
        paths.route_param(),
        paths.ok(),
        paths.err(),
    );
    let extract_now = paths.extract_now();
    let (from_sync_request, sync_route_param) =
        (paths.from_sync_request(), paths.sync_route_param());
    let Names {
        req,
        cx,
        next,
        rejected,
    } = names;
    let inline_route_param = paths.inline_route_param();
    let mut out = Extraction {
        infos: Vec::new(),
        statements: Vec::new(),
        asserts: Vec::new(),
        call_args: Vec::new(),
        exported: exported.cloned(),
        extracted: 0,
    };
    let mut extracted = 0usize;
    for (i, arg) in analysis.args.iter().enumerate() {
        let ty = &arg.ty;
        match &arg.kind {
            ArgKind::Request => out.call_args.push(quote!(#req)),
            ArgKind::RequestRef => out.call_args.push(quote!(&#req)),
            ArgKind::Blocking => out.call_args.push(quote!(#cx)),
            ArgKind::Next { .. } => out.call_args.push(quote!(#next)),
            ArgKind::Extract {
                name: arg_name,
                pattern,
            } => {
                if let (false, Some(view)) = (body, exported) {
                    if let Some(pattern) = pattern {
                        out.asserts.push(pattern_assert(
                            *pattern,
                            quote!(#view::__TWAIN_ROUTE.args[#extracted].param),
                        ));
                    }
                    extracted += 1;
                    continue;
                }
                let var = format_ident!("__a{}", i, span = Span::mixed_site());
                // Spanned on the argument's type, so a type that is no
                // extractor is reported there and not at the attribute.
                // A sync part extracts on its sync thread, so it also takes
                // sync-only extractors (`FromSyncRequest`: a database `Conn`).
                // Sync and inline code reject an async-only argument (a
                // WebSocket upgrade) in the same call, spanned whole on the
                // argument's type so the error is there.
                let (as_extractor, is_param) = match analysis.mode {
                    Mode::Sync => {
                        let check = respan(sync_route_param.clone(), ty.span());
                        (
                            quote_spanned!(ty.span()=> <#ty as #from_sync_request>),
                            quote_spanned!(ty.span()=> #check::<#ty>()),
                        )
                    }
                    Mode::Inline => {
                        let check = respan(inline_route_param.clone(), ty.span());
                        (
                            quote_spanned!(ty.span()=> <#ty as #from_request>),
                            quote_spanned!(ty.span()=> #check::<#ty>()),
                        )
                    }
                    Mode::Async => (
                        quote_spanned!(ty.span()=> <#ty as #from_request>),
                        quote_spanned!(ty.span()=> #route_param::<#ty>()),
                    ),
                };
                let is_param = match exported {
                    Some(view) => quote!(#view::__TWAIN_ROUTE.args[#extracted].param),
                    None => is_param,
                };
                extracted += 1;
                out.infos.push(quote! {
                    #view_arg { name: #arg_name, route_param: #is_param }
                });
                if let Some(pattern) = pattern {
                    // Route parameters are found by name: a destructured one has none.
                    let assert = pattern_assert(*pattern, is_param.clone());
                    out.statements.push(assert.clone());
                    out.asserts.push(assert);
                }
                let extract = match analysis.mode {
                    Mode::Async => quote_spanned!(ty.span()=>
                        #as_extractor::from_request(&mut #req, #arg_name).await
                    ),
                    Mode::Sync => quote_spanned!(ty.span()=>
                        #as_extractor::from_sync_request(&mut #req, #arg_name, #cx)
                    ),
                    Mode::Inline => {
                        let extract_now = respan(extract_now.clone(), ty.span());
                        quote_spanned!(ty.span()=>
                            #extract_now(#as_extractor::from_request(&mut #req, #arg_name))
                        )
                    }
                };
                out.statements.push(quote! {
                    let #var = match #extract {
                        #ok(value) => value,
                        #err(#rejected) => return #rejected,
                    };
                });
                out.call_args.push(quote!(#var));
            }
        }
    }
    out.extracted = extracted;
    out
}

/// Route parameters are found by name: a destructured one has none.
fn pattern_assert(pattern: Span, is_param: TokenStream) -> TokenStream {
    quote_spanned! {pattern=>
        const _: () = ::core::assert!(
            !#is_param,
            "a route parameter must be named with a plain identifier, like the `<int:name>` in its route: write `name: Type`, not a pattern"
        );
    }
}

/// `tokens` (a path: no groups) with every token spanned at `span`.
pub(crate) fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            token.set_span(span);
            token
        })
        .collect()
}

/// What differs between the adapters of a view and of a middleware.
pub(crate) struct Adapter<'a> {
    /// The user's function.
    pub(crate) name: &'a Ident,
    /// The runtime trait, its info type and its handler type.
    pub(crate) trait_: TokenStream,
    pub(crate) info: TokenStream,
    pub(crate) handler: TokenStream,
    /// The `Mode` variant: `Async`, `Sync` or `Inline`.
    pub(crate) mode: TokenStream,
    /// `into_response` (or its middleware twin), spanned on the return type.
    pub(crate) convert: TokenStream,
    /// Where the runtime is.
    pub(crate) paths: &'a Paths,
    /// Whether the trait has `const VALUE: Self` (`View` has).
    pub(crate) unit_value: bool,
}

impl Adapter<'_> {
    /// The future of an async adapter: extract, then await the function.
    pub(crate) fn async_body(&self, ex: &Extraction, names: &Names) -> TokenStream {
        let (name, convert, boxed) = (self.name, &self.convert, self.paths.boxed());
        let (req, statements, call_args) = (&names.req, &ex.statements, &ex.call_args);
        quote! {
            #boxed::pin(async move {
                #[allow(unused_mut)]
                let mut #req = #req;
                #(#statements)*
                #convert(#name(#(#call_args),*).await)
            })
        }
    }

    /// The body of a sync adapter, a plain fn taking the request and
    /// `params`: extract on this thread, then call the function.
    pub(crate) fn sync_body(
        &self,
        ex: &Extraction,
        names: &Names,
        params: &TokenStream,
    ) -> TokenStream {
        let (name, convert) = (self.name, &self.convert);
        let response = self.paths.response();
        let (req, cx) = (&names.req, &names.cx);
        let (statements, call_args) = (&ex.statements, &ex.call_args);
        let request = self.paths.request();
        quote! {
            |#req: #request, #params| -> #response {
                #[allow(unused_mut)]
                let mut #req = #req;
                let _ = &#cx;
                #(#statements)*
                #convert(#name(#(#call_args),*))
            }
        }
    }

    /// `impl Trait for name`: name, mode and arguments, and the handler.
    pub(crate) fn trait_impl(&self, ex: &Extraction, handler_body: TokenStream) -> TokenStream {
        let (name, trait_, info, handler, mode) = (
            self.name,
            &self.trait_,
            &self.info,
            &self.handler,
            &self.mode,
        );
        let (view_arg, mode_ty) = (self.paths.view_arg(), self.paths.mode());
        let name_str = name.to_string();
        let infos = &ex.infos;
        let value = self.unit_value.then(|| {
            quote!(
                const VALUE: Self = Self;
            )
        });
        // A view's arguments are read from its export in one const call,
        // rather than one indexing of the export per argument, in an inline
        // `const`: a `const` item there cost 13 M more instructions in an
        // incremental check of a 100-view app (BENCHMARKS.md, session 6).
        let args = match &ex.exported {
            Some(view) => {
                let (view_args, n) = (self.paths.view_args(), ex.extracted);
                quote! {
                    const { &#view_args::<#n>(#view::__TWAIN_ROUTE.args) }
                }
            }
            None => quote! {
                {
                    const ARGS: &[#view_arg] = &[#(#infos),*];
                    ARGS
                }
            },
        };
        quote! {
            impl #trait_ for #name {
                #value
                fn info(&self) -> #info {
                    #info { name: #name_str, mode: #mode_ty::#mode, args: #args }
                }
                fn handler(&self) -> #handler {
                    #handler_body
                }
            }
        }
    }
}

/// How a result is turned into a response: `convert::<Output>` spanned on the
/// return type when the output can be named, so a type that is not a response
/// is reported there.
pub(crate) fn converter(analysis: &Analysis, convert: TokenStream) -> TokenStream {
    match &analysis.output.nameable {
        Some(out) => quote_spanned!(analysis.output.span=> #convert::<#out>),
        None => convert,
    }
}
