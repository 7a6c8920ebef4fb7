//! `twain-bench`: load benchmarks of twain against bare hyper and axum.
//!
//! ```text
//! cargo run --release -p twain-bench              # full run, ~7 min on 2 cores
//! cargo run --release -p twain-bench -- --smoke   # ~1 s of load per case (~30 s), for CI
//! ```
//!
//! The same binary is both the driver and the servers under test: the driver
//! re-runs itself as `twain-bench serve <kind>` for each server (a child
//! process on 127.0.0.1, one runtime config for all), loads it with `wrk` from
//! another process, and prints a table of ratios. See `BENCHMARKS.md`.

mod args;
mod cases;
mod child;
mod instructions;
mod machine;
mod raw_http;
mod servers;
mod summary;
mod table;
mod wrk;

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    if argv.first().map(String::as_str) == Some("serve") {
        return servers::serve_main(&argv[1..]);
    }
    if argv.first().map(String::as_str) == Some("instructions") {
        return instructions::main(&argv[1..]);
    }
    if argv.first().map(String::as_str) == Some("channels-child") {
        return cases::channels::child_main(&argv[1..]);
    }
    if argv.first().map(String::as_str) == Some("handoff") {
        return cases::handoff::child_main(&argv[1..]);
    }
    let options = match args::Options::parse(&argv) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("{message}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    if options.help {
        println!("{}", args::USAGE);
        return ExitCode::SUCCESS;
    }
    match cases::run_all(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(broken) => {
            eprintln!("twain-bench: {broken}");
            ExitCode::FAILURE
        }
    }
}
