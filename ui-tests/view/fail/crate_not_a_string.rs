// `crate` takes its path as a string literal.
extern crate twain as tw;

#[tw::view(crate = tw)]
fn bare_path() -> &'static str {
    "a"
}

#[tw::view(crate = 1)]
fn number() -> &'static str {
    "b"
}

fn main() {}
