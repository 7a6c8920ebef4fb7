//! The web parts of an app on a real socket, through real clients on
//! 127.0.0.1: WebSocket echo (tokio-tungstenite's client), server-sent events
//! read as they arrive, static files with Range and conditional requests,
//! gzip compression decoded by flate2, the client's address, and a
//! tower-layered service served by `twain::Server`. Every wait is bounded.

mod common;

use std::io::Read;
use std::net::SocketAddr;
use std::time::Duration;

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use twain::futures::{SinkExt, StreamExt};
use twain::prelude::*;
use twain::sse::{Event, KeepAlive, Sse};
use twain::tower_http::compression::CompressionLayer;
use twain::tower_http::services::ServeDir;
use twain::ws::{Message, WebSocket, WebSocketUpgrade};
use twain::{Body, ClientAddr};

const LIMIT: Duration = Duration::from_secs(10);

#[view]
async fn echo(ws: WebSocketUpgrade) -> Response {
    ws.protocols(["echo"])
        .on_upgrade(|mut socket: WebSocket| async move {
            while let Some(Ok(message)) = socket.recv().await {
                let echoed = matches!(message, Message::Text(_) | Message::Binary(_));
                if matches!(message, Message::Close(_))
                    || (echoed && socket.send(message).await.is_err())
                {
                    break;
                }
            }
        })
}

#[view]
async fn feed() -> impl IntoResponse {
    // Never ends: the client reads two events and leaves.
    let ticks = twain::futures::stream::unfold(0u32, |n| async move {
        tokio::time::sleep(Duration::from_millis(20)).await;
        Some((
            Event::default().id(n.to_string()).data(format!("tick {n}")),
            n + 1,
        ))
    });
    Sse::new(ticks)
}

#[view]
fn sync_feed() -> impl IntoResponse {
    let events = (0..3).map(|n| {
        std::thread::sleep(Duration::from_millis(120));
        Event::default().data(format!("row {n}"))
    });
    Sse::iter(events).keep_alive(KeepAlive::new().interval(Duration::from_millis(50)))
}

#[view]
fn big() -> String {
    "compress me ".repeat(2000)
}

#[view]
fn whoami(addr: ClientAddr) -> String {
    addr.to_string()
}

/// Middleware sees the client's address too, with no extractor.
#[middleware]
fn client_header(req: Request, next: SyncNext) -> Response {
    let client = req.client_addr().map(|addr| addr.to_string());
    let mut response = next.run(req);
    if let Some(Ok(value)) = client.map(twain::http::HeaderValue::try_from) {
        response.headers_mut().insert("x-client", value);
    }
    response
}

fn app(dir: &std::path::Path) -> App {
    App::new()
        .layer(CompressionLayer::new())
        .mount("static", ServeDir::new(dir))
        .route("ws/", get(echo))
        .route("feed/", feed)
        .route("sync-feed/", sync_feed)
        .route("big/", big)
        .route("whoami/", whoami)
}

fn static_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text: String = (0..1000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    std::fs::write(dir.path().join("letters.txt"), text).unwrap();
    dir
}

/// One request over a fresh HTTP/1.1 connection: the response head, and the
/// body to read as it comes. Also the client's local address.
async fn request(
    addr: SocketAddr,
    request: twain::http::Request<Body>,
) -> (twain::http::Response<Incoming>, SocketAddr) {
    let stream = TcpStream::connect(addr).await.unwrap();
    let local = stream.local_addr().unwrap();
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .unwrap();
    tokio::spawn(connection);
    let response = timeout(LIMIT, sender.send_request(request))
        .await
        .unwrap()
        .unwrap();
    (response, local)
}

fn get_with(path: &str, headers: &[(&str, &str)]) -> twain::http::Request<Body> {
    let mut builder = twain::http::Request::get(path).header("host", "127.0.0.1");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Body::empty()).unwrap()
}

