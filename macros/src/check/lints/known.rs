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

/// Every function of `std::fs` (all of them block): listed, so a glob import
/// of `std::fs::*` is only taken for the names it really brings in.
const STD_FS_FNS: &[&str] = &[
    "canonicalize",
    "copy",
    "create_dir",
    "create_dir_all",
    "exists",
    "hard_link",
    "metadata",
    "read",
    "read_dir",
    "read_link",
    "read_to_string",
    "remove_dir",
    "remove_dir_all",
    "remove_file",
    "rename",
    "set_permissions",
    "soft_link",
    "symlink_metadata",
    "write",
];

/// `path` with twain's re-exports taken back to the crate they name:
/// `twain::tokio::..` is `tokio::..`, `twain::futures::..` is `futures::..`,
/// `twain::db::rusqlite::..` is `rusqlite::..`.
pub(crate) fn through_reexports(mut path: Vec<String>) -> Vec<String> {
    let strs: Vec<&str> = path.iter().map(String::as_str).collect();
    let skip = match strs.as_slice() {
        ["twain", "tokio" | "futures", ..] => 1,
        ["twain", "db", "rusqlite", ..] => 2,
        _ => 0,
    };
    path.drain(..skip);
    path
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
        ["std", "fs", f] if STD_FS_FNS.contains(f) => {
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
        ["std", "thread", "scope"] => found(
            shown,
            "it waits for every thread it starts: run the work with `tokio::task::spawn_blocking(..)` and `.await` its handle",
        ),
        ["std", "thread", "park" | "park_timeout"] => found(
            shown,
            "wait on a tokio primitive instead (`tokio::sync::Notify`, a channel) with `.await`",
        ),
        ["ureq", ..] => found(
            shown,
            "`ureq` is a blocking HTTP client: use an async one (such as `reqwest::Client`) and `.await` its requests",
        ),
        ["rusqlite", "Connection", f] if f.starts_with("open") => found(
            shown,
            "open and query the database in sync code: a sync view's `twain::db::Conn`, or `db.run(|conn| ..).await` here",
        ),
        ["postgres", "Client", "connect" | "configure"] => found(
            shown,
            "the sync `postgres` client blocks (and starts a runtime of its own, which panics inside this one): use `tokio_postgres::connect(..).await`, or a sync view's `twain::db::Conn`",
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

/// `tokio::select!` and `futures::select!` (and `select_biased!`): branches
/// of `pattern = future => handler` (`check/lints/select.rs`).
pub(crate) fn select_macro(name: &str) -> bool {
    matches!(name, "select" | "select_biased")
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
