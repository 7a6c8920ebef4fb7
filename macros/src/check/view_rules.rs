//! The rules of a view, on top of those of every twain function
//! (`check::fn_rules`): `inline` only on sync views, the request taken once,
//! no `next` (that makes a middleware).

use crate::check::fn_rules::{BodyRules, blocking_only_in_sync, check_fn_head};
use crate::errors::Errors;
use crate::parse::fn_head::FnHead;
use crate::parse::options::ViewOptions;
use crate::parse::signature::{Analysis, ArgKind, Item, Mode};

/// `fn_rules::check_fn` and the view's own rules, in that order. The body
/// is parsed once, and only for the rules that read it: the `.await`s of
/// a sync body (when its text has one), the lints of code that runs on the
/// executor (unless `allow_blocking`).
pub(crate) fn check_view(
    head: &FnHead,
    options: &ViewOptions,
    analysis: &Analysis,
    errors: &mut Errors,
) {
    let body = BodyRules::read(head, Item::View, options.allow_blocking.is_some(), analysis);
    check_fn_head(&head.func, Item::View, errors);
    body.no_await_in_sync(Item::View, analysis, errors);
    inline_is_for_sync(options, analysis, errors);
    blocking_only_in_sync(Item::View, analysis, errors);
    crate::check::db_rules::conn_only_in_sync(Item::View, analysis, errors);
    one_request(analysis, errors);
    no_next_in_view(analysis, errors);
    body.lints(errors);
}

fn inline_is_for_sync(options: &ViewOptions, analysis: &Analysis, errors: &mut Errors) {
    if let (Some(span), Mode::Async) = (options.inline, analysis.mode) {
        errors.at_span(
            span,
            "`inline` is for sync views: an async view already runs on the async worker; remove `inline`",
        );
    }
}

fn no_next_in_view(analysis: &Analysis, errors: &mut Errors) {
    for arg in &analysis.args {
        if let ArgKind::Next { .. } = arg.kind {
            errors.at(
                &arg.ty,
                "a view cannot take `Next` or `SyncNext`: they belong to middleware; mark the function `#[middleware]`, or remove the argument and answer the request in the view",
            );
        }
    }
}

fn one_request(analysis: &Analysis, errors: &mut Errors) {
    let mut seen = false;
    for arg in &analysis.args {
        if matches!(arg.kind, ArgKind::Request | ArgKind::RequestRef) {
            if seen {
                errors.at(&arg.ty, "a view takes the request once: remove this argument (`&Request` and `Request` give the same request)");
            }
            seen = true;
        }
    }
}
