//! Child processes the driver starts: servers under test and background `wrk`
//! loads. Each is killed when its guard drops, on a normal exit and on a panic;
//! a server also exits by itself when its stdin (held by the driver) closes.

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use crate::servers::Kind;

/// Kills and reaps a child process when dropped (unless taken back first).
pub struct Guard(Option<Child>);

impl Guard {
    pub fn new(child: Child) -> Guard {
        Guard(Some(child))
    }

    pub fn id(&self) -> u32 {
        self.0.as_ref().map_or(0, Child::id)
    }

    /// Takes the child out, to wait for it normally.
    pub fn take(mut self) -> Child {
        self.0.take().expect("a guard holds its child until taken")
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A server under test, running as `twain-bench serve <kind>`.
pub struct Server {
    pub kind: Kind,
    pub addr: SocketAddr,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    // Last, so it is dropped (child killed) after the pipes close.
    guard: Guard,
}

impl Server {
    /// Starts the server and waits for the address it listens on.
    pub fn start(kind: Kind) -> Result<Server, String> {
        Server::start_with(kind, &[])
    }

    /// [`Server::start`] with these environment variables set for it.
    pub fn start_with(kind: Kind, env: &[(&str, &str)]) -> Result<Server, String> {
        let exe =
            std::env::current_exe().map_err(|err| format!("cannot find own binary: {err}"))?;
        let mut child = Command::new(exe)
            .args(["serve", kind.name()])
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|err| format!("cannot start the {} server: {err}", kind.name()))?;
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = child.stdout.take().expect("piped stdout");
        let guard = Guard::new(child);
        let mut stdout = BufReader::new(stdout);
        let mut line = String::new();
        stdout
            .read_line(&mut line)
            .map_err(|err| format!("the {} server did not start: {err}", kind.name()))?;
        let addr = line
            .trim()
            .strip_prefix("listening ")
            .and_then(|addr| addr.parse().ok())
            .ok_or_else(|| format!("the {} server did not start (said {line:?})", kind.name()))?;
        Ok(Server {
            kind,
            addr,
            stdin,
            stdout,
            guard,
        })
    }

    pub fn pid(&self) -> u32 {
        self.guard.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// CPU time (user + system) the server process has used so far, in
    /// seconds, from `/proc/<pid>/stat`; threads that ended are included.
    pub fn cpu_seconds(&self) -> Result<f64, String> {
        cpu_seconds_of(self.pid())
    }

    /// Context switches the server's threads have made so far.
    pub fn context_switches(&self) -> Result<u64, String> {
        context_switches_of(self.pid())
    }

    /// `twain::stats::switches()` in the server process.
    pub fn switches(&mut self) -> Result<u64, String> {
        let mut line = String::new();
        writeln!(self.stdin, "switches")
            .and_then(|()| self.stdin.flush())
            .and_then(|()| self.stdout.read_line(&mut line))
            .map_err(|err| format!("the {} server stopped answering: {err}", self.kind.name()))?;
        line.trim()
            .parse()
            .map_err(|_| format!("the {} server said {line:?} for switches", self.kind.name()))
    }
}

/// CPU time (user + system) process `pid` has used so far, in seconds, from
/// `/proc/<pid>/stat`; threads that ended are included.
pub fn cpu_seconds_of(pid: u32) -> Result<f64, String> {
    let path = format!("/proc/{pid}/stat");
    let stat =
        std::fs::read_to_string(&path).map_err(|err| format!("cannot read {path}: {err}"))?;
    // Fields after the `(comm)`: state is field 3, utime 14, stime 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |index: usize| {
        fields
            .get(index - 3)
            .and_then(|value| value.parse::<u64>().ok())
    };
    match (ticks(14), ticks(15)) {
        (Some(user), Some(system)) => Ok((user + system) as f64 / clock_ticks_per_second()),
        _ => Err(format!("unexpected {path}: {stat:?}")),
    }
}

/// Context switches (voluntary and not) the threads of process `pid` have
/// made so far, from `/proc/<pid>/task/*/status` (threads that ended are
/// not counted).
pub fn context_switches_of(pid: u32) -> Result<u64, String> {
    let tasks = format!("/proc/{pid}/task");
    let mut total = 0;
    for task in std::fs::read_dir(&tasks).map_err(|err| format!("cannot read {tasks}: {err}"))? {
        let Ok(task) = task else { continue };
        let Ok(status) = std::fs::read_to_string(task.path().join("status")) else {
            continue; // the thread ended meanwhile
        };
        total += status
            .lines()
            .filter(|line| line.contains("ctxt_switches:"))
            .filter_map(|line| line.split_whitespace().nth(1)?.parse::<u64>().ok())
            .sum::<u64>();
    }
    Ok(total)
}

/// `getconf CLK_TCK` (the unit of `/proc/<pid>/stat` times), 100 if unknown.
fn clock_ticks_per_second() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|out| String::from_utf8_lossy(&out.stdout).trim().parse().ok())
            .filter(|ticks: &f64| *ticks > 0.0)
            .unwrap_or(100.0)
    })
}
