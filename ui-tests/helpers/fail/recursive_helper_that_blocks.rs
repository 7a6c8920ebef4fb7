use twain::prelude::*;

fn walk(dir: &str, depth: u32) -> usize {
    if depth == 0 {
        return 0;
    }
    let here = std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    here + even(dir, depth - 1)
}

fn even(dir: &str, depth: u32) -> usize {
    walk(dir, depth)
}

#[view]
async fn count() -> String {
    even(".", 3).to_string()
}

fn main() {
    let _ = count;
}
