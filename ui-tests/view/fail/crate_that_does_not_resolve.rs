// A `crate` path that does not resolve is reported at the user's string.
#[twain::view(crate = "nowhere")]
fn index() -> &'static str {
    "a"
}

fn main() {}
