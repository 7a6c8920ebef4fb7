// `crate` needs its value after `=`.
#[twain::view(crate)]
fn bare() -> &'static str {
    "a"
}

#[twain::view(crate("twain"))]
fn parenthesized() -> &'static str {
    "b"
}

fn main() {}
