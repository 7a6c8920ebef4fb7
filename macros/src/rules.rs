//! The rules a view's signature and body must follow, each its own function,
//! each error at the offending tokens with the fix in the message.

use quote::ToTokens;
use syn::{FnArg, ItemFn, Safety};

use crate::errors::Errors;
use crate::lints;
use crate::options::ViewOptions;
use crate::scan;
use crate::signature::{Analysis, ArgKind, Mode};

pub(crate) fn check_view(
    item: &ItemFn,
    options: &ViewOptions,
    analysis: &Analysis,
    errors: &mut Errors,
) {
    no_generics(item, errors);
    no_receiver(item, errors);
    plain_fn(item, errors);
    no_await_in_sync(item, analysis, errors);
    inline_is_for_sync(options, analysis, errors);
    blocking_only_in_sync(analysis, errors);
    one_request(analysis, errors);
    no_blocking_calls_on_the_executor(item, options, analysis, errors);
}

fn no_generics(item: &ItemFn, errors: &mut Errors) {
    let generics = &item.sig.generics;
    if !generics.params.is_empty() {
        errors.at(
            generics,
            format!(
                "a view cannot be generic: twain calls `{}` with concrete types; remove `{}` and name the types (elided lifetimes such as `&Request` are fine)",
                item.sig.ident,
                generics.to_token_stream().to_string().replace(" < ", "<").replace(" >", ">")
            ),
        );
    } else if let Some(clause) = &generics.where_clause {
        errors.at(
            clause,
            "a view cannot have a `where` clause: it is called with concrete types",
        );
    }
    for input in &item.sig.inputs {
        if let FnArg::Typed(typed) = input
            && crate::signature::mentions_impl(&typed.ty)
        {
            errors.at(
                &typed.ty,
                "a view argument cannot be `impl Trait` (that makes the view generic): name a concrete type",
            );
        }
    }
}

fn no_receiver(item: &ItemFn, errors: &mut Errors) {
    if let Some(receiver) = item.sig.receiver() {
        errors.at(
            receiver,
            "a view cannot take `self`: it is a free function; move it out of the `impl` block and pass what it needs as `State<T>` (registered with `App::state`)",
        );
    }
}

fn plain_fn(item: &ItemFn, errors: &mut Errors) {
    let sig = &item.sig;
    if let Safety::Unsafe(token) = &sig.safety {
        errors.at(token, "a view cannot be `unsafe fn`: twain calls it from safe code; use an `unsafe` block inside");
    }
    if let Some(abi) = &sig.abi {
        errors.at(abi, "a view cannot have an `extern` ABI: remove it");
    }
    if let Some(variadic) = &sig.variadic {
        errors.at(variadic, "a view cannot be variadic");
    }
}

fn no_await_in_sync(item: &ItemFn, analysis: &Analysis, errors: &mut Errors) {
    if analysis.mode == Mode::Async {
        return;
    }
    let name = &item.sig.ident;
    for awaited in scan::awaits(&item.block) {
        let (dot, kw) = (awaited.dot_token, awaited.await_token);
        let tokens = quote::quote!(#dot #kw);
        errors.at(
            tokens,
            format!(
                "`.await` in the sync view `{name}`: a plain `fn` runs on a sync thread and cannot await; make it `async fn {name}(..)`, or take `cx: Blocking` and run the future with `twain::async_to_sync(cx, future)`"
            ),
        );
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

fn blocking_only_in_sync(analysis: &Analysis, errors: &mut Errors) {
    let why = match analysis.mode {
        Mode::Sync => return,
        Mode::Async => {
            "an async view runs on the async worker, where blocking stalls every other request; do the blocking part in `twain::sync_to_async(|cx| ...)`, or make the view a plain `fn`"
        }
        Mode::Inline => {
            "an `inline` view runs on the async worker and must not block; remove `inline` to run it on a sync thread"
        }
    };
    for arg in &analysis.args {
        if let ArgKind::Blocking = arg.kind {
            errors.at(&arg.ty, format!("this view cannot take `Blocking`: {why}"));
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

fn no_blocking_calls_on_the_executor(
    item: &ItemFn,
    options: &ViewOptions,
    analysis: &Analysis,
    errors: &mut Errors,
) {
    if options.allow_blocking.is_some() {
        return;
    }
    let name = &item.sig.ident;
    let context = match analysis.mode {
        Mode::Sync => return,
        Mode::Async => lints::Context::async_fn("view", name),
        Mode::Inline => lints::Context::inline_view(name),
    };
    lints::check_async_body(&item.block, &context, errors);
}
