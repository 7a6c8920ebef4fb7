use twain::prelude::*;

#[task]
async fn refresh(path: String) -> usize {
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    text.len()
}

fn main() {}
