use twain::prelude::*;

#[view]
async fn nested() -> &'static str {
    let handle = tokio::runtime::Handle::current();
    handle.block_on(async { "inner" })
}

fn main() {}
