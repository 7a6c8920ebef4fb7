//! Helpers of `helpers_in_module_files.rs`, in a module file (`mod support;`).

pub mod config;

use std::process::Command;

pub fn git_head() -> String {
    let out = Command::new("git").args(["rev-parse", "HEAD"]).output();
    out.map(|o| String::from_utf8_lossy(&o.stdout).into_owned()).unwrap_or_default()
}
