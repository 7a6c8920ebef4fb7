use std::sync::{Arc, Mutex};
use twain::prelude::*;

#[view]
async fn bump(state: State<Arc<Mutex<u32>>>) -> String {
    let value = {
        let mut guard = state.lock().unwrap();
        *guard += 1;
        *guard
    };
    tokio::task::yield_now().await;
    let again = *state.lock().unwrap();
    format!("{value} {again}")
}

fn main() {
    let client = twain::test::Client::new(
        App::new()
            .state(Arc::new(Mutex::new(0u32)))
            .route("a", bump),
    );
    assert_eq!(client.get("/a").text(), "1 1");
}
