//! Running `wrk` (a separate process) against a server and reading its
//! figures back through `report.lua`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::child::Guard;

const SCRIPT: &str = include_str!("report.lua");

/// One `wrk` invocation.
#[derive(Debug, Clone)]
pub struct Load {
    pub url: String,
    pub connections: u32,
    pub duration: Duration,
    /// Think time per connection between requests (open-ish load for latency).
    pub delay_ms: u64,
    /// A request slower than this counts as a timeout, not a latency sample.
    pub timeout: Duration,
    /// Requests sent back to back on a connection before reading (1: none
    /// pipelined; TFB's plaintext test sends 16).
    pub pipeline: u32,
}

/// What `wrk` measured.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub requests: u64,
    pub seconds: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub socket_errors: u64,
    pub timeouts: u64,
    pub bad_status: u64,
}

impl Outcome {
    pub fn per_second(&self) -> f64 {
        self.requests as f64 / self.seconds.max(1e-9)
    }

    /// Errors that mean the server is broken, not merely slow.
    pub fn check(&self, what: &str) -> Result<(), String> {
        if self.requests == 0 {
            return Err(format!("{what}: no request completed"));
        }
        if self.bad_status > 0 {
            return Err(format!(
                "{what}: {} responses were not 2xx/3xx",
                self.bad_status
            ));
        }
        Ok(())
    }
}

/// The wrk binary and the script file it reads.
pub struct Wrk {
    script: PathBuf,
}

impl Wrk {
    /// Finds `wrk` and writes the script; says how to install wrk if missing.
    pub fn find() -> Result<Wrk, String> {
        match Command::new("wrk")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
        {
            Ok(_) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(
                    "`wrk` is not installed. Install it with `apt-get install -y wrk` \
                     (Debian/Ubuntu), `brew install wrk` (macOS), or build it from source; \
                     then rerun."
                        .to_owned(),
                );
            }
            Err(err) => return Err(format!("cannot run `wrk`: {err}")),
        }
        let script = std::env::temp_dir().join(format!("twain-bench-{}.lua", std::process::id()));
        std::fs::write(&script, SCRIPT).map_err(|err| format!("cannot write {script:?}: {err}"))?;
        Ok(Wrk { script })
    }

    /// wrk's own version line.
    pub fn version(&self) -> String {
        Command::new("wrk")
            .arg("--version")
            .output()
            .ok()
            .and_then(|out| {
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .next()
                    .map(|line| {
                        line.split(" Copyright")
                            .next()
                            .unwrap_or(line)
                            .trim()
                            .to_owned()
                    })
            })
            .unwrap_or_else(|| "wrk".to_owned())
    }

    fn command(&self, load: &Load) -> Command {
        let mut command = Command::new("wrk");
        command
            .arg("--threads=1")
            .arg(format!("--connections={}", load.connections))
            .arg(format!("--duration={}s", load.duration.as_secs().max(1)))
            .arg(format!("--timeout={}s", load.timeout.as_secs().max(1)))
            .arg(format!("--script={}", self.script.display()))
            .arg(&load.url)
            .env("TWAIN_BENCH_DELAY_MS", load.delay_ms.to_string())
            .env("TWAIN_BENCH_PIPELINE", load.pipeline.max(1).to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Runs `load` to the end (bounded by its duration) and returns the figures.
    pub fn run(&self, load: &Load) -> Result<Outcome, String> {
        let child = self
            .command(load)
            .spawn()
            .map_err(|err| format!("cannot run wrk: {err}"))?;
        Background(Guard::new(child)).finish()
    }

    /// Starts `load` and returns at once; [`Background::finish`] collects it.
    pub fn start(&self, load: &Load) -> Result<Background, String> {
        let child = self
            .command(load)
            .spawn()
            .map_err(|err| format!("cannot run wrk: {err}"))?;
        Ok(Background(Guard::new(child)))
    }
}

impl Drop for Wrk {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.script);
    }
}

/// A `wrk` process running in the background (killed if dropped early).
pub struct Background(Guard);

impl Background {
    /// Waits for wrk to end (it stops itself after its duration).
    pub fn finish(self) -> Result<Outcome, String> {
        let output = self
            .0
            .take()
            .wait_with_output()
            .map_err(|err| format!("wrk: {err}"))?;
        let stdout = String::from_utf8_lossy(&output.stdout);
        parse(&stdout).ok_or_else(|| {
            format!(
                "wrk gave no result (exit {}): {}{}",
                output.status,
                stdout.trim(),
                String::from_utf8_lossy(&output.stderr).trim()
            )
        })
    }
}

/// Reads the `twain-bench: key=value …` line that `report.lua` prints.
fn parse(stdout: &str) -> Option<Outcome> {
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("twain-bench: "))?;
    let fields: HashMap<&str, f64> = line
        .split_whitespace()
        .filter_map(|pair| pair.split_once('='))
        .filter_map(|(key, value)| Some((key, value.parse().ok()?)))
        .collect();
    let get = |key: &str| fields.get(key).copied();
    let ms = |key: &str| get(key).map(|us| us / 1000.0);
    Some(Outcome {
        requests: get("requests")? as u64,
        seconds: get("duration_us")? / 1e6,
        p50_ms: ms("p50_us")?,
        p99_ms: ms("p99_us")?,
        max_ms: ms("max_us")?,
        socket_errors: (get("connect")? + get("read")? + get("write")?) as u64,
        timeouts: get("timeout")? as u64,
        bad_status: get("status")? as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_the_report_line() {
        let out = "Running 1s test\ntwain-bench: requests=1000 duration_us=1000000 p50_us=250 \
                   p99_us=1500 max_us=3000 connect=0 read=1 write=0 status=0 timeout=2\n";
        let outcome = parse(out).unwrap();
        assert_eq!(outcome.requests, 1000);
        assert_eq!(outcome.per_second(), 1000.0);
        assert_eq!((outcome.p50_ms, outcome.p99_ms), (0.25, 1.5));
        assert_eq!((outcome.socket_errors, outcome.timeouts), (1, 2));
        assert!(parse("no report").is_none());
    }
}
