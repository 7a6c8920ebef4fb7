//! [`Blocking`]: the capability that proves "this code may block", the
//! [`MayBlock`] bound sync-only APIs ask for, and the thread marker the sync
//! pool sets so the runtime knows where it is.

use std::cell::Cell;
use std::marker::PhantomData;

/// Proof that the current code runs where blocking is allowed: on a sync thread.
///
/// Users cannot build one. It is handed out only:
/// - as the `cx: Blocking` argument of a sync view or sync middleware;
/// - inside [`sync_to_async(|cx| ...)`](crate::sync_to_async);
/// - inside [`twain::test::Client::blocking(|cx| ...)`](crate::test::Client::blocking).
///
/// APIs that block take it (mark yours with [`#[sync_only]`](crate::sync_only)),
/// so calling them from async code does not compile. It is `Copy`, but neither
/// `Send` nor `Sync`, and its lifetime ends with the sync call that received it:
/// it cannot leave the thread, nor outlive the call.
///
/// ```compile_fail
/// // Users cannot mint one:
/// let cx: twain::Blocking<'static> = twain::Blocking { };
/// ```
///
/// ```compile_fail,E0277
/// // Nor send one to another thread:
/// fn needs_send<T: Send>(_: T) {}
/// fn sync_part(cx: twain::Blocking<'_>) { needs_send(cx) }
/// ```
#[derive(Clone, Copy)]
pub struct Blocking<'cx> {
    _not_send: PhantomData<*const ()>,
    _scope: PhantomData<&'cx ()>,
}

impl std::fmt::Debug for Blocking<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Blocking")
    }
}

impl Blocking<'_> {
    /// Only the runtime mints these, where blocking is allowed.
    pub(crate) fn new() -> Self {
        Blocking {
            _not_send: PhantomData,
            _scope: PhantomData,
        }
    }
}

/// What sync-only APIs ask for: implemented by [`Blocking`] and nothing else
/// (the trait is sealed). Taking `cx: impl MayBlock<'_>` instead of
/// `Blocking<'_>` lets a wrong argument be reported as advice.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot prove that this code may block",
    label = "not a `twain::Blocking` capability",
    note = "only sync code holds a `Blocking`: a sync view or middleware (`cx: Blocking` argument), `twain::sync_to_async(|cx| ...)`, or `twain::test::Client::blocking(|cx| ...)`",
    note = "async views run on the executor: move the call into `twain::sync_to_async(|cx| ...)`, or make the view a plain `fn`"
)]
pub trait MayBlock<'cx>: Copy + sealed::Sealed {
    /// The capability itself.
    fn into_blocking(self) -> Blocking<'cx>;
}

impl<'cx> MayBlock<'cx> for Blocking<'cx> {
    fn into_blocking(self) -> Blocking<'cx> {
        self
    }
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::Blocking<'_> {}
}

thread_local! {
    static ON_SYNC_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Whether the current thread is one of twain's sync threads, running a request.
pub fn on_sync_thread() -> bool {
    ON_SYNC_THREAD.with(Cell::get)
}

/// Whether blocking is allowed on this thread right now: it is one of twain's
/// sync threads (or a `Client::blocking` closure), or no async runtime runs
/// here at all. `false` on an async worker thread.
pub fn may_block_here() -> bool {
    on_sync_thread() || tokio::runtime::Handle::try_current().is_err()
}

/// The run-time guard `#[sync_only]` puts first in the function: the backstop
/// for a capability that reached an async worker where the types could not see
/// it (forged by `unsafe` code, smuggled through FFI). Panics with the fix.
#[track_caller]
pub fn sync_only_guard(function: &str) {
    if !may_block_here() {
        panic!(
            "the sync-only function `{function}` was called on an async worker thread, where blocking stalls every other request; call it from a sync view or middleware, or from inside `twain::sync_to_async(|cx| {function}(cx, ..))`"
        );
    }
}

/// Marks this thread as a sync thread until dropped.
pub(crate) struct SyncThreadMark {
    was: bool,
}

impl SyncThreadMark {
    pub(crate) fn enter() -> Self {
        SyncThreadMark {
            was: ON_SYNC_THREAD.with(|c| c.replace(true)),
        }
    }
}

impl Drop for SyncThreadMark {
    fn drop(&mut self) {
        ON_SYNC_THREAD.with(|c| c.set(self.was));
    }
}
