//! [`Next`] and [`SyncNext`]: what a middleware calls to get the inner
//! response, and how each runs the next step of the chain the way the build
//! fixed (await inline, switch once, call directly, or drive on the sync
//! thread). A panic in any step comes back to the step around it as a 500
//! response. [`answer`] is where a request enters its chain.

use std::marker::PhantomData;
use std::sync::Arc;

use crate::core::{IntoResponse, Request, Response};
use crate::exec::{Blocking, Job, block_on, with_pool};
use crate::extract::spool;
use crate::web::ViewRendering;

use super::answers::{catch_async, catch_sync, failed, method_not_allowed, not_found};
use super::chain::{Chain, Code, Entry, Label};
use super::view::Handler;

/// Answers `req` with `chain`, from its outermost step. Every sync job started
/// while answering (a sync part, `sync_to_async`, spooling, a `Chunks` body)
/// uses the chain's pool. Never panics: a panicking part is a 500. Not an
/// `async fn`, so the request's future holds the chain's future once.
pub(crate) fn answer(
    chain: &Arc<Chain>,
    req: Request,
) -> impl Future<Output = Response> + Send + use<> {
    with_pool(chain.pool.clone(), Next::start(chain.clone()).run(req))
}

/// The rest of the chain, for an **async** middleware: `next.run(req).await`
/// gives the inner response (inner middleware, then the view).
///
/// ```
/// use twain::prelude::*;
///
/// #[middleware]
/// async fn server_header(req: Request, next: Next) -> Response {
///     let mut response = next.run(req).await;
///     response.headers_mut().insert("server", "twain".parse().unwrap());
///     response
/// }
/// ```
pub struct Next {
    chain: Arc<Chain>,
    pos: usize,
}

/// The rest of the chain, for a **sync** middleware: `next.run(req)` gives the
/// inner response, blocking this sync thread while inner parts run on it.
///
/// It is not `Send`: the inner sync parts must run on the thread the request
/// is on (so a thread-local set by the middleware is seen by the view).
///
/// ```
/// use twain::prelude::*;
///
/// #[middleware]
/// fn no_cache(req: Request, next: SyncNext) -> Response {
///     let mut response = next.run(req);
///     response.headers_mut().insert("cache-control", "no-store".parse().unwrap());
///     response
/// }
/// ```
pub struct SyncNext {
    chain: Arc<Chain>,
    pos: usize,
    _not_send: PhantomData<*const ()>,
}

impl std::fmt::Debug for Next {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Next")
            .field("step", &self.chain.steps[self.pos].label.to_string())
            .finish()
    }
}

impl std::fmt::Debug for SyncNext {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SyncNext")
            .field("step", &self.chain.steps[self.pos].label.to_string())
            .finish()
    }
}

impl Next {
    /// The whole chain, from its outermost step: where a request starts.
    fn start(chain: Arc<Chain>) -> Self {
        Next { chain, pos: 0 }
    }

    /// The rest of `chain` after the step at `pos`.
    fn inner(chain: &Arc<Chain>, pos: usize) -> Self {
        Next {
            chain: chain.clone(),
            pos: pos + 1,
        }
    }

    /// Runs the inner middleware and the view; a panic or error inside comes
    /// back as its response (a panic as a 500), never as a panic here.
    pub async fn run(self, req: Request) -> Response {
        let Next { chain, pos } = self;
        let step = &chain.steps[pos];
        let label = step.label;
        match &step.code {
            Code::AsyncMiddleware(f) => {
                let future = chain.timed(step, f(req, Next::inner(&chain, pos)));
                settle(catch_async(label, future).await)
            }
            Code::View(Handler::Async(f)) => {
                let rendering = ViewRendering::of(&req);
                let answer = catch_async(label, chain.timed(step, f(req))).await;
                rendering.apply(settle(answer))
            }
            Code::SyncMiddleware(call) => {
                let req = match Box::pin(spool_before_sync(req)).await {
                    Ok(req) => req,
                    Err(rejection) => return rejection,
                };
                let (call, inner) = (*call, chain.clone());
                let job = move |cx: Blocking<'_>| call(req, SyncNext::new(inner, pos + 1), cx);
                Box::pin(enter_sync(&chain, &step.entry, label, job)).await
            }
            Code::View(Handler::Sync(call)) => {
                let req = match Box::pin(spool_before_sync(req)).await {
                    Ok(req) => req,
                    Err(rejection) => return rejection,
                };
                let (call, rendering) = (*call, ViewRendering::of(&req));
                let job = move |cx: Blocking<'_>| rendering.apply(call(req, cx));
                Box::pin(enter_sync(&chain, &step.entry, label, job)).await
            }
            Code::NotFound => not_found(&req),
            Code::MethodNotAllowed(allow) => method_not_allowed(req.method(), allow),
            Code::Service(end) => settle(catch_async(label, end(req)).await),
        }
    }
}

