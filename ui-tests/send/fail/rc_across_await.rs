use std::rc::Rc;
use twain::prelude::*;

#[view]
async fn counter() -> String {
    let shared = Rc::new(1);
    tokio::task::yield_now().await;
    shared.to_string()
}

fn main() {}
