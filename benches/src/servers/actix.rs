//! The actix-web 4 peer, run as its users run it: `HttpServer` with its own
//! actix runtime, one worker per core (its default), an async hello and a
//! `web::block` hello (actix's sync offload, onto its blocking pool). It does
//! not share the hyper-util accept loop of the others: actix-web has its own
//! HTTP stack, which is the point of comparing with it.

use std::time::Duration;

use actix_web::{App, HttpResponse, HttpServer, web};

use super::{ASYNC_HELLO, BLOCK, BLOCK_MS, SYNC_HELLO};

async fn hello_async() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body("hello")
}

/// The hand-written equivalent of a twain sync view.
async fn hello_block() -> HttpResponse {
    let text = web::block(|| "hello").await.unwrap_or("blocking error");
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(text)
}

/// What a user gets who blocks inline: the worker thread blocks.
async fn block_inline() -> HttpResponse {
    std::thread::sleep(Duration::from_millis(BLOCK_MS));
    HttpResponse::Ok().body("slept")
}

/// Serves on `listener` until the process exits.
pub fn serve(listener: std::net::TcpListener) -> std::io::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(|| {
            App::new()
                .route(ASYNC_HELLO, web::get().to(hello_async))
                .route(SYNC_HELLO, web::get().to(hello_block))
                .route(BLOCK, web::get().to(block_inline))
        })
        .disable_signals()
        .listen(listener)?
        .run()
        .await
    })
}
