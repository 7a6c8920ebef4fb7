//! Case 8 (`tfb`): TechEmpower's six test types on PostgreSQL —
//! `examples/techempower` with async views over `Db` and with sync views
//! over `Conn`, against axum with a shared pipelined client per worker
//! (`axum-pg`), axum with a deadpool checkout per request (`axum-pg-pool`)
//! and actix-web with a client per worker — loaded by wrk as TFB loads
//! them: 64 connections, `queries=20`, plaintext pipelined 16 deep.
//!
//! The database: `TWAIN_TEST_POSTGRES` when set, else a throw-away server
//! started with `.ci/postgres` (stopped at the end); with neither (no
//! PostgreSQL installed) the case is skipped with a line saying so. Each
//! run gets a schema of its own, filled by the example's migrations.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use super::Plan;
use crate::child::Server;
use crate::raw_http;
use crate::servers::Kind;
use crate::servers::tfb::{PG_VAR, schema};
use crate::summary::Summary;
use crate::table::Section;
use crate::wrk::{Load, Wrk};

const TITLE: &str = "8. TechEmpower's six test types on PostgreSQL (req/s; ratios to the peers)";

/// wrk connections, as the issue measured TFB's own code with.
const CONNECTIONS: u32 = 64;

/// The servers, in the table's column order.
const SERVERS: [(&str, Kind); 5] = [
    ("twain async (Db)", Kind::TfbTwainAsync),
    ("twain sync (Conn)", Kind::TfbTwainSync),
    ("axum-pg", Kind::TfbAxumPg),
    ("axum-pg-pool", Kind::TfbAxumPgPool),
    ("actix-web", Kind::TfbActix),
];
const ASYNC: usize = 0;
const SYNC: usize = 1;
const PEERS: [usize; 3] = [2, 3, 4];
const POOLED: usize = 3;

/// Test type, path, pipeline depth, whether the sync target applies.
const TESTS: [(&str, &str, u32, bool); 6] = [
    ("json", "/json", 1, false),
    ("plaintext", "/plaintext", 16, false),
    ("db", "/db", 1, true),
    ("queries (20)", "/queries?queries=20", 1, true),
    ("fortunes", "/fortunes", 1, true),
    ("updates (20)", "/updates?queries=20", 1, true),
];

pub fn tfb(plan: &Plan, wrk: &Wrk) -> Result<Section, String> {
    let header = [
        "test",
        "twain async",
        "twain sync",
        "axum-pg",
        "axum-pg-pool",
        "actix-web",
        "async ÷ best peer",
        "sync ÷ axum-pg-pool",
    ];
    let mut section = Section::new(TITLE, &header);
    let Some(pg) = Postgres::find()? else {
        section.note(
            "Skipped: no PostgreSQL (set TWAIN_TEST_POSTGRES, or install PostgreSQL so that \
             `.ci/postgres` can start one).",
        );
        return Ok(section);
    };
    let url = pg.fresh_schema()?;
    let env = [(PG_VAR, url.as_str())];
    let mut servers = Vec::new();
    for (label, kind) in SERVERS {
        let server = Server::start_with(kind, &env)?;
        for (_, path, _, _) in TESTS {
            raw_http::probe(server.addr, path)
                .map_err(|err| format!("{label} did not answer: {err}"))?;
        }
        servers.push(server);
    }
    // A smoke run checks every server answers under load: no warm-up.
    for (test, path, pipeline, _) in TESTS.iter().filter(|_| !plan.smoke) {
        for ((label, _), server) in SERVERS.iter().zip(&servers) {
            wrk.run(&load(server, path, *pipeline, plan.warmup))?
                .check(&format!("warm-up of {label} on {test}"))?;
        }
    }
    // per_second[test][server], cpu[test][server]: one figure per run.
    let mut per_second = vec![vec![Vec::new(); SERVERS.len()]; TESTS.len()];
    let mut cpu = vec![vec![Vec::new(); SERVERS.len()]; TESTS.len()];
    let mut switches = vec![vec![Vec::new(); SERVERS.len()]; TESTS.len()];
    let mut errors = 0;
    for _ in 0..plan.runs {
        for (t, (test, path, pipeline, _)) in TESTS.iter().enumerate() {
            for (s, ((label, _), server)) in SERVERS.iter().zip(&servers).enumerate() {
                let (before, cs_before) = (server.cpu_seconds()?, server.context_switches()?);
                let outcome = wrk.run(&load(server, path, *pipeline, plan.duration))?;
                let (after, cs_after) = (server.cpu_seconds()?, server.context_switches()?);
                outcome.check(&format!("{label} on {test}"))?;
                errors += outcome.socket_errors;
                per_second[t][s].push(outcome.per_second());
                cpu[t][s].push((after - before) * 1e6 / outcome.requests as f64);
                switches[t][s].push((cs_after - cs_before) as f64 / outcome.requests as f64);
            }
        }
    }
    for (t, (test, _, _, sync_target)) in TESTS.iter().enumerate() {
        let runs = &per_second[t];
        let best_peer: Vec<f64> = (0..plan.runs)
            .map(|r| PEERS.iter().map(|&p| runs[p][r]).fold(0.0, f64::max))
            .collect();
        let async_ratio = ratio(&runs[ASYNC], &best_peer);
        let sync_ratio = ratio(&runs[SYNC], &runs[POOLED]);
        let mut cells = vec![test.to_string()];
        for s in 0..SERVERS.len() {
            let rate = Summary::of(&runs[s]).map_or("–".into(), |m| format!("{:.0}", m.median));
            let us = Summary::of(&cpu[t][s]).map_or("–".into(), |m| format!("{:.0}", m.median));
            let cs =
                Summary::of(&switches[t][s]).map_or("–".into(), |m| format!("{:.2}", m.median));
            cells.push(format!("{rate} · {us} µs · {cs} cs"));
        }
        cells.push(judged(async_ratio, true));
        cells.push(judged(sync_ratio, *sync_target));
        section.row(cells);
    }
    section.note(format!(
        "Each cell: median req/s · server CPU µs per request · the server's context switches \
         per request (voluntary and not, all its threads, from /proc). wrk: {CONNECTIONS} keep-alive \
         connections, 1 thread; plaintext pipelined 16 deep; queries and updates with \
         `queries=20`. A ratio is taken per run (to the best peer of that run, or to \
         axum-pg-pool), then its median shown. Targets: async ≥ 1.0× the best peer on every \
         test, sync ≥ 1.0× axum-pg-pool on db, queries, fortunes and updates. Socket errors \
         over all runs: {errors}. Database: {}.",
        pg.describe()
    ));
    Ok(section)
}

