//! The log of an app served with `App::run`, as its users see it: twain's
//! default subscriber, writing to stderr (here a pipe, so plain text). Each
//! case runs the app in a child process (this test binary again, its
//! ignored `default_log_child` test), sends it a request on 127.0.0.1,
//! stops it with SIGINT and reads what it wrote.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::Duration;

use twain::prelude::*;

const CHILD: &str = "TWAIN_DEFAULT_LOG_CHILD";

#[view]
fn hello(year: u32) -> String {
    format!("hello {year}\n")
}

/// The app, served by `App::run` in the child process.
#[test]
#[ignore = "run by the other tests of this file, in a child process"]
fn default_log_child() {
    let Ok(addr) = std::env::var(CHILD) else {
        return;
    };
    App::new()
        .route("hello/<int:year>/", hello)
        .run(addr)
        .unwrap();
}

/// A port free on 127.0.0.1 a moment ago, for the child to listen on.
fn free_addr() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

/// Connects to the child once it listens (it gets 10 s to start).
fn connect(addr: &str) -> TcpStream {
    for _ in 0..200 {
        if let Ok(stream) = TcpStream::connect(addr) {
            return stream;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the child never listened on {addr}");
}

/// Everything the child wrote to stderr after answering one request to
/// `path`, with `RUST_LOG` as given (`None`: not set).
fn log_of_one_request(rust_log: Option<&str>, path: &str) -> Vec<String> {
    let addr = free_addr();
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--ignored", "--exact", "default_log_child", "--nocapture"])
        .env(CHILD, &addr)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    match rust_log {
        Some(filter) => command.env("RUST_LOG", filter),
        None => command.env_remove("RUST_LOG"),
    };
    let mut child = command.spawn().expect("the child starts");
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut stream = connect(&addr);
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 "), "{response}");
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let lines: Vec<String> = stderr.lines().map(Result::unwrap).collect();
    assert!(child.wait().unwrap().success(), "{lines:#?}");
    lines
}

#[test]
fn without_rust_log_each_request_logs_one_info_line() {
    let lines = log_of_one_request(None, "/hello/2024/");
    let finished: Vec<_> = lines
        .iter()
        .filter(|line| line.contains("twain::request: finished"))
        .collect();
    assert_eq!(finished.len(), 1, "{lines:#?}");
    let line = finished[0];
    // `2026-12-01T17:14:21.173888Z  INFO request{...}: twain::request: finished`
    let (time, rest) = line.split_once(' ').unwrap();
    assert_eq!(time.len(), 27, "{line}");
    assert!(time.ends_with('Z') && time.as_bytes()[10] == b'T', "{line}");
    let fields = " INFO request{method=GET path=/hello/2024/ route=/hello/<int:year>/ status=200 latency_ms=";
    assert!(rest.starts_with(fields), "{line}");
    let latency = rest[fields.len()..].split('}').next().unwrap();
    let (_, decimals) = latency.split_once('.').expect("a decimal point");
    assert_eq!(decimals.len(), 3, "{line}");
    assert!(line.ends_with("}: twain::request: finished"), "{line}");
    // No colour codes in a pipe.
    assert!(
        lines.iter().all(|line| !line.contains('\x1b')),
        "{lines:#?}"
    );
}

#[test]
fn rust_log_decides_what_is_logged() {
    let quiet = log_of_one_request(Some("warn"), "/hello/2024/");
    assert!(
        quiet.iter().all(|line| !line.contains("twain::request")),
        "{quiet:#?}"
    );
    let missing = log_of_one_request(Some("warn,twain::request=info"), "/nowhere/");
    let line = missing
        .iter()
        .find(|line| line.contains("twain::request: finished"))
        .unwrap_or_else(|| panic!("no request line: {missing:#?}"));
    assert!(
        line.contains("path=/nowhere/ status=404 latency_ms="),
        "{line}"
    );
    assert!(
        missing.iter().all(|line| !line.contains("twain::server")),
        "{missing:#?}"
    );
}
