//! Lints for code that runs on the async executor (async views and async
//! middleware; inline sync views): known blocking calls, found syntactically
//! by their path — written in full, or imported with a `use` inside the
//! function — each an error at the call with the non-blocking alternative.
//!
//! An attribute macro sees only the function: a `use` at module level is
//! invisible to it, so `thread::sleep(..)` after a module-level
//! `use std::thread;` is not flagged (nothing that merely *looks* blocking is
//! guessed at: correct code is never rejected).

mod imports;
mod known;
mod walk;

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
pub(crate) fn check_async_body(block: &syn::Block, context: &Context, errors: &mut Errors) {
    walk::check(block, context, errors);
}

#[cfg(test)]
mod tests;
