//! The default `tracing` subscriber `App::run` installs when the program set
//! none, so the start-up line and errors are visible (`RUST_LOG` honoured).

/// Installs the default subscriber unless one is set; `true` when it did
/// (twain then owns the process's logging, panics included).
pub(crate) fn init_default_logging() -> bool {
    if tracing::dispatcher::has_been_set() {
        return false;
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .try_init()
        .is_ok()
}
