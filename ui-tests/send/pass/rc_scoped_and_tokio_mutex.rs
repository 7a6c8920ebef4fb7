use std::rc::Rc;
use std::sync::Arc;
use twain::prelude::*;

#[view]
async fn scoped(state: State<Arc<tokio::sync::Mutex<u32>>>) -> String {
    let before = {
        let local = Rc::new(2);
        *local
    };
    let mut guard = state.lock().await;
    *guard += before;
    tokio::task::yield_now().await;
    guard.to_string()
}

fn main() {}

#[view]
async fn rc_after_the_last_await() -> String {
    tokio::task::yield_now().await;
    let local = std::rc::Rc::new("made after the await");
    local.to_string()
}
