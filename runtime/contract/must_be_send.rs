//! The `Send` check of async views and middleware, shared: the unit struct
//! named like the function is the trait's `V`, so the error names the
//! function (`{V}` prints as its name) and is reported at it, while every
//! view shares this one trait and blanket impl instead of declaring its own.
//! Most async views are checked by the bound of what their name derefs to
//! (`async_view_deref_N` in `arities.rs`); the others, and async
//! middleware, pass their future to [`async_view_must_be_send`] /
//! [`async_middleware_must_be_send`] in a never-called fn of their own.
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
