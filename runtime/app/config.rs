//! The settings `App`'s builder collects, grouped by the layer that uses
//! them: body limits (a request sees them in its scope), the sync pool's
//! bound, and the server's deadlines.

use std::time::Duration;

use crate::core::Limits;
use crate::exec::SyncPool;
use crate::server::ServerConfig;

#[derive(Debug, Clone)]
pub(crate) struct AppConfig {
    pub(crate) limits: Limits,
    /// How many sync jobs may run at once.
    pub(crate) sync_threads: usize,
    /// How long a sync job waits for a free sync thread before a 503.
    pub(crate) sync_wait: Duration,
    pub(crate) server: ServerConfig,
    /// How long one poll of async code may hold a worker before a warning.
    pub(crate) slow_poll_threshold: Duration,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            limits: Limits::default(),
            sync_threads: SyncPool::DEFAULT_THREADS,
            sync_wait: SyncPool::DEFAULT_WAIT,
            server: ServerConfig::default(),
            slow_poll_threshold: crate::handler::DEFAULT_THRESHOLD,
        }
    }
}
