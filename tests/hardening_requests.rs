//! Hostile requests over real sockets on 127.0.0.1: HEAD over HTTP/2 carries
//! no body; no client passes `allowed_hosts` with a second Host header, an
//! absolute-form URI or an HTTP/2 `:authority` that disagrees with `Host`;
//! file errors do not show server paths; a `<path:>` parameter cannot leave
//! its directory.

mod common;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::OnceLock;

use bytes::Bytes;
use common::{http_get, parse, raw, send, start};
use http_body_util::BodyExt;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use twain::prelude::*;
use twain::{FileResponse, SafePath};

type H2Body = http_body_util::combinators::BoxBody<Bytes, Infallible>;

async fn h2_client(addr: SocketAddr) -> hyper::client::conn::http2::SendRequest<H2Body> {
    let io = hyper_util::rt::TokioIo::new(TcpStream::connect(addr).await.unwrap());
    let (sender, connection) =
        hyper::client::conn::http2::handshake(hyper_util::rt::TokioExecutor::new(), io)
            .await
            .unwrap();
    tokio::spawn(connection);
    sender
}

fn h2_request(method: &str, uri: &str, host: Option<&str>) -> http::Request<H2Body> {
    let mut request = http::Request::builder().method(method).uri(uri);
    if let Some(host) = host {
        request = request.header("host", host);
    }
    request.body(http_body_util::Empty::new().boxed()).unwrap()
}

// ---- 1. HEAD over HTTP/2 ----

#[view]
fn page() -> &'static str {
    "a page of twenty-six bytes"
}

#[view]
async fn streamed() -> Response {
    let chunks = futures_util::stream::iter(["one ", "two"].map(Ok::<_, std::io::Error>));
    twain::ByteStream(chunks).into_response()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn head_over_http2_has_no_body_and_keeps_content_length() {
    let server = start(App::new().route("", page).route("stream/", streamed)).await;
    let mut h2 = h2_client(server.addr).await;
    for path in ["/", "/stream/"] {
        let get = h2
            .send_request(h2_request("GET", &format!("http://127.0.0.1{path}"), None))
            .await
            .unwrap();
        let get_length = get.headers().get("content-length").cloned();
        let get_body = get.into_body().collect().await.unwrap().to_bytes();
        assert!(!get_body.is_empty());

        let head = h2
            .send_request(h2_request("HEAD", &format!("http://127.0.0.1{path}"), None))
            .await
            .unwrap();
        assert_eq!(head.status(), 200);
        assert_eq!(
            head.headers().get("content-length"),
            get_length.as_ref(),
            "{path}"
        );
        // A DATA frame on a HEAD stream is a protocol error for the client.
        let body = head
            .into_body()
            .collect()
            .await
            .unwrap_or_else(|err| panic!("HEAD {path} over HTTP/2: {err}"));
        assert!(body.to_bytes().is_empty(), "HEAD {path} sent a body");
    }
    assert_eq!(
        http_get(server.addr, "/").await.header("content-length"),
        Some("26")
    );
    let head = send(server.addr, &raw("HEAD", "/", &[], b"")).await;
    assert_eq!(
        (head.status, head.header("content-length")),
        (200, Some("26"))
    );
    assert!(head.body.is_empty());
    server.stop().await;
}

// ---- 5. Host checks ----

#[view]
fn host_of(req: &Request) -> String {
    req.host().unwrap_or("-").to_owned()
}

fn hosts_app() -> App {
    App::new()
        .middleware(twain::middleware::allowed_hosts)
        .route("", host_of)
}

/// Sends a raw HTTP/1.1 request head and returns the status.
async fn status_of(addr: SocketAddr, head: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut bytes = Vec::new();
    tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut bytes),
    )
    .await
    .unwrap()
    .unwrap();
    parse(&bytes).status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_host_check_is_passed_by_shape() {
    let server = start(hosts_app()).await;
    let addr = server.addr;
    let ok = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    assert_eq!(status_of(addr, ok).await, 200);
    for (what, head) in [
        (
            "a second Host header",
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        ),
        (
            "the same Host twice",
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        ),
        (
            "an absolute-form URI for another host",
            "GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        ),
        (
            "an absolute-form URI with no Host",
            "GET http://evil.example/ HTTP/1.1\r\nConnection: close\r\n\r\n",
        ),
    ] {
        assert_eq!(status_of(addr, head).await, 400, "{what}");
    }
    // The absolute form names the host when it agrees with Host.
    let agreed = "GET http://127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    assert_eq!(status_of(addr, agreed).await, 200);

    let mut h2 = h2_client(addr).await;
    let mut h2_status = async |uri: &str, host: Option<&str>| {
        let response = h2.send_request(h2_request("GET", uri, host)).await.unwrap();
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        (status, String::from_utf8_lossy(&body).into_owned())
    };
    assert_eq!(
        h2_status("http://evil.example/", Some("127.0.0.1")).await.0,
        400,
        ":authority evil.example with host 127.0.0.1"
    );
    assert_eq!(h2_status("http://evil.example/", None).await.0, 400);
    assert_eq!(
        h2_status("http://127.0.0.1/", Some("127.0.0.1")).await,
        (200, "127.0.0.1".to_owned())
    );
    server.stop().await;
}

// ---- 7 and 8. Files ----

/// A temp dir holding `root/public.txt`, `secret.txt` beside the root, and
/// `root/link` (a symlink to the secret).
fn files() -> &'static (tempfile::TempDir, PathBuf) {
    static FILES: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("public.txt"), "public").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "SECRET").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link")).unwrap();
        (dir, root)
    })
}

