//! [`Next`] and [`SyncNext`]: what a middleware calls to get the inner
//! response, and how each runs the next step of the chain the way the build
//! fixed (await inline, switch once, call directly, or drive on the sync
//! thread). A panic in any step comes back to the step around it as a 500
//! response. [`first_step`] (what `app/service.rs` calls) and [`answer`] are
//! where a request enters its chain.

use std::marker::PhantomData;
use std::sync::Arc;

use crate::core::{Request, Response};
use crate::exec::{Blocking, SyncPool, block_on, with_pool};
use crate::web::ViewRendering;

use super::answers::{catch_async, catch_sync, method_not_allowed, not_found};
use super::chain::{Chain, Code};
use super::step::StepFuture;
use super::view::Handler;

/// Answers `req` with `chain`, from its outermost step. Every sync job started
/// while answering (a sync part, `sync_to_async`, spooling, a `Chunks` body)
/// uses the chain's pool. Never panics: a panicking part is a 500.
pub(crate) fn answer(
    chain: &Arc<Chain>,
    req: Request,
) -> impl Future<Output = Response> + Send + use<> {
    let (step, pool) = first_step(chain, req);
    with_pool(pool, step)
}

/// What [`answer`] polls, for a caller that makes the pool current around
/// its own polls (`PoolSlot::enter`): the chain's outermost step for `req`,
/// and the chain's pool.
pub(crate) fn first_step(chain: &Arc<Chain>, req: Request) -> (StepFuture, Arc<SyncPool>) {
    (StepFuture::new(chain.clone(), 0, req), chain.pool.clone())
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
    /// The rest of `chain` after the step at `pos`.
    pub(super) fn inner(chain: &Arc<Chain>, pos: usize) -> Self {
        Next {
            chain: chain.clone(),
            pos: pos + 1,
        }
    }

    /// Runs the inner middleware and the view; a panic or error inside comes
    /// back as its response (a panic as a 500), never as a panic here.
    // An `async fn` (not `-> impl Future`), so that a sync middleware that
    // forgets this is async gets rustc's plain "found future" error, with no
    // note pointing into twain; a request's outermost step, whose future
    // every request holds, uses `StepFuture` directly (`answer`).
    pub async fn run(self, req: Request) -> Response {
        StepFuture::new(self.chain, self.pos, req).await
    }
}

impl SyncNext {
    pub(super) fn new(chain: Arc<Chain>, pos: usize) -> Self {
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
            Code::View(Handler::SyncAlone(call)) => {
                let rendering = ViewRendering::of(&req);
                drop(req);
                rendering.apply(catch_sync(label, || call(Blocking::new())))
            }
            Code::NotFound => not_found(&req),
            Code::MethodNotAllowed(allow) => method_not_allowed(req.method(), allow),
            Code::Service(end) => settle(block_on(catch_async(label, end(req)))),
        }
    }
}

fn settle(result: Result<Response, Response>) -> Response {
    result.unwrap_or_else(|panicked| panicked)
}
