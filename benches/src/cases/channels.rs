//! Case 9: channels (`twain::channels`). Child processes
//! (`twain-bench channels-child [postgres-url]`) each serve an SSE stream of
//! the group `bench`, a view that publishes one message to it, and a sync
//! consumer's WebSocket. With `TWAIN_BENCH_POSTGRES` set, three processes
//! on that database (`LISTEN/NOTIFY`); without it, one process in-process.
//!
//! - Fan-out: 1,000 SSE listeners spread over the processes; one message
//!   per round, sent through one process in turn, stamped with its send
//!   time; each listener's delivery latency, p50 and p99 per round.
//! - Idle consumers: 1,000 sync-consumer sockets opened, each past its
//!   `connect`; the processes' threads before and after, and the sync jobs
//!   running while the sockets are idle (the target: none).

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::process::{ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::Plan;
use crate::child::Guard;
use crate::summary::Summary;
use crate::table::Section;

const LISTENERS: usize = 1_000;
const SOCKETS: usize = 1_000;

struct Child {
    addr: SocketAddr,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    _guard: Guard,
}

impl Child {
    fn start(url: Option<&str>) -> Result<Child, String> {
        let exe = std::env::current_exe().map_err(|err| format!("no current exe: {err}"))?;
        let mut command = Command::new(exe);
        command.arg("channels-child");
        if let Some(url) = url {
            command.arg(url);
        }
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|err| format!("cannot start the channels child: {err}"))?;
        let stdin = child.stdin.take().expect("piped");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
        let guard = Guard::new(child);
        let mut line = String::new();
        stdout
            .read_line(&mut line)
            .map_err(|err| format!("channels child: {err}"))?;
        let addr = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|a| a.parse().ok())
            .ok_or_else(|| format!("channels child said {line:?}"))?;
        Ok(Child {
            addr,
            stdin,
            stdout,
            _guard: guard,
        })
    }

    /// The child's threads and running sync jobs.
    fn threads(&mut self) -> Result<(u64, u64), String> {
        writeln!(self.stdin, "threads").map_err(|err| err.to_string())?;
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .map_err(|err| err.to_string())?;
        let numbers: Vec<u64> = line
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        match numbers[..] {
            [threads, jobs] => Ok((threads, jobs)),
            _ => Err(format!("channels child said {line:?}")),
        }
    }
}

fn now_micros() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros() as u64)
}

pub fn channels(plan: &Plan) -> Result<Section, String> {
    let url = std::env::var("TWAIN_BENCH_POSTGRES").ok();
    let processes = if url.is_some() { 3 } else { 1 };
    let (listeners, sockets) = if plan.smoke {
        (100, 100)
    } else {
        (LISTENERS, SOCKETS)
    };
    let rounds = plan.runs.max(5);
    let mut children = (0..processes)
        .map(|_| Child::start(url.as_deref()))
        .collect::<Result<Vec<_>, _>>()?;
    let addrs: Vec<SocketAddr> = children.iter().map(|c| c.addr).collect();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|err| err.to_string())?;
    let (p50, p99, lost) = runtime.block_on(fan_out(&addrs, listeners, rounds))?;
    let before: Vec<(u64, u64)> = children
        .iter_mut()
        .map(Child::threads)
        .collect::<Result<_, _>>()?;
    let open = runtime.block_on(open_sockets(&addrs, sockets))?;
    std::thread::sleep(Duration::from_millis(300));
    let after: Vec<(u64, u64)> = children
        .iter_mut()
        .map(Child::threads)
        .collect::<Result<_, _>>()?;
    drop(open);
    let threads_before: u64 = before.iter().map(|t| t.0).sum();
    let threads_after: u64 = after.iter().map(|t| t.0).sum();
    let jobs: u64 = after.iter().map(|t| t.1).sum();

    let backend = if url.is_some() {
        "PostgreSQL LISTEN/NOTIFY"
    } else {
        "in-process (set TWAIN_BENCH_POSTGRES for 3 processes)"
    };
    let mut section = Section::new(
        "9. Channels: one message fanned out to SSE listeners; idle sync consumers",
        &["figure", "value"],
    );
    let show = |values: &[f64]| Summary::of(values).map_or("–".to_owned(), |s| s.show(2));
    section.row(vec![
        format!("delivery p50, ms ({listeners} listeners, {processes} process(es))"),
        show(&p50),
    ]);
    section.row(vec!["delivery p99, ms".to_owned(), show(&p99)]);
    section.row(vec!["messages not delivered".to_owned(), lost.to_string()]);
    section.row(vec![
        format!("threads before / with {sockets} idle sync-consumer sockets"),
        format!("{threads_before} / {threads_after}"),
    ]);
    section.row(vec![
        "sync jobs running while they idle".to_owned(),
        jobs.to_string(),
    ]);
    section.note(format!(
        "Backend: {backend}. {rounds} rounds, each one message published through one process \
         in turn (an async view's `publish`), stamped with its send time; latency is each \
         listener's receive time minus it (same machine clock); figures are the median \
         (min–max) over rounds. Listeners and the load run on the same 2 cores."
    ));
    Ok(section)
}

