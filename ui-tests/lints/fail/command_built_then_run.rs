use std::process::Command;
use twain::prelude::*;

#[view]
async fn log() -> String {
    let mut git = Command::new("git");
    git.args(["log", "-1"]);
    git.current_dir("/tmp");
    let out = git.output().expect("git runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[view]
async fn wait() -> String {
    let mut sleeper = Command::new("sleep");
    sleeper.arg("1");
    let child = sleeper.spawn().expect("sleep starts");
    format!("{:?}", child.wait_with_output().is_ok())
}

fn main() {}
