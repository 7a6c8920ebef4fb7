//! [`Prometheus`]: twain's metrics (and any other recorded through the
//! `metrics` facade) as Prometheus text, on a route the app chooses.

use std::sync::Mutex;
use std::time::Duration;

use http::header::{CONTENT_TYPE, HeaderValue};
use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

use crate::core::{Body, IntoResponse, Response};

/// The histogram buckets, in seconds: from a fast view's 100 µs to a
/// request that waited 10 s.
const BUCKETS: &[f64] = &[
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
    5.0, 10.0,
];

/// How often the recorder's histograms are folded in when nothing scrapes
/// (so their samples do not pile up between scrapes).
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

/// The process's Prometheus recorder: install it once at start-up, before
/// the app is built, and serve [`Prometheus::render`] (or the value itself,
/// a response) on the route you choose.
///
/// ```
/// use twain::ops::Prometheus;
/// use twain::prelude::*;
///
/// #[view]
/// async fn metrics(prometheus: State<Prometheus>) -> Prometheus {
///     Prometheus::clone(&prometheus)
/// }
///
/// let prometheus = Prometheus::install()?;
/// let app = App::new().state(prometheus).route("metrics", metrics);
/// # let _ = app;
/// # Ok::<(), twain::ops::MetricsError>(())
/// ```
///
/// twain records through the `metrics` facade, so any other exporter
/// installed instead receives the same metrics; each is described in
/// `docs/operations.md`.
#[derive(Clone)]
pub struct Prometheus {
    handle: PrometheusHandle,
}

/// Why [`Prometheus::install`] failed: another `metrics` recorder is
/// installed in this process.
#[derive(Debug)]
pub struct MetricsError(String);

impl std::fmt::Display for MetricsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for MetricsError {}

impl Prometheus {
    /// Installs the Prometheus recorder as the process's `metrics` recorder;
    /// called again, gives the one installed. Call it before building the
    /// app: a route's metrics are bound to the recorder there when first
    /// recorded.
    pub fn install() -> Result<Prometheus, MetricsError> {
        static INSTALLED: Mutex<Option<PrometheusHandle>> = Mutex::new(None);
        let mut installed = INSTALLED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(handle) = &*installed {
            return Ok(Prometheus {
                handle: handle.clone(),
            });
        }
        let handle = PrometheusBuilder::new()
            .set_buckets(BUCKETS)
            .map_err(|err| MetricsError(err.to_string()))?
            .install_recorder()
            .map_err(|err| {
                MetricsError(format!(
                    "cannot install the Prometheus recorder: {err} (another `metrics` recorder is installed)"
                ))
            })?;
        describe();
        let upkeep = handle.clone();
        let _ = std::thread::Builder::new()
            .name("twain-metrics".into())
            .spawn(move || {
                loop {
                    std::thread::sleep(UPKEEP_EVERY);
                    upkeep.run_upkeep();
                }
            });
        *installed = Some(handle.clone());
        Ok(Prometheus { handle })
    }

    /// Every metric now, in Prometheus' text format; the gauges (threads
    /// busy, connections in use) are read from the pools as it renders.
    pub fn render(&self) -> String {
        super::on::update_gauges();
        self.handle.render()
    }
}

impl IntoResponse for Prometheus {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::from(self.render()));
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        );
        response
    }
}

/// What each metric means, in its `# HELP` line.
fn describe() {
    describe_counter!(
        "twain_requests_total",
        "Requests answered, by route pattern, method and status class"
    );
    describe_histogram!(
        "twain_request_duration_seconds",
        Unit::Seconds,
        "Time from the request's arrival to its response head, by route pattern and method"
    );
    describe_histogram!(
        "twain_sync_wait_seconds",
        Unit::Seconds,
        "Wait of a sync view or middleware for a sync thread (permit and queue), by step and route"
    );
    describe_counter!(
        "twain_sync_refused_total",
        "Requests answered 503 because no sync thread was free within App::sync_wait, by step and route"
    );
    describe_counter!(
        "twain_slow_polls_total",
        "Polls of async code that held an async worker past the slow-poll threshold, by step and route"
    );
    describe_gauge!("twain_sync_threads_busy", "Sync threads running a job now");
    describe_gauge!(
        "twain_sync_threads",
        "Sync threads at most (App::sync_threads)"
    );
    describe_histogram!(
        "twain_db_checkout_wait_seconds",
        Unit::Seconds,
        "Wait for a pooled database connection by sync code"
    );
    describe_counter!(
        "twain_db_checkout_timeouts_total",
        "Checkouts that found no connection within Database::checkout_wait (503)"
    );
    describe_counter!(
        "twain_db_unreachable_total",
        "Checkouts answered 503 at once because the database does not answer"
    );
    describe_gauge!(
        "twain_db_connections_in_use",
        "Database connections checked out now"
    );
    describe_gauge!(
        "twain_db_pool_size",
        "Database connections at most (Database::pool_size)"
    );
    describe_gauge!(
        "twain_db_down",
        "Databases not answering now (a probe is reconnecting)"
    );
}
