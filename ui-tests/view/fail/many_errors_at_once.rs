use twain::prelude::*;

#[view(fast)]
fn index<T>(&self, x: T) -> String {
    tokio::task::yield_now().await;
    String::new()
}

fn main() {}
