use twain::prelude::*;

mod support;

#[path = "support/paths.rs"]
mod paths;

use support::config::Config;

#[view]
async fn head() -> String {
    support::git_head()
}

#[view]
async fn has_config() -> String {
    Config::present("twain.toml").to_string()
}

#[view]
async fn cache() -> String {
    crate::paths::cache_dir().display().to_string()
}

fn main() {
    let _ = (head, has_config, cache);
}
