//! `twain-bench instructions`: what one request costs a server in counts that
//! load does not move. Each server runs as `twain-bench serve <kind>` under
//! `valgrind --tool=callgrind`; the driver sends requests one after the
//! other over one keep-alive HTTP/1.1 connection on 127.0.0.1 (the client is
//! not under valgrind, so it is not counted), closes the server's stdin and
//! reads the totals callgrind writes at exit. It does so twice, with
//! `WARM` requests and with `WARM + N`, and prints the difference divided by
//! `N`: start-up, the first connection and warm-up cancel out, and what is
//! left is the whole server's work per request (hyper, tokio, the framework,
//! the allocator and the syscalls' user-side code) — instructions, calls to
//! `malloc` and to `clock_gettime` (every clock read: `Instant::now`, tokio's
//! timers, a thread's CPU clock).
//!
//! ```text
//! cargo build --release -p twain-bench
//! target/release/twain-bench instructions                  # ~2 min: hyper, axum, twain async/inline/sync, with a parameter
//! target/release/twain-bench instructions --requests 5000 --only twain-async,hyper
//! ```
//!
//! Needs `valgrind` on PATH (Debian/Ubuntu: `apt-get install -y valgrind`).
//! The figures move by about 1 % from run to run, however busy the machine
//! is: the server runs one tokio worker (`TWAIN_BENCH_WORKERS=1`), so no idle
//! worker's timing-dependent wake-up is counted, and twain's slow-poll
//! threshold is raised to 2 s (`TWAIN_BENCH_SLOW_POLL_MS`): every poll is
//! still timed, but valgrind's 50x slowdown does not make polls look slow.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use crate::child::Guard;
use crate::raw_http;
use crate::servers::{ASYNC_HELLO, GREET_ASYNC, GREET_SYNC, INLINE_HELLO, Kind, SYNC_HELLO};

/// Requests sent before the counted ones, in both runs.
const WARM: usize = 200;

/// Requests counted by default.
const DEFAULT_REQUESTS: usize = 2_000;

const USAGE: &str = "\
usage: twain-bench instructions [--requests N] [--only CASES] [--keep DIR]

  --requests N  requests counted per case (default 2000; 200 more warm up)
  --only CASES  comma-separated subset of: hyper,axum,twain-async,twain-inline,twain-sync,
                axum-param,twain-async-param,twain-sync-param,
                twain-async-metrics,twain-sync-metrics
  --keep DIR    keep the callgrind files in DIR (callgrind_annotate them)

Needs `valgrind` on PATH.";

/// One server and route to count.
struct Case {
    name: &'static str,
    label: &'static str,
    kind: Kind,
    path: &'static str,
}

const CASES: [Case; 10] = [
    Case {
        name: "hyper",
        label: "bare hyper 1 service_fn",
        kind: Kind::Hyper,
        path: ASYNC_HELLO,
    },
    Case {
        name: "axum",
        label: "axum 0.8 async handler",
        kind: Kind::Axum,
        path: ASYNC_HELLO,
    },
    Case {
        name: "twain-async",
        label: "twain async view",
        kind: Kind::Twain,
        path: ASYNC_HELLO,
    },
    Case {
        name: "twain-inline",
        label: "twain `#[view(inline)]`",
        kind: Kind::Twain,
        path: INLINE_HELLO,
    },
    Case {
        name: "twain-sync",
        label: "twain sync view (1 switch)",
        kind: Kind::Twain,
        path: SYNC_HELLO,
    },
    Case {
        name: "axum-param",
        label: "axum 0.8 handler, one `Path` argument",
        kind: Kind::Axum,
        path: GREET_ASYNC,
    },
    Case {
        name: "twain-async-param",
        label: "twain async view, one route parameter",
        kind: Kind::Twain,
        path: GREET_ASYNC,
    },
    Case {
        name: "twain-sync-param",
        label: "twain sync view, one route parameter",
        kind: Kind::Twain,
        path: GREET_SYNC,
    },
    Case {
        name: "twain-async-metrics",
        label: "twain async view, metrics recorded (Prometheus)",
        kind: Kind::TwainMetrics,
        path: ASYNC_HELLO,
    },
    Case {
        name: "twain-sync-metrics",
        label: "twain sync view, metrics recorded (Prometheus)",
        kind: Kind::TwainMetrics,
        path: SYNC_HELLO,
    },
];

/// What callgrind counted in one run.
#[derive(Clone, Copy, Default)]
struct Totals {
    instructions: u64,
    mallocs: u64,
    clock_reads: u64,
}

