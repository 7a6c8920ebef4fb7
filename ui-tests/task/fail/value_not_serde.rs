use twain::prelude::*;

struct Report;

#[task]
fn build_report(id: i64) -> Report {
    let _ = id;
    Report
}

fn main() {}
