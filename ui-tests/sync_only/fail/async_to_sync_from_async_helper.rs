pub async fn helper() -> u32 {
    twain::async_to_sync(1u8, async { 1 })
}

fn main() {}
