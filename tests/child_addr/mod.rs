//! A server in a child process tells its parent where it listens: it binds
//! port 0 of 127.0.0.1 itself and writes the address on a line of its
//! stdout, which the parent reads. No port is chosen by one process and
//! bound by another, so no other process can take it in between.

#![allow(dead_code)] // each test binary uses a different part

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::process::Child;
use std::sync::mpsc;
use std::time::Duration;

const PREFIX: &str = "twain test child listening on ";

/// Binds 127.0.0.1:0 and says where on stdout, for the parent to read with
/// [`listening_addr`].
pub fn bind_and_announce() -> std::net::TcpListener {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("127.0.0.1:0 binds");
    announce(listener.local_addr().unwrap());
    listener
}

/// Writes the line [`listening_addr`] waits for.
pub fn announce(addr: SocketAddr) {
    println!("{PREFIX}{addr}");
}

/// The address a child announced on `stdout`, waited for at most `within`.
/// The announcement may follow other text on its line (with
/// `--test-threads=1` the test harness writes `test NAME ... ` first).
pub fn listening_addr(stdout: impl Read + Send + 'static, within: Duration) -> SocketAddr {
    first_line(stdout, within, |line| {
        line.split_once(PREFIX).map(|(_, addr)| {
            addr.trim()
                .parse()
                .unwrap_or_else(|_| panic!("the child announced {addr:?}"))
        })
    })
}

/// A child process, killed and reaped when this is dropped: on a failed
/// assertion too, so no server outlives its test.
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What `find` makes of the first line of `stdout` it accepts, waited for at
/// most `within`. A thread of its own reads `stdout` to its end, so the
/// child never blocks on a full pipe; panics when the child closes its
/// stdout (exits) or takes longer.
pub fn first_line<T: Send + 'static>(
    stdout: impl Read + Send + 'static,
    within: Duration,
    find: impl Fn(&str) -> Option<T> + Send + 'static,
) -> T {
    let (found, wait) = mpsc::channel();
    std::thread::spawn(move || {
        let mut found = Some(found);
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if found.is_some()
                && let Some(value) = find(&line)
                && let Some(sender) = found.take()
            {
                let _ = sender.send(value);
            }
        }
    });
    match wait.recv_timeout(within) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("the child did not say where it listens within {within:?}")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            panic!("the child closed its stdout before it said where it listens")
        }
    }
}
