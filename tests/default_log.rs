//! The log of an app served with `App::run`, as its users see it: twain's
//! default subscriber, writing to stderr (here a pipe, so plain text). Each
//! case runs the app in a child process (this test binary again, its
//! ignored `default_log_child` test), which binds 127.0.0.1:0 and says where
//! on stdout; the test sends it a request there, stops it with SIGINT and
//! reads what it wrote.

mod child_addr;

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

/// The app, served by `App::run_on` (`App::run` on a listener it bound
/// first) in the child process.
#[test]
#[ignore = "run by the other tests of this file, in a child process"]
fn default_log_child() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    let listener = child_addr::bind_and_announce();
    App::new()
        .route("hello/<int:year>/", hello)
        .run_on(listener)
        .unwrap();
}

/// Everything the child wrote to stderr after answering one request to
/// `path`, with `RUST_LOG` as given (`None`: not set).
fn log_of_one_request(rust_log: Option<&str>, path: &str) -> Vec<String> {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--ignored", "--exact", "default_log_child", "--nocapture"])
        .env(CHILD, "1")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match rust_log {
        Some(filter) => command.env("RUST_LOG", filter),
        None => command.env_remove("RUST_LOG"),
    };
    let mut child = child_addr::KillOnDrop(command.spawn().expect("the child starts"));
    let stderr = BufReader::new(child.0.stderr.take().unwrap());
    let stdout = child.0.stdout.take().unwrap();
    let addr = child_addr::listening_addr(stdout, Duration::from_secs(10));
    let mut stream = TcpStream::connect(addr).unwrap();
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
        .args(["-INT", &child.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let lines: Vec<String> = stderr.lines().map(Result::unwrap).collect();
    assert!(child.0.wait().unwrap().success(), "{lines:#?}");
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
