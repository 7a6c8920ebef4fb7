//! [`Blocking`]: the capability that proves "this code may block", the
//! [`MayBlock`] bound sync-only APIs ask for, and the run-time guard
//! `#[sync_only]` puts in each sync-only function.

use std::marker::PhantomData;

use super::thread::may_block_here;

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
