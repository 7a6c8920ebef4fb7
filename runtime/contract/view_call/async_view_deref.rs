//! `async_view_deref_N`: [`async_deref_N`](super::async_deref_0) for an
//! async view, with the view's `Send` check in the same call. `#[view]`
//! writes `async_view_deref_N::<name, ..>(name)` in the unit struct's
//! `Deref`, spanned on the view's name, instead of the pointer plus a
//! never-called fn of its own passing the future to
//! `async_view_must_be_send::<name>` (`contract/must_be_send.rs`): the same
//! error, with the same text (the future's bound is that trait, whose
//! `on_unimplemented` names the view through `V`), at the same place, for
//! one item less per view (with 50 async views, about 15 M of the 447 M
//! instructions of an incremental `cargo check`; BENCHMARKS.md, session 6). Async middleware keep the
//! pointer and the separate check (their text is the middleware's).

// The pointer types are the views' own signatures, however long.
#![allow(clippy::type_complexity)]

use std::future::Future;

use super::super::must_be_send::ViewFutureMustBeSend;
use super::async_deref::copy_of_view;
use crate::handler::BoxFuture;

/// The fn pointer an async view taking 0 arguments derefs to, with its
/// `Send` check: `V` is the view's unit struct, `F` the function.
#[doc(hidden)]
#[inline]
pub fn async_view_deref_0<V, F, Fut>(view: F) -> &'static fn() -> BoxFuture<Fut::Output>
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + ViewFutureMustBeSend<V> + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|| -> BoxFuture<Fut::Output> {
            // SAFETY: `F` is zero-sized (checked above) and `view` existed.
            Box::pin(unsafe { copy_of_view::<F>() }())
        }) as fn() -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 1 argument derefs to, with its
/// `Send` check: `V` is the view's unit struct, `F` the function.
#[doc(hidden)]
#[inline]
pub fn async_view_deref_1<V, F, Fut, A0: 'static>(
    view: F,
) -> &'static fn(A0) -> BoxFuture<Fut::Output>
where
    F: Fn(A0) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + ViewFutureMustBeSend<V> + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0| -> BoxFuture<Fut::Output> {
            // SAFETY: `F` is zero-sized (checked above) and `view` existed.
            Box::pin(unsafe { copy_of_view::<F>() }(a0))
        }) as fn(A0) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 2 arguments derefs to, with its
/// `Send` check: `V` is the view's unit struct, `F` the function.
#[doc(hidden)]
#[inline]
pub fn async_view_deref_2<V, F, Fut, A0: 'static, A1: 'static>(
    view: F,
) -> &'static fn(A0, A1) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + ViewFutureMustBeSend<V> + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1| -> BoxFuture<Fut::Output> {
            // SAFETY: `F` is zero-sized (checked above) and `view` existed.
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1))
        }) as fn(A0, A1) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 3 arguments derefs to, with its
/// `Send` check: `V` is the view's unit struct, `F` the function.
#[doc(hidden)]
#[inline]
pub fn async_view_deref_3<V, F, Fut, A0: 'static, A1: 'static, A2: 'static>(
    view: F,
) -> &'static fn(A0, A1, A2) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1, A2) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + ViewFutureMustBeSend<V> + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1, a2: A2| -> BoxFuture<Fut::Output> {
            // SAFETY: `F` is zero-sized (checked above) and `view` existed.
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1, a2))
        }) as fn(A0, A1, A2) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 4 arguments derefs to, with its
/// `Send` check: `V` is the view's unit struct, `F` the function.
#[doc(hidden)]
#[inline]
pub fn async_view_deref_4<V, F, Fut, A0: 'static, A1: 'static, A2: 'static, A3: 'static>(
    view: F,
) -> &'static fn(A0, A1, A2, A3) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1, A2, A3) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + ViewFutureMustBeSend<V> + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1, a2: A2, a3: A3| -> BoxFuture<Fut::Output> {
            // SAFETY: `F` is zero-sized (checked above) and `view` existed.
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1, a2, a3))
        }) as fn(A0, A1, A2, A3) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 5 arguments derefs to, with its
/// `Send` check: `V` is the view's unit struct, `F` the function.
#[doc(hidden)]
#[inline]
pub fn async_view_deref_5<
    V,
    F,
    Fut,
    A0: 'static,
    A1: 'static,
    A2: 'static,
    A3: 'static,
    A4: 'static,
