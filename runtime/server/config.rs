//! The deadlines of the server, set through `App`'s builder.

use std::time::Duration;

/// How long the server waits for each phase it bounds.
#[derive(Debug, Clone)]
pub(crate) struct ServerConfig {
    /// How long a client may take to send its request head, and its first byte.
    pub(crate) header_read_timeout: Duration,
    /// How long shutdown waits for in-flight requests.
    pub(crate) shutdown_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            header_read_timeout: Duration::from_secs(30),
            shutdown_timeout: Duration::from_secs(30),
        }
    }
}