/// Entry point: `twain-bench instructions [options]`.
pub fn main(argv: &[String]) -> ExitCode {
    let mut requests = DEFAULT_REQUESTS;
    let mut only: Option<Vec<String>> = None;
    let mut keep: Option<PathBuf> = None;
    let mut iter = argv.iter();
    while let Some(arg) = iter.next() {
        let value = match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--requests" | "--only" | "--keep" => match iter.next() {
                Some(value) => value,
                None => return usage(&format!("{arg} needs a value")),
            },
            other => return usage(&format!("unknown argument `{other}`")),
        };
        match arg.as_str() {
            "--requests" => match value.parse::<usize>() {
                Ok(n) if n > 0 => requests = n,
                _ => return usage("--requests needs a positive number"),
            },
            "--only" => only = Some(value.split(',').map(str::to_owned).collect()),
            _ => keep = Some(PathBuf::from(value)),
        }
    }
    let cases: Vec<&Case> = CASES
        .iter()
        .filter(|case| {
            only.as_ref()
                .is_none_or(|only| only.iter().any(|n| n == case.name))
        })
        .collect();
    if cases.is_empty() {
        return usage("--only names no case");
    }
    let dir = match &keep {
        Some(dir) => dir.clone(),
        None => std::env::temp_dir().join(format!("twain-instructions-{}", std::process::id())),
    };
    if let Err(err) = std::fs::create_dir_all(&dir) {
        eprintln!(
            "twain-bench instructions: cannot create {}: {err}",
            dir.display()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "Per request, over one keep-alive HTTP/1.1 connection ({requests} requests counted, {WARM} warm-up; callgrind, whole server process):\n"
    );
    println!(
        "| server | instructions/request | ratio to bare hyper | allocations/request | clock reads/request |"
    );
    println!("|---|---|---|---|---|");
    let mut hyper = None;
    let mut failed = false;
    for case in cases {
        match per_request(case, requests, &dir) {
            Ok(per) => {
                if case.kind == Kind::Hyper {
                    hyper = Some(per.0);
                }
                let ratio = hyper.map_or("–".to_owned(), |h| format!("{:.3}", per.0 / h));
                println!(
                    "| {} | {:.0} | {ratio} | {:.2} | {:.2} |",
                    case.label, per.0, per.1, per.2
                );
            }
            Err(err) => {
                eprintln!("twain-bench instructions: {}: {err}", case.name);
                failed = true;
            }
        }
    }
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn usage(message: &str) -> ExitCode {
    eprintln!("{message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// Instructions, mallocs and clock reads per request of `case`.
fn per_request(case: &Case, requests: usize, dir: &Path) -> Result<(f64, f64, f64), String> {
    let small = run(case, WARM, &dir.join(format!("{}-{WARM}.out", case.name)))?;
    let total = WARM + requests;
    let big = run(case, total, &dir.join(format!("{}-{total}.out", case.name)))?;
    let per = |a: u64, b: u64| a.saturating_sub(b) as f64 / requests as f64;
    Ok((
        per(big.instructions, small.instructions),
        per(big.mallocs, small.mallocs),
        per(big.clock_reads, small.clock_reads),
    ))
}

/// Starts `case`'s server under callgrind, sends it `requests` requests,
/// stops it and reads what callgrind counted.
fn run(case: &Case, requests: usize, out: &Path) -> Result<Totals, String> {
    let exe = std::env::current_exe().map_err(|err| format!("cannot find own binary: {err}"))?;
    let mut child = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg("-q")
        .arg(exe)
        .args(["serve", case.kind.name()])
        .env("TWAIN_BENCH_WORKERS", "1")
        .env("TWAIN_BENCH_SLOW_POLL_MS", "2000")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|err| format!("cannot start valgrind (is it installed?): {err}"))?;
    let stdin = child.stdin.take().expect("piped stdin");
    let stdout = child.stdout.take().expect("piped stdout");
    let guard = Guard::new(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|err| format!("the server did not start: {err}"))?;
    let addr = line
        .trim()
        .strip_prefix("listening ")
        .and_then(|addr| addr.parse().ok())
        .ok_or_else(|| format!("the server did not start (said {line:?})"))?;
    {
        let mut stream = raw_http::connect(addr)?;
        for i in 0..requests {
            let status = raw_http::get(&mut stream, case.path)
                .map_err(|err| format!("request {i}: {err}"))?;
            if status != 200 {
                return Err(format!("GET {} answered {status}", case.path));
            }
        }
    }
    // The server exits when its stdin closes; callgrind writes its file then.
    drop(stdin);
    let status = guard
        .take()
        .wait()
        .map_err(|err| format!("waiting for the server: {err}"))?;
    if !status.success() {
        return Err(format!("the server under valgrind exited with {status}"));
    }
    read_totals(out)
}

/// The total instructions of a callgrind file, and the calls made to
/// `malloc` and to `clock_gettime` from anywhere.
fn read_totals(path: &Path) -> Result<Totals, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let mut totals = Totals::default();
    // Names are compressed: `cfn=(12) name` the first time, `cfn=(12)` after.
    let mut names: HashMap<String, String> = HashMap::new();
    let mut callee = String::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("summary:") {
            totals.instructions = rest.trim().parse().unwrap_or(0);
        } else if let Some(rest) = line
            .strip_prefix("cfn=")
            .or_else(|| line.strip_prefix("fn="))
        {
            let name = resolve(&mut names, rest);
            if line.starts_with("cfn=") {
                callee = name;
            }
        } else if let Some(rest) = line.strip_prefix("calls=") {
            let calls: u64 = rest
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            let name = callee.as_str();
            if matches!(name, "malloc" | "calloc" | "realloc") {
                totals.mallocs += calls;
            } else if name.contains("clock_gettime") && !name.contains("vdso") {
                totals.clock_reads += calls;
            }
        }
    }
    if totals.instructions == 0 {
        return Err(format!("no `summary:` line in {}", path.display()));
    }
    Ok(totals)
}

/// The name a compressed `(id) name` / `(id)` reference stands for.
fn resolve(names: &mut HashMap<String, String>, reference: &str) -> String {
    let reference = reference.trim();
    match reference.strip_prefix('(').and_then(|r| r.split_once(')')) {
        Some((id, name)) if !name.trim().is_empty() => {
            names.insert(id.to_owned(), name.trim().to_owned());
            name.trim().to_owned()
        }
        Some((id, _)) => names.get(id).cloned().unwrap_or_default(),
        None => reference.to_owned(),
    }
}
