use twain::prelude::*;

#[view]
async fn fire() -> &'static str {
    tokio::spawn(async {
        let _ = std::fs::write("log.txt", "fired");
    });
    "fired"
}

fn main() {}
