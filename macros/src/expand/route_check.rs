//! The expansion of `#[routes]`: the function as written, with one const
//! check per routed view at the start of its body. Each runs
//! `check_route` (runtime `app/route_check.rs`) on the pattern's parameters
//! and the view's exported arguments, and panics — a compile error at the
//! pattern — with its message when they do not match.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ItemFn;

use crate::expand::paths::Paths;
use crate::parse::route_pattern::Param;
use crate::parse::routes::RouteCall;

/// A route to check: the call, and its pattern's parameters.
pub(crate) struct Checked<'a> {
    pub(crate) call: &'a RouteCall,
    pub(crate) params: Vec<Param>,
}

/// `routes` are checked; `local(view)` says whether a view is defined in this
/// crate (its `Routed` impl, read by `uri!`, may only be written there).
pub(crate) fn expand(
    func: &ItemFn,
    routes: &[Checked<'_>],
    local: impl Fn(&syn::Path) -> bool,
    paths: &Paths,
) -> TokenStream {
    let routed = paths.routed();
    let mut recorded: Vec<String> = Vec::new();
    let mut impls = Vec::new();
    let (check, report, converter) = (paths.check_route(), paths.route_report(), paths.converter());
    let mut checks = Vec::new();
    for route in routes {
        let pattern = &route.call.pattern;
        let complete = route.call.complete;
        let params = route.params.iter().map(|p| {
            let name = &p.name;
            let variant = syn::Ident::new(
                match p.converter {
                    "int" => "Int",
                    "slug" => "Slug",
                    "uuid" => "Uuid",
                    "path" => "Path",
                    _ => "Str",
                },
                pattern.span(),
            );
            quote!((#name, #converter::#variant))
        });
        let params: Vec<TokenStream> = params.collect();
        for view in &route.call.views {
            let shown = quote!(#view).to_string();
            // One pattern per view for `uri!`: its first whole route here.
            if complete && local(view) && !recorded.contains(&shown) {
                recorded.push(shown);
                impls.push(quote! {
                    impl #routed for #view {
                        const PATTERN: &'static str = #pattern;
                    }
                });
            }
            checks.push(quote_spanned! {pattern.span()=>
                const _: () = {
                    const REPORT: #report = #check(
                        #pattern,
                        &[#(#params),*],
                        #complete,
                        #view::__TWAIN_ROUTE,
                    );
                    if REPORT.failed() {
                        ::core::panic!("{}", REPORT.as_str())
                    }
                };
            });
        }
    }
    let mut func = func.clone();
    let stmts: Vec<syn::Stmt> = checks
        .into_iter()
        .map(|tokens| syn::Stmt::Item(syn::Item::Verbatim(tokens)))
        .collect();
    func.block.stmts.splice(0..0, stmts);
    // Beside the function, in an unnamed const: an impl inside the
    // function body would be a non-local definition.
    quote! {
        #func
        const _: () = {
            #(#impls)*
        };
    }
}
