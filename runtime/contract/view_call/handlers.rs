//! `sync_handler_N`, `inline_handler_N`, `async_handler_N`: the handler of a
//! view whose arguments are all extractors, as a fn pointer made from the
//! generic adapters (`sync_views.rs`, `async_views.rs`) with no closure of
//! the view's own. `#[view]` writes `fn handler(&self) -> Handler {
//! sync_handler_N::<Self, Args.., _, Output>(self, name) }`; the closure it
//! wrote before (the arguments' names and the call) cost 25 M of the 422 M
//! instructions of an incremental `cargo check` of an app with 100 views,
//! 61 M of a full one (BENCHMARKS.md, session 6). The names now come from the view's `info()` when a request
//! runs it; everything else is as before: the same adapter, the same bounds
//! on the same types, so a type that is no extractor or no response is
//! reported where it was.

// The pointer types are the views' own signatures, however long.
#![allow(clippy::type_complexity, clippy::too_many_arguments)]

use std::future::Future;

use super::async_deref::copy_of_view;
use super::async_views::*;
use super::sync_views::*;
use crate::core::{IntoResponse, Request, Response};
use crate::exec::Blocking;
use crate::extract::{FromRequest, FromSyncRequest};
use crate::handler::{BoxFuture, Handler, View};

/// A value of the view's unit struct `V`, for the fn pointers below (which
/// can hold nothing).
///
/// # Safety
///
/// `V` must be a unit struct (zero-sized, no `Drop`, no invariant of its
/// own, like the one `#[view]` declares) and a value of it must have
/// existed: the `*_handler_N` functions take one, and their pointers run
/// only after.
#[inline(always)]
unsafe fn view_value<V>() -> V {
    const { assert!(std::mem::size_of::<V>() == 0 && !std::mem::needs_drop::<V>()) };
    // SAFETY: the caller's promise above: `V` has no bytes, and any value
    // of it is the one that existed.
    unsafe { std::mem::zeroed() }
}

/// The names of the view's `N` extracted arguments, from its `info()`
/// (every argument of a view these handlers serve is extracted).
#[inline]
fn names<V: View, const N: usize>() -> [&'static str; N] {
    // SAFETY: `V` is the unit struct of a view that existed (`view_value`).
    let info = unsafe { view_value::<V>() }.info();
    let mut names = [""; N];
    for (name, arg) in names.iter_mut().zip(info.args) {
        *name = arg.name;
    }
    names
}

/// The handler of a sync view taking 0 extractor arguments, run on its sync thread with no request (`Handler::SyncAlone`).
#[doc(hidden)]
#[inline]
pub fn sync_handler_0<V: View, F, O>(view_struct: &V, view: F) -> Handler
where
    F: Fn() -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::SyncAlone(run_sync_0::<F, O>)
}

/// Takes no request: a view with no arguments needs none (`SyncCallAlone`).
fn run_sync_0<F, O>(cx: Blocking<'_>) -> Response
where
    F: Fn() -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `sync_handler_0`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    let _ = cx;
    view().into_response()
}

/// The handler of a sync view taking 1 extractor argument: `sync_view_1`, run on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_handler_1<V: View, A0: FromSyncRequest, F, O>(view_struct: &V, view: F) -> Handler
where
    F: Fn(A0) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_sync_1::<V, A0, F, O>)
}

fn run_sync_1<V: View, A0: FromSyncRequest, F, O>(req: Request, cx: Blocking<'_>) -> Response
where
    F: Fn(A0) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `sync_handler_1`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    sync_view_1::<A0, F, O>(req, cx, names::<V, 1>(), view)
}

/// The handler of a sync view taking 2 extractor arguments: `sync_view_2`, run on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_handler_2<V: View, A0: FromSyncRequest, A1: FromSyncRequest, F, O>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_sync_2::<V, A0, A1, F, O>)
}

fn run_sync_2<V: View, A0: FromSyncRequest, A1: FromSyncRequest, F, O>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `sync_handler_2`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    sync_view_2::<A0, A1, F, O>(req, cx, names::<V, 2>(), view)
}

/// The handler of a sync view taking 3 extractor arguments: `sync_view_3`, run on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_handler_3<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_sync_3::<V, A0, A1, A2, F, O>)
}

fn run_sync_3<V: View, A0: FromSyncRequest, A1: FromSyncRequest, A2: FromSyncRequest, F, O>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `sync_handler_3`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    sync_view_3::<A0, A1, A2, F, O>(req, cx, names::<V, 3>(), view)
}

