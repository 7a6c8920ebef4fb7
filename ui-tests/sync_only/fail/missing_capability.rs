use twain::prelude::*;

#[sync_only]
fn count_rows(table: &str) -> usize {
    table.len()
}

fn main() {}
