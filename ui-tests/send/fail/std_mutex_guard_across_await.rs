use std::sync::{Arc, Mutex};
use twain::prelude::*;

#[view]
async fn bump(state: State<Arc<Mutex<u32>>>) -> String {
    let mut guard = state.lock().unwrap();
    *guard += 1;
    tokio::task::yield_now().await;
    guard.to_string()
}

fn main() {}
