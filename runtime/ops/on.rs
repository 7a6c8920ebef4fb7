//! The hooks with the `metrics` feature: each label set's handles made once
//! and kept for the process (`intern`), so the layers record with an atomic
//! add; the gauges (threads busy, connections in use) read at a scrape from
//! the pools that registered with [`on_scrape`], nothing on the hot path.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use http::{Method, StatusCode};
use metrics::{Counter, Histogram, counter, gauge, histogram};

/// When something started, for a histogram of durations.
#[derive(Clone, Copy)]
pub(crate) struct Stamp(Instant);

impl Stamp {
    #[inline]
    pub(crate) fn now() -> Stamp {
        Stamp(Instant::now())
    }

    fn seconds(self) -> f64 {
        self.0.elapsed().as_secs_f64()
    }
}

/// The handles of one label set, made once per process: an app built twice
/// (tests) or two apps with the same routes share them.
fn intern<T: Send + Sync + 'static>(
    table: &'static OnceLock<Mutex<HashMap<String, &'static T>>>,
    key: String,
    make: impl FnOnce() -> T,
) -> &'static T {
    let mut map = table
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    map.entry(key)
        .or_insert_with(|| Box::leak(Box::new(make())))
}

/// The methods given a label of their own; any other is `other`.
const METHODS: [&str; 8] = [
    "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "other",
];
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

fn method_slot(method: &Method) -> usize {
    match *method {
        Method::GET => 0,
        Method::HEAD => 1,
        Method::POST => 2,
        Method::PUT => 3,
        Method::PATCH => 4,
        Method::DELETE => 5,
        Method::OPTIONS => 6,
        _ => 7,
    }
}

/// The route label of a chain: its pattern as a path, `(unmatched)` for the
/// 404 of a path no route matches.
fn route_label(route: Option<&str>) -> String {
    match route {
        Some(pattern) => format!("/{pattern}"),
        None => "(unmatched)".to_owned(),
    }
}

/// One route's requests by method and status class, and their latency.
pub(crate) struct RouteSlots {
    route: String,
    requests: [[OnceLock<Counter>; 5]; 8],
    latency: [OnceLock<Histogram>; 8],
}

