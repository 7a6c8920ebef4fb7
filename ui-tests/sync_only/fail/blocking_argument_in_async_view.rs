use twain::prelude::*;

#[view]
async fn rows(cx: Blocking<'_>) -> &'static str {
    let _ = cx;
    "rows"
}

fn main() {}
