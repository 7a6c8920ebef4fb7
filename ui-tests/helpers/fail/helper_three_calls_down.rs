use std::thread;
use std::time::Duration;
use twain::prelude::*;

fn backoff(attempt: u32) {
    thread::sleep(Duration::from_millis(10 * u64::from(attempt)));
}

fn retry(attempt: u32) -> u32 {
    if attempt > 0 {
        backoff(attempt);
    }
    attempt + 1
}

fn next_attempt(attempt: u32) -> u32 {
    retry(attempt)
}

#[view]
async fn poll(attempt: u32) -> String {
    let next = next_attempt(attempt);
    format!("{next}")
}

fn main() {
    let _ = poll;
}
