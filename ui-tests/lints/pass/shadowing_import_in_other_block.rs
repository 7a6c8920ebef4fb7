use std::time::Duration;
use twain::prelude::*;

#[view]
async fn scoped() -> &'static str {
    {
        use tokio::time::sleep;
        sleep(Duration::from_millis(1)).await;
    }
    {
        // `sleep` here is not the std one imported in a sibling block.
        let sleep = |_: Duration| async {};
        sleep(Duration::from_millis(1)).await;
    }
    {
        // A local closure shadows the import from its `let` on.
        #[allow(unused_imports)]
        use std::thread::sleep;
        let sleep = |_: Duration| async {};
        sleep(Duration::from_millis(1)).await;
    }
    if false {
        use std::thread::sleep as nap;
        let _ = nap;
    }
    "ok"
}

fn main() {}
