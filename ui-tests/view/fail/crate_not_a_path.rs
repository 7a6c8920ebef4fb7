// The string of `crate` must hold a path to a crate or module.
#[twain::view(crate = "not a path")]
fn words() -> &'static str {
    "a"
}

#[twain::view(crate = "")]
fn empty() -> &'static str {
    "b"
}

#[twain::view(crate = "twain<T>")]
fn generic() -> &'static str {
    "c"
}

fn main() {}
