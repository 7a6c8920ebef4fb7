//! Case 7: the sync hand-off alone, without HTTP. A child process
//! (`twain-bench handoff <variant> <secs>`) runs a tokio runtime with 2
//! workers and 32 tasks, each handing a trivial job to a sync thread and
//! awaiting the answer, over and over; it prints its round trips and its
//! process CPU. Variants: the job run inline (the floor), tokio's
//! `spawn_blocking` (what axum users write) and `twain::sync_to_async`,
//! which goes through twain's sync pool as every sync view does. Runs are
//! interleaved across variants.

use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::Plan;
use crate::summary::Summary;
use crate::table::Section;

/// Tasks handing jobs over at once.
const TASKS: usize = 32;
/// The runtime's async workers.
const WORKERS: usize = 2;

const VARIANTS: [(&str, &str); 3] = [
    ("tokio::task::spawn_blocking", "spawn-blocking"),
    ("twain::sync_to_async (SyncPool::run)", "twain"),
    ("inline (no hand-off; the floor)", "inline"),
];

pub fn handoff(plan: &Plan) -> Result<Section, String> {
    let exe = std::env::current_exe().map_err(|err| format!("no current exe: {err}"))?;
    let mut cpu: Vec<Vec<f64>> = vec![Vec::new(); VARIANTS.len()];
    let mut rate: Vec<Vec<f64>> = vec![Vec::new(); VARIANTS.len()];
    let mut ratio: Vec<f64> = Vec::new();
    for _ in 0..plan.runs {
        let mut per_run = Vec::new();
        for (i, (_, name)) in VARIANTS.iter().enumerate() {
            let out = Command::new(&exe)
                .args(["handoff", name, &plan.duration.as_secs_f64().to_string()])
                .output()
                .map_err(|err| format!("cannot start the handoff child: {err}"))?;
            let text = String::from_utf8_lossy(&out.stdout);
            let numbers: Vec<f64> = text
                .split_whitespace()
                .filter_map(|word| word.parse().ok())
                .collect();
            let [trips, cpu_s, secs] = numbers[..] else {
                return Err(format!(
                    "handoff child {name} said {text:?} ({})",
                    String::from_utf8_lossy(&out.stderr)
                ));
            };
            if trips == 0.0 {
                return Err(format!("handoff child {name} made no round trip"));
            }
            cpu[i].push(cpu_s * 1e6 / trips);
            rate[i].push(trips / secs);
            per_run.push(cpu_s * 1e6 / trips);
        }
        ratio.push(per_run[1] / per_run[0]);
    }
    let mut section = Section::new(
        "7. Sync hand-off alone (CPU µs per round trip; ratio to spawn_blocking)",
        &[
            "hand-off",
            "round trips/s",
            "process CPU µs/round trip",
            "CPU ratio to first row",
        ],
    );
    for (i, (label, _)) in VARIANTS.iter().enumerate() {
        let show = |values: &[f64], decimals| {
            Summary::of(values).map_or("–".to_owned(), |s| s.show(decimals))
        };
        let ratio = match i {
            0 => "1.00".to_owned(),
            1 => show(&ratio, 2),
            _ => String::new(),
        };
        section.row(vec![
            (*label).to_owned(),
            show(&rate[i], 0),
            show(&cpu[i], 2),
            ratio,
        ]);
    }
    section.note(format!(
        "Each run: a fresh process, tokio multi-thread with {WORKERS} workers, {TASKS} tasks \
         each handing `|| 1` to a sync thread and awaiting it, for {} s. CPU is the process's \
         user + system time (/proc/self/stat) over the run, so it counts the workers, the sync \
         threads and any spinning.",
        plan.duration.as_secs()
    ));
    Ok(section)
}

/// The child: `handoff <variant> <secs>`; prints `round-trips cpu-seconds seconds`.
pub fn child_main(argv: &[String]) -> std::process::ExitCode {
    let (Some(variant), Some(secs)) = (
        argv.first(),
        argv.get(1).and_then(|s| s.parse::<f64>().ok()),
    ) else {
        eprintln!("usage: twain-bench handoff <spawn-blocking|twain|inline> <secs>");
        return std::process::ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .enable_all()
        .build()
        .expect("tokio runtime");
    let variant = variant.clone();
    let (trips, cpu, elapsed) = runtime.block_on(async move {
        // Warm up: start the sync threads before measuring.
        let _ = round_trips(&variant, Duration::from_millis(200)).await;
        let cpu_before = process_cpu_seconds();
        let started = Instant::now();
        let trips = round_trips(&variant, Duration::from_secs_f64(secs)).await;
        let elapsed = started.elapsed().as_secs_f64();
        (trips, process_cpu_seconds() - cpu_before, elapsed)
    });
    println!("{trips} {cpu} {elapsed}");
    std::process::ExitCode::SUCCESS
}

async fn round_trips(variant: &str, length: Duration) -> u64 {
    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..TASKS {
        let (stop, count, variant) = (stop.clone(), count.clone(), variant.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut done = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let one = match variant.as_str() {
                    "spawn-blocking" => tokio::task::spawn_blocking(|| 1u64).await.unwrap_or(0),
                    "twain" => twain::sync_to_async(|_cx| 1u64).await.unwrap_or(0),
                    _ => {
                        tokio::task::yield_now().await;
                        std::hint::black_box(1u64)
                    }
                };
                done += one;
            }
            count.fetch_add(done, Ordering::Relaxed);
        }));
    }
    tokio::time::sleep(length).await;
    stop.store(true, Ordering::Relaxed);
    for task in tasks {
        let _ = task.await;
    }
    count.load(Ordering::Relaxed)
}

/// User + system CPU seconds of this process so far.
fn process_cpu_seconds() -> f64 {
    crate::child::cpu_seconds_of(std::process::id()).unwrap_or(f64::NAN)
}
