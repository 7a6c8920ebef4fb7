//! The deadlines of the server, set through `App`'s builder. Their defaults
//! and what each bounds are listed in one table, `docs/deadlines.md`.

use std::time::Duration;

/// How long the server waits for each phase it bounds.
#[derive(Debug, Clone)]
pub(crate) struct ServerConfig {
    /// How long a client may take to send its request head, and its first byte.
    pub(crate) header_read_timeout: Duration,
    /// How long shutdown waits for in-flight requests.
    pub(crate) shutdown_timeout: Duration,
    /// How long an HTTP/1.1 connection may stay open with no request in flight.
    pub(crate) keep_alive_timeout: Duration,
    /// How long an HTTP/2 connection may stay open with no stream in flight.
    pub(crate) http2_idle_timeout: Duration,
    /// How often an HTTP/2 connection is pinged.
    pub(crate) http2_keep_alive_interval: Duration,
    /// How long the server waits for the ACK of a ping before it closes.
    pub(crate) http2_keep_alive_timeout: Duration,
    /// How long a write may wait for the client to make room.
    pub(crate) write_timeout: Duration,
    /// Text the app adds to the "listening" line (`App::listening_note`).
    pub(crate) listening_note: Option<std::sync::Arc<str>>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            header_read_timeout: Duration::from_secs(30),
            shutdown_timeout: Duration::from_secs(30),
            keep_alive_timeout: Duration::from_secs(30),
            http2_idle_timeout: Duration::from_secs(60),
            http2_keep_alive_interval: Duration::from_secs(20),
            http2_keep_alive_timeout: Duration::from_secs(20),
            write_timeout: Duration::from_secs(30),
            listening_note: None,
        }
    }
}
