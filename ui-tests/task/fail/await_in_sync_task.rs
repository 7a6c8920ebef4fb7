use twain::prelude::*;

#[task]
fn refresh(id: i64) -> i64 {
    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    id
}

fn main() {}
