// `crate` is given once.
#[twain::view(crate = "twain", inline, crate = "twain")]
fn index() -> &'static str {
    "a"
}

fn main() {}
