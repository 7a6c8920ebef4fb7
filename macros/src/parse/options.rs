//! The options of `#[view(...)]`, `#[middleware(...)]` and
//! `#[sync_only(...)]`: parsed once, every unknown or repeated option reported
//! with the list of valid ones. Options are bare words, except `crate`, which
//! every macro takes, with its value read by `parse::crate_path`.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;

use crate::errors::Errors;
use crate::parse::crate_path;

/// How an option is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    /// A bare word: `inline`.
    Word,
    /// `name = "a::path"`.
    Path,
}

/// One option a macro accepts.
struct Spec {
    name: &'static str,
    form: Form,
    /// What it does, for the list of valid options.
    what: &'static str,
}

const fn word(name: &'static str, what: &'static str) -> Spec {
    Spec {
        name,
        form: Form::Word,
        what,
    }
}

/// `crate = "path"`, which every macro takes.
const CRATE: Spec = Spec {
    name: "crate",
    form: Form::Path,
    what: "the path to twain when it is not `::twain`: a renamed dependency or a crate that re-exports it",
};

/// Every option `#[view]` accepts.
const VIEW_OPTIONS: &[Spec] = &[
    word(
        "inline",
        "run a cheap, non-blocking sync view on the async worker, with no thread switch",
    ),
    word(
        "allow_blocking",
        "let an async view make calls twain flags as blocking",
    ),
    CRATE,
];

/// Every option `#[middleware]` accepts.
const MIDDLEWARE_OPTIONS: &[Spec] = &[
    word(
        "allow_blocking",
        "let an async middleware make calls twain flags as blocking",
    ),
    CRATE,
];

/// Every option `#[sync_only]` accepts.
const SYNC_ONLY_OPTIONS: &[Spec] = &[CRATE];

/// Every option `#[routes]` accepts.
const ROUTES_OPTIONS: &[Spec] = &[CRATE];

#[derive(Default)]
pub(crate) struct ViewOptions {
    /// `inline`: where it was written, for errors about it.
    pub(crate) inline: Option<Span>,
    /// `allow_blocking`: read by the blocking-call lints.
    pub(crate) allow_blocking: Option<Span>,
    /// `crate = "path"`: the root of every generated path.
    pub(crate) crate_path: Option<syn::Path>,
}

#[derive(Default)]
pub(crate) struct MiddlewareOptions {
    /// `allow_blocking`: where it was written; read by the blocking-call lints.
    pub(crate) allow_blocking: Option<Span>,
    /// `crate = "path"`: the root of every generated path.
    pub(crate) crate_path: Option<syn::Path>,
}

#[derive(Default)]
pub(crate) struct SyncOnlyOptions {
    /// `crate = "path"`: the root of every generated path.
    pub(crate) crate_path: Option<syn::Path>,
}

pub(crate) fn parse_view_options(args: TokenStream, errors: &mut Errors) -> ViewOptions {
    let mut found = parse_options(args, "#[view]", VIEW_OPTIONS, errors);
    ViewOptions {
        inline: found.word("inline"),
        allow_blocking: found.word("allow_blocking"),
        crate_path: found.path("crate"),
    }
}

pub(crate) fn parse_middleware_options(
    args: TokenStream,
    errors: &mut Errors,
) -> MiddlewareOptions {
    let mut found = parse_options(args, "#[middleware]", MIDDLEWARE_OPTIONS, errors);
    MiddlewareOptions {
        allow_blocking: found.word("allow_blocking"),
        crate_path: found.path("crate"),
    }
}

pub(crate) fn parse_sync_only_options(args: TokenStream, errors: &mut Errors) -> SyncOnlyOptions {
    let mut found = parse_options(args, "#[sync_only]", SYNC_ONLY_OPTIONS, errors);
    SyncOnlyOptions {
        crate_path: found.path("crate"),
    }
}

pub(crate) fn parse_routes_options(args: TokenStream, errors: &mut Errors) -> SyncOnlyOptions {
    let mut found = parse_options(args, "#[routes]", ROUTES_OPTIONS, errors);
    SyncOnlyOptions {
        crate_path: found.path("crate"),
    }
}

/// One valid option as written.
struct Given {
    name: &'static str,
    span: Span,
    /// The value of a [`Form::Path`] option, when it was a valid one.
    path: Option<syn::Path>,
}

/// The valid options written, each once.
struct Found(Vec<Given>);

impl Found {
    fn has(&self, name: &str) -> bool {
        self.0.iter().any(|given| given.name == name)
    }

    fn word(&self, name: &str) -> Option<Span> {
        self.0
            .iter()
            .find(|given| given.name == name)
            .map(|given| given.span)
    }

    fn path(&mut self, name: &str) -> Option<syn::Path> {
        self.0
            .iter_mut()
            .find(|given| given.name == name)
            .and_then(|given| given.path.take())
    }
}

fn valid_list(valid: &[Spec]) -> String {
    valid
        .iter()
        .map(|spec| match spec.form {
            Form::Word => format!("`{}` ({})", spec.name, spec.what),
            Form::Path => format!("`{} = \"path\"` ({})", spec.name, spec.what),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_options(
    args: TokenStream,
    macro_name: &str,
    valid: &[Spec],
    errors: &mut Errors,
) -> Found {
    let mut found = Found(Vec::new());
    let parser = syn::meta::parser(|meta| {
        let span = meta.path.segments.first().map(|s| s.ident.span());
        let span = span.unwrap_or_else(Span::call_site);
        let Some(spec) = valid.iter().find(|spec| meta.path.is_ident(spec.name)) else {
            let name = quote::ToTokens::to_token_stream(&meta.path).to_string();
            errors.at(
                &meta.path,
                format!(
                    "unknown option `{}` for {macro_name}; valid options are: {}",
                    name.replace(' ', ""),
                    valid_list(valid)
                ),
            );
            return skip_value(&meta);
        };
        let twice = found.has(spec.name);
        if twice {
            errors.at(&meta.path, "this option is given twice: remove one");
        }
        let path = match spec.form {
            Form::Word => {
                word_has_no_value(&meta, errors)?;
                None
            }
            Form::Path => crate_path::parse_value(&meta, errors)?,
        };
        if !twice {
            found.0.push(Given {
                name: spec.name,
                span,
                path,
            });
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

/// Consumes the value of an unknown option, so parsing goes on and every
/// other option is still checked.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let _: syn::Expr = meta.value()?.parse()?;
    } else if meta.input.peek(syn::token::Paren) {
        let nested;
        syn::parenthesized!(nested in meta.input);
        let _: TokenStream = nested.parse()?;
    }
    Ok(())
}

/// A bare-word option written with a value: an error at the value, which is
/// consumed so parsing goes on.
fn word_has_no_value(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<()> {
    if meta.input.peek(syn::Token![=]) {
        let expr: syn::Expr = meta.value()?.parse()?;
        errors.at(expr, "this option takes no value: write it as a bare word");
    } else if meta.input.peek(syn::token::Paren) {
        let nested;
        syn::parenthesized!(nested in meta.input);
        let rest: TokenStream = nested.parse()?;
        errors.at(
            rest,
            "this option takes no arguments: write it as a bare word",
        );
    }
    Ok(())
}
