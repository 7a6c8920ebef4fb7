use twain::prelude::*;

#[view]
async fn twice(req: Request) -> &'static str {
    twain::async_to_sync(&req, async { "inner" })
}

fn main() {}
