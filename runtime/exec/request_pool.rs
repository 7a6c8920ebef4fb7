//! The pool of the request an async worker is polling: a request's future
//! holds its chain's pool in a [`PoolSlot`] and makes it the worker
//! thread's current one for the length of each poll ([`PoolSlot::enter`]),
//! so `sync_to_async` in an async view, spooling, or a `Chunks` body finds
//! the request's pool ([`request_pool`]), not the process-wide one.
//!
//! It is what `tokio::task_local!` does, done with a plain thread-local
//! holding the `Arc` itself: the `Arc` is moved into the thread-local and
//! back, so entering costs no reference count and no `RefCell` borrow, and
//! the future it guards is polled where it is rather than through a wrapper.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::pool::SyncPool;

thread_local! {
    /// The pool of the request this thread is polling, if any.
    static CURRENT: Cell<Option<Arc<SyncPool>>> = const { Cell::new(None) };
}

/// A request's pool, while its future is not being polled.
pub(crate) struct PoolSlot(Option<Arc<SyncPool>>);

impl PoolSlot {
    pub(crate) fn new(pool: Arc<SyncPool>) -> Self {
        PoolSlot(Some(pool))
    }

    /// Makes the pool this thread's current one until the guard is dropped,
    /// which puts back what was current before (a request polled inside
    /// another's poll, or none), panic or not.
    pub(crate) fn enter(&mut self) -> Entered<'_> {
        let was = CURRENT.replace(self.0.take());
        Entered { slot: self, was }
    }
}

/// The guard [`PoolSlot::enter`] returns.
pub(crate) struct Entered<'a> {
    slot: &'a mut PoolSlot,
    was: Option<Arc<SyncPool>>,
}

impl Drop for Entered<'_> {
    fn drop(&mut self) {
        self.slot.0 = CURRENT.replace(self.was.take());
    }
}

/// The pool of the request being polled on this thread, if any.
pub(crate) fn request_pool() -> Option<Arc<SyncPool>> {
    CURRENT.with(|current| {
        let pool = current.take();
        let copy = pool.clone();
        current.set(pool);
        copy
    })
}

/// Runs `fut` (a request's answer) with `pool` as the pool its sync jobs use.
pub(crate) fn with_pool<F: Future>(pool: Arc<SyncPool>, fut: F) -> InPool<F> {
    InPool {
        slot: PoolSlot::new(pool),
        fut,
    }
}

pin_project_lite::pin_project! {
    /// The future [`with_pool`] returns.
    pub(crate) struct InPool<F> {
        slot: PoolSlot,
        #[pin]
        fut: F,
    }
}

impl<F: Future> Future for InPool<F> {
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let this = self.project();
        let _entered = this.slot.enter();
        this.fut.poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn pool() -> Arc<SyncPool> {
        Arc::new(SyncPool::new(1, Duration::from_secs(1)))
    }

    #[test]
    fn the_pool_is_current_only_while_its_future_is_polled() {
        let ours = pool();
        let mut slot = PoolSlot::new(ours.clone());
        assert!(request_pool().is_none());
        {
            let _entered = slot.enter();
            assert!(Arc::ptr_eq(&request_pool().unwrap(), &ours));
        }
        assert!(request_pool().is_none());
        // The slot has its pool back, for the next poll.
        let _entered = slot.enter();
        assert!(Arc::ptr_eq(&request_pool().unwrap(), &ours));
    }

    #[test]
    fn a_nested_request_puts_the_outer_pool_back() {
        let (outer, inner) = (pool(), pool());
        let mut outer_slot = PoolSlot::new(outer.clone());
        let mut inner_slot = PoolSlot::new(inner.clone());
        let _outer = outer_slot.enter();
        {
            let _inner = inner_slot.enter();
            assert!(Arc::ptr_eq(&request_pool().unwrap(), &inner));
        }
        assert!(Arc::ptr_eq(&request_pool().unwrap(), &outer));
    }

    #[test]
    fn a_panic_in_the_poll_puts_the_pool_back() {
        let ours = pool();
        let mut slot = PoolSlot::new(ours.clone());
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _entered = slot.enter();
            panic!("the view panicked");
        }));
        assert!(panicked.is_err());
        assert!(request_pool().is_none());
        let _entered = slot.enter();
        assert!(Arc::ptr_eq(&request_pool().unwrap(), &ours));
    }

    #[tokio::test]
    async fn with_pool_sets_the_pool_across_awaits() {
        let ours = pool();
        let seen = with_pool(ours.clone(), async {
            tokio::task::yield_now().await;
            request_pool()
        })
        .await;
        assert!(Arc::ptr_eq(&seen.unwrap(), &ours));
        assert!(request_pool().is_none());
    }
}
