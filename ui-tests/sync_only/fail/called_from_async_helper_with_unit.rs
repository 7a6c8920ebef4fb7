use twain::prelude::*;

#[sync_only]
pub fn load(_cx: Blocking<'_>) -> Vec<u8> {
    Vec::new()
}

pub async fn helper() -> usize {
    load(()).len()
}

fn main() {}
