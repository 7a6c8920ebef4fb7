use twain::prelude::*;

/// Reads a few bytes once: blocking on purpose.
#[twain::allow_blocking]
fn version() -> String {
    std::fs::read_to_string("VERSION").unwrap_or_default()
}

/// Through the prelude, on a helper deeper down.
#[allow_blocking]
fn hostname() -> String {
    std::fs::read_to_string("/etc/hostname").unwrap_or_default()
}

fn banner() -> String {
    format!("{} on {}", version(), hostname())
}

struct Config;

/// Every method of this `impl` may block.
#[twain::allow_blocking]
impl Config {
    fn load() -> String {
        std::fs::read_to_string("config.toml").unwrap_or_default()
    }
}

#[view]
async fn about() -> String {
    format!("{} {}", banner(), Config::load())
}

fn main() {
    let _ = about;
}
