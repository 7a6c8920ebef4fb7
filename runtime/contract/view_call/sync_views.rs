//! `sync_view_N` (extracted and run on the sync thread) and `inline_view_N`
//! (on the worker): the generic adapters of sync views with `N` extractor
//! arguments, `N` from 1 (see `view_call/mod.rs`; a view taking none needs
//! no request, and its handler calls it directly: `handlers.rs`).

use crate::core::{IntoResponse, Request, Response};
use crate::exec::{Blocking, block_on, free_at_home};
use crate::extract::{FromRequest, FromSyncRequest};

/// The adapter of a sync view taking 1 extractor argument: runs on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_view_1<A0: FromSyncRequest, F, O>(
    req: Request,
    cx: Blocking<'_>,
    names: [&'static str; 1],
    view: F,
) -> Response
where
    F: FnOnce(A0) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match A0::from_sync_request(&mut req, names[0], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let response = view(a0).into_response();
    free_at_home(req);
    response
}

/// The adapter of a sync view taking 2 extractor arguments: runs on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_view_2<A0: FromSyncRequest, A1: FromSyncRequest, F, O>(
    req: Request,
    cx: Blocking<'_>,
    names: [&'static str; 2],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match A0::from_sync_request(&mut req, names[0], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match A1::from_sync_request(&mut req, names[1], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let response = view(a0, a1).into_response();
    free_at_home(req);
    response
}

/// The adapter of a sync view taking 3 extractor arguments: runs on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_view_3<A0: FromSyncRequest, A1: FromSyncRequest, A2: FromSyncRequest, F, O>(
    req: Request,
    cx: Blocking<'_>,
    names: [&'static str; 3],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match A0::from_sync_request(&mut req, names[0], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match A1::from_sync_request(&mut req, names[1], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match A2::from_sync_request(&mut req, names[2], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let response = view(a0, a1, a2).into_response();
    free_at_home(req);
    response
}

/// The adapter of a sync view taking 4 extractor arguments: runs on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_view_4<
    A0: FromSyncRequest,
    A1: FromSyncRequest,
    A2: FromSyncRequest,
    A3: FromSyncRequest,
    F,
    O,
