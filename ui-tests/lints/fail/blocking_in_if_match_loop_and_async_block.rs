use std::time::Duration;
use twain::prelude::*;

#[view]
async fn busy(n: u32) -> String {
    use std::thread::sleep;
    if n > 1 {
        sleep(Duration::from_millis(1));
    }
    match n {
        0 => std::fs::remove_file("x").unwrap_or_default(),
        _ => {}
    }
    for _ in 0..n {
        let _ = std::fs::metadata("x");
    }
    let later = async move {
        sleep(Duration::from_millis(1));
    };
    later.await;
    n.to_string()
}

fn main() {}
