use twain::prelude::*;

#[sync_only]
async fn count_rows(_cx: Blocking<'_>, table: &str) -> usize {
    table.len()
}

fn main() {}
