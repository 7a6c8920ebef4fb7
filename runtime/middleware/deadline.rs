//! `timeout`: answers 504 when the inner part of the chain takes longer than
//! the configured [`Timeout`]. Async inner code is dropped at the deadline;
//! sync code cannot be stopped from outside, so it is told instead: the
//! request carries a [`Deadline`] extension a sync view can check.

use std::time::{Duration, Instant};

use http::StatusCode;

use crate::core::{IntoResponse, Request, Response, State};
use crate::handler::Next;

/// How long [`timeout`] lets the inner chain run: register it with
/// `App::state(Timeout(Duration::from_secs(5)))`; without it, 30 seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeout(pub Duration);

impl Default for Timeout {
    fn default() -> Self {
        Timeout(Duration::from_secs(30))
    }
}

/// When the request's time is up, set by [`timeout`]: a long sync view checks
/// `req.extensions().get::<Deadline>().is_some_and(Deadline::expired)` and
/// stops, since the client already got its 504.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline(Instant);

impl Deadline {
    /// The instant the request's time is up.
    pub fn at(&self) -> Instant {
        self.0
    }

    /// The time left (zero once expired).
    pub fn remaining(&self) -> Duration {
        self.0.saturating_duration_since(Instant::now())
    }

    /// Whether the time is up.
    pub fn expired(&self) -> bool {
        Instant::now() >= self.0
    }
}

/// Answers 504 Gateway Timeout when the inner middleware and view take longer
/// than the registered [`Timeout`]. Put it outside sync middleware: inside
/// one, it shares that middleware's sync thread and cannot interrupt it.
#[crate::middleware]
pub async fn timeout(mut req: Request, limit: Option<State<Timeout>>, next: Next) -> Response {
    let limit = limit.map_or_else(Timeout::default, |limit| *limit).0;
    req.extensions_mut()
        .insert(Deadline(Instant::now() + limit));
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            // The request span names the method and path.
            tracing::warn!("no response within {limit:?}; answering 504");
            let message = format!("Gateway Timeout: no response within {limit:?}");
            (StatusCode::GATEWAY_TIMEOUT, message).into_response()
        }
    }
}
