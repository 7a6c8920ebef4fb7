//! Case 4: does blocking sync code stall the async side? p50/p99 latency of an
//! async view, measured by one wrk process at a modest fixed pace (8
//! connections, 10 ms think time each: the server is not saturated by the
//! probe itself), while a second wrk process keeps 200 requests in flight
//! against a route that blocks its thread for 50 ms.
//!
//! Compared: twain with no background load; twain with the load (its blocking
//! route is a sync view, on a sync thread); axum with the same load where the
//! handler blocks inline — what a user gets who forgets `spawn_blocking`.

use std::time::Duration;

use super::Plan;
use crate::child::Server;
use crate::raw_http;
use crate::servers::{ASYNC_HELLO, BLOCK, BLOCK_MS, Kind};
use crate::summary::Summary;
use crate::table::Section;
use crate::wrk::{Load, Outcome, Wrk};

const PROBE_CONNECTIONS: u32 = 8;
const PROBE_DELAY_MS: u64 = 10;
const BACKGROUND_CONNECTIONS: u32 = 200;
/// The background load starts this long before the probe and ends this long after.
const LEAD: Duration = Duration::from_secs(1);

struct Setup {
    label: &'static str,
    kind: Kind,
    loaded: bool,
    /// Whether a run with no finished probe request is the expected result
    /// (the workers are blocked) rather than a broken server.
    may_stall: bool,
}

#[derive(Default)]
struct Figures {
    p50: Vec<f64>,
    p99: Vec<f64>,
    max: Vec<f64>,
    requests: Vec<f64>,
    timeouts: u64,
    stalled_runs: usize,
    background_per_second: Vec<f64>,
}

pub fn isolation(plan: &Plan, wrk: &Wrk) -> Result<Section, String> {
    let setups = [
        Setup {
            label: "twain, no background load",
            kind: Kind::Twain,
            loaded: false,
            may_stall: false,
        },
        Setup {
            label: "twain, 200 blocking sync views in flight",
            kind: Kind::Twain,
            loaded: true,
            may_stall: false,
        },
        Setup {
            label: "axum, 200 inline-blocking handlers in flight",
            kind: Kind::Axum,
            loaded: true,
            may_stall: true,
        },
    ];
    let mut twain = Server::start(Kind::Twain)?;
    let mut axum = Server::start(Kind::Axum)?;
    for server in [&twain, &axum] {
        for path in [ASYNC_HELLO, BLOCK] {
            raw_http::probe(server.addr, path)
                .map_err(|err| format!("{} did not answer: {err}", server.kind.name()))?;
        }
    }
    wrk.run(&probe_load(&twain, plan.warmup))?
        .check("warm-up of twain")?;
    wrk.run(&probe_load(&axum, plan.warmup))?
        .check("warm-up of axum")?;

    let mut figures: Vec<Figures> = setups.iter().map(|_| Figures::default()).collect();
    for _ in 0..plan.runs {
        for (setup, fig) in setups.iter().zip(&mut figures) {
            let server = if setup.kind == Kind::Twain {
                &mut twain
            } else {
                &mut axum
            };
            let (probe, background) = measure(wrk, server, setup.loaded, plan.duration)?;
            if probe.requests == 0 && setup.may_stall {
                // Every probe request waited longer than the run: count the
                // run's length, a lower bound.
                let run_ms = plan.duration.as_secs_f64() * 1000.0;
                fig.stalled_runs += 1;
                fig.p50.push(run_ms);
                fig.p99.push(run_ms);
                fig.max.push(run_ms);
            } else {
                probe.check(setup.label)?;
                fig.p50.push(probe.p50_ms);
                fig.p99.push(probe.p99_ms);
                fig.max.push(probe.max_ms);
            }
            fig.requests.push(probe.requests as f64);
            fig.timeouts += probe.timeouts;
            if let Some(background) = background {
                fig.background_per_second.push(background.per_second());
            }
        }
    }
    Ok(render(&setups, &figures))
}

/// One probe run, with the background load around it if `loaded`.
fn measure(
    wrk: &Wrk,
    server: &mut Server,
    loaded: bool,
    duration: Duration,
) -> Result<(Outcome, Option<Outcome>), String> {
    if !loaded {
        return Ok((wrk.run(&probe_load(server, duration))?, None));
    }
    let background = wrk.start(&Load {
        url: server.url(BLOCK),
        connections: BACKGROUND_CONNECTIONS,
        duration: duration + 2 * LEAD,
        delay_ms: 0,
        timeout: Duration::from_secs(30),
        pipeline: 1,
    })?;
    std::thread::sleep(LEAD);
    let probe = wrk.run(&probe_load(server, duration))?;
    let background = background.finish()?;
    Ok((probe, Some(background)))
}

fn probe_load(server: &Server, duration: Duration) -> Load {
    Load {
        url: server.url(ASYNC_HELLO),
        connections: PROBE_CONNECTIONS,
        duration,
        delay_ms: PROBE_DELAY_MS,
        // Longer than a run: a stalled request shows as latency, not as a drop.
        timeout: Duration::from_secs(30),
        pipeline: 1,
    }
}

fn render(setups: &[Setup], figures: &[Figures]) -> Section {
    let mut section = Section::new(
        "4. Isolation: async view latency under blocking load (ms)",
        &[
            "setup",
            "p50",
            "p99",
            "max",
            "p99 ratio to twain unloaded",
            "probe requests",
            "blocking req/s done",
            "target",
        ],
    );
    let unloaded_p99 = &figures[0].p99;
    for (i, (setup, fig)) in setups.iter().zip(figures).enumerate() {
        let ratios: Vec<f64> = fig
            .p99
            .iter()
            .zip(unloaded_p99)
            .map(|(p99, base)| p99 / base)
            .collect();
        let ratio = Summary::of(&ratios);
        let target = match (i, ratio) {
            (1, Some(ratio)) => format!(
                "≤ 2×: {}",
                if ratio.median <= 2.0 { "met" } else { "missed" }
            ),
            _ => String::new(),
        };
        section.row(vec![
            setup.label.to_owned(),
            Summary::of(&fig.p50).map_or("–".into(), |s| s.show(2)),
            Summary::of(&fig.p99).map_or("–".into(), |s| s.show(2)),
            Summary::of(&fig.max).map_or("–".into(), |s| s.show(1)),
            ratio.map_or("–".into(), |s| s.show(1)),
            Summary::of(&fig.requests).map_or("–".into(), |s| s.show(0)),
            Summary::of(&fig.background_per_second).map_or("–".into(), |s| s.show(0)),
            target,
        ]);
    }
    section.note(format!(
        "Probe: {PROBE_CONNECTIONS} connections, {PROBE_DELAY_MS} ms think time each. Background: a second wrk, \
         {BACKGROUND_CONNECTIONS} connections on a route that blocks {BLOCK_MS} ms. \
         Probe requests still unanswered when a run ends are not in the percentiles \
         (see the request counts); a run in which none finished counts as the run's length \
         (a lower bound): {} such run(s). Probe timeouts (>30 s): {}.",
        figures.iter().map(|f| f.stalled_runs).sum::<usize>(),
        figures.iter().map(|f| f.timeouts).sum::<u64>()
    ));
    section
}