>(
    view: F,
) -> &'static fn(A0, A1, A2, A3, A4) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1, A2, A3, A4) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + ViewFutureMustBeSend<V> + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1, a2: A2, a3: A3, a4: A4| -> BoxFuture<Fut::Output> {
            // SAFETY: `F` is zero-sized (checked above) and `view` existed.
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1, a2, a3, a4))
        }) as fn(A0, A1, A2, A3, A4) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 6 arguments derefs to, with its
/// `Send` check: `V` is the view's unit struct, `F` the function.
#[doc(hidden)]
#[inline]
pub fn async_view_deref_6<
    V,
    F,
    Fut,
    A0: 'static,
    A1: 'static,
    A2: 'static,
    A3: 'static,
    A4: 'static,
    A5: 'static,
>(
    view: F,
) -> &'static fn(A0, A1, A2, A3, A4, A5) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1, A2, A3, A4, A5) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + ViewFutureMustBeSend<V> + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1, a2: A2, a3: A3, a4: A4, a5: A5| -> BoxFuture<Fut::Output> {
            // SAFETY: `F` is zero-sized (checked above) and `view` existed.
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1, a2, a3, a4, a5))
        }) as fn(A0, A1, A2, A3, A4, A5) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 7 arguments derefs to, with its
/// `Send` check: `V` is the view's unit struct, `F` the function.
#[doc(hidden)]
#[inline]
pub fn async_view_deref_7<
    V,
    F,
    Fut,
    A0: 'static,
    A1: 'static,
    A2: 'static,
    A3: 'static,
    A4: 'static,
    A5: 'static,
    A6: 'static,
>(
    view: F,
) -> &'static fn(A0, A1, A2, A3, A4, A5, A6) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + ViewFutureMustBeSend<V> + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1, a2: A2, a3: A3, a4: A4, a5: A5, a6: A6| -> BoxFuture<Fut::Output> {
            // SAFETY: `F` is zero-sized (checked above) and `view` existed.
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1, a2, a3, a4, a5, a6))
        }) as fn(A0, A1, A2, A3, A4, A5, A6) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 8 arguments derefs to, with its
/// `Send` check: `V` is the view's unit struct, `F` the function.
#[doc(hidden)]
#[inline]
pub fn async_view_deref_8<
    V,
    F,
    Fut,
    A0: 'static,
    A1: 'static,
    A2: 'static,
    A3: 'static,
    A4: 'static,
    A5: 'static,
    A6: 'static,
    A7: 'static,
>(
    view: F,
) -> &'static fn(A0, A1, A2, A3, A4, A5, A6, A7) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1, A2, A3, A4, A5, A6, A7) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + ViewFutureMustBeSend<V> + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0,
            a1: A1,
            a2: A2,
            a3: A3,
            a4: A4,
            a5: A5,
            a6: A6,
            a7: A7|
         -> BoxFuture<Fut::Output> {
            // SAFETY: `F` is zero-sized (checked above) and `view` existed.
            Box::pin(unsafe { copy_of_view::<F>() }(
                a0, a1, a2, a3, a4, a5, a6, a7,
            ))
        }) as fn(A0, A1, A2, A3, A4, A5, A6, A7) -> BoxFuture<Fut::Output>)
    }
}

#[cfg(test)]
mod tests {
    use super::{async_view_deref_0, async_view_deref_2};

    struct Hello;
    struct Add;

    async fn hello() -> &'static str {
        "hello"
    }

    async fn add(a: u32, b: String) -> String {
        format!("{b}{a}")
    }

    #[tokio::test]
    async fn the_pointer_calls_the_function_and_boxes_its_future() {
        let hello_ptr = async_view_deref_0::<Hello, _, _>(hello);
        assert_eq!(hello_ptr().await, "hello");
        let add_ptr: &'static fn(u32, String) -> _ = async_view_deref_2::<Add, _, _, _, _>(add);
        assert_eq!(add_ptr(2, "x".to_owned()).await, "x2");
        assert!(std::ptr::eq(
            async_view_deref_0::<Hello, _, _>(hello),
            hello_ptr
        ));
    }
}
