use twain::prelude::*;

#[view]
async fn smuggle() -> &'static str {
    let _cx = twain::sync_to_async(|cx| cx).await;
    "smuggled"
}

fn main() {}