/// Sync code never touches the socket: before the request goes to a sync part,
/// its body is read here, on the async side, into the spool (a no-op when it
/// already is).
///
/// This future and `enter_sync`'s are boxed where they are awaited: they are
/// large (body reading, the pool's timed wait), and unboxed they would make the
/// future of every request that large, async ones included, each move of it a
/// multi-kilobyte copy.
async fn spool_before_sync(mut req: Request) -> Result<Request, Response> {
    match spool(&mut req).await {
        Ok(()) => Ok(req),
        Err(err) => Err(err.into_response()),
    }
}

impl SyncNext {
    fn new(chain: Arc<Chain>, pos: usize) -> Self {
        SyncNext {
            chain,
            pos,
            _not_send: PhantomData,
        }
    }

    /// Runs the inner middleware and the view on this sync thread; a panic or
    /// error inside comes back as its response (a panic as a 500).
    pub fn run(self, req: Request) -> Response {
        let SyncNext { chain, pos, .. } = self;
        let step = &chain.steps[pos];
        let label = step.label;
        match &step.code {
            Code::AsyncMiddleware(f) => settle(block_on(catch_async(
                label,
                f(req, Next::inner(&chain, pos)),
            ))),
            Code::View(Handler::Async(f)) => {
                let rendering = ViewRendering::of(&req);
                rendering.apply(settle(block_on(catch_async(label, f(req)))))
            }
            Code::SyncMiddleware(call) => {
                let inner = SyncNext::new(chain.clone(), pos + 1);
                catch_sync(label, || call(req, inner, Blocking::new()))
            }
            Code::View(Handler::Sync(call)) => {
                let rendering = ViewRendering::of(&req);
                rendering.apply(catch_sync(label, || call(req, Blocking::new())))
            }
            Code::NotFound => not_found(&req),
            Code::MethodNotAllowed(allow) => method_not_allowed(req.method(), allow),
            Code::Service(end) => settle(block_on(catch_async(label, end(req)))),
        }
    }
}

/// Sync code reached from async code: moved to a sync thread of the chain's
/// pool (the switch; `SyncPool::run` runs it in place when the request is on
/// one already, inside an async part nested in a sync one), or called
/// directly when it needs no thread.
async fn enter_sync(
    chain: &Chain,
    entry: &Entry,
    label: Label,
    job: impl for<'cx> FnOnce(Blocking<'cx>) -> Response + Send + 'static,
) -> Response {
    match entry {
        Entry::Switch => {
            #[cfg(feature = "sqlite")]
            let ran = match &chain.atomic {
                Some(db) => {
                    let db = db.clone();
                    let atomic = move |cx: Blocking<'_>| crate::db::atomic_request(&db, || job(cx));
                    chain.pool.run(Job::Switch, atomic).await
                }
                None => chain.pool.run(Job::Switch, job).await,
            };
            #[cfg(not(feature = "sqlite"))]
            let ran = chain.pool.run(Job::Switch, job).await;
            match ran {
                Ok(response) => response,
                Err(failure) => failed(label, failure),
            }
        }
        Entry::Await | Entry::Call | Entry::BlockOn => catch_sync(label, || job(Blocking::new())),
    }
}

fn settle(result: Result<Response, Response>) -> Response {
    result.unwrap_or_else(|panicked| panicked)
}
