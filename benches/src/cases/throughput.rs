//! Cases 1 and 2 (and the measuring loop case 3 reuses): requests per second
//! of each server on one route, as a ratio to a baseline server, with the
//! thread switches each request made.
//!
//! All servers of a case run at once (idle ones cost nothing) and the runs are
//! interleaved — run 1 of every server, then run 2 … — so a burst of other work
//! on the machine hits every server alike; a ratio is taken per run, then the
//! median of those ratios is shown.

use super::{Plan, THROUGHPUT_CONNECTIONS};
use crate::child::Server;
use crate::raw_http;
use crate::servers::{ASYNC_HELLO, INLINE_HELLO, Kind, SYNC_HELLO};
use crate::summary::Summary;
use crate::table::Section;
use crate::wrk::{Load, Wrk};

/// Columns of a throughput table.
pub const HEADER: [&str; 6] = [
    "server",
    "req/s",
    "ratio to first row",
    "server CPU µs/request",
    "switches/request",
    "target",
];

/// One server and route to load; the first row of a case is its baseline.
pub struct Row {
    pub label: &'static str,
    pub kind: Kind,
    pub path: &'static str,
    /// Minimum ratio to the baseline the design asks for, if any.
    pub target: Option<f64>,
    /// Whether the server is twain (so its switch count means something).
    pub twain: bool,
    /// Switches per request the design promises, if the row checks it.
    pub switches: Option<u32>,
}

impl Row {
    /// Also judges the row's switches per request against `expected`.
    pub fn switches(self, expected: u32) -> Row {
        Row {
            switches: Some(expected),
            ..self
        }
    }
}

/// Per-run figures of one row.
#[derive(Default)]
pub(super) struct Measured {
    pub(super) per_second: Vec<f64>,
    switches_per_request: Vec<f64>,
    pub(super) cpu_us_per_request: Vec<f64>,
    pub(super) socket_errors: u64,
}

/// Case 1: async hello — twain async view vs bare hyper, axum and actix-web.
pub fn async_hello(plan: &Plan, wrk: &Wrk) -> Result<Section, String> {
    let rows = [
        row(
            "bare hyper 1 service_fn",
            Kind::Hyper,
            ASYNC_HELLO,
            None,
            false,
        ),
        row(
            "twain async view",
            Kind::Twain,
            ASYNC_HELLO,
            Some(0.97),
            true,
        )
        .switches(0),
        row(
            "axum 0.8 async handler",
            Kind::Axum,
            ASYNC_HELLO,
            None,
            false,
        ),
        row(
            "actix-web 4 async handler",
            Kind::Actix,
            ASYNC_HELLO,
            None,
            false,
        ),
    ];
    run_case(
        plan,
        wrk,
        "1. Async hello (req/s; ratio to bare hyper)",
        &rows,
    )
}

/// Case 2: sync hello — every framework's way to run sync code off the
/// async workers, against bare hyper's async hello (the floor).
pub fn sync_hello(plan: &Plan, wrk: &Wrk) -> Result<Section, String> {
    let rows = [
        row(
            "bare hyper 1 service_fn (async; the floor)",
            Kind::Hyper,
            ASYNC_HELLO,
            None,
            false,
        ),
        row("twain sync view", Kind::Twain, SYNC_HELLO, Some(0.75), true).switches(1),
        row(
            "actix-web 4 + web::block",
            Kind::Actix,
            SYNC_HELLO,
            None,
            false,
        ),
        row(
            "axum 0.8 + spawn_blocking",
            Kind::Axum,
            SYNC_HELLO,
            None,
            false,
        ),
        row(
            "twain #[view(inline)] (no switch; for reference)",
            Kind::Twain,
            INLINE_HELLO,
            None,
            true,
        )
        .switches(0),
    ];
    run_case(
        plan,
        wrk,
        "2. Sync hello (req/s; ratio to bare hyper)",
        &rows,
    )
}

pub fn row(
    label: &'static str,
    kind: Kind,
    path: &'static str,
    target: Option<f64>,
    twain: bool,
) -> Row {
    Row {
        label,
        kind,
        path,
        target,
        twain,
        switches: None,
    }
}

