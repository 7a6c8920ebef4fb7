use twain::prelude::*;

#[task(retries = 3)]
fn notify(id: i64) -> i64 {
    id
}

#[task(max_attempts = "3", name = 5)]
fn notify_again(id: i64) -> i64 {
    id
}

fn main() {}