/// Opens the SSE listeners, sends `rounds` messages, returns p50 and p99
/// per round (ms) and how many deliveries never came.
async fn fan_out(
    addrs: &[SocketAddr],
    listeners: usize,
    rounds: usize,
) -> Result<(Vec<f64>, Vec<f64>, usize), String> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(usize, u64)>();
    let mut tasks = Vec::new();
    for i in 0..listeners {
        let addr = addrs[i % addrs.len()];
        let mut stream = TcpStream::connect(addr)
            .await
            .map_err(|err| format!("connect: {err}"))?;
        stream
            .write_all(b"GET /feed/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .map_err(|err| err.to_string())?;
        let mut seen = String::new();
        let mut buf = vec![0u8; 4096];
        while !seen.contains("retry: 1000") {
            let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buf))
                .await
                .map_err(|_| "an SSE listener got no answer in 10 s".to_owned())?
                .map_err(|err| err.to_string())?;
            if n == 0 {
                return Err(format!("an SSE listener was closed: {seen:?}"));
            }
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
        let tx = tx.clone();
        tasks.push(tokio::spawn(async move {
            let mut pending = String::new();
            loop {
                let Ok(n) = stream.read(&mut buf).await else {
                    return;
                };
                if n == 0 {
                    return;
                }
                let received = now_micros();
                pending.push_str(&String::from_utf8_lossy(&buf[..n]));
                while let Some(at) = pending.find("data: ") {
                    let rest = &pending[at + 6..];
                    let Some(end) = rest.find('\n') else { break };
                    let mut words = rest[..end].split(' ');
                    if let (Some(Ok(round)), Some(Ok(sent))) = (
                        words.next().map(str::parse::<usize>),
                        words.next().map(str::parse::<u64>),
                    ) {
                        let _ = tx.send((round, received.saturating_sub(sent)));
                    }
                    pending = rest[end..].to_owned();
                }
            }
        }));
    }
    drop(tx);
    let (mut p50, mut p99, mut lost) = (Vec::new(), Vec::new(), 0);
    for round in 0..rounds {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let addr = addrs[round % addrs.len()];
        let request = format!(
            "GET /send/{round}/{}/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
            now_micros()
        );
        let mut stream = TcpStream::connect(addr)
            .await
            .map_err(|err| err.to_string())?;
        stream
            .write_all(request.as_bytes())
            .await
            .map_err(|err| err.to_string())?;
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer).await;
        if !answer.starts_with(b"HTTP/1.1 200") {
            return Err(format!(
                "send answered {:?}",
                String::from_utf8_lossy(&answer)
            ));
        }
        let mut latencies = Vec::with_capacity(listeners);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while latencies.len() < listeners {
            match tokio::time::timeout_at(deadline, rx.recv()).await {
                Ok(Some((r, micros))) if r == round => latencies.push(micros as f64 / 1000.0),
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => break,
            }
        }
        lost += listeners - latencies.len();
        latencies.sort_by(f64::total_cmp);
        if let Some(&last) = latencies.last() {
            let at = |q: f64| {
                latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)]
            };
            p50.push(at(0.50));
            p99.push(at(0.99).min(last));
        }
    }
    for task in tasks {
        task.abort();
    }
    Ok((p50, p99, lost))
}

