//! The rules only middleware follow, on top of those of every twain function
//! (`check::fn_rules`): it takes the request by value, and its `next`
//! — of its own mode's kind — comes last.

use syn::ItemFn;
use syn::spanned::Spanned;

use crate::check::fn_rules::{blocking_only_in_sync, check_fn, no_blocking_calls_on_the_executor};
use crate::errors::Errors;
use crate::parse::options::MiddlewareOptions;
use crate::parse::signature::{Analysis, ArgKind, Item, Mode};

pub(crate) fn check_middleware(
    item: &ItemFn,
    options: &MiddlewareOptions,
    analysis: &Analysis,
    errors: &mut Errors,
) {
    check_fn(item, Item::Middleware, analysis, errors);
    blocking_only_in_sync(Item::Middleware, analysis, errors);
    crate::check::db_rules::conn_only_in_sync(Item::Middleware, analysis, errors);
    no_blocking_calls_on_the_executor(
        item,
        Item::Middleware,
        options.allow_blocking.is_some(),
        analysis,
        errors,
    );
    request_by_value(item, analysis, errors);
    next_last_and_of_its_mode(item, analysis, errors);
}

/// What `next` is in this mode: its type and how it is called.
fn next_for(mode: Mode) -> (&'static str, &'static str) {
    match mode {
        Mode::Async => ("Next", "next.run(req).await"),
        Mode::Sync | Mode::Inline => ("SyncNext", "next.run(req)"),
    }
}

fn request_by_value(item: &ItemFn, analysis: &Analysis, errors: &mut Errors) {
    let name = &item.sig.ident;
    let (_, call) = next_for(analysis.mode);
    let mut seen = false;
    for arg in &analysis.args {
        match arg.kind {
            ArgKind::RequestRef => errors.at(
                &arg.ty,
                format!("a middleware takes the request by value, to hand it on: write `req: Request` and call `{call}`"),
            ),
            ArgKind::Request if seen => {
                errors.at(&arg.ty, "a middleware takes the request once: remove this argument")
            }
            ArgKind::Request => seen = true,
            _ => {}
        }
    }
    let borrowed = analysis
        .args
        .iter()
        .any(|arg| matches!(arg.kind, ArgKind::RequestRef));
    if !seen && !borrowed {
        errors.at(
            name,
            format!("middleware `{name}` takes no request: add `req: Request` as its first argument, and hand it on with `{call}`"),
        );
    }
}

fn next_last_and_of_its_mode(item: &ItemFn, analysis: &Analysis, errors: &mut Errors) {
    let name = &item.sig.ident;
    let (want, call) = next_for(analysis.mode);
    let mode = if analysis.mode == Mode::Async {
        "an async"
    } else {
        "a sync"
    };
    let nexts: Vec<_> = analysis
        .args
        .iter()
        .enumerate()
        .filter_map(|(i, arg)| match arg.kind {
            ArgKind::Next { sync } => Some((i, arg, sync)),
            _ => None,
        })
        .collect();
    let Some(&(first, _, _)) = nexts.first() else {
        errors.at_span(
            item.sig.paren_token.span.join(),
            format!("middleware `{name}` has no `next`: add `next: {want}` as its last argument, and call `{call}` to get the inner response (or answer without calling it, to short-circuit)"),
        );
        return;
    };
    for &(_, arg, _) in &nexts[1..] {
        errors.at(&arg.ty, "a middleware takes one `next`: remove this one");
    }
    let (_, arg, sync) = nexts[0];
    match (analysis.mode, sync) {
        (Mode::Async, true) => errors.at(
            &arg.ty,
            format!("{mode} middleware takes `Next`, not `SyncNext`: write `next: Next` and call `next.run(req).await`, or make `{name}` a plain `fn` to keep `SyncNext`"),
        ),
        (Mode::Sync | Mode::Inline, false) => errors.at(
            &arg.ty,
            format!("{mode} middleware takes `SyncNext`, not `Next`: write `next: SyncNext` and call `next.run(req)` (no `.await`), or make `{name}` an `async fn` to keep `Next`"),
        ),
        _ => {}
    }
    if first + 1 != analysis.args.len() {
        let arg_span = arg.ty.span();
        errors.at_span(
            arg_span,
            format!("`next` must be the last argument of middleware `{name}`: move `next: {want}` after the others"),
        );
    }
}
