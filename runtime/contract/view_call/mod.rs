//! The generic adapters of views whose arguments are all extractors (the
//! common case: `async fn create(note: Json<Note>) -> Json<Note>`,
//! `fn list(id: u32, page: Query<Page>) -> String`). `#[view]` calls
//! `async_handler_N` / `sync_handler_N` / `inline_handler_N::<Self, Args..,
//! Output>` with its unit struct and the user's function, which make the
//! view's `Handler` from `async_view_N` / `sync_view_N` / `inline_view_N`,
//! instead of writing an `async` block or a closure of its own, so the
//! extraction is type-checked once here, not once per view: those bodies were the largest part of
//! `cargo check` of an app with many views (BENCHMARKS.md). The request runs
//! exactly as the per-view body ran it: each argument extracted in order (a
//! rejection answers at once), then the function called (and awaited) and
//! its output converted. A sync view's arguments are extracted where it runs
//! (its sync thread), an `inline` one's on the worker.
//!
//! Views taking `Request`, `&Request` or `cx: Blocking` keep the per-view
//! body (their future borrows or consumes the request, or the call takes the
//! capability, which no one signature here can say).
//!
//! - `async_views.rs`: `async_view_N`;
//! - `async_deref.rs`: `async_deref_N`, the fn pointer an async view's unit
//!   struct derefs to;
//! - `async_view_deref.rs`: `async_view_deref_N`, the same pointer with the
//!   view's `Send` check;
//! - `sync_views.rs`: `sync_view_N` and `inline_view_N`;
//! - `handlers.rs`: `sync_handler_N`, `inline_handler_N`, `async_handler_N`,
//!   the view's `Handler` made from them without a closure of its own.

mod async_deref;
mod async_view_deref;
mod async_views;
mod handlers;
mod sync_views;

pub use async_deref::*;
pub use async_view_deref::*;
pub use handlers::*;
