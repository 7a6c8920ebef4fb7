//! Lints for code that runs on the async executor (async views and async
//! middleware; inline sync views): known blocking calls, found syntactically
//! by their path — written in full, or imported with a `use` inside the
//! function or in the module it is written in (read from its source file by
//! `parse::source_file`) — and blocking methods on values of known std types
//! (`values.rs`), each an error at the call with the non-blocking alternative.
//!
//! Nothing that merely *looks* blocking is guessed at: a name the user
//! defines (`mod thread`, `fn sleep`) or imports from their own crate is
//! theirs, and a method on a value of unknown type is not judged, so correct
//! code is never rejected. The user's own functions that the body calls are
//! followed into (`check::helpers`), from the same entry point.

pub(crate) mod calls;
mod imports;
pub(crate) mod known;
mod select;
mod triggers;
mod values;
mod walk;

pub(crate) use triggers::may_flag;
pub(crate) use walk::Sink;

use crate::parse::source_file::Module;

use crate::errors::Errors;

/// Where the checked body runs, for the messages.
pub(crate) struct Context {
    /// E.g. "async view `index`" or "async middleware `auth`".
    pub(crate) owner: String,
    /// The way out, ending the message: where to move the call, how to opt out.
    pub(crate) escape: String,
}

impl Context {
    /// For an async view or middleware: `kind` is `view` or `middleware`.
    pub(crate) fn async_fn(kind: &str, name: &syn::Ident) -> Self {
        Context {
            owner: format!("async {kind} `{name}`"),
            escape: format!(
                "or move the blocking part into `twain::sync_to_async(|cx| ...)`; to keep it, add `#[{kind}(allow_blocking)]`"
            ),
        }
    }

    /// For an `inline` sync view, which runs on the async worker too.
    pub(crate) fn inline_view(name: &syn::Ident) -> Self {
        Context {
            owner: format!("inline view `{name}`"),
            escape: "or remove `inline` so the view runs on a sync thread".to_owned(),
        }
    }
}

/// Reports every known blocking call in `block` that runs on the executor.
/// Not entered: nested items (`fn`, `impl`, …) and closures handed to
/// `sync_to_async` / `spawn_blocking` / `block_in_place` / a `spawn` of a
/// thread (directly, or through a `let` binding passed there).
#[cfg(test)]
pub(crate) fn check_async_body(block: &syn::Block, context: &Context, errors: &mut Errors) {
    walk::walk(block, &[], None, Sink::Report { context, errors });
}

/// [`check_async_body`] for the body of `func`, written in `module`: the
/// module's imports and items and the function's arguments are in scope,
/// and the calls into the crate's own functions are followed (when the
/// module was read from its file): a known blocking call they reach is an
/// error at the call in `func`, naming the chain of calls.
pub(crate) fn check_async_fn(
    func: &syn::ItemFn,
    module: Option<&Module>,
    context: &Context,
    errors: &mut Errors,
) {
    let args = named_args(&func.sig);
    let sink = Sink::Report { context, errors };
    let calls = walk::walk(&func.block, &args, module, sink);
    if let Some(module) = module {
        crate::check::helpers::follow(&func.sig.ident, calls, module, context, errors);
    }
}

/// The known blocking calls in the body of `func` (a helper some async code
/// calls), written in `module`, and the calls it makes that may reach the
/// crate's own functions.
pub(crate) fn blocking_in_helper(
    func: &syn::ItemFn,
    module: &Module,
) -> (Vec<known::Blocking>, Vec<calls::OwnCall>) {
    let mut found = Vec::new();
    let calls = walk::walk(
        &func.block,
        &named_args(&func.sig),
        Some(module),
        Sink::Collect(&mut found),
    );
    (found, calls)
}

/// The arguments of `sig` bound to a name, with their types.
fn named_args(sig: &syn::Signature) -> Vec<(String, syn::Type)> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(ident) => Some((ident.ident.to_string(), (*typed.ty).clone())),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests;
