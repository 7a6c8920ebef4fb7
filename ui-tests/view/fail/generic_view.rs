use twain::prelude::*;

#[view]
fn show<T: std::fmt::Display>(value: T) -> String {
    value.to_string()
}

fn main() {}
