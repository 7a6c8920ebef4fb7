//! [`AppFuture`]: the one future a request of an app is answered by,
//! from routing to the response hyper writes. Its concerns are fields of one
//! struct, polled once, rather than wrapper futures around each other, each
//! of which would move the response it passes on and add a poll:
//!
//! - the chain's outermost step (`handler::StepFuture`), polled with the
//!   chain's pool current (`exec::PoolSlot`);
//! - then the finish step (`web/finish.rs`), which waits only to save a
//!   session;
//! - in the request's span (`request_log.rs`), entered around each poll and
//!   while the future is dropped, with one `finished` event at the end;
//! - the disconnect guard (`core/disconnect.rs`), disarmed once the answer
//!   is ready;
//! - the answer to a `HEAD` without its body (`service.rs`);
//! - the route's request count and latency (`ops`, feature `metrics`).

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Instant;

use tracing::Span;

use crate::core::{Armed, Response};
use crate::exec::{PoolSlot, SyncPool};
use crate::handler::{BoxFuture, StepFuture};
use crate::web::{Finish, Finished};

use super::request_log::log_finished;
use super::service::without_body;

/// What the route's metrics need at the end: the chain's handles, the
/// method, when routing began (feature `metrics`; nothing without it).
#[cfg(feature = "metrics")]
pub(super) type Timing = Option<(crate::ops::RouteMetrics, http::Method, crate::ops::Stamp)>;
#[cfg(not(feature = "metrics"))]
pub(super) type Timing = ();

/// Where a request is: what routing gave, then the finish step.
pub(super) enum Stage {
    /// The chain of the request's route, then its finish step.
    Chain {
        step: StepFuture,
        pool: PoolSlot,
        web: Option<Finish>,
    },
    /// Saving the session (the only finish step that waits).
    Saving(BoxFuture<Response>),
    /// The app's tower layers, with routing and the chain inside.
    Layers(BoxFuture<Response>),
    /// Answered without a chain (a request naming two hosts), until taken.
    Ready(Option<Box<Response>>),
}

impl Stage {
    /// The chain's first step, its pool, and what its finish step needs.
    pub(super) fn chain(step: StepFuture, pool: Arc<SyncPool>, web: Finish) -> Stage {
        Stage::Chain {
            step,
            pool: PoolSlot::new(pool),
            web: Some(web),
        }
    }

    pub(super) fn ready(response: Response) -> Stage {
        Stage::Ready(Some(Box::new(response)))
    }
}

/// The future an [`AppService`](crate::AppService) answers a request with,
/// as a `tower::Service` or a hyper service: it never fails (an error is a
/// response), so its output is `Result<Response, Infallible>`.
///
/// It is not boxed: a server keeps one per connection, and it is small (the
/// chain's own futures are boxed inside it).
pub struct AppFuture {
    stage: Stage,
    /// The request's span (`Span::none()` inside the app's tower layers,
    /// where the outer future has it entered already).
    span: Span,
    /// When the request started, if its span is recorded.
    started: Option<Instant>,
    /// Sets the request's disconnect flag if the future is dropped first.
    armed: Option<Armed>,
    /// Answer without the body.
    head: bool,
    #[cfg_attr(not(feature = "metrics"), allow(dead_code))]
    timing: Timing,
}

impl AppFuture {
    pub(super) fn new(
        stage: Stage,
        span: Span,
        started: Option<Instant>,
        armed: Option<Armed>,
        head: bool,
        timing: Timing,
    ) -> Self {
        AppFuture {
            stage,
            span,
            started,
            armed,
            head,
            timing,
        }
    }
}

impl Stage {
    /// Polls the stage until the response is ready, finish step included.
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Response> {
        loop {
            let saving = match self {
                Stage::Chain { step, pool, web } => {
                    let response = {
                        let _pool = pool.enter();
                        ready!(Pin::new(step).poll(cx))
                    };
                    let web = web.take().expect("the chain answers once");
                    match crate::web::finish(web, response) {
                        Finished::Done(response) => return Poll::Ready(response),
                        Finished::Saving(future) => future,
                    }
                }
                Stage::Saving(future) | Stage::Layers(future) => return future.as_mut().poll(cx),
                Stage::Ready(response) => {
                    let response = response.take().expect("an answer is taken once");
                    return Poll::Ready(*response);
                }
            };
            *self = Stage::Saving(saving);
        }
    }
}

impl Future for AppFuture {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let _in_span = this.span.enter();
        let response = ready!(this.stage.poll(cx));
        if let Some(started) = this.started.take() {
            log_finished(&this.span, &response, started);
        }
        #[cfg(feature = "metrics")]
        if let Some((metrics, method, since)) = this.timing.take() {
            metrics.finish(&method, response.status(), since);
        }
        if let Some(armed) = &mut this.armed {
            armed.disarm();
        }
        Poll::Ready(Ok(if this.head {
            without_body(response)
        } else {
            response
        }))
    }
}

/// A request dropped unanswered (the client went away) is dropped in its
/// span, so what its parts log then is logged in it.
impl Drop for AppFuture {
    fn drop(&mut self) {
        let _in_span = self.span.enter();
        self.stage = Stage::Ready(None);
        self.armed = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a server or a tower stack needs of the future it is handed.
    #[test]
    fn the_future_can_go_to_any_task_and_moves_freely() {
        fn sendable<F: Future + Send + Unpin + 'static>() {}
        sendable::<AppFuture>();
    }
}
