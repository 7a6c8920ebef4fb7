//! `crate = "path"` on all three macros: twain reached through a renamed
//! crate (`tw`) and through a facade module that re-exports it, written from
//! the crate root and from a nested module. Every expansion is used in an app
//! and run, so the generated paths are really resolved and type-checked.
extern crate twain as tw;

use std::sync::atomic::{AtomicUsize, Ordering};

use tw::{App, Blocking, Next, Request, Response, SyncNext};

static MIDDLEWARE_RUNS: AtomicUsize = AtomicUsize::new(0);

#[tw::sync_only(crate = "tw")]
fn rows(cx: Blocking, table: &str) -> usize {
    let _ = cx;
    table.len()
}

struct Db;

impl Db {
    #[tw::sync_only(crate = "tw")]
    fn query(&self, _cx: Blocking<'_>, sql: &str) -> usize {
        sql.len()
    }
}

#[tw::view(crate = "tw")]
fn sync_view(cx: Blocking, id: u32) -> String {
    (rows(cx, "users") + Db.query(cx, "select") + id as usize).to_string()
}

#[tw::view(inline, crate = "::tw")]
fn inline_view(_req: &Request) -> &'static str {
    "inline"
}

#[tw::view(crate = "tw")]
async fn async_view(name: String) -> String {
    format!("hello, {name}")
}

#[tw::middleware(crate = "tw")]
fn sync_middleware(req: Request, next: SyncNext) -> Response {
    MIDDLEWARE_RUNS.fetch_add(1, Ordering::Relaxed);
    next.run(req)
}

#[tw::middleware(allow_blocking, crate = "tw")]
async fn async_middleware(req: Request, next: Next) -> Response {
    MIDDLEWARE_RUNS.fetch_add(1, Ordering::Relaxed);
    next.run(req).await
}

/// A crate that wraps twain would re-export it like this.
mod facade {
    pub use ::twain as inner;
}

#[facade::inner::view(crate = "facade::inner")]
async fn through_facade() -> &'static str {
    "facade"
}

mod nested {
    use crate::facade::inner::{Blocking, Request, Response, SyncNext};

    #[crate::facade::inner::sync_only(crate = "crate::facade::inner")]
    pub fn count(cx: Blocking, what: &str) -> usize {
        let _ = cx;
        what.len()
    }

    #[crate::facade::inner::view(crate = "crate::facade::inner")]
    pub fn nested_view(cx: Blocking) -> String {
        count(cx, "nested").to_string()
    }

    #[crate::facade::inner::middleware(crate = "crate::facade::inner")]
    pub fn nested_middleware(req: Request, next: SyncNext) -> Response {
        next.run(req)
    }
}

fn main() {
    let app = App::new()
        .middleware(sync_middleware)
        .middleware(async_middleware)
        .middleware(nested::nested_middleware)
        .route("sync/<int:id>/", sync_view)
        .route("inline/", inline_view)
        .route("async/<str:name>/", async_view)
        .route("facade/", through_facade)
        .route("nested/", nested::nested_view);
    let client = tw::test::Client::new(app);
    assert_eq!(client.get("/sync/1/").text(), "12");
    assert_eq!(client.get("/inline/").text(), "inline");
    assert_eq!(client.get("/async/ada/").text(), "hello, ada");
    assert_eq!(client.get("/facade/").text(), "facade");
    assert_eq!(client.get("/nested/").text(), "6");
    assert_eq!(MIDDLEWARE_RUNS.load(Ordering::Relaxed), 10);
    assert_eq!(client.blocking(|cx| rows(cx, "abc")), 3);
    // The names still call the functions as written.
    assert_eq!(client.blocking(|cx| sync_view(cx, 0)), "11");
}
