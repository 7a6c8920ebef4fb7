//! Case 5: memory per idle keep-alive connection. For each run and server, a
//! fresh server child; the driver opens 1,000 connections to it, makes one
//! request on each (so every connection is fully set up) and leaves them
//! open and idle, then reads the child's `VmRSS`/`VmHWM` from `/proc`.

use std::net::TcpStream;
use std::time::Duration;

use super::Plan;
use crate::child::Server;
use crate::raw_http;
use crate::servers::{ASYNC_HELLO, Kind};
use crate::summary::Summary;
use crate::table::Section;
use crate::wrk::Wrk;

const CONNECTIONS: usize = 1_000;
/// Lets the server finish its bookkeeping before RSS is read.
const SETTLE: Duration = Duration::from_millis(300);

#[derive(Default)]
struct Figures {
    growth_mib: Vec<f64>,
    peak_mib: Vec<f64>,
    base_mib: Vec<f64>,
}

pub fn memory(plan: &Plan, _wrk: &Wrk) -> Result<Section, String> {
    let kinds = [(Kind::Axum, "axum 0.8"), (Kind::Twain, "twain")];
    let mut figures: Vec<Figures> = kinds.iter().map(|_| Figures::default()).collect();
    for _ in 0..plan.runs {
        for ((kind, _), fig) in kinds.iter().zip(&mut figures) {
            let (base, after, peak) = one_run(*kind)?;
            fig.base_mib.push(kib_to_mib(base));
            fig.growth_mib
                .push(kib_to_mib(after.saturating_sub(base)) * 1_000.0 / CONNECTIONS as f64);
            fig.peak_mib.push(kib_to_mib(peak));
        }
    }
    let mut section = Section::new(
        "5. Memory: 1,000 idle keep-alive connections (MiB)",
        &[
            "server",
            "RSS before",
            "RSS growth per 1,000 conns",
            "ratio to axum",
            "peak RSS (VmHWM)",
        ],
    );
    let baseline = figures[0].growth_mib.clone();
    for ((_, label), fig) in kinds.iter().zip(&figures) {
        let ratios: Vec<f64> = fig
            .growth_mib
            .iter()
            .zip(&baseline)
            .map(|(x, base)| x / base)
            .collect();
        section.row(vec![
            (*label).to_owned(),
            Summary::of(&fig.base_mib).map_or("–".into(), |s| s.show(1)),
            Summary::of(&fig.growth_mib).map_or("–".into(), |s| s.show(2)),
            Summary::of(&ratios).map_or("–".into(), |s| s.show(2)),
            Summary::of(&fig.peak_mib).map_or("–".into(), |s| s.show(1)),
        ]);
    }
    section.note(format!(
        "Each connection made one GET {ASYNC_HELLO} and then stayed open and idle; a fresh server per run."
    ));
    Ok(section)
}

/// RSS before, RSS with the connections open, and peak RSS, in KiB.
fn one_run(kind: Kind) -> Result<(u64, u64, u64), String> {
    let server = Server::start(kind)?;
    let mut warm = raw_http::connect(server.addr)?;
    for _ in 0..10 {
        expect_ok(&mut warm, kind)?;
    }
    drop(warm);
    std::thread::sleep(SETTLE);
    let base = vm_kib(server.pid(), "VmRSS")?;
    let mut open: Vec<TcpStream> = Vec::with_capacity(CONNECTIONS);
    for _ in 0..CONNECTIONS {
        let mut stream = raw_http::connect(server.addr)?;
        expect_ok(&mut stream, kind)?;
        open.push(stream);
    }
    std::thread::sleep(SETTLE);
    let after = vm_kib(server.pid(), "VmRSS")?;
    let peak = vm_kib(server.pid(), "VmHWM")?;
    drop(open);
    Ok((base, after, peak))
}

fn expect_ok(stream: &mut TcpStream, kind: Kind) -> Result<(), String> {
    match raw_http::get(stream, ASYNC_HELLO) {
        Ok(200) => Ok(()),
        Ok(status) => Err(format!(
            "{} answered {status} to GET {ASYNC_HELLO}",
            kind.name()
        )),
        Err(err) => Err(format!("{} did not answer: {err}", kind.name())),
    }
}

/// A `Vm…:` line of `/proc/<pid>/status`, in KiB.
fn vm_kib(pid: u32, field: &str) -> Result<u64, String> {
    let path = format!("/proc/{pid}/status");
    let status =
        std::fs::read_to_string(&path).map_err(|err| format!("cannot read {path}: {err}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("no {field} in {path}"))
}

fn kib_to_mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
