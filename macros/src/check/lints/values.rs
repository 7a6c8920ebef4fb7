//! Values of known std and tokio types a body holds: what a call returns
//! (`Command::new(..)` is a `Command`, `Path::new(..)` a `Path`,
//! `Runtime::new()` a runtime), what a method on one gives back (a builder's
//! `.arg(..)` the same builder, `.spawn()` a `Child`), and which methods on
//! them block. That is how `let mut git = Command::new("git"); git.output()`
//! and `path.exists()` on a `PathBuf` are found, and why a `block_on` method
//! of the user's own type is not taken for a runtime's.

use super::known::Blocking;

/// A std or tokio type whose methods the lints know.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// `std::process::Command`, or a `&mut` to one from a builder method.
    Command,
    /// `std::process::Child`.
    Child,
    /// `std::fs::OpenOptions`.
    OpenOptions,
    /// `std::fs::File`.
    File,
    /// `std::path::Path` or `PathBuf`.
    Path,
    /// `tokio::runtime::Runtime`.
    Runtime,
    /// `tokio::runtime::Handle`.
    Handle,
    /// `tokio::runtime::Builder`.
    RuntimeBuilder,
    /// `std::thread::JoinHandle` (or a scoped one).
    JoinHandle,
    /// `std::thread::Builder`.
    ThreadBuilder,
    /// `std::sync::mpsc::Receiver`.
    Receiver,
    /// `std::sync::mpsc::SyncSender`, whose `send` waits while the channel is full.
    SyncSender,
    /// `rusqlite::Connection`.
    SqliteConnection,
    /// `postgres::Client`, the sync PostgreSQL client.
    PostgresClient,
}

fn strs(path: &[String]) -> Vec<&str> {
    path.iter().map(String::as_str).collect()
}

/// The value a call of the function at `path` (full, resolved) gives, the
/// `Ok` value for a `Result`.
pub(crate) fn returned_by(path: &[String]) -> Option<Kind> {
    Some(match strs(path).as_slice() {
        ["std", "process", "Command", "new"] => Kind::Command,
        ["std", "fs", "OpenOptions", "new"] | ["std", "fs", "File", "options"] => Kind::OpenOptions,
        ["std", "fs", "File", "open" | "create" | "create_new"] => Kind::File,
        ["std", "path", "Path", "new"] | ["std", "path", "PathBuf", "new" | "from"] => Kind::Path,
        ["tokio", "runtime", "Runtime", "new"] => Kind::Runtime,
        ["tokio", "runtime", "Handle", "current" | "try_current"] => Kind::Handle,
        [
            "tokio",
            "runtime",
            "Builder",
            "new_multi_thread" | "new_current_thread",
        ] => Kind::RuntimeBuilder,
        ["std", "thread", "spawn"] => Kind::JoinHandle,
        ["std", "thread", "Builder", "new"] => Kind::ThreadBuilder,
        ["rusqlite", "Connection", f] if f.starts_with("open") => Kind::SqliteConnection,
        ["postgres", "Client", "connect" | "configure"] => Kind::PostgresClient,
        _ => return None,
    })
}

/// The two values of the pair a call of the function at `path` gives, for
/// `let (tx, rx) = std::sync::mpsc::channel();`.
pub(crate) fn pair_returned_by(path: &[String]) -> Option<[Option<Kind>; 2]> {
    match strs(path).as_slice() {
        ["std", "sync", "mpsc", "channel"] => Some([None, Some(Kind::Receiver)]),
        ["std", "sync", "mpsc", "sync_channel"] => {
            Some([Some(Kind::SyncSender), Some(Kind::Receiver)])
        }
        _ => None,
    }
}

/// The value a type (full, resolved path) names.
pub(crate) fn named_by(path: &[String]) -> Option<Kind> {
    Some(match strs(path).as_slice() {
        ["std", "process", "Command"] => Kind::Command,
        ["std", "process", "Child"] => Kind::Child,
        ["std", "fs", "OpenOptions"] => Kind::OpenOptions,
        ["std", "fs", "File"] => Kind::File,
        ["std", "path", "Path" | "PathBuf"] => Kind::Path,
        ["tokio", "runtime", "Runtime"] => Kind::Runtime,
        ["tokio", "runtime", "Handle"] => Kind::Handle,
        ["tokio", "runtime", "Builder"] => Kind::RuntimeBuilder,
        ["std", "thread", "JoinHandle" | "ScopedJoinHandle"] => Kind::JoinHandle,
        ["std", "thread", "Builder"] => Kind::ThreadBuilder,
        ["std", "sync", "mpsc", "Receiver"] => Kind::Receiver,
        ["std", "sync", "mpsc", "SyncSender"] => Kind::SyncSender,
        ["rusqlite", "Connection"] => Kind::SqliteConnection,
        ["postgres", "Client"] => Kind::PostgresClient,
        _ => return None,
    })
}

