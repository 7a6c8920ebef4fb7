//! `async_deref_N`: the fn pointer an async view's unit struct derefs to, so
//! `create(note)` still calls the function (its future boxed). `#[view]`
//! writes `async_deref_N(name)` in the unit struct's `Deref` instead of a
//! shim fn of its own, for views whose argument types have no elided
//! lifetimes and whose output type can be named: one generic fn, checked
//! once, where a shim per view was about a tenth of `cargo check` of an app
//! with 100 views (BENCHMARKS.md, session 5).

// The pointer types are the views' own signatures, however long.
#![allow(clippy::type_complexity)]

use std::future::Future;

use crate::handler::BoxFuture;

/// A value of `F`, for the fn pointers below (which can hold nothing).
///
/// # Safety
///
/// `F` must be zero-sized and a value of it must have existed: then every
/// value of it is a copy of that one, which `Copy` allows at any time. The
/// pointers below are reached only from what an `async_deref_N(view)` call
/// returned, that is, once `view` existed, and that call checks the size.
#[inline(always)]
pub(super) unsafe fn copy_of_view<F: Copy + 'static>() -> F {
    // SAFETY: the caller's promise above: `F` has no bytes, and a value of
    // it existed.
    unsafe { std::mem::zeroed() }
}

/// The fn pointer an async view taking 0 arguments derefs to.
#[doc(hidden)]
#[inline]
pub fn async_deref_0<F, Fut>(view: F) -> &'static fn() -> BoxFuture<Fut::Output>
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + Send + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|| -> BoxFuture<Fut::Output> { Box::pin(unsafe { copy_of_view::<F>() }()) })
            as fn() -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 1 argument derefs to.
#[doc(hidden)]
#[inline]
pub fn async_deref_1<F, Fut, A0: 'static>(view: F) -> &'static fn(A0) -> BoxFuture<Fut::Output>
where
    F: Fn(A0) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + Send + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0| -> BoxFuture<Fut::Output> { Box::pin(unsafe { copy_of_view::<F>() }(a0)) })
            as fn(A0) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 2 arguments derefs to.
#[doc(hidden)]
#[inline]
pub fn async_deref_2<F, Fut, A0: 'static, A1: 'static>(
    view: F,
) -> &'static fn(A0, A1) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + Send + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1| -> BoxFuture<Fut::Output> {
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1))
        }) as fn(A0, A1) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 3 arguments derefs to.
#[doc(hidden)]
#[inline]
pub fn async_deref_3<F, Fut, A0: 'static, A1: 'static, A2: 'static>(
    view: F,
) -> &'static fn(A0, A1, A2) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1, A2) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + Send + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1, a2: A2| -> BoxFuture<Fut::Output> {
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1, a2))
        }) as fn(A0, A1, A2) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 4 arguments derefs to.
#[doc(hidden)]
#[inline]
pub fn async_deref_4<F, Fut, A0: 'static, A1: 'static, A2: 'static, A3: 'static>(
    view: F,
) -> &'static fn(A0, A1, A2, A3) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1, A2, A3) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + Send + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1, a2: A2, a3: A3| -> BoxFuture<Fut::Output> {
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1, a2, a3))
        }) as fn(A0, A1, A2, A3) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 5 arguments derefs to.
#[doc(hidden)]
#[inline]
pub fn async_deref_5<F, Fut, A0: 'static, A1: 'static, A2: 'static, A3: 'static, A4: 'static>(
    view: F,
) -> &'static fn(A0, A1, A2, A3, A4) -> BoxFuture<Fut::Output>
where
    F: Fn(A0, A1, A2, A3, A4) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future + Send + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1, a2: A2, a3: A3, a4: A4| -> BoxFuture<Fut::Output> {
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1, a2, a3, a4))
        }) as fn(A0, A1, A2, A3, A4) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 6 arguments derefs to.
#[doc(hidden)]
#[inline]
pub fn async_deref_6<
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
    Fut: Future + Send + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1, a2: A2, a3: A3, a4: A4, a5: A5| -> BoxFuture<Fut::Output> {
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1, a2, a3, a4, a5))
        }) as fn(A0, A1, A2, A3, A4, A5) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 7 arguments derefs to.
#[doc(hidden)]
#[inline]
pub fn async_deref_7<
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
    Fut: Future + Send + 'static,
{
    const { assert!(std::mem::size_of::<F>() == 0) };
    let _ = view;
    const {
        &((|a0: A0, a1: A1, a2: A2, a3: A3, a4: A4, a5: A5, a6: A6| -> BoxFuture<Fut::Output> {
            Box::pin(unsafe { copy_of_view::<F>() }(a0, a1, a2, a3, a4, a5, a6))
        }) as fn(A0, A1, A2, A3, A4, A5, A6) -> BoxFuture<Fut::Output>)
    }
}

/// The fn pointer an async view taking 8 arguments derefs to.
#[doc(hidden)]
#[inline]
pub fn async_deref_8<
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
    Fut: Future + Send + 'static,
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
            Box::pin(unsafe { copy_of_view::<F>() }(
                a0, a1, a2, a3, a4, a5, a6, a7,
            ))
        }) as fn(A0, A1, A2, A3, A4, A5, A6, A7) -> BoxFuture<Fut::Output>)
    }
}

#[cfg(test)]
mod tests {
    use super::{async_deref_0, async_deref_2};

    async fn hello() -> &'static str {
        "hello"
    }

    async fn add(a: u32, b: String) -> String {
        format!("{b}{a}")
    }

    #[tokio::test]
    async fn the_pointer_calls_the_function_and_boxes_its_future() {
        let hello_ptr = async_deref_0(hello);
        assert_eq!(hello_ptr().await, "hello");
        let add_ptr: &'static fn(u32, String) -> _ = async_deref_2(add);
        assert_eq!(add_ptr(2, "x".to_owned()).await, "x2");
        // One pointer per function: the same each time.
        assert!(std::ptr::eq(async_deref_0(hello), hello_ptr));
    }
}
