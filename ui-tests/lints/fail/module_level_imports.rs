use std::fs;
use std::fs::File;
use std::fs::read_to_string as rd;
use std::thread;
use std::time::Duration;
use twain::prelude::*;

#[view]
async fn config() -> String {
    fs::read_to_string("app.toml").unwrap_or_default()
}

#[view]
async fn nap() -> &'static str {
    thread::sleep(Duration::from_millis(5));
    "rested"
}

#[view]
async fn open() -> String {
    let file = File::open("log.txt");
    format!("{}", file.is_ok())
}

#[view]
async fn renamed() -> String {
    rd("notes.txt").unwrap_or_default()
}

fn main() {}
