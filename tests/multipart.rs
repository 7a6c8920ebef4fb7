//! Uploads: `MultipartForm` in sync views (files spooled, read with
//! `std::io::Read`, in memory or in temp files), `Multipart` streamed in
//! async views, the per-file, per-field, total and field-count limits (413
//! or 400 with a message), bad bodies, and a real socket.

mod common;

use std::io::Read;

use twain::prelude::*;
use twain::test::{AsyncClient, Client};
use twain::web::{Multipart, MultipartForm, MultipartLimits};

const BOUNDARY: &str = "----twain-test-boundary";

enum Part<'a> {
    Text(&'a str, &'a str),
    File(&'a str, &'a str, &'a str, Vec<u8>),
}

fn body(parts: &[Part<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    for part in parts {
        out.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Text(name, value) => {
                out.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                        .as_bytes(),
                );
            }
            Part::File(name, file, content_type, bytes) => {
                out.extend_from_slice(
                    format!(
                        "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: {content_type}\r\n\r\n"
                    )
                    .as_bytes(),
                );
                out.extend_from_slice(bytes);
                out.extend_from_slice(b"\r\n");
            }
        }
    }
    out.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    out
}

fn content_type() -> String {
    format!("multipart/form-data; boundary={BOUNDARY}")
}

#[view]
fn sync_upload(mut form: MultipartForm) -> Result<String, Error> {
    assert!(twain::on_sync_thread());
    let title = form.text("title").unwrap_or("-").to_owned();
    let mut lines = vec![format!("title={title}")];
    for name in ["a", "b"] {
        if let Some(file) = form.file_mut(name) {
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes)?;
            lines.push(format!(
                "{}:{}:{}:{}:{}:{}",
                file.field_name(),
                file.file_name(),
                file.content_type().unwrap_or("-"),
                file.size(),
                bytes.len(),
                file.is_on_disk()
            ));
        }
    }
    Ok(lines.join("\n"))
}

#[view]
async fn async_upload(mut form: Multipart) -> Result<String, Error> {
    let mut lines = Vec::new();
    while let Some(mut field) = form.next_field().await? {
        let name = field.name().unwrap_or("").to_owned();
        let file = field.file_name().map(str::to_owned);
        let mut size = 0;
        let mut chunks = 0;
        while let Some(chunk) = field.chunk().await? {
            size += chunk.len();
            chunks += 1;
        }
        lines.push(format!("{name}:{file:?}:{size}:{}", chunks > 0));
    }
    Ok(lines.join("\n"))
}

fn app() -> App {
    App::new()
        .route("sync/", sync_upload)
        .route("async/", async_upload)
}

#[test]
fn a_sync_view_reads_text_fields_and_files_with_std_io_read() {
    let client = Client::new(app());
    let upload = body(&[
        Part::Text("title", "holiday"),
        Part::File("a", "C:\\photos\\beach.jpg", "image/jpeg", vec![7u8; 1000]),
        Part::File("b", "notes.txt", "text/plain", b"hello".to_vec()),
    ]);
    let response = client.post("/sync/", &content_type(), upload);
    assert_eq!(response.status(), 200, "{}", response.text());
    assert_eq!(
        response.text(),
        "title=holiday\na:beach.jpg:image/jpeg:1000:1000:false\nb:notes.txt:text/plain:5:5:false"
    );
}

#[test]
fn large_files_of_a_sync_view_go_to_temp_files_and_are_removed_after() {
    let dir = tempfile::tempdir().unwrap();
    let app = app().spool_memory_limit(64 * 1024).spool_dir(dir.path());
    let client = Client::new(app);
    let big = (0..300_000u32).map(|i| (i % 251) as u8).collect::<Vec<_>>();
    let upload = body(&[Part::File("a", "big.bin", "application/octet-stream", big)]);
    let response = client.post("/sync/", &content_type(), upload);
    assert_eq!(response.status(), 200, "{}", response.text());
    assert_eq!(
        response.text(),
        "title=-\na:big.bin:application/octet-stream:300000:300000:true"
    );
    assert_eq!(common::entries_in(dir.path()), 0, "temp files are unnamed");
    assert_eq!(
        common::open_files_in(dir.path()),
        0,
        "and closed after the request"
    );
}

