use twain::prelude::*;

#[view(inlined, blocking = true)]
fn index() -> &'static str {
    "hi"
}

fn main() {}