/// The handler of a sync view taking 4 extractor arguments: `sync_view_4`, run on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_handler_4<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_sync_4::<V, A0, A1, A2, A3, F, O>)
}

fn run_sync_4<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    F,
    O,
>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2, A3) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `sync_handler_4`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    sync_view_4::<A0, A1, A2, A3, F, O>(req, cx, names::<V, 4>(), view)
}

/// The handler of a sync view taking 5 extractor arguments: `sync_view_5`, run on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_handler_5<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    A4: FromSyncRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_sync_5::<V, A0, A1, A2, A3, A4, F, O>)
}

fn run_sync_5<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    A4: FromSyncRequest,
    F,
    O,
>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2, A3, A4) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `sync_handler_5`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    sync_view_5::<A0, A1, A2, A3, A4, F, O>(req, cx, names::<V, 5>(), view)
}

/// The handler of a sync view taking 6 extractor arguments: `sync_view_6`, run on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_handler_6<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    A4: FromSyncRequest,
    A5: FromSyncRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4, A5) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_sync_6::<V, A0, A1, A2, A3, A4, A5, F, O>)
}

fn run_sync_6<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    A4: FromSyncRequest,
    A5: FromSyncRequest,
    F,
    O,
>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2, A3, A4, A5) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `sync_handler_6`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    sync_view_6::<A0, A1, A2, A3, A4, A5, F, O>(req, cx, names::<V, 6>(), view)
}

/// The handler of a sync view taking 7 extractor arguments: `sync_view_7`, run on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_handler_7<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    A4: FromSyncRequest,
    A5: FromSyncRequest,
    A6: FromSyncRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_sync_7::<V, A0, A1, A2, A3, A4, A5, A6, F, O>)
}

fn run_sync_7<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    A4: FromSyncRequest,
    A5: FromSyncRequest,
    A6: FromSyncRequest,
    F,
    O,
>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `sync_handler_7`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    sync_view_7::<A0, A1, A2, A3, A4, A5, A6, F, O>(req, cx, names::<V, 7>(), view)
}

/// The handler of a sync view taking 8 extractor arguments: `sync_view_8`, run on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_handler_8<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    A4: FromSyncRequest,
    A5: FromSyncRequest,
    A6: FromSyncRequest,
    A7: FromSyncRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6, A7) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_sync_8::<V, A0, A1, A2, A3, A4, A5, A6, A7, F, O>)
}

fn run_sync_8<
    V: View,
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    A4: FromSyncRequest,
    A5: FromSyncRequest,
    A6: FromSyncRequest,
    A7: FromSyncRequest,
    F,
    O,
>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6, A7) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `sync_handler_8`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    sync_view_8::<A0, A1, A2, A3, A4, A5, A6, A7, F, O>(req, cx, names::<V, 8>(), view)
}

/// The handler of an `inline` view taking 0 extractor arguments, run on the worker with no request (`Handler::SyncAlone`).
#[doc(hidden)]
#[inline]
pub fn inline_handler_0<V: View, F, O>(view_struct: &V, view: F) -> Handler
where
    F: Fn() -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::SyncAlone(run_inline_0::<F, O>)
}

/// Takes no request, as `run_sync_0`.
fn run_inline_0<F, O>(cx: Blocking<'_>) -> Response
where
    F: Fn() -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `inline_handler_0`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    let _ = cx;
    view().into_response()
}

/// The handler of an `inline` view taking 1 extractor argument: `inline_view_1`, run on the worker.
#[doc(hidden)]
#[inline]
pub fn inline_handler_1<V: View, A0: FromRequest, F, O>(view_struct: &V, view: F) -> Handler
where
    F: Fn(A0) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_inline_1::<V, A0, F, O>)
}

fn run_inline_1<V: View, A0: FromRequest, F, O>(req: Request, cx: Blocking<'_>) -> Response
where
    F: Fn(A0) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `inline_handler_1`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    inline_view_1::<A0, F, O>(req, cx, names::<V, 1>(), view)
}

/// The handler of an `inline` view taking 2 extractor arguments: `inline_view_2`, run on the worker.
#[doc(hidden)]
#[inline]
pub fn inline_handler_2<V: View, A0: FromRequest, A1: FromRequest, F, O>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_inline_2::<V, A0, A1, F, O>)
}

fn run_inline_2<V: View, A0: FromRequest, A1: FromRequest, F, O>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `inline_handler_2`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    inline_view_2::<A0, A1, F, O>(req, cx, names::<V, 2>(), view)
}