/// The naive view a user may write: `root.join(p)` with a `PathBuf`.
#[view]
fn by_pathbuf(file: PathBuf) -> Result<FileResponse, Error> {
    FileResponse::open_sync(files().1.join(file))
}

#[view]
async fn by_safe_path(file: SafePath) -> Result<FileResponse, Error> {
    FileResponse::from_root(&files().1, &file).await
}

#[view]
fn by_name_sync(file: String) -> Result<FileResponse, Error> {
    FileResponse::from_root_sync(&files().1, file)
}

#[view]
async fn direct(file: String) -> Result<FileResponse, Error> {
    FileResponse::open(files().1.join(file)).await
}

fn files_app() -> App {
    App::new()
        .route("naive/<path:file>", by_pathbuf)
        .route("safe/<path:file>", by_safe_path)
        .route("named/<path:file>", by_name_sync)
        .route("direct/<file>", direct)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_errors_do_not_show_server_paths() {
    let (dir, _) = files();
    let server = start(files_app()).await;
    let dir_text = dir.path().to_str().unwrap().to_owned();
    for path in [
        "/direct/sub",
        "/direct/missing.txt",
        "/safe/sub",
        "/safe/missing.txt",
    ] {
        let reply = http_get(server.addr, path).await;
        assert_eq!(reply.status, 404, "{path}");
        let body = reply.text();
        assert!(!body.contains(&dir_text), "{path} showed {body:?}");
        assert!(!body.contains("is not a file"), "{path} showed {body:?}");
    }
    // What the client asked for may be named.
    assert_eq!(
        http_get(server.addr, "/safe/missing.txt").await.text(),
        "Not Found: missing.txt"
    );
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_path_parameter_cannot_leave_its_root() {
    let (dir, _) = files();
    let server = start(files_app()).await;
    let secret = dir.path().join("secret.txt");
    let absolute = secret.to_str().unwrap().replace('/', "%2F");
    for prefix in ["/naive/", "/safe/", "/named/"] {
        let ok = http_get(server.addr, &format!("{prefix}public.txt")).await;
        assert_eq!((ok.status, ok.text().as_str()), (200, "public"), "{prefix}");
        for attack in [
            "..%2Fsecret.txt".to_owned(),
            "../secret.txt".to_owned(),
            "sub/..%2F..%2Fsecret.txt".to_owned(),
            "%2E%2E/secret.txt".to_owned(),
            "..%5Csecret.txt".to_owned(),
            absolute.clone(),
            format!("%2F{absolute}"),
            "public.txt%00.png".to_owned(),
            "..%2F..%2F..%2F..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd".to_owned(),
        ] {
            let path = format!("{prefix}{attack}");
            let reply = send(server.addr, &raw("GET", &path, &[], b"")).await;
            assert_eq!(reply.status, 404, "{path}");
            assert!(!reply.text().contains("SECRET"), "{path} served the secret");
            assert!(!reply.text().contains("root:"), "{path} served /etc/passwd");
        }
    }
    #[cfg(unix)]
    for path in ["/safe/link", "/named/link"] {
        let reply = http_get(server.addr, path).await;
        assert_eq!(reply.status, 404, "{path}: a symlink out of the root");
    }
    server.stop().await;
}
