//! The request body's deadlines: [`Deadlined`] wraps every request body an
//! app receives (`app/service.rs`) and fails a read with [`BodyTimeout`] when
//! no bytes came for `App::body_read_timeout` (per read) or the body is not
//! complete within `App::body_timeout` (in total, from the request's
//! arrival). `read_error` (`limits.rs`, the one body-limit path) answers it
//! 408 with `Connection: close`, so a client that declared more than it sends
//! cannot hold the connection. The clocks are looked at only while a reader
//! waits for bytes that have not come: a body the client finished sending is
//! never failed, however late the view reads it.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep};

use super::body::{Body, BoxError};

/// How long a request body may take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyDeadlines {
    /// Longest wait for the next bytes.
    pub(crate) per_read: Duration,
    /// Longest time from the request's arrival to the body's end.
    pub(crate) total: Duration,
}

impl Default for BodyDeadlines {
    fn default() -> Self {
        BodyDeadlines {
            per_read: Duration::from_secs(30),
            total: Duration::from_secs(300),
        }
    }
}

/// Which body deadline passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyTimeout {
    /// No bytes for this long.
    Idle(Duration),
    /// The whole body took longer than this.
    Total(Duration),
}

impl fmt::Display for BodyTimeout {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyTimeout::Idle(limit) => write!(
                f,
                "no request body bytes arrived for {limit:?} (App::body_read_timeout)"
            ),
            BodyTimeout::Total(limit) => write!(
                f,
                "the request body did not arrive within {limit:?} (App::body_timeout)"
            ),
        }
    }
}

impl std::error::Error for BodyTimeout {}

/// `body` under `deadlines`; a body that is already complete is returned as is.
pub(crate) fn with_deadlines(body: Body, deadlines: BodyDeadlines) -> Body {
    if http_body::Body::is_end_stream(&body) {
        return body;
    }
    let now = Instant::now();
    Body::new(Deadlined {
        body,
        deadlines,
        total_end: now + deadlines.total,
        last_bytes: now,
        timer: None,
        failed: false,
    })
}

struct Deadlined {
    body: Body,
    deadlines: BodyDeadlines,
    total_end: Instant,
    last_bytes: Instant,
    /// Armed while a reader waits, at the earlier of the two ends.
    timer: Option<Pin<Box<Sleep>>>,
    failed: bool,
}

impl Deadlined {
    fn passed(&self, now: Instant) -> Option<BodyTimeout> {
        if now >= self.total_end {
            Some(BodyTimeout::Total(self.deadlines.total))
        } else if now >= self.last_bytes + self.deadlines.per_read {
            Some(BodyTimeout::Idle(self.deadlines.per_read))
        } else {
            None
        }
    }
}

impl http_body::Body for Deadlined {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        if this.failed {
            return Poll::Ready(None);
        }
        match Pin::new(&mut this.body).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.last_bytes = Instant::now();
                this.timer = None;
                return Poll::Ready(frame);
            }
            Poll::Pending => {}
        }
        let end = this
            .total_end
            .min(this.last_bytes + this.deadlines.per_read);
        let timer = this
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(end)));
        if timer.deadline() != end {
            timer.as_mut().reset(end);
        }
        if timer.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        this.failed = true;
        let passed = this
            .passed(Instant::now())
            .unwrap_or(BodyTimeout::Idle(this.deadlines.per_read));
        tracing::debug!("{passed}; answering 408 and closing the connection");
        Poll::Ready(Some(Err(Box::new(passed))))
    }

    fn is_end_stream(&self) -> bool {
        self.failed || self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    fn stalled() -> Body {
        let stream = futures_util::stream::pending::<Result<Frame<Bytes>, BoxError>>();
        Body::new(http_body_util::StreamBody::new(stream))
    }

    #[tokio::test]
    async fn a_stalled_body_fails_at_the_per_read_deadline() {
        let deadlines = BodyDeadlines {
            per_read: Duration::from_millis(200),
            total: Duration::from_secs(60),
        };
        let started = Instant::now();
        let err = with_deadlines(stalled(), deadlines)
            .collect()
            .await
            .err()
            .unwrap();
        assert_eq!(
            err.downcast_ref::<BodyTimeout>(),
            Some(&BodyTimeout::Idle(Duration::from_millis(200)))
        );
        let waited = started.elapsed();
        assert!(waited >= Duration::from_millis(200) && waited < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn a_trickled_body_fails_at_the_total_deadline() {
        let deadlines = BodyDeadlines {
            per_read: Duration::from_millis(200),
            total: Duration::from_millis(500),
        };
        let trickle = futures_util::stream::unfold((), |()| async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Some((Ok::<_, BoxError>(Frame::data(Bytes::from_static(b"x"))), ()))
        });
        let body = with_deadlines(
            Body::new(http_body_util::StreamBody::new(trickle)),
            deadlines,
        );
        let err = body.collect().await.err().unwrap();
        assert_eq!(
            err.downcast_ref::<BodyTimeout>(),
            Some(&BodyTimeout::Total(Duration::from_millis(500)))
        );
    }

    #[tokio::test]
    async fn a_complete_body_is_untouched() {
        let body = with_deadlines(Body::from("done"), BodyDeadlines::default());
        assert_eq!(body.collect_bytes().await.unwrap(), "done");
    }
}
