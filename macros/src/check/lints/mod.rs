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
//! code is never rejected.

mod imports;
mod known;
mod select;
mod triggers;
mod values;
mod walk;

pub(crate) use triggers::may_flag;

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
    walk::check(block, &[], None, context, errors);
}

/// [`check_async_body`] for the body of `func`, written in `module`: the
/// module's imports and items and the function's arguments are in scope.
pub(crate) fn check_async_fn(
    func: &syn::ItemFn,
    module: Option<&Module>,
    context: &Context,
    errors: &mut Errors,
) {
    let args: Vec<(String, syn::Type)> = func
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(ident) => Some((ident.ident.to_string(), (*typed.ty).clone())),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    walk::check(&func.block, &args, module, context, errors);
}

#[cfg(test)]
mod tests;
