use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use twain::prelude::*;

#[view]
fn cached() -> impl Future<Output = String> {
    let cache = Rc::new(RefCell::new(String::new()));
    async move {
        tokio::task::yield_now().await;
        cache.borrow().clone()
    }
}

fn main() {}
