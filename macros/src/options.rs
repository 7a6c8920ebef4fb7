//! The options of `#[view(...)]`: parsed once, every unknown or repeated option
//! reported with the list of valid ones.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;

use crate::errors::Errors;

/// `(name, what it does)` for every option `#[view]` accepts.
const VIEW_OPTIONS: &[(&str, &str)] = &[
    (
        "inline",
        "run a cheap, non-blocking sync view on the async worker, with no thread switch",
    ),
    (
        "allow_blocking",
        "let an async view make calls twain flags as blocking",
    ),
];

#[derive(Default)]
pub(crate) struct ViewOptions {
    /// `inline`: where it was written, for errors about it.
    pub(crate) inline: Option<Span>,
    /// `allow_blocking`.
    pub(crate) allow_blocking: Option<Span>,
}

fn valid_list() -> String {
    VIEW_OPTIONS
        .iter()
        .map(|(name, what)| format!("`{name}` ({what})"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn parse_view_options(args: TokenStream, errors: &mut Errors) -> ViewOptions {
    let mut options = ViewOptions::default();
    let parser = syn::meta::parser(|meta| {
        let span = meta.path.segments.first().map(|s| s.ident.span());
        let span = span.unwrap_or_else(Span::call_site);
        let slot = if meta.path.is_ident("inline") {
            Some(&mut options.inline)
        } else if meta.path.is_ident("allow_blocking") {
            Some(&mut options.allow_blocking)
        } else {
            None
        };
        match slot {
            Some(slot) if slot.is_some() => {
                errors.at(&meta.path, "this option is given twice: remove one");
            }
            Some(slot) => *slot = Some(span),
            None => {
                let name = quote::ToTokens::to_token_stream(&meta.path).to_string();
                errors.at(
                    &meta.path,
                    format!(
                        "unknown option `{}` for #[view]; valid options are: {}",
                        name.replace(' ', ""),
                        valid_list()
                    ),
                );
            }
        }
        // Options are bare words; consume a stray value so parsing goes on
        // and every other option is still checked.
        if meta.input.peek(syn::Token![=]) {
            let value = meta.value()?;
            let expr: syn::Expr = value.parse()?;
            if slot_known(&meta.path) {
                errors.at(expr, "this option takes no value: write it as a bare word");
            }
        } else if meta.input.peek(syn::token::Paren) {
            let nested;
            syn::parenthesized!(nested in meta.input);
            let rest: TokenStream = nested.parse()?;
            if slot_known(&meta.path) {
                errors.at(
                    rest,
                    "this option takes no arguments: write it as a bare word",
                );
            }
        }
        Ok(())
    });
    if let Err(err) = parser.parse2(args) {
        errors.push(syn::Error::new(
            err.span(),
            format!(
                "{err}; #[view] takes a comma-separated list of options: {}",
                valid_list()
            ),
        ));
    }
    options
}

fn slot_known(path: &syn::Path) -> bool {
    VIEW_OPTIONS.iter().any(|(name, _)| path.is_ident(name))
}
