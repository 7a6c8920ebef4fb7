use twain::prelude::*;

#[sync_only]
fn resize(cx: Blocking, width: u32) -> u32 {
    let _ = cx;
    width / 2
}

#[task]
async fn thumbnail(width: u32) -> u32 {
    resize(width, width)
}

fn main() {}
