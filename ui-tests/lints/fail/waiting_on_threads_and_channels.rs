use std::sync::mpsc;
use std::thread;
use twain::prelude::*;

#[view]
async fn crunch() -> String {
    let worker = thread::spawn(|| 6 * 7);
    let answer = worker.join().unwrap_or(0);
    let total = thread::scope(|s| s.spawn(|| answer + 1).join().unwrap_or(0));
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || tx.send(total));
    format!("{:?}", rx.recv())
}

fn main() {}
