//! An out-of-line module with the user's own names, like std's.

use std::time::Duration;
use twain::prelude::*;

pub mod thread {
    pub fn sleep(_: std::time::Duration) {}
}

mod fs {
    pub fn read_to_string(_: &str) -> String {
        String::new()
    }
}

#[view]
pub async fn fine() -> String {
    thread::sleep(Duration::from_millis(1));
    fs::read_to_string("x")
}
