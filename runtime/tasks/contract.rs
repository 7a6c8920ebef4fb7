//! What `#[task]`'s expansion names, as `::twain::__private::tasks::…`: the
//! run contexts its adapters read their arguments from, the checks that put
//! a type error at the argument or result that causes it, and the
//! conversions of a function's result into an [`Outcome`].

use std::any::Any;
use std::fmt::Display;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::exec::Blocking;

pub use super::enqueue::{Enqueue, TaskId};
pub use super::task::{BoxOutcome, Handler, Outcome, Task, TaskOptions};
use super::task::{TaskError, TaskInfo};
pub use crate::db::{Conn, Db, DbError};
pub use serde_json::Error as JsonError;

/// What a task's argument must be: JSON both ways, and sendable to a worker.
#[diagnostic::on_unimplemented(
    message = "task argument `{Self}` cannot go through JSON",
    label = "a task's arguments are stored as JSON",
    note = "derive `serde::Serialize` and `serde::Deserialize` for it, or pass an id and load the value in the task"
)]
pub trait TaskArg: Serialize + DeserializeOwned + Send + 'static {}
#[diagnostic::do_not_recommend]
impl<T: Serialize + DeserializeOwned + Send + 'static> TaskArg for T {}

/// What a task's value must be: JSON, to be kept as its result.
#[diagnostic::on_unimplemented(
    message = "the value `{Self}` of a task cannot go through JSON",
    label = "a task's value is kept as JSON",
    note = "return a type that implements `serde::Serialize` (or `()`)"
)]
pub trait TaskValue: Serialize {}
#[diagnostic::do_not_recommend]
impl<T: Serialize> TaskValue for T {}

/// Implemented by every `Send` type: `V` is the async task it belongs to.
#[diagnostic::on_unimplemented(
    message = "async task `{V}` must be Send, but the future it returns is not",
    label = "`{V}` holds a value that is not `Send` across an `.await`",
    note = "tasks run on a multi-thread runtime, so the future of `{V}` must be `Send`: drop `Rc`/`RefCell` borrows and std `MutexGuard`s before each `.await` (end their scope with a block, or use `Arc` / `tokio::sync::Mutex`)"
)]
pub trait TaskFutureMustBeSend<V>: Send {}
#[diagnostic::do_not_recommend]
impl<V, T: Send> TaskFutureMustBeSend<V> for T {}

/// Compiles only when the future the async task `V` returns is `Send`.
pub fn task_must_be_send<V>(_: impl TaskFutureMustBeSend<V>) {}

/// One stored argument's type, checked once: every use in the expansion
/// starts with [`json::<T>()`](json), whose bound is the only one, so a
/// type that is not [`TaskArg`] is one error at the argument, however many
/// times it is used (rustc folds identical errors).
pub struct Json<T> {
    put: fn(ArgsOut, &str, &T) -> Result<ArgsOut, serde_json::Error>,
    take: fn(&mut Args, &str) -> Result<T, TaskError>,
}

/// The JSON conversions of the argument type `T`.
pub fn json<T: TaskArg>() -> Json<T> {
    Json {
        put: |args, name, value| args.put(name, value),
        take: |args, name| args.take(name),
    }
}

impl<T> Json<T> {
    /// Adds `value` to the arguments under `name`.
    pub fn put(self, args: ArgsOut, name: &str, value: &T) -> Result<ArgsOut, serde_json::Error> {
        (self.put)(args, name, value)
    }

    /// Takes the argument `name` of a sync run.
    pub fn take(self, run: &mut SyncRun<'_>, name: &str) -> Result<T, TaskError> {
        (self.take)(&mut run.args, name)
    }

    /// Takes the argument `name` of an async run.
    pub fn take_async(self, run: &mut AsyncRun, name: &str) -> Result<T, TaskError> {
        (self.take)(&mut run.args, name)
    }
}

