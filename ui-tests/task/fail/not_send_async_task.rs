use twain::prelude::*;

#[task]
async fn count(n: i64) -> i64 {
    let local = std::rc::Rc::new(n);
    tokio::task::yield_now().await;
    *local
}

fn main() {}