/// The handler of an `inline` view taking 3 extractor arguments: `inline_view_3`, run on the worker.
#[doc(hidden)]
#[inline]
pub fn inline_handler_3<V: View, A0: FromRequest, A1: FromRequest, A2: FromRequest, F, O>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_inline_3::<V, A0, A1, A2, F, O>)
}

fn run_inline_3<V: View, A0: FromRequest, A1: FromRequest, A2: FromRequest, F, O>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `inline_handler_3`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    inline_view_3::<A0, A1, A2, F, O>(req, cx, names::<V, 3>(), view)
}

/// The handler of an `inline` view taking 4 extractor arguments: `inline_view_4`, run on the worker.
#[doc(hidden)]
#[inline]
pub fn inline_handler_4<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_inline_4::<V, A0, A1, A2, A3, F, O>)
}

fn run_inline_4<V: View, A0: FromRequest, A1: FromRequest, A2: FromRequest, A3: FromRequest, F, O>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2, A3) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `inline_handler_4`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    inline_view_4::<A0, A1, A2, A3, F, O>(req, cx, names::<V, 4>(), view)
}

/// The handler of an `inline` view taking 5 extractor arguments: `inline_view_5`, run on the worker.
#[doc(hidden)]
#[inline]
pub fn inline_handler_5<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_inline_5::<V, A0, A1, A2, A3, A4, F, O>)
}

fn run_inline_5<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    F,
    O,
>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2, A3, A4) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `inline_handler_5`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    inline_view_5::<A0, A1, A2, A3, A4, F, O>(req, cx, names::<V, 5>(), view)
}

/// The handler of an `inline` view taking 6 extractor arguments: `inline_view_6`, run on the worker.
#[doc(hidden)]
#[inline]
pub fn inline_handler_6<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4, A5) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_inline_6::<V, A0, A1, A2, A3, A4, A5, F, O>)
}

fn run_inline_6<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    F,
    O,
>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2, A3, A4, A5) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `inline_handler_6`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    inline_view_6::<A0, A1, A2, A3, A4, A5, F, O>(req, cx, names::<V, 6>(), view)
}

/// The handler of an `inline` view taking 7 extractor arguments: `inline_view_7`, run on the worker.
#[doc(hidden)]
#[inline]
pub fn inline_handler_7<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    A6: FromRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_inline_7::<V, A0, A1, A2, A3, A4, A5, A6, F, O>)
}

fn run_inline_7<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    A6: FromRequest,
    F,
    O,
>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `inline_handler_7`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    inline_view_7::<A0, A1, A2, A3, A4, A5, A6, F, O>(req, cx, names::<V, 7>(), view)
}

/// The handler of an `inline` view taking 8 extractor arguments: `inline_view_8`, run on the worker.
#[doc(hidden)]
#[inline]
pub fn inline_handler_8<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    A6: FromRequest,
    A7: FromRequest,
    F,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6, A7) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Sync(run_inline_8::<V, A0, A1, A2, A3, A4, A5, A6, A7, F, O>)
}

fn run_inline_8<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    A6: FromRequest,
    A7: FromRequest,
    F,
    O,
>(
    req: Request,
    cx: Blocking<'_>,
) -> Response
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6, A7) -> O + Copy + Send + Sync + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `inline_handler_8`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    inline_view_8::<A0, A1, A2, A3, A4, A5, A6, A7, F, O>(req, cx, names::<V, 8>(), view)
}

/// The handler of an async view taking 0 extractor arguments: `async_view_0`.
#[doc(hidden)]
#[inline]
pub fn async_handler_0<V: View, F, Fut, O>(view_struct: &V, view: F) -> Handler
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Async(run_async_0::<V, F, Fut, O>)
}

fn run_async_0<V: View, F, Fut, O>(req: Request) -> BoxFuture<Response>
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `async_handler_0`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    async_view_0::<F, Fut, O>(req, names::<V, 0>(), view)
}

/// The handler of an async view taking 1 extractor argument: `async_view_1`.
#[doc(hidden)]
#[inline]
pub fn async_handler_1<V: View, A0: FromRequest, F, Fut, O>(view_struct: &V, view: F) -> Handler
where
    F: Fn(A0) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Async(run_async_1::<V, A0, F, Fut, O>)
}

fn run_async_1<V: View, A0: FromRequest, F, Fut, O>(req: Request) -> BoxFuture<Response>
where
    F: Fn(A0) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `async_handler_1`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    async_view_1::<A0, F, Fut, O>(req, names::<V, 1>(), view)
}

/// The handler of an async view taking 2 extractor arguments: `async_view_2`.
#[doc(hidden)]
#[inline]
pub fn async_handler_2<V: View, A0: FromRequest, A1: FromRequest, F, Fut, O>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Async(run_async_2::<V, A0, A1, F, Fut, O>)
}

