//! Freeing a request where it was allocated. A request's headers, URI and
//! extensions are allocated by its async worker; a sync view that drops them
//! on its sync thread frees them into the worker's malloc arena, and glibc's
//! malloc then takes that arena's lock from two threads at once: the sync
//! thread freeing, the worker allocating for the next request (under load, a
//! lock wait in most sync requests). So a sync view's adapter gives its
//! request back here when done with it, the pool's job
//! ([`SyncPool::start`](super::SyncPool::start)) sends it home with the
//! answer, and the worker drops it.

use std::cell::{Cell, RefCell};

use crate::core::Request;

thread_local! {
    /// Whether a sync job of `SyncPool` runs on this thread.
    static OPEN: Cell<bool> = const { Cell::new(false) };
    /// The request that job gave back. Not boxed: a box would be allocated
    /// on the sync thread and freed on the worker, the very cross-thread
    /// free this file is here to avoid. A flag beside it, rather than an
    /// open/closed enum around it, so that opening and closing move no
    /// request-sized value.
    static GIVEN_BACK: RefCell<Option<Request>> = const { RefCell::new(None) };
}

/// Frees `req` on the async worker that answers the request when called in
/// a sync job; anywhere else, frees it here and now.
pub(crate) fn free_at_home(req: Request) {
    if !OPEN.get() {
        return drop(req);
    }
    // A second request given back in one job (a nested call) frees the
    // first one here: correct, only not where it was allocated.
    let first = GIVEN_BACK.with_borrow_mut(|kept| kept.replace(req));
    drop(first);
}

/// Runs `job` with this thread's slot open, and hands back what it gave.
pub(super) fn collecting<R>(job: impl FnOnce() -> R) -> (R, Option<Request>) {
    let was_open = OPEN.replace(true);
    // Only a job nested in another (never made by `SyncPool`, which runs a
    // job started on a sync thread in place) finds a request kept already.
    let outer = GIVEN_BACK.with_borrow_mut(|kept| if kept.is_some() { kept.take() } else { None });
    let result = job();
    OPEN.set(was_open);
    let given = GIVEN_BACK.with_borrow_mut(Option::take);
    if outer.is_some() {
        GIVEN_BACK.set(outer);
    }
    (result, given)
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, mpsc};

    use super::free_at_home;
    use crate::core::Request;
    use crate::exec::{Job, SyncPool};

    /// Says on which thread the request holding it was freed.
    #[derive(Clone)]
    struct FreedOn(mpsc::Sender<Option<String>>);

    impl Drop for FreedOn {
        fn drop(&mut self) {
            let name = std::thread::current().name().map(str::to_owned);
            let _ = self.0.send(name);
        }
    }

    fn probed_request() -> (Request, mpsc::Receiver<Option<String>>) {
        let (tx, rx) = mpsc::channel();
        let mut req = Request::from_http(http::Request::new(String::new()));
        req.extensions_mut().insert(FreedOn(tx));
        (req, rx)
    }

    #[test]
    fn a_request_given_back_by_a_sync_job_is_freed_on_the_awaiting_thread() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .thread_name("the-worker")
            .build()
            .unwrap();
        let pool = Arc::new(SyncPool::new(2, SyncPool::DEFAULT_WAIT));
        let (req, freed) = probed_request();
        let ran = runtime.block_on(pool.run(Job::Switch, move |_| {
            let here = std::thread::current().name().map(str::to_owned);
            free_at_home(req);
            here
        }));
        let Ok(ran_on) = ran else {
            panic!("the sync job failed");
        };
        assert_eq!(ran_on.as_deref(), Some("twain-sync"));
        let freed_on = freed.try_recv().expect("the request was not freed");
        assert_ne!(freed_on.as_deref(), Some("twain-sync"));
    }

    #[test]
    fn a_request_given_back_outside_a_sync_job_is_freed_at_once() {
        let (req, freed) = probed_request();
        free_at_home(req);
        assert!(freed.try_recv().is_ok(), "the request was kept");
    }
}
