use twain::prelude::*;

#[view]
struct Index;

fn main() {}