#[tokio::test]
async fn an_async_view_streams_the_fields() {
    let client = AsyncClient::new(app());
    let upload = body(&[
        Part::Text("title", "x"),
        Part::File("a", "a.bin", "application/octet-stream", vec![1u8; 200_000]),
    ]);
    let response = client.post("/async/", &content_type(), upload).await;
    assert_eq!(response.status(), 200, "{}", response.text());
    assert_eq!(
        response.text(),
        "title:None:1:true\na:Some(\"a.bin\"):200000:true"
    );
}

#[test]
fn limits_answer_413_with_a_message_in_sync_and_async_views() {
    let limits = MultipartLimits::new()
        .file_size(1000)
        .text_size(10)
        .total_size(5000);
    let client = Client::new(app().state(limits));
    let cases = [
        (
            body(&[Part::File("a", "a.bin", "x/y", vec![0; 1001])]),
            413,
            "the file `a` is larger than the limit of 1000 bytes",
        ),
        (
            body(&[Part::Text("title", "eleven char")]),
            413,
            "the text field `title` is larger than the limit of 10 bytes",
        ),
        (
            body(&[
                Part::File("a", "a.bin", "x/y", vec![0; 900]),
                Part::File("b", "b.bin", "x/y", vec![0; 900]),
                Part::File("c", "c.bin", "x/y", vec![0; 900]),
                Part::File("d", "d.bin", "x/y", vec![0; 900]),
                Part::File("e", "e.bin", "x/y", vec![0; 900]),
                Part::File("f", "f.bin", "x/y", vec![0; 900]),
            ]),
            413,
            "larger than the limit of 5000 bytes",
        ),
    ];
    for path in ["/sync/", "/async/"] {
        for (upload, status, message) in &cases {
            let response = client.post(path, &content_type(), upload.clone());
            assert_eq!(response.status(), *status, "{path}: {}", response.text());
            assert!(
                response.text().contains(message),
                "{path}: {}",
                response.text()
            );
        }
    }
}

#[test]
fn the_app_body_limit_bounds_an_upload_too() {
    let client = Client::new(app().max_body_size(2000));
    let upload = body(&[Part::File("a", "a.bin", "x/y", vec![0; 5000])]);
    for path in ["/sync/", "/async/"] {
        let response = client.post(path, &content_type(), upload.clone());
        assert_eq!(response.status(), 413, "{path}: {}", response.text());
    }
}

#[test]
fn too_many_fields_and_bad_bodies_are_4xx() {
    let client = Client::new(app().state(MultipartLimits::new().fields(2)));
    let three = body(&[
        Part::Text("x", "1"),
        Part::Text("y", "2"),
        Part::Text("z", "3"),
    ]);
    for path in ["/sync/", "/async/"] {
        let response = client.post(path, &content_type(), three.clone());
        assert_eq!(response.status(), 400, "{path}");
        assert!(response.text().contains("more than the limit of 2 fields"));

        let wrong_type = client.post(path, "application/json", "{}");
        assert_eq!(wrong_type.status(), 415, "{path}");
        assert!(wrong_type.text().contains("multipart/form-data"));

        let no_boundary = client.post(path, "multipart/form-data", "x");
        assert_eq!(no_boundary.status(), 400, "{path}");
        assert!(
            no_boundary.text().contains("no boundary"),
            "{}",
            no_boundary.text()
        );

        let cut = client.post(
            path,
            &content_type(),
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"),
        );
        assert_eq!(cut.status(), 400, "{path}: {}", cut.text());
        assert!(
            cut.text().contains("invalid multipart body"),
            "{}",
            cut.text()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_over_a_real_socket() {
    let server = common::start(app().state(MultipartLimits::new().file_size(100_000))).await;
    let upload = body(&[Part::File("a", "a.bin", "x/y", vec![3; 50_000])]);
    for path in ["/sync/", "/async/"] {
        let ok = common::http_post(server.addr, path, &content_type(), &upload).await;
        assert_eq!(ok.status, 200, "{path}: {}", ok.text());
    }
    let too_big = body(&[Part::File("a", "a.bin", "x/y", vec![3; 150_000])]);
    let refused = common::http_post(server.addr, "/sync/", &content_type(), &too_big).await;
    assert_eq!(refused.status, 413);
    assert!(
        refused
            .text()
            .contains("the file `a` is larger than the limit of 100000 bytes")
    );
    server.stop().await;
}
