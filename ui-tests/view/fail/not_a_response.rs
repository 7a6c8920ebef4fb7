use twain::prelude::*;

struct Article {
    title: String,
}

#[view]
fn index() -> Article {
    Article { title: "hi".into() }
}

fn main() {}
