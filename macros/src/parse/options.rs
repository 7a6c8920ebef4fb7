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
    /// `name = "text"`.
    Str,
    /// `name = 5` (an integer, maybe negative).
    Int,
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

const fn valued(name: &'static str, form: Form, what: &'static str) -> Spec {
    Spec { name, form, what }
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

/// Every option `#[task]` accepts.
const TASK_OPTIONS: &[Spec] = &[
    valued(
        "name",
        Form::Str,
        "the name stored in the queue (default: the function's); keep it when renaming the function",
    ),
    valued(
        "queue",
        Form::Str,
        "the queue it goes to (default `default`)",
    ),
    valued(
        "priority",
        Form::Int,
        "higher runs first among the tasks due (default 0)",
    ),
    valued(
        "max_attempts",
        Form::Int,
        "attempts before it fails for good (default 5)",
    ),
    valued(
        "timeout_secs",
        Form::Int,
        "how long one attempt may run (default 300)",
    ),
    word(
        "atomic",
        "a sync task's writes on its `Conn` commit with its completion, in one transaction: exactly once for database-only effects",
    ),
    word(
        "allow_blocking",
        "let an async task make calls twain flags as blocking",
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

#[derive(Default)]
pub(crate) struct TaskOptions {
    /// `name = "..."`.
    pub(crate) name: Option<syn::LitStr>,
    /// `queue = "..."`.
    pub(crate) queue: Option<syn::LitStr>,
    /// `priority = N`: the value as written (a literal, maybe negated).
    pub(crate) priority: Option<syn::Expr>,
    /// `max_attempts = N`.
    pub(crate) max_attempts: Option<syn::Expr>,
    /// `timeout_secs = N`.
    pub(crate) timeout_secs: Option<syn::Expr>,
    /// `atomic`: where it was written.
    pub(crate) atomic: Option<Span>,
    /// `allow_blocking`: read by the blocking-call lints.
    pub(crate) allow_blocking: Option<Span>,
    /// `crate = "path"`: the root of every generated path.
    pub(crate) crate_path: Option<syn::Path>,
}

pub(crate) fn parse_task_options(args: TokenStream, errors: &mut Errors) -> TaskOptions {
    let mut found = parse_options(args, "#[task]", TASK_OPTIONS, errors);
    let text = |found: &mut Found, name: &str| match found.value(name) {
        Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(lit),
            ..
        })) => Some(lit),
        _ => None,
    };
    TaskOptions {
        name: text(&mut found, "name"),
        queue: text(&mut found, "queue"),
        priority: found.value("priority"),
        max_attempts: found.value("max_attempts"),
        timeout_secs: found.value("timeout_secs"),
        atomic: found.word("atomic"),
        allow_blocking: found.word("allow_blocking"),
        crate_path: found.path("crate"),
    }
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
    /// The value of a [`Form::Str`] or [`Form::Int`] option, when valid.
    value: Option<syn::Expr>,
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

    fn value(&mut self, name: &str) -> Option<syn::Expr> {
        self.0
            .iter_mut()
            .find(|given| given.name == name)
            .and_then(|given| given.value.take())
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
            Form::Str => format!("`{} = \"..\"` ({})", spec.name, spec.what),
            Form::Int => format!("`{} = N` ({})", spec.name, spec.what),
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
        let (path, value) = match spec.form {
            Form::Word => {
                word_has_no_value(&meta, errors)?;
                (None, None)
            }
            Form::Path => (crate_path::parse_value(&meta, errors)?, None),
            Form::Str | Form::Int => (None, literal_value(&meta, spec, errors)?),
        };
        if !twice {
            found.0.push(Given {
                name: spec.name,
                span,
                path,
                value,
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

/// The value of a `name = "text"` or `name = N` option: `None` (reported)
/// when it is missing or of the wrong kind.
fn literal_value(
    meta: &ParseNestedMeta,
    spec: &Spec,
    errors: &mut Errors,
) -> syn::Result<Option<syn::Expr>> {
    let (kind, example) = match spec.form {
        Form::Str => ("a string", format!("{} = \"..\"", spec.name)),
        _ => ("an integer", format!("{} = 3", spec.name)),
    };
    if !meta.input.peek(syn::Token![=]) {
        skip_value(meta)?;
        errors.at(
            &meta.path,
            format!("`{}` takes {kind} after `=`: write `{example}`", spec.name),
        );
        return Ok(None);
    }
    let expr: syn::Expr = meta.value()?.parse()?;
    let ok = match (&spec.form, &expr) {
        (
            Form::Str,
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }),
        ) => !s.value().is_empty(),
        (
            Form::Int,
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Int(_),
                ..
            }),
        ) => true,
        (Form::Int, syn::Expr::Unary(unary)) => {
            spec.name == "priority"
                && matches!(unary.op, syn::UnOp::Neg(_))
                && matches!(
                    &*unary.expr,
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Int(_),
                        ..
                    })
                )
        }
        _ => false,
    };
    if !ok {
        errors.at(
            &expr,
            format!("`{}` takes {kind}: write `{example}`", spec.name),
        );
        return Ok(None);
    }
    Ok(Some(expr))
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
