use twain::prelude::*;

#[view]
fn index(name: &str) -> String {
    name.to_owned()
}

fn main() {}
