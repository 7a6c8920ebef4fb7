//! The driver: checks wrk, prints the run's context, runs each selected case
//! and prints its table. Returns `Err` only when something is broken (a server
//! that does not answer, wrk missing or failing), never because of a ratio.

pub mod channels;
mod db;
pub mod handoff;
mod isolation;
mod memory;
mod metrics;
mod mixed;
mod soak;
mod tfb;
mod throughput;

use std::time::{Duration, Instant};

use crate::args::Options;
use crate::machine;
use crate::table::Section;
use crate::wrk::Wrk;

/// Durations and counts every case uses.
pub struct Plan {
    pub runs: usize,
    pub duration: Duration,
    pub warmup: Duration,
    pub smoke: bool,
}

/// wrk connections for the throughput cases (1 wrk thread: wrk shares the cores).
pub const THROUGHPUT_CONNECTIONS: u32 = 32;

type Case = fn(&Plan, &Wrk) -> Result<Section, String>;

pub fn run_all(options: &Options) -> Result<(), String> {
    let wrk = Wrk::find()?;
    let plan = Plan {
        runs: options.runs,
        duration: options.duration,
        warmup: Duration::from_secs(1),
        smoke: options.smoke,
    };
    let started = Instant::now();
    println!("## twain-bench results\n");
    println!(
        "- cores: {}; commit: {}; load average at start: {}",
        machine::cores(),
        machine::commit(),
        machine::load_average()
    );
    println!(
        "- mode: {}; {} run(s) x {} s of load per figure, runs interleaved across servers; \
         figures are median (min–max)",
        if plan.smoke { "smoke" } else { "full" },
        plan.runs,
        plan.duration.as_secs()
    );
    println!(
        "- load: {}, 1 thread, on the same cores as the server\n",
        wrk.version()
    );
    let cases: [(&str, Case); 9] = [
        ("async", throughput::async_hello),
        ("sync", throughput::sync_hello),
        ("mixed", mixed::mixed_chain),
        ("isolation", isolation::isolation),
        ("memory", memory::memory),
        ("db", db::read_one_row),
        ("soak", soak::soak),
        ("tfb", tfb::tfb),
        ("metrics", metrics::overhead),
    ];
    for (name, case) in cases {
        if options.wants(name) {
            let section = case(&plan, &wrk).map_err(|err| format!("case `{name}`: {err}"))?;
            println!("{}", section.render());
        }
    }
    if options.wants("channels") {
        let section = channels::channels(&plan).map_err(|err| format!("case `channels`: {err}"))?;
        println!("{}", section.render());
    }
    if options.wants("handoff") {
        let section = handoff::handoff(&plan).map_err(|err| format!("case `handoff`: {err}"))?;
        println!("{}", section.render());
    }
    println!(
        "- load average at end: {}; took {:.0} s",
        machine::load_average(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
