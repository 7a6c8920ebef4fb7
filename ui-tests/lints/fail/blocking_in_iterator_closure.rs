use twain::prelude::*;

#[view]
async fn sizes() -> String {
    let files = ["a", "b"];
    let sizes: Vec<_> = files.iter().map(|f| std::fs::read(f).map(|b| b.len())).collect();
    format!("{sizes:?}")
}

fn main() {}
