use twain::prelude::*;

#[sync_only]
fn count_rows(cx: Blocking, table: &str) -> usize {
    let _ = cx;
    table.len()
}

#[view]
async fn rows(req: Request) -> String {
    count_rows(&req, "users").to_string()
}

fn main() {}
