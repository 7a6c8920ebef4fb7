use twain::prelude::*;

#[view]
async fn count() -> Vec<u32> {
    vec![1, 2, 3]
}

fn main() {}
