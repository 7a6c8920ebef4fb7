//! [`StepFuture`]: one step of a chain run from async code — what
//! `Next::run` returns, and what `answer` starts a request with. It is a
//! small hand-written future rather than an `async fn`, because an
//! `async fn` keeps its arguments beside its locals: every request's future
//! held the request two or three times over, and each move of that future
//! was a multi-kilobyte copy. The step is picked when the future is made:
//! - an async step (middleware, view, a service) is the boxed future its
//!   adapter returns, polled here; each poll of a middleware or view is
//!   timed (`slow_poll.rs`), and a panic is a 500;
//! - a sync part's entry (spooling the body on the worker, then the switch,
//!   `enter_sync`) is one boxed future: it is large, and rare on async paths;
//! - a 404 or 405 is ready at once.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use crate::core::{IntoResponse, Request, Response};
use crate::exec::{Blocking, Job};
use crate::extract::spool;
use crate::web::ViewRendering;

use super::answers::{catch_sync, failed, method_not_allowed, not_found, panicked};
use super::chain::{Chain, Code, Entry, Label};
use super::middleware::SyncMiddlewareCall;
use super::next::{Next, SyncNext};
use super::slow_poll::poll_timed;
use super::view::{BoxFuture, Handler, SyncCall};

/// The future of the step at `pos` of `chain`.
pub(crate) struct StepFuture {
    chain: Arc<Chain>,
    pos: usize,
    state: State,
}

enum State {
    /// An async step's future. `timed`: a middleware's or view's (a
    /// service's polls are not timed); `rendering`: a view's template.
    Async {
        future: BoxFuture<Response>,
        timed: bool,
        rendering: Option<ViewRendering>,
    },
    /// A sync part's spooling and switch.
    Sync(BoxFuture<Response>),
    /// The answer (a 404, a 405, a panic while starting the step), until taken.
    Ready(Option<Box<Response>>),
}

/// The sync code a step enters.
#[derive(Clone, Copy)]
enum SyncPart {
    Middleware(SyncMiddlewareCall),
    View(SyncCall),
}

impl StepFuture {
    /// Starts the step at `pos` of `chain` for `req`.
    pub(super) fn new(chain: Arc<Chain>, pos: usize, req: Request) -> Self {
        let state = {
            let step = &chain.steps[pos];
            let label = step.label;
            match &step.code {
                Code::AsyncMiddleware(f) => {
                    let next = Next::inner(&chain, pos);
                    start(label, || f(req, next), true, None)
                }
                Code::View(Handler::Async(f)) => {
                    let rendering = ViewRendering::of(&req);
                    start(label, || f(req), true, Some(rendering))
                }
                Code::Service(end) => start(label, || end(req), false, None),
                Code::SyncMiddleware(call) => State::Sync(Box::pin(enter_sync_part(
                    chain.clone(),
                    pos,
                    SyncPart::Middleware(*call),
                    req,
                ))),
                Code::View(Handler::Sync(call)) => State::Sync(Box::pin(enter_sync_part(
                    chain.clone(),
                    pos,
                    SyncPart::View(*call),
                    req,
                ))),
                Code::NotFound => ready(not_found(&req)),
                Code::MethodNotAllowed(allow) => ready(method_not_allowed(req.method(), allow)),
            }
        };
        StepFuture { chain, pos, state }
    }
}

fn ready(response: Response) -> State {
    State::Ready(Some(Box::new(response)))
}

/// An async step's state: the future its adapter makes (a panic making it
/// is a 500, as a panic polling it is).
fn start(
    label: Label,
    make: impl FnOnce() -> BoxFuture<Response>,
    timed: bool,
    rendering: Option<ViewRendering>,
) -> State {
    match catch_unwind(AssertUnwindSafe(make)) {
        Ok(future) => State::Async {
            future,
            timed,
            rendering,
        },
        Err(payload) => ready(panicked(label, &*payload)),
    }
}

impl Future for StepFuture {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = self.get_mut();
        match &mut this.state {
            State::Async { future, timed, .. } => {
                let step = &this.chain.steps[this.pos];
                let polled = catch_unwind(AssertUnwindSafe(|| {
                    if *timed {
                        poll_timed(future, cx, &step.watch, &this.chain.slow)
                    } else {
                        future.as_mut().poll(cx)
                    }
                }));
                let response = match polled {
                    Ok(Poll::Pending) => return Poll::Pending,
                    Ok(Poll::Ready(response)) => response,
                    Err(payload) => panicked(step.label, &*payload),
                };
                // The step's future is dropped before its template renders.
                match std::mem::replace(&mut this.state, State::Ready(None)) {
                    State::Async {
                        rendering: Some(rendering),
                        ..
                    } => Poll::Ready(rendering.apply(response)),
                    _ => Poll::Ready(response),
                }
            }
            State::Sync(future) => future.as_mut().poll(cx),
            State::Ready(response) => Poll::Ready(
                *response
                    .take()
                    .expect("a step's future polled after it answered"),
            ),
        }
    }
}

/// Sync code never touches the socket: before the request goes to a sync
/// part, its body is read on the async side into the spool (a no-op when it
/// already is); then the part is entered, on a sync thread.
async fn enter_sync_part(
    chain: Arc<Chain>,
    pos: usize,
    part: SyncPart,
    mut req: Request,
) -> Response {
    if let Err(err) = spool(&mut req).await {
        return err.into_response();
    }
    let step = &chain.steps[pos];
    match part {
        SyncPart::Middleware(call) => {
            let inner = chain.clone();
            let job = move |cx: Blocking<'_>| call(req, SyncNext::new(inner, pos + 1), cx);
            enter_sync(&chain, &step.entry, step.label, job).await
        }
        SyncPart::View(call) => {
            let rendering = ViewRendering::of(&req);
            let job = move |cx: Blocking<'_>| rendering.apply(call(req, cx));
            enter_sync(&chain, &step.entry, step.label, job).await
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