#[derive(Clone, Copy)]
pub(crate) struct RouteMetrics(&'static RouteSlots);

impl RouteMetrics {
    pub(crate) fn of(route: Option<&str>) -> RouteMetrics {
        static ROUTES: OnceLock<Mutex<HashMap<String, &'static RouteSlots>>> = OnceLock::new();
        let route = route_label(route);
        RouteMetrics(intern(&ROUTES, route.clone(), || RouteSlots {
            route,
            requests: Default::default(),
            latency: Default::default(),
        }))
    }

    /// A request of this route answered `status`, `since` it started.
    #[inline]
    pub(crate) fn finish(self, method: &Method, status: StatusCode, since: Stamp) {
        let m = method_slot(method);
        let class = usize::from(status.as_u16() / 100).clamp(1, 5) - 1;
        let slots = self.0;
        slots.requests[m][class]
            .get_or_init(|| {
                counter!(
                    "twain_requests_total",
                    "route" => slots.route.clone(),
                    "method" => METHODS[m],
                    "class" => CLASSES[class]
                )
            })
            .increment(1);
        slots.latency[m]
            .get_or_init(|| {
                histogram!(
                    "twain_request_duration_seconds",
                    "route" => slots.route.clone(),
                    "method" => METHODS[m]
                )
            })
            .record(since.seconds());
    }
}

/// One step of one route (a view or a middleware): its slow polls, its wait
/// for a sync thread, its requests refused for a saturated pool; each series
/// made when first recorded, so an async view shows no sync wait.
pub(crate) struct StepSlots {
    labels: [(&'static str, String); 3],
    slow_polls: OnceLock<Counter>,
    sync_wait: OnceLock<Histogram>,
    sync_refused: OnceLock<Counter>,
}

#[derive(Clone, Copy)]
pub(crate) struct StepMetrics(&'static StepSlots);

impl StepMetrics {
    /// `kind`: `view`, `middleware`, `service` or `answer`.
    pub(crate) fn of(kind: &str, name: &str, route: Option<&str>) -> StepMetrics {
        static STEPS: OnceLock<Mutex<HashMap<String, &'static StepSlots>>> = OnceLock::new();
        let route = route_label(route);
        let key = format!("{kind}\0{name}\0{route}");
        let labels = [
            ("kind", kind.to_owned()),
            ("name", name.to_owned()),
            ("route", route),
        ];
        StepMetrics(intern(&STEPS, key, || StepSlots {
            labels,
            slow_polls: OnceLock::new(),
            sync_wait: OnceLock::new(),
            sync_refused: OnceLock::new(),
        }))
    }

    /// A poll of this step held the async worker past the threshold.
    pub(crate) fn slow_poll(self) {
        let labels = &self.0.labels;
        self.0
            .slow_polls
            .get_or_init(|| counter!("twain_slow_polls_total", labels))
            .increment(1);
    }

    /// The step's sync job started on a sync thread, `since` it was asked for.
    #[inline]
    pub(crate) fn sync_started(self, since: Stamp) {
        let labels = &self.0.labels;
        self.0
            .sync_wait
            .get_or_init(|| histogram!("twain_sync_wait_seconds", labels))
            .record(since.seconds());
    }

    /// No sync thread was free for the step within `App::sync_wait`: a 503.
    pub(crate) fn sync_refused(self) {
        let labels = &self.0.labels;
        self.0
            .sync_refused
            .get_or_init(|| counter!("twain_sync_refused_total", labels))
            .increment(1);
    }
}

/// One database backend's checkouts (used with the feature `sqlite`).
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
pub(crate) struct DbSlots {
    checkout_wait: Histogram,
    timeouts: Counter,
    refused_down: Counter,
}

#[derive(Clone, Copy)]
#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
pub(crate) struct DbMetrics(&'static DbSlots);

#[cfg_attr(not(feature = "sqlite"), allow(dead_code))]
impl DbMetrics {
    pub(crate) fn of(backend: &'static str) -> DbMetrics {
        static DBS: OnceLock<Mutex<HashMap<String, &'static DbSlots>>> = OnceLock::new();
        DbMetrics(intern(&DBS, backend.to_owned(), || DbSlots {
            checkout_wait: histogram!("twain_db_checkout_wait_seconds", "backend" => backend),
            timeouts: counter!("twain_db_checkout_timeouts_total", "backend" => backend),
            refused_down: counter!("twain_db_unreachable_total", "backend" => backend),
        }))
    }

    /// A connection was checked out, `since` it was asked for.
    #[inline]
    pub(crate) fn checkout(self, since: Stamp) {
        self.0.checkout_wait.record(since.seconds());
    }

    /// No connection was free within `Database::checkout_wait`.
    pub(crate) fn timeout(self) {
        self.0.timeouts.increment(1);
    }

    /// A checkout answered at once because the database does not answer.
    pub(crate) fn refused_down(self) {
        self.0.refused_down.increment(1);
    }
}

/// What the gauges show at a scrape, summed over every live pool.
#[derive(Default)]
pub(crate) struct Totals {
    pub(crate) sync_busy: usize,
    pub(crate) sync_threads: usize,
    pub(crate) db_in_use: u64,
    pub(crate) db_size: u64,
    pub(crate) db_down: u64,
}

type Sample = Box<dyn Fn(&mut Totals) -> bool + Send + Sync>;

fn samples() -> &'static Mutex<Vec<Sample>> {
    static SAMPLES: OnceLock<Mutex<Vec<Sample>>> = OnceLock::new();
    SAMPLES.get_or_init(Default::default)
}

/// Registers a pool's gauges: `sample` adds its numbers to the totals at
/// each scrape, and returns `false` once its pool is gone (it is dropped).
pub(crate) fn on_scrape(sample: impl Fn(&mut Totals) -> bool + Send + Sync + 'static) {
    samples()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Box::new(sample));
}

/// Sets the gauges from the live pools (what a scrape does before it renders).
pub(crate) fn update_gauges() {
    let mut totals = Totals::default();
    samples()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|sample| sample(&mut totals));
    gauge!("twain_sync_threads_busy").set(totals.sync_busy as f64);
    gauge!("twain_sync_threads").set(totals.sync_threads as f64);
    gauge!("twain_db_connections_in_use").set(totals.db_in_use as f64);
    gauge!("twain_db_pool_size").set(totals.db_size as f64);
    gauge!("twain_db_down").set(totals.db_down as f64);
}
