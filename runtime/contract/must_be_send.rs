//! The `Send` check of async views and middleware, shared: `#[view]` and
//! `#[middleware]` pass the user's future to [`async_view_must_be_send`] /
//! [`async_middleware_must_be_send`] with the unit struct named like the
//! function as `V`, so the error names the function (`{V}` prints as its
//! name) and is reported at it, while every view shares this one trait and
//! blanket impl instead of declaring its own (a trait and an impl per view
//! were ~5 % of `cargo check` of an app with 100 views; BENCHMARKS.md).
//! Most async views are checked by the bound of the pointer their name
//! derefs to instead (`view_call/async_view_deref.rs`, the same trait):
//! the same error, one item less per view.
//! `do_not_recommend` on the blanket impls makes rustc print these texts
//! first, instead of an error deep inside the adapter's
//! `Box<dyn Future + Send>`; the error after it shows the value and the
//! `.await`.

/// Implemented by every `Send` type: `V` is the async view it belongs to.
#[diagnostic::on_unimplemented(
    message = "async view `{V}` must be Send, but the future it returns is not",
    label = "`{V}` holds a value that is not `Send` across an `.await`",
    note = "twain runs async code on a multi-thread runtime, so the future of `{V}` must be `Send`: drop `Rc`/`RefCell` borrows and std `MutexGuard`s before each `.await` (end their scope with a block, or use `Arc` / `tokio::sync::Mutex`); the next error shows the value and the `.await`"
)]
pub trait ViewFutureMustBeSend<V>: Send {}

#[diagnostic::do_not_recommend]
impl<V, T: Send> ViewFutureMustBeSend<V> for T {}

/// [`ViewFutureMustBeSend`] for async middleware.
#[diagnostic::on_unimplemented(
    message = "async middleware `{V}` must be Send, but the future it returns is not",
    label = "`{V}` holds a value that is not `Send` across an `.await`",
    note = "twain runs async code on a multi-thread runtime, so the future of `{V}` must be `Send`: drop `Rc`/`RefCell` borrows and std `MutexGuard`s before each `.await` (end their scope with a block, or use `Arc` / `tokio::sync::Mutex`); the next error shows the value and the `.await`"
)]
pub trait MiddlewareFutureMustBeSend<V>: Send {}

#[diagnostic::do_not_recommend]
impl<V, T: Send> MiddlewareFutureMustBeSend<V> for T {}

/// Compiles only when the future the async view `V` returns is `Send`.
pub fn async_view_must_be_send<V>(_: impl ViewFutureMustBeSend<V>) {}

/// Compiles only when the future the async middleware `V` returns is `Send`.
pub fn async_middleware_must_be_send<V>(_: impl MiddlewareFutureMustBeSend<V>) {}
