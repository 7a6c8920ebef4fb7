use twain::prelude::*;

#[task]
async fn refresh(cx: Blocking, id: i64) -> i64 {
    let _ = cx;
    id
}

fn main() {}
