//! The options of `#[view(...)]` and `#[middleware(...)]`: parsed once, every
//! unknown or repeated option reported with the list of valid ones.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;

use crate::errors::Errors;

/// `(name, what it does)` for each option a macro accepts.
type Valid = &'static [(&'static str, &'static str)];

/// Every option `#[view]` accepts.
const VIEW_OPTIONS: Valid = &[
    (
        "inline",
        "run a cheap, non-blocking sync view on the async worker, with no thread switch",
    ),
    (
        "allow_blocking",
        "let an async view make calls twain flags as blocking",
    ),
];

/// Every option `#[middleware]` accepts.
const MIDDLEWARE_OPTIONS: Valid = &[(
    "allow_blocking",
    "let an async middleware make calls twain flags as blocking",
)];

#[derive(Default)]
pub(crate) struct ViewOptions {
    /// `inline`: where it was written, for errors about it.
    pub(crate) inline: Option<Span>,
    /// `allow_blocking`: read by the blocking-call lints.
    #[allow(dead_code)]
    pub(crate) allow_blocking: Option<Span>,
}

#[derive(Default)]
pub(crate) struct MiddlewareOptions {
    /// `allow_blocking`: where it was written; read by the blocking-call lints.
    #[allow(dead_code)]
    pub(crate) allow_blocking: Option<Span>,
}

pub(crate) fn parse_view_options(args: TokenStream, errors: &mut Errors) -> ViewOptions {
    let found = parse_options(args, "#[view]", VIEW_OPTIONS, errors);
    ViewOptions {
        inline: found.get("inline"),
        allow_blocking: found.get("allow_blocking"),
    }
}

pub(crate) fn parse_middleware_options(
    args: TokenStream,
    errors: &mut Errors,
) -> MiddlewareOptions {
    let found = parse_options(args, "#[middleware]", MIDDLEWARE_OPTIONS, errors);
    MiddlewareOptions {
        allow_blocking: found.get("allow_blocking"),
    }
}

/// The valid options written, each with where.
struct Found(Vec<(&'static str, Span)>);

impl Found {
    fn get(&self, name: &str) -> Option<Span> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, span)| *span)
    }
}

fn valid_list(valid: Valid) -> String {
    valid
        .iter()
        .map(|(name, what)| format!("`{name}` ({what})"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_options(args: TokenStream, macro_name: &str, valid: Valid, errors: &mut Errors) -> Found {
    let mut found = Found(Vec::new());
    let parser = syn::meta::parser(|meta| {
        let span = meta.path.segments.first().map(|s| s.ident.span());
        let span = span.unwrap_or_else(Span::call_site);
        let known = valid
            .iter()
            .map(|(name, _)| *name)
            .find(|name| meta.path.is_ident(name));
        match known {
            Some(name) if found.get(name).is_some() => {
                errors.at(&meta.path, "this option is given twice: remove one");
            }
            Some(name) => found.0.push((name, span)),
            None => {
                let name = quote::ToTokens::to_token_stream(&meta.path).to_string();
                errors.at(
                    &meta.path,
                    format!(
                        "unknown option `{}` for {macro_name}; valid options are: {}",
                        name.replace(' ', ""),
                        valid_list(valid)
                    ),
                );
            }
        }
        // Options are bare words; consume a stray value so parsing goes on
        // and every other option is still checked.
        if meta.input.peek(syn::Token![=]) {
            let value = meta.value()?;
            let expr: syn::Expr = value.parse()?;
            if known.is_some() {
                errors.at(expr, "this option takes no value: write it as a bare word");
            }
        } else if meta.input.peek(syn::token::Paren) {
            let nested;
            syn::parenthesized!(nested in meta.input);
            let rest: TokenStream = nested.parse()?;
            if known.is_some() {
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
                "{err}; {macro_name} takes a comma-separated list of options: {}",
                valid_list(valid)
            ),
        ));
    }
    found
}
