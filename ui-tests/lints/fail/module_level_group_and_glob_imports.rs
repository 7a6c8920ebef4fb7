use std::time::Duration;
use std::{fs, thread};
use twain::prelude::*;

#[view]
async fn grouped() -> String {
    thread::sleep(Duration::from_millis(5));
    fs::read_to_string("a.txt").unwrap_or_default()
}

mod files {
    use std::fs::*;
    use twain::prelude::*;

    #[view]
    pub async fn globbed() -> String {
        read_to_string("b.txt").unwrap_or_default()
    }
}

mod nested {
    use twain::prelude::*;
    use super::*;

    #[view]
    pub async fn through_super() -> &'static str {
        thread::sleep(Duration::from_millis(5));
        "slept"
    }
}

fn main() {}
