//! A nested module file of `support` (`support/config.rs`).

use std::path::Path;

pub struct Config;

impl Config {
    pub fn present(name: &str) -> bool {
        Path::new(name).exists()
    }
}