fn ratio(of: &[f64], to: &[f64]) -> Option<Summary> {
    let ratios: Vec<f64> = of.iter().zip(to).map(|(x, base)| x / base).collect();
    Summary::of(&ratios)
}

/// `1.04 (0.98–1.10): met`; without a target, just the ratio.
fn judged(ratio: Option<Summary>, target: bool) -> String {
    match ratio {
        None => "–".into(),
        Some(r) if target => format!(
            "{}: {}",
            r.show(2),
            if r.median >= 1.0 { "met" } else { "missed" }
        ),
        Some(r) => r.show(2),
    }
}

fn load(server: &Server, path: &str, pipeline: u32, duration: std::time::Duration) -> Load {
    Load {
        url: server.url(path),
        connections: CONNECTIONS,
        duration,
        delay_ms: 0,
        timeout: std::time::Duration::from_secs(8),
        pipeline,
    }
}

/// The PostgreSQL server the case runs on.
struct Postgres {
    url: String,
    /// The data directory of a server this case started (stopped on drop).
    started: Option<PathBuf>,
}

fn script() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.ci/postgres"))
}

impl Postgres {
    /// `TWAIN_TEST_POSTGRES`, else a server started here; `None` when
    /// PostgreSQL is not installed.
    fn find() -> Result<Option<Postgres>, String> {
        if let Ok(url) = std::env::var("TWAIN_TEST_POSTGRES") {
            return Ok(Some(Postgres { url, started: None }));
        }
        if !pg_ctl_installed() {
            return Ok(None);
        }
        let dir = std::env::temp_dir().join(format!("twain-bench-pg-{}", std::process::id()));
        let port = std::env::var("TWAIN_PG_PORT").unwrap_or_else(|_| "54387".into());
        let out = Command::new("bash")
            .arg(script())
            .arg("start")
            .env("TWAIN_PG_DIR", &dir)
            .env("TWAIN_PG_PORT", &port)
            .stdin(Stdio::null())
            .output()
            .map_err(|err| format!("cannot run .ci/postgres: {err}"))?;
        let pg = Postgres {
            url: String::from_utf8_lossy(&out.stdout).trim().to_owned(),
            started: Some(dir),
        };
        if !out.status.success() || !pg.url.starts_with("postgres") {
            return Err(format!(
                ".ci/postgres did not start a server: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(Some(pg))
    }

    fn describe(&self) -> String {
        let version = Command::new("psql")
            .arg("--version")
            .output()
            .ok()
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
            .unwrap_or_default();
        let whose = if self.started.is_some() {
            "started by the harness with .ci/postgres (fsync off)"
        } else {
            "TWAIN_TEST_POSTGRES"
        };
        format!("{whose}; {version}")
    }

    /// A URL for a new schema, filled with TFB's tables by the example's
    /// migrations.
    fn fresh_schema(&self) -> Result<String, String> {
        let schema = format!("tfb_bench_{}", std::process::id());
        let mut client = twain::db::postgres_client::Client::connect(
            &self.url,
            twain::db::postgres_client::NoTls,
        )
        .map_err(|err| format!("cannot connect to {}: {err}", self.url))?;
        client
            .batch_execute(&format!(
                "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
            ))
            .map_err(|err| format!("cannot create schema {schema}: {err}"))?;
        let sep = if self.url.contains('?') { '&' } else { '?' };
        let url = format!("{}{sep}options=-c%20search_path%3D{schema}", self.url);
        schema::database(&url)
            .open()
            .map_err(|err| format!("TFB's schema: {err}"))?;
        Ok(url)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if let Some(dir) = &self.started {
            let _ = Command::new("bash")
                .arg(script())
                .arg("stop")
                .arg(dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    }
}

/// Whether `pg_ctl` is on PATH or under /usr/lib/postgresql/*/bin.
fn pg_ctl_installed() -> bool {
    let on_path = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("pg_ctl").is_file()));
    on_path
        || std::fs::read_dir("/usr/lib/postgresql").is_ok_and(|versions| {
            versions
                .flatten()
                .any(|v| v.path().join("bin/pg_ctl").is_file())
        })
}