/// What `method` on a `kind` gives back, when it is a known value again.
pub(crate) fn after_method(kind: Kind, method: &str) -> Option<Kind> {
    if matches!(
        method,
        "unwrap"
            | "expect"
            | "clone"
            | "to_owned"
            | "as_ref"
            | "as_mut"
            | "borrow"
            | "borrow_mut"
            // On the `Result` around a value: still that value after `?`.
            | "map_err"
            | "ok"
            | "context"
            | "with_context"
    ) {
        return Some(kind);
    }
    match (kind, method) {
        (Kind::Command, "spawn") => Some(Kind::Child),
        (Kind::Command, "output" | "status" | "get_program" | "get_args" | "get_envs") => None,
        // Every other method of `Command` is a builder step returning it.
        (Kind::Command, _) => Some(Kind::Command),
        (Kind::OpenOptions, "open") => Some(Kind::File),
        (Kind::OpenOptions, _) => Some(Kind::OpenOptions),
        (Kind::RuntimeBuilder, "build") => Some(Kind::Runtime),
        (Kind::RuntimeBuilder, _) => Some(Kind::RuntimeBuilder),
        (Kind::Runtime, "handle") => Some(Kind::Handle),
        (Kind::ThreadBuilder, "spawn" | "spawn_scoped") => Some(Kind::JoinHandle),
        (Kind::ThreadBuilder, "name" | "stack_size") => Some(Kind::ThreadBuilder),
        (
            Kind::Path,
            "join" | "with_extension" | "with_file_name" | "to_path_buf" | "as_path" | "parent"
            | "into_boxed_path",
        ) => Some(Kind::Path),
        _ => None,
    }
}

/// Whether `method` on a `kind` blocks, and what to use instead.
pub(crate) fn blocking_method(kind: Kind, method: &str) -> Option<Blocking> {
    let found = |shown: String, instead: String| Some(Blocking { shown, instead });
    match (kind, method) {
        (Kind::Command, "output" | "status") => found(
            format!("std::process::Command::{method}"),
            format!("use `tokio::process::Command` and `.{method}().await`"),
        ),
        (Kind::Child, "wait" | "wait_with_output") => found(
            format!("std::process::Child::{method}"),
            format!("use `tokio::process::Command` and `.{method}().await`"),
        ),
        (Kind::OpenOptions, "open") => found(
            "std::fs::OpenOptions::open".to_owned(),
            "use `tokio::fs::OpenOptions` and `.open(..).await`".to_owned(),
        ),
        (Kind::Path, "exists" | "try_exists") => found(
            format!("std::path::Path::{method}"),
            "use `tokio::fs::try_exists(path).await`".to_owned(),
        ),
        (Kind::Path, "is_file" | "is_dir" | "is_symlink") => found(
            format!("std::path::Path::{method}"),
            format!(
                "use `tokio::fs::{}(path).await` and its `{method}()`",
                if method == "is_symlink" {
                    "symlink_metadata"
                } else {
                    "metadata"
                }
            ),
        ),
        (Kind::Path, "metadata" | "symlink_metadata" | "canonicalize" | "read_dir" | "read_link") => {
            found(
                format!("std::path::Path::{method}"),
                format!("use `tokio::fs::{method}(path).await`"),
            )
        }
        (Kind::Runtime | Kind::Handle, "block_on") => found(
            format!(
                "tokio::runtime::{}::block_on",
                if kind == Kind::Runtime {
                    "Runtime"
                } else {
                    "Handle"
                }
            ),
            "`.await` the future instead (tokio panics with \"Cannot start a runtime from within a runtime\")"
                .to_owned(),
        ),
        (Kind::JoinHandle, "join") => found(
            "std::thread::JoinHandle::join".to_owned(),
            "run the work with `tokio::task::spawn_blocking(..)` and `.await` its handle".to_owned(),
        ),
        (Kind::Receiver, "recv" | "recv_timeout" | "recv_deadline" | "iter") => found(
            format!("std::sync::mpsc::Receiver::{method}"),
            "use `tokio::sync::mpsc` and `.recv().await`".to_owned(),
        ),
        (Kind::SyncSender, "send") => found(
            "std::sync::mpsc::SyncSender::send".to_owned(),
            "use `tokio::sync::mpsc` and `.send(..).await`".to_owned(),
        ),
        (
            Kind::SqliteConnection,
            "execute" | "execute_batch" | "query_row" | "query_one" | "prepare" | "prepare_cached"
            | "transaction" | "backup" | "close",
        ) => found(
            format!("rusqlite::Connection::{method}"),
            "query the database in sync code: a sync view's `twain::db::Conn`, or `db.run(|conn| ..).await` here"
                .to_owned(),
        ),
        (
            Kind::PostgresClient,
            "query" | "query_one" | "query_opt" | "query_raw" | "execute" | "batch_execute"
            | "simple_query" | "prepare" | "transaction" | "copy_in" | "copy_out",
        ) => found(
            format!("postgres::Client::{method}"),
            "use `tokio_postgres` and `.await` the query, or a sync view's `twain::db::Conn`"
                .to_owned(),
        ),
        _ => None,
    }
}
