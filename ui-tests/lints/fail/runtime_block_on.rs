use twain::prelude::*;

#[view]
async fn own_runtime() -> &'static str {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async { "inner" })
}

#[view]
async fn current() -> &'static str {
    tokio::runtime::Handle::current().block_on(async { "inner" })
}

fn main() {}
