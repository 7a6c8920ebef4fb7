//! `/metrics`: the process's metrics in Prometheus text, for a scraper. A
//! real deployment serves it to the scraper only (a private port, an
//! allow-list in front); the blog serves it openly, as a demo.

use twain::ops::Prometheus;
use twain::prelude::*;

/// Async: rendering reads counters in memory, it never blocks.
#[view]
pub async fn metrics(prometheus: State<Prometheus>) -> Prometheus {
    Prometheus::clone(&prometheus)
}
