//! `uri!(view(name = value, ..))`: the path of a view's route, built from
//! the pattern `#[routes]` recorded for it (`Routed`), with the parameters
//! checked against the view's route arguments at compile time (each given
//! once, none missing, none unknown) and each value's converter at run time.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Expr, Ident, Token};

use crate::expand::paths::Paths;

struct Uri {
    view: syn::Path,
    params: Vec<(Ident, Expr)>,
}

struct Param(Ident, Expr);

impl Parse for Param {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let name: Ident = input.parse()?;
        input.parse::<Token![=]>()?;
        Ok(Param(name, input.parse()?))
    }
}

impl Parse for Uri {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let view: syn::Path = input.parse()?;
        let mut params = Vec::new();
        if input.peek(syn::token::Paren) {
            let inside;
            syn::parenthesized!(inside in input);
            let list = Punctuated::<Param, Token![,]>::parse_terminated(&inside)?;
            params = list.into_iter().map(|Param(n, e)| (n, e)).collect();
        }
        Ok(Uri { view, params })
    }
}

pub(crate) fn uri(input: TokenStream) -> TokenStream {
    let uri: Uri = match syn::parse2(input) {
        Ok(uri) => uri,
        Err(err) => {
            let message = format!(
                "{err}; write `uri!(view(name = value, ..))`, e.g. `uri!(article(id = 5))`, or `uri!(index)`"
            );
            return syn::Error::new(err.span(), message).into_compile_error();
        }
    };
    let paths = Paths::new(None);
    let (report, check, build, routed) = (
        paths.route_report(),
        paths.check_uri(),
        paths.build_uri(),
        paths.routed(),
    );
    let view = &uri.view;
    let view_name = view
        .segments
        .last()
        .map(|s| s.ident.to_string())
        .unwrap_or_default();
    let names: Vec<String> = uri.params.iter().map(|(n, _)| n.to_string()).collect();
    let values = uri.params.iter().map(|(name, value)| {
        let name = name.to_string();
        quote_spanned!(value.span()=> (#name, &(#value) as &dyn ::core::fmt::Display))
    });
    let span = view.span();
    let pattern = quote_spanned!(span=> <#view as #routed>::PATTERN);
    let checked = quote_spanned! {span=>
        const _: () = {
            const REPORT: #report = #check(#view::__TWAIN_ROUTE, &[#(#names),*]);
            if REPORT.failed() {
                ::core::panic!("{}", REPORT.as_str())
            }
        };
    };
    quote! {
        {
            #checked
            #build(#view_name, #pattern, &[#(#values),*])
        }
    }
}
