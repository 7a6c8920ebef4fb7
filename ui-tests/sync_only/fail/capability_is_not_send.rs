use twain::prelude::*;

#[sync_only]
fn count_rows(_cx: Blocking, table: &str) -> usize {
    table.len()
}

#[view]
fn rows(cx: Blocking) -> &'static str {
    std::thread::spawn(move || count_rows(cx, "users"));
    "spawned"
}

fn main() {}
