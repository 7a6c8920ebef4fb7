use twain::prelude::*;

#[sync_only(fast)]
fn count_rows(_cx: Blocking, table: &str) -> usize {
    table.len()
}

fn main() {}