>(
    req: Request,
    cx: Blocking<'_>,
    names: [&'static str; 4],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2, A3) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match A0::from_sync_request(&mut req, names[0], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match A1::from_sync_request(&mut req, names[1], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match A2::from_sync_request(&mut req, names[2], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a3 = match A3::from_sync_request(&mut req, names[3], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let response = view(a0, a1, a2, a3).into_response();
    free_at_home(req);
    response
}

/// The adapter of a sync view taking 5 extractor arguments: runs on its sync thread.
#[doc(hidden)]
#[inline]
pub fn sync_view_5<
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
    names: [&'static str; 5],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2, A3, A4) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match A0::from_sync_request(&mut req, names[0], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match A1::from_sync_request(&mut req, names[1], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match A2::from_sync_request(&mut req, names[2], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a3 = match A3::from_sync_request(&mut req, names[3], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a4 = match A4::from_sync_request(&mut req, names[4], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let response = view(a0, a1, a2, a3, a4).into_response();
    free_at_home(req);
    response
}

/// The adapter of a sync view taking 6 extractor arguments: runs on its sync thread.
#[doc(hidden)]
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn sync_view_6<
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
    names: [&'static str; 6],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2, A3, A4, A5) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match A0::from_sync_request(&mut req, names[0], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match A1::from_sync_request(&mut req, names[1], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match A2::from_sync_request(&mut req, names[2], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a3 = match A3::from_sync_request(&mut req, names[3], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a4 = match A4::from_sync_request(&mut req, names[4], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a5 = match A5::from_sync_request(&mut req, names[5], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let response = view(a0, a1, a2, a3, a4, a5).into_response();
    free_at_home(req);
    response
}

/// The adapter of a sync view taking 7 extractor arguments: runs on its sync thread.
#[doc(hidden)]
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn sync_view_7<
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
    names: [&'static str; 7],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2, A3, A4, A5, A6) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match A0::from_sync_request(&mut req, names[0], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match A1::from_sync_request(&mut req, names[1], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match A2::from_sync_request(&mut req, names[2], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a3 = match A3::from_sync_request(&mut req, names[3], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a4 = match A4::from_sync_request(&mut req, names[4], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a5 = match A5::from_sync_request(&mut req, names[5], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a6 = match A6::from_sync_request(&mut req, names[6], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let response = view(a0, a1, a2, a3, a4, a5, a6).into_response();
    free_at_home(req);
    response
}

/// The adapter of a sync view taking 8 extractor arguments: runs on its sync thread.
#[doc(hidden)]
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn sync_view_8<
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
    names: [&'static str; 8],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2, A3, A4, A5, A6, A7) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match A0::from_sync_request(&mut req, names[0], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match A1::from_sync_request(&mut req, names[1], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match A2::from_sync_request(&mut req, names[2], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a3 = match A3::from_sync_request(&mut req, names[3], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a4 = match A4::from_sync_request(&mut req, names[4], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a5 = match A5::from_sync_request(&mut req, names[5], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a6 = match A6::from_sync_request(&mut req, names[6], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a7 = match A7::from_sync_request(&mut req, names[7], cx) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let response = view(a0, a1, a2, a3, a4, a5, a6, a7).into_response();
    free_at_home(req);
    response
}

/// The adapter of an `inline` view taking 1 extractor argument: runs on the worker (`inline`), its extractors driven there.
#[doc(hidden)]
#[inline]
pub fn inline_view_1<A0: FromRequest, F, O>(
    req: Request,
    _cx: Blocking<'_>,
    names: [&'static str; 1],
    view: F,
) -> Response
where
    F: FnOnce(A0) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match block_on(A0::from_request(&mut req, names[0])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    view(a0).into_response()
}

/// The adapter of an `inline` view taking 2 extractor arguments: runs on the worker (`inline`), its extractors driven there.
#[doc(hidden)]
#[inline]
pub fn inline_view_2<A0: FromRequest, A1: FromRequest, F, O>(
    req: Request,
    _cx: Blocking<'_>,
    names: [&'static str; 2],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match block_on(A0::from_request(&mut req, names[0])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match block_on(A1::from_request(&mut req, names[1])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    view(a0, a1).into_response()
}

/// The adapter of an `inline` view taking 3 extractor arguments: runs on the worker (`inline`), its extractors driven there.
#[doc(hidden)]
#[inline]
pub fn inline_view_3<A0: FromRequest, A1: FromRequest, A2: FromRequest, F, O>(
    req: Request,
    _cx: Blocking<'_>,
    names: [&'static str; 3],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match block_on(A0::from_request(&mut req, names[0])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match block_on(A1::from_request(&mut req, names[1])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match block_on(A2::from_request(&mut req, names[2])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    view(a0, a1, a2).into_response()
}

/// The adapter of an `inline` view taking 4 extractor arguments: runs on the worker (`inline`), its extractors driven there.
#[doc(hidden)]
#[inline]
pub fn inline_view_4<A0: FromRequest, A1: FromRequest, A2: FromRequest, A3: FromRequest, F, O>(
    req: Request,
    _cx: Blocking<'_>,
    names: [&'static str; 4],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2, A3) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match block_on(A0::from_request(&mut req, names[0])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match block_on(A1::from_request(&mut req, names[1])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match block_on(A2::from_request(&mut req, names[2])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a3 = match block_on(A3::from_request(&mut req, names[3])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    view(a0, a1, a2, a3).into_response()
}

/// The adapter of an `inline` view taking 5 extractor arguments: runs on the worker (`inline`), its extractors driven there.
#[doc(hidden)]
#[inline]
pub fn inline_view_5<
    A0: FromRequest,
    A1: FromRequest,
    A2: FromRequest,
    A3: FromRequest,
    A4: FromRequest,
    F,
    O,
>(
    req: Request,
    _cx: Blocking<'_>,
    names: [&'static str; 5],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2, A3, A4) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match block_on(A0::from_request(&mut req, names[0])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match block_on(A1::from_request(&mut req, names[1])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match block_on(A2::from_request(&mut req, names[2])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a3 = match block_on(A3::from_request(&mut req, names[3])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a4 = match block_on(A4::from_request(&mut req, names[4])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    view(a0, a1, a2, a3, a4).into_response()
}

/// The adapter of an `inline` view taking 6 extractor arguments: runs on the worker (`inline`), its extractors driven there.
#[doc(hidden)]
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn inline_view_6<
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
    _cx: Blocking<'_>,
    names: [&'static str; 6],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2, A3, A4, A5) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match block_on(A0::from_request(&mut req, names[0])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match block_on(A1::from_request(&mut req, names[1])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match block_on(A2::from_request(&mut req, names[2])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a3 = match block_on(A3::from_request(&mut req, names[3])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a4 = match block_on(A4::from_request(&mut req, names[4])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a5 = match block_on(A5::from_request(&mut req, names[5])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    view(a0, a1, a2, a3, a4, a5).into_response()
}

/// The adapter of an `inline` view taking 7 extractor arguments: runs on the worker (`inline`), its extractors driven there.
#[doc(hidden)]
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn inline_view_7<
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
    _cx: Blocking<'_>,
    names: [&'static str; 7],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2, A3, A4, A5, A6) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match block_on(A0::from_request(&mut req, names[0])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match block_on(A1::from_request(&mut req, names[1])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match block_on(A2::from_request(&mut req, names[2])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a3 = match block_on(A3::from_request(&mut req, names[3])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a4 = match block_on(A4::from_request(&mut req, names[4])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a5 = match block_on(A5::from_request(&mut req, names[5])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a6 = match block_on(A6::from_request(&mut req, names[6])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    view(a0, a1, a2, a3, a4, a5, a6).into_response()
}

/// The adapter of an `inline` view taking 8 extractor arguments: runs on the worker (`inline`), its extractors driven there.
#[doc(hidden)]
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn inline_view_8<
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
    _cx: Blocking<'_>,
    names: [&'static str; 8],
    view: F,
) -> Response
where
    F: FnOnce(A0, A1, A2, A3, A4, A5, A6, A7) -> O,
    O: IntoResponse,
{
    let mut req = req;
    let a0 = match block_on(A0::from_request(&mut req, names[0])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a1 = match block_on(A1::from_request(&mut req, names[1])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a2 = match block_on(A2::from_request(&mut req, names[2])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a3 = match block_on(A3::from_request(&mut req, names[3])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a4 = match block_on(A4::from_request(&mut req, names[4])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a5 = match block_on(A5::from_request(&mut req, names[5])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a6 = match block_on(A6::from_request(&mut req, names[6])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    let a7 = match block_on(A7::from_request(&mut req, names[7])) {
        Ok(value) => value,
        Err(rejected) => return rejected,
    };
    view(a0, a1, a2, a3, a4, a5, a6, a7).into_response()
}
