//! The hooks without the `metrics` feature: zero-sized values and empty
//! inline functions, so the layers call them unconditionally at no cost.

// The same hooks as `on.rs`, some of which other feature sets do not call.
#![allow(dead_code)]

/// No time taken.
#[derive(Clone, Copy)]
pub(crate) struct Stamp;

impl Stamp {
    #[inline(always)]
    pub(crate) fn now() -> Stamp {
        Stamp
    }
}

#[derive(Clone, Copy)]
pub(crate) struct RouteMetrics;

impl RouteMetrics {
    #[inline(always)]
    pub(crate) fn of(_route: Option<&str>) -> RouteMetrics {
        RouteMetrics
    }

    #[inline(always)]
    pub(crate) fn finish(self, _method: &http::Method, _status: http::StatusCode, _since: Stamp) {}
}

#[derive(Clone, Copy)]
pub(crate) struct StepMetrics;

impl StepMetrics {
    #[inline(always)]
    pub(crate) fn of(_kind: &str, _name: &str, _route: Option<&str>) -> StepMetrics {
        StepMetrics
    }

    #[inline(always)]
    pub(crate) fn slow_poll(self) {}

    #[inline(always)]
    pub(crate) fn sync_started(self, _since: Stamp) {}

    #[inline(always)]
    pub(crate) fn sync_refused(self) {}
}

#[derive(Clone, Copy)]
pub(crate) struct DbMetrics;

impl DbMetrics {
    #[inline(always)]
    pub(crate) fn of(_backend: &'static str) -> DbMetrics {
        DbMetrics
    }

    #[inline(always)]
    pub(crate) fn checkout(self, _since: Stamp) {}

    #[inline(always)]
    pub(crate) fn timeout(self) {}

    #[inline(always)]
    pub(crate) fn refused_down(self) {}
}

/// What the gauges read at a scrape; never read without the feature.
#[derive(Default)]
pub(crate) struct Totals {
    pub(crate) sync_busy: usize,
    pub(crate) sync_threads: usize,
    pub(crate) db_in_use: u64,
    pub(crate) db_size: u64,
    pub(crate) db_down: u64,
}

#[inline(always)]
pub(crate) fn on_scrape(_sample: impl Fn(&mut Totals) -> bool + Send + Sync + 'static) {}
