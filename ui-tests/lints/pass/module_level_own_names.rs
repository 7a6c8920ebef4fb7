#[path = "modules/own_names.rs"]
mod own_names;

use std::fs::*;
use std::thread::*;
use twain::prelude::*;

/// The user's own `sleep` beats the glob import of std's.
async fn sleep(_: std::time::Duration) {}

/// The user's own `File`, with an `open` of its own.
struct Record;
mod store {
    pub struct File;
    impl File {
        pub fn open(_: &str) -> u8 {
            1
        }
    }
}
use store::File;

#[view]
async fn index() -> String {
    sleep(std::time::Duration::from_millis(1)).await;
    let _ = Record;
    // `current` from the `std::thread` glob: not a blocking call.
    let _ = current();
    let n = File::open("db");
    // `exists` from the `std::fs` glob, in a sync closure handed off.
    let _ = twain::sync_to_async(|_| exists("x")).await;
    format!("{n}")
}

fn main() {
    let _ = (index, own_names::fine);
}
