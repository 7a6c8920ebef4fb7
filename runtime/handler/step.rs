//! [`StepFuture`]: one step of a chain run from async code — what `Next::run`
//! returns, and what a request's chain starts with (`first_step`). It is a
//! small hand-written future rather than an `async fn`, because an `async fn`
//! keeps its arguments beside its locals: every request's future would hold
//! the request two or three times over, and each move of that future would be
//! a multi-kilobyte copy. The step is picked when the future is made:
//! - an async step (middleware, view, a service) is the boxed future its
//!   adapter returns, polled here; each poll of a middleware or view is
//!   timed (`slow_poll.rs`), and a panic is a 500;
//! - a sync part is entered when the future is made: its job is queued for
//!   a sync thread, and the state is its answer on the way
//!   (`exec::Started`, held in place: no box); a body to spool first makes
//!   that one boxed future doing both;
//!   an `inline` view is run there and then, and its answer is ready;
//!   a sync view taking no arguments (`Handler::SyncAlone`) gets no
//!   request: it is dropped here, on the worker, its body unread;
//! - a 404 or 405 is ready at once.

use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use crate::core::{IntoResponse, Request, Response};
use crate::exec::{Blocking, Job, PoolSlot, Started, SyncFailure};
use crate::extract::{nothing_to_spool, spool};
use crate::web::ViewRendering;

use super::answers::{catch_sync, failed, method_not_allowed, not_found, panicked};
use super::chain::{Chain, Code, Entry, Label, Step};
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
    /// A sync part's answer, awaited.
    Sync(SyncWait),
    /// A body spooled, then the sync part's answer awaited.
    Spooling(BoxFuture<Response>),
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
                Code::SyncMiddleware(call) => {
                    enter_sync_part(&chain, pos, SyncPart::Middleware(*call), req)
                }
                Code::View(Handler::Sync(call)) => {
                    enter_sync_part(&chain, pos, SyncPart::View(*call), req)
                }
                Code::View(Handler::SyncAlone(call)) => {
                    let call = *call;
                    let rendering = ViewRendering::of(&req);
                    // Let go here, on the worker (see `SyncCallAlone`): so
                    // hyper, reading ahead once it has handed the request
                    // over, reuses its read buffer rather than allocating
                    // another while the view runs.
                    drop(req);
                    let job = move |cx: Blocking<'_>| rendering.apply(call(cx));
                    enter_sync(&chain, step, job).into_state()
                }
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
            State::Sync(wait) => Pin::new(wait).poll(cx),
            State::Spooling(future) => future.as_mut().poll(cx),
            State::Ready(response) => Poll::Ready(
                *response
                    .take()
                    .expect("a step's future polled after it answered"),
            ),
        }
    }
}

/// Sync code never touches the socket: before the request goes to a sync
/// part, its body is read on the async side into the spool (nothing to
/// read for a `GET`); then the part is entered, on a sync thread. Without a
/// body to read, all of it happens here and now: the job is queued (or an
/// `inline` view run) before the step's future is first polled, so the
/// request is moved once, into the job's cell.
fn enter_sync_part(chain: &Arc<Chain>, pos: usize, part: SyncPart, mut req: Request) -> State {
    if nothing_to_spool(&mut req) {
        return enter_sync_now(chain, pos, part, req).into_state();
    }
    let chain = chain.clone();
    State::Spooling(Box::pin(async move {
        if let Err(err) = spool(&mut req).await {
            return err.into_response();
        }
        match enter_sync_now(&chain, pos, part, req) {
            Entered::Answered(response) => response,
            Entered::Waiting(answer) => answer.await,
        }
    }))
}

/// A sync part entered: answered already (run right there), or its answer
/// on the way from a sync thread.
enum Entered {
    Answered(Response),
    Waiting(SyncWait),
}

impl Entered {
    /// The step's state: its answer, or the wait for it.
    fn into_state(self) -> State {
        match self {
            Entered::Answered(response) => ready(response),
            Entered::Waiting(answer) => State::Sync(answer),
        }
    }
}

/// A sync part's answer on its way (`exec::Started`, not boxed: the step
/// holds it in place), a failure to run it answered as `answers.rs` says.
struct SyncWait {
    started: Started<Response>,
    label: Label,
    metrics: crate::ops::StepMetrics,
}

impl Future for SyncWait {
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let this = self.get_mut();
        Poll::Ready(match ready!(Pin::new(&mut this.started).poll(cx)) {
            Ok(response) => response,
            Err(failure) => {
                if matches!(failure, SyncFailure::Busy { .. }) {
                    this.metrics.sync_refused();
                }
                failed(this.label, failure)
            }
        })
    }
}

/// Enters the sync part at `pos` of `chain` for `req`, whose body is spooled.
fn enter_sync_now(chain: &Arc<Chain>, pos: usize, part: SyncPart, req: Request) -> Entered {
    let step = &chain.steps[pos];
    match part {
        SyncPart::Middleware(call) => {
            let inner = chain.clone();
            let job = move |cx: Blocking<'_>| call(req, SyncNext::new(inner, pos + 1), cx);
            enter_sync(chain, step, job)
        }
        SyncPart::View(call) => {
            let rendering = ViewRendering::of(&req);
            let job = move |cx: Blocking<'_>| rendering.apply(call(req, cx));
            enter_sync(chain, step, job)
        }
    }
}

/// Sync code reached from async code: moved to a sync thread of the chain's
/// pool (the switch; `SyncPool::start` runs it in place when the request is
/// on one already, inside an async part nested in a sync one), or called
/// right here when it needs no thread (an `inline` view), with the chain's
/// pool current as it would be in a poll.
fn enter_sync(
    chain: &Chain,
    step: &Step,
    job: impl for<'cx> FnOnce(Blocking<'cx>) -> Response + Send + 'static,
) -> Entered {
    let label = step.label;
    match &step.entry {
        Entry::Switch => {
            let metrics = step.watch.metrics;
            let asked = crate::ops::Stamp::now();
            let job = move |cx: Blocking<'_>| {
                metrics.sync_started(asked);
                job(cx)
            };
            #[cfg(feature = "sqlite")]
            let started = match &chain.atomic {
                Some(db) => {
                    let db = db.clone();
                    let atomic = move |cx: Blocking<'_>| crate::db::atomic_request(&db, || job(cx));
                    chain.pool.start(Job::Switch, atomic)
                }
                None => chain.pool.start(Job::Switch, job),
            };
            #[cfg(not(feature = "sqlite"))]
            let started = chain.pool.start(Job::Switch, job);
            Entered::Waiting(SyncWait {
                started,
                label,
                metrics,
            })
        }
        Entry::Await | Entry::Call | Entry::BlockOn => {
            let mut pool = PoolSlot::new(chain.pool.clone());
            let _current = pool.enter();
            Entered::Answered(catch_sync(label, || job(Blocking::new())))
        }
    }
}