/// Opens `sockets` WebSockets to the sync consumer, each past `connect`.
async fn open_sockets(addrs: &[SocketAddr], sockets: usize) -> Result<Vec<TcpStream>, String> {
    use futures_util::StreamExt;
    let mut open = Vec::with_capacity(sockets);
    let mut held = Vec::new();
    for i in 0..sockets {
        let addr = addrs[i % addrs.len()];
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|err| err.to_string())?;
        let (mut ws, _) = tokio_tungstenite::client_async(format!("ws://{addr}/ws/"), stream)
            .await
            .map_err(|err| format!("WebSocket handshake: {err}"))?;
        match tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
            Ok(Some(Ok(message))) if message.to_text().ok() == Some("joined") => {}
            other => return Err(format!("a consumer did not connect: {other:?}")),
        }
        held.push(ws);
    }
    // Keep them open until the caller drops what this returns.
    for ws in held {
        open.push(ws.into_inner());
    }
    Ok(open)
}

/// The child: serves the group's SSE stream, the publishing view and the
/// sync consumer; answers `threads` on stdin with its thread count and the
/// sync jobs running.
pub fn child_main(argv: &[String]) -> std::process::ExitCode {
    use twain::channels::{Channels, Incoming, Socket, SyncConsumer, consume_sync, group_events};
    use twain::prelude::*;
    use twain::sse::Event;
    use twain::ws::{Message, WebSocketUpgrade};

    #[view]
    async fn feed(channels: Channels) -> Result<Response, Error> {
        let member = channels.join("bench")?;
        member.ready().await?;
        Ok(group_events(member, Vec::new(), |m| {
            m.json::<String>()
                .ok()
                .map(|text| Event::default().data(text))
        })
        .into_response())
    }

    #[view]
    async fn send(channels: Channels, round: u64, sent: u64) -> Result<&'static str, Error> {
        channels
            .publish("bench", &format!("{round} {sent}"))
            .await?;
        Ok("sent")
    }

    struct Idle;

    impl SyncConsumer for Idle {
        fn connect(&mut self, socket: &mut Socket, _cx: Blocking<'_>) -> Result<(), Error> {
            socket.join("bench-idle")?;
            socket.send_text("joined");
            Ok(())
        }
        fn receive(&mut self, _: &mut Socket, _: Message, _cx: Blocking<'_>) -> Result<(), Error> {
            Ok(())
        }
        fn group(&mut self, _: &mut Socket, _: Incoming, _cx: Blocking<'_>) -> Result<(), Error> {
            Ok(())
        }
    }

    #[view]
    async fn idle(ws: WebSocketUpgrade, channels: Channels) -> Response {
        consume_sync(ws, &channels, Idle)
    }

    let mut app = App::new()
        .route("feed/", feed)
        .route("send/<int:round>/<int:sent>/", send)
        .route("ws/", idle);
    if let Some(url) = argv.first() {
        app = app.database(twain::db::Database::postgres(url.as_str()).pool_size(4));
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("127.0.0.1:0");
    println!("listening {}", listener.local_addr().expect("an address"));
    std::thread::spawn(|| {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            let Ok(line) = line else { break };
            if line.trim() == "threads" {
                let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
                let threads = status
                    .lines()
                    .find_map(|l| l.strip_prefix("Threads:"))
                    .map_or("0", str::trim)
                    .to_owned();
                println!("{threads} {}", twain::stats::sync_jobs_running());
            }
        }
        std::process::exit(0); // the driver is gone
    });
    match runtime.block_on(app.serve(listener)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("channels child: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
