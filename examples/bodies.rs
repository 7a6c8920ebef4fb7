//! Bodies in and out: a sync upload read from its spool (memory, then a temp
//! file), an async upload streamed, a file download, a CSV pulled from a sync
//! iterator, a typed header, and a long sync view that stops when its client
//! leaves.
//!
//! ```text
//! cargo run --example bodies                 # serves on 127.0.0.1:8000
//! curl --data-binary @big.iso localhost:8000/upload/         # sync, spooled
//! curl --data-binary @big.iso localhost:8000/stream/         # async, streamed
//! curl localhost:8000/source/                                # this file
//! curl localhost:8000/squares.csv
//! curl -H 'X-Count: 3' localhost:8000/hello/
//! curl localhost:8000/wait/    # then Ctrl-C the curl: the server log says so
//! ```

use std::io::Read;
use std::time::Duration;

use twain::futures::StreamExt;
use twain::prelude::*;
use twain::{BodyStream, Chunks, FileResponse, Header, SpooledBody};

/// Sync: the whole body was read before this runs; it never touches the socket.
#[view]
fn upload(mut body: SpooledBody) -> Result<String, Error> {
    let where_ = if body.is_on_disk() {
        "a temp file"
    } else {
        "memory"
    };
    let mut zeros = 0u64;
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = body.read(&mut buf)?;
        if n == 0 {
            break;
        }
        zeros += buf[..n].iter().filter(|b| **b == 0).count() as u64;
    }
    Ok(format!(
        "{} bytes from {where_}, {zeros} zero bytes\n",
        body.len()
    ))
}

/// Async: chunks as they arrive; over the size limit, `?` answers 413.
#[view]
async fn stream(mut body: BodyStream) -> Result<String, Error> {
    let mut chunks = 0;
    while let Some(chunk) = body.next().await {
        chunk?;
        chunks += 1;
    }
    Ok(format!("{} bytes in {chunks} chunks\n", body.received()))
}

#[view]
async fn source() -> Result<FileResponse, Error> {
    Ok(FileResponse::open(file!())
        .await?
        .content_type("text/plain; charset=utf-8"))
}

/// Each row is computed on a sync thread, only as fast as the client reads.
#[view]
fn squares() -> Chunks<impl Iterator<Item = String> + Send> {
    Chunks((1..=1000u64).map(|n| format!("{n},{}\n", n * n)))
}

#[view]
fn hello(x_count: Header<usize>) -> String {
    "hello\n".repeat(x_count.0.min(100))
}

#[view]
fn wait(req: &Request) -> &'static str {
    for _ in 0..300 {
        if req.is_disconnected() {
            twain::tracing::info!("client left; stopping early");
            return "";
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    "waited 30 s\n"
}

fn main() -> Result<(), twain::ServeError> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8000".to_owned());
    App::new()
        .max_body_size(1024 * 1024 * 1024)
        .route("upload/", upload)
        .route("stream/", stream)
        .route("source/", source)
        .route("squares.csv", squares)
        .route("hello/", hello)
        .route("wait/", wait)
        .run(addr)
}