/// The options of `#[task(..)]` over the defaults.
pub const fn options(
    queue: Option<&'static str>,
    priority: Option<i64>,
    max_attempts: Option<u32>,
    timeout_secs: Option<u64>,
    atomic: bool,
) -> TaskOptions {
    let d = TaskOptions::DEFAULT;
    TaskOptions {
        queue: match queue {
            Some(q) => q,
            None => d.queue,
        },
        priority: match priority {
            Some(p) => p,
            None => d.priority,
        },
        max_attempts: match max_attempts {
            Some(n) => n,
            None => d.max_attempts,
        },
        timeout: match timeout_secs {
            Some(s) => std::time::Duration::from_secs(s),
            None => d.timeout,
        },
        atomic,
    }
}

/// The arguments as a JSON object, built field by field.
#[derive(Default)]
pub struct ArgsOut(serde_json::Map<String, serde_json::Value>);

impl ArgsOut {
    pub fn put<T: TaskArg>(mut self, name: &str, value: &T) -> Result<Self, serde_json::Error> {
        self.0.insert(name.to_owned(), serde_json::to_value(value)?);
        Ok(self)
    }
    pub fn finish(self) -> Result<String, serde_json::Error> {
        serde_json::to_string(&self.0)
    }
}

/// The arguments of a run, taken one by one by name. A missing one reads as
/// JSON `null` (so an `Option` argument added later reads `None` from tasks
/// queued before); one that does not decode fails the task for good.
pub struct Args {
    map: serde_json::Map<String, serde_json::Value>,
    task: &'static str,
}

impl Args {
    pub(crate) fn parse(text: &str, task: &'static str) -> Result<Args, TaskError> {
        let map = serde_json::from_str(text).map_err(|err| {
            TaskError::permanent(format!(
                "the arguments of task `{task}` are not a JSON object: {err}"
            ))
        })?;
        Ok(Args { map, task })
    }

    pub fn take<T: TaskArg>(&mut self, name: &str) -> Result<T, TaskError> {
        let value = self.map.remove(name).unwrap_or(serde_json::Value::Null);
        serde_json::from_value(value).map_err(|err| {
            TaskError::permanent(format!(
                "argument `{name}` of task `{}` does not decode: {err}",
                self.task
            ))
        })
    }
}

/// What a sync task's adapter gets, on its sync thread.
pub struct SyncRun<'cx> {
    pub(crate) args: Args,
    pub(crate) cx: Blocking<'cx>,
    pub(crate) db: Db,
    pub(crate) info: TaskInfo,
}

impl<'cx> SyncRun<'cx> {
    pub fn blocking(&self) -> Blocking<'cx> {
        self.cx
    }
    pub fn conn(&self) -> Result<Conn, TaskError> {
        Conn::here(&self.db).map_err(TaskError::new)
    }
    pub fn db(&self) -> Db {
        self.db.clone()
    }
    pub fn info(&self) -> TaskInfo {
        self.info.clone()
    }
}

/// What an async task's adapter gets.
pub struct AsyncRun {
    pub(crate) args: Args,
    pub(crate) db: Db,
    pub(crate) info: TaskInfo,
}

impl AsyncRun {
    pub fn db(&self) -> Db {
        self.db.clone()
    }
    pub fn info(&self) -> TaskInfo {
        self.info.clone()
    }
}

/// A function's plain value as an outcome.
pub fn value<T: TaskValue>(value: T) -> Outcome {
    serde_json::to_string(&value).map_err(|err| {
        TaskError::permanent(format!("the task's value does not encode as JSON: {err}"))
    })
}

/// A function's `Result` as an outcome: the error's message (`{:#}`, so
/// `anyhow`'s chain is kept), a [`TaskError`] kept as it is.
pub fn result<T: TaskValue, E: Display + 'static>(result: Result<T, E>) -> Outcome {
    match result {
        Ok(v) => value(v),
        Err(err) => Err(match (&err as &dyn Any).downcast_ref::<TaskError>() {
            Some(task) => task.clone(),
            None => TaskError::new(format!("{err:#}")),
        }),
    }
}
