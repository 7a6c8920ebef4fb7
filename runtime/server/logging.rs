//! The default `tracing` subscriber `App::run` installs when the program set
//! none, so the start-up line and errors are visible (`RUST_LOG` honoured).

pub(crate) fn init_default_logging() {
    if tracing::dispatcher::has_been_set() {
        return;
    }
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}
