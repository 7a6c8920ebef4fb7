//! The current `tracing` span follows `sync_to_async` onto the sync thread.
//! Its own test binary: it installs a global subscriber.

use tracing::Span;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_span_follows_sync_to_async() {
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(std::io::sink)
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
    let span = tracing::info_span!("request", path = "/report");
    let outer = span.id().expect("an enabled span");
    let _entered = span.enter();
    let inner = twain::sync_to_async(|_cx| Span::current().id())
        .await
        .unwrap();
    assert_eq!(inner, Some(outer));
}
