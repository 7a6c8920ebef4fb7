//! The rules a view's signature and body must follow, each its own function,
//! each error at the offending tokens with the fix in the message. The rules
//! every function item follows (views and middleware alike) are in
//! [`check_fn`]; middleware add theirs in `middleware/rules.rs`.

use syn::{FnArg, ItemFn, Safety};

use crate::check::awaits as scan;
use crate::check::lints;
use crate::errors::Errors;
use crate::parse::options::ViewOptions;
use crate::parse::signature::{Analysis, ArgKind, Item, Mode};

pub(crate) fn check_view(
    item: &ItemFn,
    options: &ViewOptions,
    analysis: &Analysis,
    errors: &mut Errors,
) {
    check_fn(item, Item::View, analysis, errors);
    inline_is_for_sync(options, analysis, errors);
    blocking_only_in_sync(Item::View, analysis, errors);
    one_request(analysis, errors);
    no_next_in_view(analysis, errors);
    no_blocking_calls_on_the_executor(
        item,
        Item::View,
        options.allow_blocking.is_some(),
        analysis,
        errors,
    );
}

/// The rules of every function a twain macro turns into an adapter.
pub(crate) fn check_fn(item: &ItemFn, kind: Item, analysis: &Analysis, errors: &mut Errors) {
    no_generics(item, kind, errors);
    no_receiver(item, kind, errors);
    plain_fn(item, kind, errors);
    no_await_in_sync(item, kind, analysis, errors);
}

fn no_generics(item: &ItemFn, kind: Item, errors: &mut Errors) {
    let noun = kind.noun();
    let generics = &item.sig.generics;
    if !generics.params.is_empty() {
        errors.at(
            generics,
            format!(
                "a {noun} cannot be generic: twain calls `{}` with concrete types; remove these parameters and name the types (elided lifetimes such as `&Request` need no parameter)",
                item.sig.ident,
            ),
        );
    } else if let Some(clause) = &generics.where_clause {
        errors.at(
            clause,
            format!("a {noun} cannot have a `where` clause: it is called with concrete types"),
        );
    }
    for input in &item.sig.inputs {
        if let FnArg::Typed(typed) = input
            && crate::parse::signature::mentions_impl(&typed.ty)
        {
            errors.at(
                &typed.ty,
                format!("a {noun} argument cannot be `impl Trait` (that makes the {noun} generic): name a concrete type"),
            );
        }
    }
}

fn no_receiver(item: &ItemFn, kind: Item, errors: &mut Errors) {
    if let Some(receiver) = item.sig.receiver() {
        errors.at(
            receiver,
            format!("a {} cannot take `self`: it is a free function; move it out of the `impl` block and pass what it needs as `State<T>` (registered with `App::state`)", kind.noun()),
        );
    }
}

fn plain_fn(item: &ItemFn, kind: Item, errors: &mut Errors) {
    let noun = kind.noun();
    let sig = &item.sig;
    if let Safety::Unsafe(token) = &sig.safety {
        errors.at(token, format!("a {noun} cannot be `unsafe fn`: twain calls it from safe code; use an `unsafe` block inside"));
    }
    if let Some(abi) = &sig.abi {
        errors.at(
            abi,
            format!("a {noun} cannot have an `extern` ABI: remove it"),
        );
    }
    if let Some(variadic) = &sig.variadic {
        errors.at(variadic, format!("a {noun} cannot be variadic"));
    }
}

fn no_await_in_sync(item: &ItemFn, kind: Item, analysis: &Analysis, errors: &mut Errors) {
    if analysis.mode == Mode::Async {
        return;
    }
    let name = &item.sig.ident;
    let message = match kind {
        Item::View => format!(
            "`.await` in the sync view `{name}`: a plain `fn` runs on a sync thread and cannot await; make it `async fn {name}(..)`, or take `cx: Blocking` and run the future with `twain::async_to_sync(cx, future)`"
        ),
        Item::Middleware => format!(
            "`.await` in the sync middleware `{name}`: a plain `fn` runs on a sync thread and cannot await; `next.run(req)` of a `SyncNext` already returns the response (remove `.await`), or make it `async fn {name}(req: Request, next: Next)` to await"
        ),
    };
    for awaited in scan::awaits(&item.block) {
        let (dot, kw) = (awaited.dot_token, awaited.await_token);
        let tokens = quote::quote!(#dot #kw);
        errors.at(tokens, &message);
    }
}

fn inline_is_for_sync(options: &ViewOptions, analysis: &Analysis, errors: &mut Errors) {
    if let (Some(span), Mode::Async) = (options.inline, analysis.mode) {
        errors.at_span(
            span,
            "`inline` is for sync views: an async view already runs on the async worker; remove `inline`",
        );
    }
}

pub(crate) fn blocking_only_in_sync(kind: Item, analysis: &Analysis, errors: &mut Errors) {
    let noun = kind.noun();
    let why = match analysis.mode {
        Mode::Sync => return,
        Mode::Async => format!("an async {noun} runs on the async worker, where blocking stalls every other request; do the blocking part in `twain::sync_to_async(|cx| ...)`, or make the {noun} a plain `fn`"),
        Mode::Inline => "an `inline` view runs on the async worker and must not block; remove `inline` to run it on a sync thread".to_owned(),
    };
    for arg in &analysis.args {
        if let ArgKind::Blocking = arg.kind {
            errors.at(
                &arg.ty,
                format!("this {noun} cannot take `Blocking`: {why}"),
            );
        }
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

/// Known blocking calls in code that runs on the async workers (async views
/// and middleware, inline views), unless the user opted out with
/// `allow_blocking`.
pub(crate) fn no_blocking_calls_on_the_executor(
    item: &ItemFn,
    kind: Item,
    allow_blocking: bool,
    analysis: &Analysis,
    errors: &mut Errors,
) {
    if allow_blocking {
        return;
    }
    let name = &item.sig.ident;
    let context = match analysis.mode {
        Mode::Sync => return,
        Mode::Async => lints::Context::async_fn(kind.noun(), name),
        Mode::Inline => lints::Context::inline_view(name),
    };
    lints::check_async_body(&item.block, &context, errors);
}