async fn body_text(response: twain::http::Response<Incoming>) -> Vec<u8> {
    timeout(LIMIT, response.into_body().collect())
        .await
        .unwrap()
        .unwrap()
        .to_bytes()
        .to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_echoes_text_and_binary_and_closes() {
    let dir = static_dir();
    let server = common::start(app(dir.path())).await;
    let stream = TcpStream::connect(server.addr).await.unwrap();
    let mut request = format!("ws://{}/ws/", server.addr)
        .into_client_request()
        .unwrap();
    request
        .headers_mut()
        .insert("sec-websocket-protocol", "chat, echo".parse().unwrap());
    let (mut socket, response) = timeout(LIMIT, tokio_tungstenite::client_async(request, stream))
        .await
        .unwrap()
        .expect("the handshake succeeds");
    assert_eq!(response.status(), 101);
    assert_eq!(
        response.headers().get("sec-websocket-protocol").unwrap(),
        "echo"
    );
    socket.send(Message::text("hello")).await.unwrap();
    let reply = timeout(LIMIT, socket.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(reply, Message::text("hello"));
    socket.send(Message::binary(vec![1u8, 2, 3])).await.unwrap();
    let reply = timeout(LIMIT, socket.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(reply, Message::binary(vec![1u8, 2, 3]));
    socket.close(None).await.unwrap();
    // The server answers the close; the stream then ends.
    while let Some(message) = timeout(LIMIT, socket.next()).await.unwrap() {
        if message.is_err() {
            break;
        }
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_arrive_one_by_one_and_the_client_may_leave() {
    let dir = static_dir();
    let server = common::start(app(dir.path())).await;
    let (response, _) = request(
        server.addr,
        get_with("/feed/", &[("accept-encoding", "gzip")]),
    )
    .await;
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    // Not compressed: an event must reach the client when it is sent.
    assert!(response.headers().get("content-encoding").is_none());
    let mut body = response.into_body();
    let mut seen = String::new();
    while seen.matches("\n\n").count() < 2 {
        let frame = timeout(LIMIT, body.frame())
            .await
            .unwrap()
            .unwrap()
            .unwrap();
        if let Ok(data) = frame.into_data() {
            seen.push_str(std::str::from_utf8(&data).unwrap());
        }
    }
    assert!(
        seen.starts_with("id: 0\ndata: tick 0\n\nid: 1\ndata: tick 1\n\n"),
        "{seen:?}"
    );
    drop(body);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_iterator_feed_sends_keep_alives_while_it_blocks() {
    let dir = static_dir();
    let server = common::start(app(dir.path())).await;
    let (response, _) = request(server.addr, get_with("/sync-feed/", &[])).await;
    let text = String::from_utf8(body_text(response).await).unwrap();
    assert!(text.contains(": keep-alive\n\n"), "{text:?}");
    let events: Vec<&str> = text
        .split("\n\n")
        .filter(|chunk| chunk.starts_with("data:"))
        .collect();
    assert_eq!(events, ["data: row 0", "data: row 1", "data: row 2"]);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn static_files_answer_ranges_and_conditional_requests_on_the_wire() {
    let dir = static_dir();
    let server = common::start(app(dir.path())).await;
    let (whole, _) = request(server.addr, get_with("/static/letters.txt", &[])).await;
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["content-type"], "text/plain");
    let modified = whole.headers()["last-modified"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(body_text(whole).await.len(), 1000);

    let (part, _) = request(
        server.addr,
        get_with("/static/letters.txt", &[("range", "bytes=26-51")]),
    )
    .await;
    assert_eq!(part.status(), 206);
    assert_eq!(part.headers()["content-range"], "bytes 26-51/1000");
    assert_eq!(body_text(part).await, b"abcdefghijklmnopqrstuvwxyz");

    let (suffix, _) = request(
        server.addr,
        get_with("/static/letters.txt", &[("range", "bytes=-3")]),
    )
    .await;
    assert_eq!(body_text(suffix).await, b"jkl");

    let (unchanged, _) = request(
        server.addr,
        get_with("/static/letters.txt", &[("if-modified-since", &modified)]),
    )
    .await;
    assert_eq!(unchanged.status(), 304);
    assert!(body_text(unchanged).await.is_empty());

    let (missing, _) = request(server.addr, get_with("/static/nope.txt", &[])).await;
    assert_eq!(missing.status(), 404);
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gzip_compression_decodes_to_the_original_body() {
    let dir = static_dir();
    let server = common::start(app(dir.path())).await;
    let (response, _) = request(
        server.addr,
        get_with("/big/", &[("accept-encoding", "gzip")]),
    )
    .await;
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let zipped = body_text(response).await;
    assert!(zipped.len() < 1000, "{} bytes", zipped.len());
    let mut text = String::new();
    flate2::read::GzDecoder::new(zipped.as_slice())
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "compress me ".repeat(2000));
    // Static files are compressed too: the layer wraps the mount.
    let (file, _) = request(
        server.addr,
        get_with("/static/letters.txt", &[("accept-encoding", "gzip")]),
    )
    .await;
    assert_eq!(file.headers()["content-encoding"], "gzip");
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_address_is_the_peer_of_the_connection() {
    let dir = static_dir();
    let server = common::start(app(dir.path()).middleware(client_header)).await;
    let (response, local) = request(server.addr, get_with("/whoami/", &[])).await;
    assert_eq!(
        response
            .headers()
            .get("x-client")
            .map(|v| v.to_str().unwrap().to_owned()),
        Some(local.to_string()),
        "Request::client_addr in a middleware"
    );
    assert_eq!(
        String::from_utf8(body_text(response).await).unwrap(),
        local.to_string()
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twain_server_serves_a_service_wrapped_in_tower_layers() {
    use twain::tower::ServiceBuilder;
    use twain::tower_http::set_header::SetResponseHeaderLayer;
    use twain::tower_http::trace::TraceLayer;

    let service = ServiceBuilder::new()
        .layer(TraceLayer::new_for_http())
        .layer(SetResponseHeaderLayer::overriding(
            twain::http::header::SERVER,
            twain::http::HeaderValue::from_static("twain-layered"),
        ))
        .service(App::new().route("whoami/", whoami).into_service().unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(
        twain::Server::new()
            .header_read_timeout(Duration::from_secs(5))
            .shutdown_timeout(Duration::from_secs(5))
            .serve_with_shutdown(listener, service, async {
                let _ = stopped.await;
            }),
    );
    let (response, local) = request(addr, get_with("/whoami/", &[])).await;
    assert_eq!(response.headers()["server"], "twain-layered");
    assert_eq!(
        String::from_utf8(body_text(response).await).unwrap(),
        local.to_string()
    );
    stop.send(()).unwrap();
    timeout(LIMIT, served).await.unwrap().unwrap().unwrap();
}
