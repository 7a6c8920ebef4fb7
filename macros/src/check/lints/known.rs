//! The known blocking calls: full paths (as strings of segments) and, for
//! each, what to use instead.

/// How `twain::async_to_sync` is shown; it gets a message of its own.
pub(crate) const ASYNC_TO_SYNC: &str = "twain::async_to_sync";

/// What a known blocking call is and its non-blocking alternative.
pub(crate) struct Blocking {
    /// The path to show, e.g. `std::thread::sleep`.
    pub(crate) shown: String,
    /// What to do instead, e.g. "use `tokio::time::sleep(..).await`".
    pub(crate) instead: String,
}

fn found(shown: String, instead: impl Into<String>) -> Option<Blocking> {
    Some(Blocking {
        shown,
        instead: instead.into(),
    })
}

/// Whether the function at `path` (full, resolved) blocks.
pub(crate) fn blocking_fn(path: &[String]) -> Option<Blocking> {
    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
    let shown = segs.join("::");
    match segs.as_slice() {
        ["std", "thread", "sleep" | "sleep_ms"] => {
            found(shown, "use `tokio::time::sleep(duration).await`")
        }
        ["std", "fs", "File", f @ ("open" | "create" | "create_new")] => {
            found(shown, format!("use `tokio::fs::File::{f}(..).await`"))
        }
        ["std", "fs", f] if f.starts_with(|c: char| c.is_ascii_lowercase()) => {
            found(shown, format!("use `tokio::fs::{f}(..).await`"))
        }
        [
            "std",
            "net",
            ty @ ("TcpStream" | "TcpListener" | "UdpSocket"),
            f @ ("connect" | "connect_timeout" | "bind"),
        ] => found(
            shown,
            format!(
                "use `tokio::net::{ty}::{}(..).await`",
                if *f == "connect_timeout" {
                    "connect"
                } else {
                    f
                }
            ),
        ),
        ["std", "io", "stdin"] => {
            found(shown, "use `tokio::io::stdin()` and read it with `.await`")
        }
        ["futures" | "futures_executor", .., "block_on"] => found(
            shown,
            "`.await` the future instead (blocking on it inside async code can deadlock the worker)",
        ),
        ["tokio", "runtime", "Handle" | "Runtime", "block_on"] => found(
            shown,
            "`.await` the future instead (tokio panics with \"Cannot start a runtime from within a runtime\")",
        ),
        ["reqwest", "blocking", ..] => found(
            shown,
            "use the async `reqwest::Client` and `.await` its requests",
        ),
        ["twain", "async_to_sync"] => found(
            shown,
            "this code is already async: `.await` the future directly (`async_to_sync` is for sync code)",
        ),
        _ => None,
    }
}

/// A method that blocks at the end of a chain starting with a call to `root`
/// (full, resolved): `Command::new(..).arg(..).output()`,
/// `Command::new(..).spawn()?.wait()` (`after_spawn`), or
/// `OpenOptions::new().read(true).open(..)`. `spawn` itself does not block
/// (tokio's own `Command::spawn` is sync too).
pub(crate) fn blocking_chain_method(
    root: &[String],
    method: &str,
    after_spawn: bool,
) -> Option<Blocking> {
    let root: Vec<&str> = root.iter().map(String::as_str).collect();
    match (root.as_slice(), method) {
        (["std", "process", "Command", "new"], "output" | "status") if !after_spawn => found(
            format!("std::process::Command::{method}"),
            format!("use `tokio::process::Command` and `.{method}().await`"),
        ),
        (["std", "process", "Command", "new"], "wait" | "wait_with_output") if after_spawn => {
            found(
                format!("std::process::Child::{method}"),
                format!("use `tokio::process::Command` and `.{method}().await`"),
            )
        }
        (["std", "fs", "OpenOptions", "new"] | ["std", "fs", "File", "options"], "open") => found(
            "std::fs::OpenOptions::open".to_owned(),
            "use `tokio::fs::OpenOptions` and `.open(..).await`",
        ),
        _ => None,
    }
}

/// Whether `path` (full, resolved) is a call that [`blocking_chain_method`]
/// chains start from.
pub(crate) fn starts_blocking_chain(path: &[String]) -> bool {
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    matches!(
        path.as_slice(),
        ["std", "process", "Command", "new"]
            | ["std", "fs", "OpenOptions", "new"]
            | ["std", "fs", "File", "options"]
    )
}

/// Closures handed to these run off the executor (or with its permission):
/// their bodies are not checked. `interact` is deadpool's way to run a
/// closure on a blocking thread with a pooled sync connection; `run` and
/// `atomic` are `twain::db`'s `db.run(|conn| ..)` / `db.atomic(|tx| ..)`.
pub(crate) fn runs_closure_elsewhere(name: &str) -> bool {
    matches!(
        name,
        "sync_to_async"
            | "spawn_blocking"
            | "block_in_place"
            | "spawn"
            | "interact"
            | "run"
            | "atomic"
    )
}

/// Macros whose arguments are plain expressions, evaluated where written.
pub(crate) fn expression_macro(name: &str) -> bool {
    matches!(
        name,
        "println"
            | "print"
            | "eprintln"
            | "eprint"
            | "format"
            | "write"
            | "writeln"
            | "vec"
            | "assert"
            | "assert_eq"
            | "assert_ne"
            | "debug_assert"
            | "debug_assert_eq"
            | "debug_assert_ne"
            | "panic"
            | "dbg"
            | "join"
            | "try_join"
    )
}
