use twain::prelude::*;

#[sync_only]
fn count_rows(_cx: Blocking, table: &str) -> usize {
    table.len()
}

#[view]
async fn rows() -> String {
    count_rows("users").to_string()
}

fn main() {}
