//! `async_view_N`: the generic adapter of an async view with `N` extractor
//! arguments (see `view_call/mod.rs`).

use std::future::Future;

use crate::core::{IntoResponse, Request, Response};
use crate::extract::FromRequest;
use crate::handler::BoxFuture;

/// The adapter of an async view taking 0 extractor arguments.
#[doc(hidden)]
#[inline]
pub fn async_view_0<F, Fut, O>(
    req: Request,
    names: [&'static str; 0],
    view: F,
) -> BoxFuture<Response>
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    // Nothing is taken from the request, so it goes now, before the view
    // runs: hyper, which reads ahead for the client's EOF once it has handed
    // the request over, then finds its read buffer unshared and reuses it,
    // where a request still alive makes it allocate a new one (about 750
    // instructions; BENCHMARKS.md). The body, if any, is dropped unread, as
    // it would be at the end.
    drop(req);
    let _ = names;
    Box::pin(async move { view().await.into_response() })
}

/// The adapter of an async view taking 1 extractor argument.
#[doc(hidden)]
#[inline]
pub fn async_view_1<A0: FromRequest, F, Fut, O>(
    req: Request,
    names: [&'static str; 1],
    view: F,
) -> BoxFuture<Response>
where
    F: FnOnce(A0) -> Fut + Send + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    Box::pin(async move {
        let mut req = req;
        let a0 = match A0::from_request(&mut req, names[0]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        view(a0).await.into_response()
    })
}

/// The adapter of an async view taking 2 extractor arguments.
#[doc(hidden)]
#[inline]
pub fn async_view_2<A0: FromRequest, A1: FromRequest, F, Fut, O>(
    req: Request,
    names: [&'static str; 2],
    view: F,
) -> BoxFuture<Response>
where
    F: FnOnce(A0, A1) -> Fut + Send + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    Box::pin(async move {
        let mut req = req;
        let a0 = match A0::from_request(&mut req, names[0]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a1 = match A1::from_request(&mut req, names[1]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        view(a0, a1).await.into_response()
    })
}

/// The adapter of an async view taking 3 extractor arguments.
#[doc(hidden)]
#[inline]
pub fn async_view_3<A0: FromRequest, A1: FromRequest, A2: FromRequest, F, Fut, O>(
    req: Request,
    names: [&'static str; 3],
    view: F,
) -> BoxFuture<Response>
where
    F: FnOnce(A0, A1, A2) -> Fut + Send + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    Box::pin(async move {
        let mut req = req;
        let a0 = match A0::from_request(&mut req, names[0]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a1 = match A1::from_request(&mut req, names[1]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a2 = match A2::from_request(&mut req, names[2]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        view(a0, a1, a2).await.into_response()
    })
}

/// The adapter of an async view taking 4 extractor arguments.
#[doc(hidden)]
#[inline]
pub fn async_view_4<A0: FromRequest, A1: FromRequest, A2: FromRequest, A3: FromRequest, F, Fut, O>(
    req: Request,
    names: [&'static str; 4],
    view: F,
) -> BoxFuture<Response>
where
    F: FnOnce(A0, A1, A2, A3) -> Fut + Send + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    Box::pin(async move {
        let mut req = req;
        let a0 = match A0::from_request(&mut req, names[0]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a1 = match A1::from_request(&mut req, names[1]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a2 = match A2::from_request(&mut req, names[2]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a3 = match A3::from_request(&mut req, names[3]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        view(a0, a1, a2, a3).await.into_response()
    })
}

/// The adapter of an async view taking 5 extractor arguments.
#[doc(hidden)]
#[inline]
pub fn async_view_5<
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
    names: [&'static str; 5],
    view: F,
) -> BoxFuture<Response>
where
    F: FnOnce(A0, A1, A2, A3, A4) -> Fut + Send + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    Box::pin(async move {
        let mut req = req;
        let a0 = match A0::from_request(&mut req, names[0]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a1 = match A1::from_request(&mut req, names[1]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a2 = match A2::from_request(&mut req, names[2]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a3 = match A3::from_request(&mut req, names[3]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a4 = match A4::from_request(&mut req, names[4]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        view(a0, a1, a2, a3, a4).await.into_response()
    })
}

/// The adapter of an async view taking 6 extractor arguments.
#[doc(hidden)]
#[inline]
pub fn async_view_6<
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
    names: [&'static str; 6],
    view: F,
) -> BoxFuture<Response>
where
    F: FnOnce(A0, A1, A2, A3, A4, A5) -> Fut + Send + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    Box::pin(async move {
        let mut req = req;
        let a0 = match A0::from_request(&mut req, names[0]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a1 = match A1::from_request(&mut req, names[1]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a2 = match A2::from_request(&mut req, names[2]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a3 = match A3::from_request(&mut req, names[3]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a4 = match A4::from_request(&mut req, names[4]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a5 = match A5::from_request(&mut req, names[5]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        view(a0, a1, a2, a3, a4, a5).await.into_response()
    })
}

/// The adapter of an async view taking 7 extractor arguments.
#[doc(hidden)]
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn async_view_7<
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
    names: [&'static str; 7],
    view: F,
) -> BoxFuture<Response>
where
    F: FnOnce(A0, A1, A2, A3, A4, A5, A6) -> Fut + Send + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    Box::pin(async move {
        let mut req = req;
        let a0 = match A0::from_request(&mut req, names[0]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a1 = match A1::from_request(&mut req, names[1]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a2 = match A2::from_request(&mut req, names[2]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a3 = match A3::from_request(&mut req, names[3]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a4 = match A4::from_request(&mut req, names[4]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a5 = match A5::from_request(&mut req, names[5]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a6 = match A6::from_request(&mut req, names[6]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        view(a0, a1, a2, a3, a4, a5, a6).await.into_response()
    })
}

/// The adapter of an async view taking 8 extractor arguments.
#[doc(hidden)]
#[inline]
#[allow(clippy::too_many_arguments)]
pub fn async_view_8<
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
    names: [&'static str; 8],
    view: F,
) -> BoxFuture<Response>
where
    F: FnOnce(A0, A1, A2, A3, A4, A5, A6, A7) -> Fut + Send + 'static,
    Fut: Future<Output = O> + Send + 'static,
    O: IntoResponse,
{
    Box::pin(async move {
        let mut req = req;
        let a0 = match A0::from_request(&mut req, names[0]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a1 = match A1::from_request(&mut req, names[1]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a2 = match A2::from_request(&mut req, names[2]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a3 = match A3::from_request(&mut req, names[3]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a4 = match A4::from_request(&mut req, names[4]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a5 = match A5::from_request(&mut req, names[5]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a6 = match A6::from_request(&mut req, names[6]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        let a7 = match A7::from_request(&mut req, names[7]).await {
            Ok(value) => value,
            Err(rejected) => return rejected,
        };
        view(a0, a1, a2, a3, a4, a5, a6, a7).await.into_response()
    })
}
