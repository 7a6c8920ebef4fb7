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
        _ => return None,
    })
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
        _ => return None,
    })
}

/// What `method` on a `kind` gives back, when it is a known value again.
pub(crate) fn after_method(kind: Kind, method: &str) -> Option<Kind> {
    if matches!(
        method,
        "unwrap" | "expect" | "clone" | "to_owned" | "as_ref" | "as_mut" | "borrow" | "borrow_mut"
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
        _ => None,
    }
}
