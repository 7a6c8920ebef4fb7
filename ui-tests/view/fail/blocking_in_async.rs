use twain::Blocking;
use twain::prelude::*;

#[view]
async fn index(cx: Blocking<'_>) -> &'static str {
    let _ = cx;
    "hi"
}

fn main() {}
