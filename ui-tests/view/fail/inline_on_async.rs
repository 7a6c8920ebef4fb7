use twain::prelude::*;

#[view(inline)]
async fn index() -> &'static str {
    "hi"
}

fn main() {}