/// Measures `rows` and renders the table.
pub fn run_case(plan: &Plan, wrk: &Wrk, title: &str, rows: &[Row]) -> Result<Section, String> {
    let measured = measure(plan, wrk, rows)?;
    let baseline = &measured[0].per_second;
    let mut section = Section::new(title, &HEADER);
    for (row, m) in rows.iter().zip(&measured) {
        let ratios: Vec<f64> = m
            .per_second
            .iter()
            .zip(baseline)
            .map(|(x, base)| x / base)
            .collect();
        let ratio = Summary::of(&ratios);
        let switches = Summary::of(&m.switches_per_request);
        section.row(vec![
            row.label.to_owned(),
            Summary::of(&m.per_second).map_or("–".into(), |s| s.show(0)),
            ratio.map_or("–".into(), |s| s.show(3)),
            Summary::of(&m.cpu_us_per_request).map_or("–".into(), |s| s.show(1)),
            if row.twain {
                switches.map_or("–".into(), |s| s.show(2))
            } else {
                "–".into()
            },
            [
                verdict(row.target, ratio),
                switch_verdict(row.switches, switches),
            ]
            .into_iter()
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        ]);
    }
    let errors: u64 = measured.iter().map(|m| m.socket_errors).sum();
    section.note(format!(
        "wrk: {THROUGHPUT_CONNECTIONS} keep-alive connections, 1 thread. Socket errors over all runs: {errors}. \
         Server CPU µs/request (user + system time of the server process over the run, \
         from /proc) is far less sensitive than req/s to other work on the machine."
    ));
    Ok(section)
}

/// `≥ 0.95: met` / `≥ 0.95: missed`, judged on the median.
pub fn verdict(target: Option<f64>, ratio: Option<Summary>) -> String {
    match (target, ratio) {
        (Some(target), Some(ratio)) => {
            let met = if ratio.median >= target {
                "met"
            } else {
                "missed"
            };
            format!("≥ {target:.2}×: {met}")
        }
        _ => String::new(),
    }
}

/// `1 switch: met`, judged on every run (rounded to 2 decimals: wrk may not
/// count requests it cut off at the deadline).
fn switch_verdict(expected: Option<u32>, measured: Option<Summary>) -> String {
    match (expected, measured) {
        (Some(expected), Some(measured)) => {
            let close = |x: f64| (x - f64::from(expected)).abs() < 0.005;
            let met = close(measured.min) && close(measured.max);
            format!(
                "{expected} switch/req: {}",
                if met { "met" } else { "missed" }
            )
        }
        _ => String::new(),
    }
}

pub(super) fn measure(plan: &Plan, wrk: &Wrk, rows: &[Row]) -> Result<Vec<Measured>, String> {
    let mut servers = Vec::with_capacity(rows.len());
    for row in rows {
        let server = Server::start(row.kind)?;
        raw_http::probe(server.addr, row.path)
            .map_err(|err| format!("{} did not answer: {err}", row.label))?;
        servers.push(server);
    }
    for (row, server) in rows.iter().zip(&servers) {
        wrk.run(&load(server, row, plan.warmup))?
            .check(&format!("warm-up of {}", row.label))?;
    }
    let mut measured: Vec<Measured> = rows.iter().map(|_| Measured::default()).collect();
    for _ in 0..plan.runs {
        for ((row, server), m) in rows.iter().zip(&mut servers).zip(&mut measured) {
            let (before, cpu_before) = (server.switches()?, server.cpu_seconds()?);
            let outcome = wrk.run(&load(server, row, plan.duration))?;
            let (after, cpu_after) = (server.switches()?, server.cpu_seconds()?);
            outcome.check(row.label)?;
            m.per_second.push(outcome.per_second());
            m.socket_errors += outcome.socket_errors;
            m.cpu_us_per_request
                .push((cpu_after - cpu_before) * 1e6 / outcome.requests as f64);
            // Requests wrk cut off at the deadline may have been served but
            // not counted: a bias of at most `connections` in the millions.
            m.switches_per_request
                .push((after - before) as f64 / outcome.requests as f64);
        }
    }
    Ok(measured)
}

fn load(server: &Server, row: &Row, duration: std::time::Duration) -> Load {
    Load {
        url: server.url(row.path),
        connections: THROUGHPUT_CONNECTIONS,
        duration,
        delay_ms: 0,
        timeout: std::time::Duration::from_secs(5),
        pipeline: 1,
    }
}
