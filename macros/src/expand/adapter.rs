//! The adapter code `#[view]` and `#[middleware]` share: the impl of the
//! runtime trait (name, mode, arguments, handler), and for a unit the
//! runtime's generic adapters do not serve, its own handler: each extractor
//! argument taken from the request in order (a rejection answers at once),
//! then the call of the user's function.
//!
//! One code path for both modes: an async adapter awaits each extractor; a
//! sync one is a plain closure, run where the request's sync part runs (a
//! sync thread, or the worker for `inline`), that drives each extractor
//! there with `extract_now`, so a sync view's `Json`/`Form`/`Text` body is
//! parsed on the sync thread, never on an async worker (its body was spooled
//! before the switch, so the built-in extractors are ready at once).
//!
//! The skeleton is text (`expand::text`); what an error may point at (an
//! argument's type, a destructuring pattern, the return type) is built
//! token by token with its span.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned;

use crate::expand::paths::{Paths, RuntimePath};
use crate::expand::text::Text;
use crate::expand::unit::Unit;
use crate::parse::signature::{ArgKind, Mode};

/// The names generated code binds; `mixed_site`, so they never clash with the
/// user's.
pub(crate) struct Names {
    pub(crate) req: Ident,
    pub(crate) cx: Ident,
    pub(crate) next: Ident,
    rejected: Ident,
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

/// Whether an extracted argument is a route parameter, as the trait's
/// `info()` and the pattern check read it.
pub(crate) enum ParamOf {
    /// From the view's route export (`route_export.rs`), so a bad argument
    /// type is reported once, there.
    Export,
    /// From a spanned call on the argument's type (middleware).
    Check,
}

pub(crate) struct Extraction {
    /// `ViewArg { name, route_param }` of each extracted argument
    /// (`ParamOf::Check` only).
    pub(crate) infos: Vec<TokenStream>,
    /// One `let` per extracted argument, run in order against `&mut req`;
    /// a rejection answers with it (empty unless `body`).
    pub(crate) statements: Vec<TokenStream>,
    /// The const assertions of destructured route parameters.
    pub(crate) asserts: Vec<TokenStream>,
    /// The arguments of the call to the user's function, in order.
    pub(crate) call_args: Vec<TokenStream>,
}

/// What the adapter of `unit` needs of each argument. `body`: whether the
/// adapter extracts in code of its own (`statements`); when it calls a
/// generic runtime adapter, only the const assertions are made.
pub(crate) fn extraction(
    unit: &Unit,
    names: &Names,
    paths: &Paths,
    param_of: ParamOf,
    body: bool,
) -> Extraction {
    let Names {
        req,
        cx,
        next,
        rejected,
    } = names;
    let (ok, err) = (paths.ok(), paths.err());
    let mut out = Extraction {
        infos: Vec::new(),
        statements: Vec::new(),
        asserts: Vec::new(),
        call_args: Vec::new(),
    };
    let mut extracted = 0usize;
    for (i, (arg, ty)) in unit.analysis.args.iter().zip(&unit.tys).enumerate() {
        let (arg_name, pattern) = match &arg.kind {
            ArgKind::Request => {
                out.call_args.push(quote!(#req));
                continue;
            }
            ArgKind::RequestRef => {
                out.call_args.push(quote!(&#req));
                continue;
            }
            ArgKind::Blocking => {
                out.call_args.push(quote!(#cx));
                continue;
            }
            ArgKind::Next { .. } => {
                out.call_args.push(quote!(#next));
                continue;
            }
            ArgKind::Extract { name, pattern } => (name, pattern),
        };
        // Spanned on the argument's type, so a type that is no extractor
        // is reported there and not at the attribute. A sync part extracts
        // on its sync thread, so it also takes sync-only extractors
        // (`FromSyncRequest`: a database `Conn`); sync and inline code
        // reject an async-only argument (a WebSocket upgrade) in the same
        // call, spanned whole on the type so the error is there.
        let span = arg.ty.span();
        let index = extracted;
        extracted += 1;
        if !body && pattern.is_none() {
            // Extracted by the generic adapter: nothing to check here.
            continue;
        }
        let is_param = match param_of {
            ParamOf::Export => {
                let view = unit.name;
                quote!(#view::__TWAIN_ROUTE.args[#index].param)
            }
            ParamOf::Check => {
                let check = match unit.analysis.mode {
                    Mode::Sync => paths.sync_route_param().spanned(span),
                    Mode::Inline => paths.inline_route_param().spanned(span),
                    Mode::Async => paths.route_param().to_token_stream(),
                };
                quote_spanned!(span=> #check::<#ty>())
            }
        };
        if let Some(pattern) = pattern {
            // Route parameters are found by name: a destructured one has none.
            let assert = pattern_assert(*pattern, &is_param);
            if body {
                out.statements.push(assert.clone());
            }
            out.asserts.push(assert);
        }
        if let ParamOf::Check = param_of {
            let view_arg = paths.view_arg();
            out.infos.push(quote! {
                #view_arg { name: #arg_name, route_param: #is_param }
            });
        }
        if !body {
            continue;
        }
        let var = format_ident!("__a{}", i, span = Span::mixed_site());
        let extract = match unit.analysis.mode {
            Mode::Async => {
                let from_request = paths.from_request();
                quote_spanned!(span=> <#ty as #from_request>::from_request(&mut #req, #arg_name).await)
            }
            Mode::Sync => {
                let from_sync_request = paths.from_sync_request();
                quote_spanned!(span=>
                    <#ty as #from_sync_request>::from_sync_request(&mut #req, #arg_name, #cx)
                )
            }
            Mode::Inline => {
                let (extract_now, from_request) =
                    (paths.extract_now().spanned(span), paths.from_request());
                quote_spanned!(span=>
                    #extract_now(<#ty as #from_request>::from_request(&mut #req, #arg_name))
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
    out
}

/// Route parameters are found by name: a destructured one has none.
fn pattern_assert(pattern: Span, is_param: &TokenStream) -> TokenStream {
    quote_spanned! {pattern=>
        const _: () = ::core::assert!(
            !#is_param,
            "a route parameter must be named with a plain identifier, like the `<int:name>` in its route: write `name: Type`, not a pattern"
        );
    }
}

/// How a result is turned into a response: `convert::<Output>` spanned on
/// the return type when the output can be named, so a type that is not a
/// response is reported there.
fn converter(unit: &Unit, convert: RuntimePath) -> TokenStream {
    match &unit.out {
        Some(out) => quote_spanned!(unit.analysis.output.span=> #convert::<#out>),
        None => quote!(#convert),
    }
}

/// The future of an async adapter: extract, then await the function;
/// `convert` turns its result into a response.
pub(crate) fn async_body(
    unit: &Unit,
    ex: &Extraction,
    names: &Names,
    paths: &Paths,
    convert: RuntimePath,
) -> TokenStream {
    let (name, boxed, convert) = (unit.name, paths.boxed(), converter(unit, convert));
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

/// The closure of a sync adapter, taking the request and `params`:
/// extract on this thread, then call the function; `convert` turns its
/// result into a response.
pub(crate) fn sync_body(
    unit: &Unit,
    ex: &Extraction,
    names: &Names,
    paths: &Paths,
    params: &TokenStream,
    convert: RuntimePath,
) -> TokenStream {
    let (name, convert) = (unit.name, converter(unit, convert));
    let (request, response) = (paths.request(), paths.response());
    let (req, cx) = (&names.req, &names.cx);
    let (statements, call_args) = (&ex.statements, &ex.call_args);
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

/// `impl Trait for name`: name, mode and arguments, and the handler
/// written by `handler`.
pub(crate) struct TraitImpl<'a> {
    pub(crate) trait_: RuntimePath<'a>,
    pub(crate) info: RuntimePath<'a>,
    pub(crate) handler: RuntimePath<'a>,
}

impl TraitImpl<'_> {
    pub(crate) fn write(
        &self,
        t: &mut Text,
        unit: &Unit,
        args: impl FnOnce(&mut Text),
        handler: impl FnOnce(&mut Text),
    ) {
        let mode = match unit.analysis.mode {
            Mode::Async => "Async",
            Mode::Sync => "Sync",
            Mode::Inline => "Inline",
        };
        let mode_ty = t.paths().mode();
        t.str("impl")
            .path(&self.trait_)
            .str("for")
            .tokens(unit.name)
            .braces(|t| {
                t.str("fn info(&self) ->")
                    .path(&self.info)
                    .braces(|t| {
                        t.path(&self.info).braces(|t| {
                            t.str(&format!("name: {:?}, mode:", unit.name_text))
                                .path(&mode_ty)
                                .str(&format!("::{mode}, args:"));
                            args(t);
                        });
                    })
                    .str("fn handler(&self) ->")
                    .path(&self.handler)
                    .braces(handler);
            });
    }
}