fn run_async_2<V: View, A0: FromRequest, A1: FromRequest, F, Fut, O>(
    req: Request,
) -> BoxFuture<Response>
where
    F: Fn(A0, A1) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `async_handler_2`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    async_view_2::<A0, A1, F, Fut, O>(req, names::<V, 2>(), view)
}

/// The handler of an async view taking 3 extractor arguments: `async_view_3`.
#[doc(hidden)]
#[inline]
pub fn async_handler_3<V: View, A0: FromRequest, A1: FromRequest, A2: FromRequest, F, Fut, O>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Async(run_async_3::<V, A0, A1, A2, F, Fut, O>)
}

fn run_async_3<V: View, A0: FromRequest, A1: FromRequest, A2: FromRequest, F, Fut, O>(
    req: Request,
) -> BoxFuture<Response>
where
    F: Fn(A0, A1, A2) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `async_handler_3`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    async_view_3::<A0, A1, A2, F, Fut, O>(req, names::<V, 3>(), view)
}

/// The handler of an async view taking 4 extractor arguments: `async_view_4`.
#[doc(hidden)]
#[inline]
pub fn async_handler_4<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    F,
    Fut,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Async(run_async_4::<V, A0, A1, A2, A3, F, Fut, O>)
}

fn run_async_4<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    F,
    Fut,
    O,
>(
    req: Request,
) -> BoxFuture<Response>
where
    F: Fn(A0, A1, A2, A3) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `async_handler_4`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    async_view_4::<A0, A1, A2, A3, F, Fut, O>(req, names::<V, 4>(), view)
}

/// The handler of an async view taking 5 extractor arguments: `async_view_5`.
#[doc(hidden)]
#[inline]
pub fn async_handler_5<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    F,
    Fut,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Async(run_async_5::<V, A0, A1, A2, A3, A4, F, Fut, O>)
}

fn run_async_5<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    F,
    Fut,
    O,
>(
    req: Request,
) -> BoxFuture<Response>
where
    F: Fn(A0, A1, A2, A3, A4) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `async_handler_5`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    async_view_5::<A0, A1, A2, A3, A4, F, Fut, O>(req, names::<V, 5>(), view)
}

/// The handler of an async view taking 6 extractor arguments: `async_view_6`.
#[doc(hidden)]
#[inline]
pub fn async_handler_6<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    F,
    Fut,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4, A5) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Async(run_async_6::<V, A0, A1, A2, A3, A4, A5, F, Fut, O>)
}

fn run_async_6<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    F,
    Fut,
    O,
>(
    req: Request,
) -> BoxFuture<Response>
where
    F: Fn(A0, A1, A2, A3, A4, A5) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `async_handler_6`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    async_view_6::<A0, A1, A2, A3, A4, A5, F, Fut, O>(req, names::<V, 6>(), view)
}

/// The handler of an async view taking 7 extractor arguments: `async_view_7`.
#[doc(hidden)]
#[inline]
pub fn async_handler_7<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    A6: FromRequest,
    F,
    Fut,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Async(run_async_7::<V, A0, A1, A2, A3, A4, A5, A6, F, Fut, O>)
}

fn run_async_7<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    A6: FromRequest,
    F,
    Fut,
    O,
>(
    req: Request,
) -> BoxFuture<Response>
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `async_handler_7`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    async_view_7::<A0, A1, A2, A3, A4, A5, A6, F, Fut, O>(req, names::<V, 7>(), view)
}

/// The handler of an async view taking 8 extractor arguments: `async_view_8`.
#[doc(hidden)]
#[inline]
pub fn async_handler_8<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    A6: FromRequest,
    A7: FromRequest,
    F,
    Fut,
    O,
>(
    view_struct: &V,
    view: F,
) -> Handler
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6, A7) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = (view_struct, view);
    Handler::Async(run_async_8::<V, A0, A1, A2, A3, A4, A5, A6, A7, F, Fut, O>)
}

fn run_async_8<
    V: View,
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    A5: FromRequest,
    A6: FromRequest,
    A7: FromRequest,
    F,
    Fut,
    O,
>(
    req: Request,
) -> BoxFuture<Response>
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6, A7) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    // SAFETY: `F` is zero-sized (checked in `async_handler_8`) and a value of
    // it was given there.
    let view = unsafe { copy_of_view::<F>() };
    async_view_8::<A0, A1, A2, A3, A4, A5, A6, A7, F, Fut, O>(req, names::<V, 8>(), view)
}
