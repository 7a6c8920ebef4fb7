use twain::prelude::*;

#[view]
fn index(a: &Request, b: Request) -> String {
    format!("{} {}", a.path(), b.path())
}

fn main() {}
