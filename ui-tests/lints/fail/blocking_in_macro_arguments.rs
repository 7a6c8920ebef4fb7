use twain::prelude::*;

#[view]
async fn show() -> String {
    format!("{:?}", std::fs::read_to_string("Cargo.toml"))
}

fn main() {}
