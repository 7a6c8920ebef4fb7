//! Case `metrics`: what recording twain's metrics costs. The async and the
//! sync hello of the same app, with the Prometheus recorder installed
//! (`twain-metrics`) and without (`twain`: the facade's calls find no
//! recorder), loaded in the same interleaved runs; the figure judged is the
//! server CPU per request with metrics over that without, per run (target:
//! at most 1.03, issue 28).

use super::Plan;
use super::throughput::{measure, row};
use crate::servers::{ASYNC_HELLO, Kind, SYNC_HELLO};
use crate::summary::Summary;
use crate::table::Section;
use crate::wrk::Wrk;

const HEADER: [&str; 5] = [
    "server",
    "req/s",
    "server CPU µs/request",
    "CPU/request, on ÷ off",
    "target",
];

/// The most server CPU per request metrics may add.
const TARGET: f64 = 1.03;

pub fn overhead(plan: &Plan, wrk: &Wrk) -> Result<Section, String> {
    let rows = [
        row(
            "async hello, metrics off",
            Kind::Twain,
            ASYNC_HELLO,
            None,
            true,
        ),
        row(
            "async hello, metrics on",
            Kind::TwainMetrics,
            ASYNC_HELLO,
            None,
            true,
        ),
        row(
            "sync hello, metrics off",
            Kind::Twain,
            SYNC_HELLO,
            None,
            true,
        ),
        row(
            "sync hello, metrics on",
            Kind::TwainMetrics,
            SYNC_HELLO,
            None,
            true,
        ),
    ];
    let measured = measure(plan, wrk, &rows)?;
    let mut section = Section::new(
        "Metrics on vs off (server CPU per request; ratio to the same view with metrics off)",
        &HEADER,
    );
    for (i, (row, m)) in rows.iter().zip(&measured).enumerate() {
        let off = &measured[i - i % 2].cpu_us_per_request;
        let ratios: Vec<f64> = m
            .cpu_us_per_request
            .iter()
            .zip(off)
            .map(|(on, off)| on / off)
            .collect();
        let ratio = Summary::of(&ratios);
        let on = i % 2 == 1;
        section.row(vec![
            row.label.to_owned(),
            Summary::of(&m.per_second).map_or("–".into(), |s| s.show(0)),
            Summary::of(&m.cpu_us_per_request).map_or("–".into(), |s| s.show(1)),
            ratio.map_or("–".into(), |s| s.show(3)),
            match (on, ratio) {
                (true, Some(ratio)) => format!(
                    "≤ {TARGET:.2}×: {}",
                    if ratio.median <= TARGET {
                        "met"
                    } else {
                        "missed"
                    }
                ),
                _ => String::new(),
            },
        ]);
    }
    let errors: u64 = measured.iter().map(|m| m.socket_errors).sum();
    section.note(format!(
        "Both servers are the same binary and app; `on` installs twain::ops::Prometheus first. \
         Socket errors over all runs: {errors}."
    ));
    Ok(section)
}
