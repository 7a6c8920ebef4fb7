use twain::prelude::*;

#[view]
fn slow() -> String {
    tokio::task::yield_now().await;
    "done".to_owned()
}

fn main() {}
