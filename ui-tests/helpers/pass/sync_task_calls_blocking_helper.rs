use twain::prelude::*;

fn read_template(name: &str) -> String {
    std::fs::read_to_string(name).unwrap_or_default()
}

// A sync task runs on a sync thread: its helpers may block.
#[task]
fn send_digest(user_id: i64) -> usize {
    read_template("digest.txt").len() + user_id as usize
}

fn main() {}
