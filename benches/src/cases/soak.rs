//! Case 8: the blog under load for a bounded time, as anonymous clients
//! (crawlers, first visits: no cookies) read it. The blog example runs as
//! a child process on a fresh SQLite file; after a warm-up, its resident
//! memory is sampled after each segment of load, and the case reports the
//! slope: bytes of RSS added per request served. A leak of a request's
//! state shows as hundreds of bytes per request; flat is allocator noise.
//!
//! The blog binary is the one `cargo build [--release] --example blog` (or
//! `cargo test`) left beside this one (`target/<profile>/examples/blog`);
//! without it the case says how to build it and measures nothing.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::Plan;
use crate::child::Guard;
use crate::table::Section;
use crate::wrk::{Load, Wrk};

/// The pages loaded, in turn: the front page and an article take a
/// `Session` and a `CsrfToken`; the API and the sign-in form for contrast.
const PAGES: [&str; 4] = ["/", "/articles/1/", "/api/articles/", "/login/"];
/// Samples after the warm-up (each one segment of load on every page).
const SEGMENTS: usize = 5;

pub fn soak(plan: &Plan, wrk: &Wrk) -> Result<Section, String> {
    let mut section = Section::new(
        "8. Soak: the blog's pages under load, RSS after warm-up",
        &[
            "segment",
            "requests (total)",
            "RSS (MiB)",
            "RSS added per request since warm-up (B)",
        ],
    );
    let Some(blog) = blog_binary() else {
        section.note(
            "Not measured: no blog binary beside twain-bench; \
             build it with `cargo build --release --example blog`.",
        );
        return Ok(section);
    };
    let dir = tempfile::tempdir().map_err(|err| format!("no temp dir: {err}"))?;
    let (guard, addr) = start_blog(&blog, &dir.path().join("blog.db"))?;
    let pid = guard.id();
    let segment = if plan.smoke {
        Duration::from_secs(1)
    } else {
        plan.duration
    };
    let segments = if plan.smoke { 2 } else { SEGMENTS };
    // Warm-up: pools, caches, the allocator's arenas.
    load_pages(wrk, addr, segment.max(Duration::from_secs(1)) * 2)?;
    std::thread::sleep(Duration::from_millis(300));
    let base = rss_kib(pid)?;
    let mut served = 0u64;
    let mut points = vec![(0.0, base as f64 * 1024.0)];
    section.row(vec![
        "after warm-up".into(),
        "0".into(),
        mib(base),
        "–".into(),
    ]);
    for index in 1..=segments {
        served += load_pages(wrk, addr, segment)?;
        std::thread::sleep(Duration::from_millis(300));
        let rss = rss_kib(pid)?;
        points.push((served as f64, rss as f64 * 1024.0));
        let added = (rss as f64 - base as f64) * 1024.0 / served.max(1) as f64;
        section.row(vec![
            index.to_string(),
            served.to_string(),
            mib(rss),
            format!("{added:.1}"),
        ]);
    }
    section.note(format!(
        "Slope of RSS against requests (least squares over the {} samples): {:.1} B per request. \
         Pages in turn, {} s each per segment, wrk -c32, no cookies: {}. \
         A leak of the request's web state (a session, a CSRF token) would add ~1,300 B per request.",
        points.len(),
        slope(&points),
        segment.as_secs() as f64 / PAGES.len() as f64,
        PAGES.join(" "),
    ));
    drop(guard);
    Ok(section)
}

/// `target/<profile>/examples/blog`, beside this binary's folder.
fn blog_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let path = exe.parent()?.join("examples").join("blog");
    path.is_file().then_some(path)
}

/// Starts the blog on port 0 and reads the address from its start-up line.
fn start_blog(blog: &PathBuf, db: &std::path::Path) -> Result<(Guard, SocketAddr), String> {
    let mut child = Command::new(blog)
        .env("BLOG_ADDR", "127.0.0.1:0")
        .env("BLOG_DB", db)
        .env("RUST_LOG", "warn,twain::server=info")
        .env_remove("DATABASE_URL")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| format!("cannot start the blog ({}): {err}", blog.display()))?;
    let stderr = child.stderr.take().expect("piped stderr");
    let guard = Guard::new(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Reads every line, so the child never blocks on a full pipe.
        let mut sent = false;
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if !sent && let Some(addr) = listening_addr(&line) {
                let _ = tx.send(addr);
                sent = true;
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(30))
        .map_err(|_| "the blog did not say where it listens within 30 s".to_owned())?;
    Ok((guard, addr))
}

/// The address of `twain listening on http://ADDR/ (…)`.
fn listening_addr(line: &str) -> Option<SocketAddr> {
    let rest = line.split("listening on http://").nth(1)?;
    let end = rest.find(['/', ' ']).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// One segment: every page for its share of `total`; the requests served.
fn load_pages(wrk: &Wrk, addr: SocketAddr, total: Duration) -> Result<u64, String> {
    let each = (total / PAGES.len() as u32).max(Duration::from_millis(500));
    let mut served = 0;
    for page in PAGES {
        let outcome = wrk.run(&Load {
            url: format!("http://{addr}{page}"),
            connections: 32,
            duration: each,
            delay_ms: 0,
            timeout: Duration::from_secs(5),
            pipeline: 1,
        })?;
        outcome.check(&format!("blog {page}"))?;
        served += outcome.requests;
    }
    Ok(served)
}

fn rss_kib(pid: u32) -> Result<u64, String> {
    let path = format!("/proc/{pid}/status");
    let status =
        std::fs::read_to_string(&path).map_err(|err| format!("cannot read {path}: {err}"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("no VmRSS in {path}"))
}

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

/// The least-squares slope of `y` over `x`.
fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let (mx, my) = points
        .iter()
        .fold((0.0, 0.0), |(sx, sy), (x, y)| (sx + x / n, sy + y / n));
    let (num, den) = points.iter().fold((0.0, 0.0), |(num, den), (x, y)| {
        (num + (x - mx) * (y - my), den + (x - mx) * (x - mx))
    });
    if den == 0.0 { 0.0 } else { num / den }
}
