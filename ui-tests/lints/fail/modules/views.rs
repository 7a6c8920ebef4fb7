//! An out-of-line module (`#[path = "modules/views.rs"] mod views;`): its
//! own imports are what the views in it see.

use std::fs;
use std::thread;
use std::time::Duration;
use twain::prelude::*;

#[view]
pub async fn settings() -> String {
    fs::read_to_string("settings.toml").unwrap_or_default()
}

#[view]
pub async fn pause() -> &'static str {
    thread::sleep(Duration::from_millis(5));
    "done"
}
