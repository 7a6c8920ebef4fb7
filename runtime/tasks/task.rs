//! What a task is to the runtime: the [`Task`] trait the `#[task]` macro
//! implements on the struct it generates (the name stored in the queue, the
//! default options, the arguments as JSON, and the adapter that runs the
//! function), what a run sees ([`TaskInfo`]) and how it fails ([`TaskError`]).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::core::{Scope, State};

use super::TaskId;

/// A background task: implemented by `#[task]` on the struct named like the
/// function, whose fields are the task's arguments.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a task",
    note = "mark the function `#[task]`: the struct of the same name it generates is the task"
)]
pub trait Task: Send + Sized + 'static {
    /// The name stored with each queued task; a worker finds the function by it.
    const NAME: &'static str;

    /// The options given in `#[task(..)]`, defaults of every enqueue.
    #[doc(hidden)]
    fn defaults() -> TaskOptions;

    /// The arguments as a JSON object, one field per argument.
    #[doc(hidden)]
    fn to_args(&self) -> Result<String, serde_json::Error>;

    /// How a worker runs the function.
    #[doc(hidden)]
    fn handler() -> Handler;
}

/// The options of `#[task(..)]`: the defaults of each enqueue.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct TaskOptions {
    pub queue: &'static str,
    pub priority: i64,
    pub max_attempts: u32,
    pub timeout: Duration,
    /// `atomic`: a sync task's writes commit with its completion.
    pub atomic: bool,
}

impl TaskOptions {
    /// Queue `default`, priority 0, 5 attempts, 5 minutes per attempt.
    pub const DEFAULT: TaskOptions = TaskOptions {
        queue: "default",
        priority: 0,
        max_attempts: 5,
        timeout: Duration::from_secs(300),
        atomic: false,
    };
}

/// What a run ends with: the value as JSON, or why it failed.
pub type Outcome = Result<String, TaskError>;

/// A boxed future of an async task's run.
pub type BoxOutcome = Pin<Box<dyn Future<Output = Outcome> + Send + 'static>>;

/// How a worker runs a task: on a sync thread, or on the async workers.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub enum Handler {
    Sync(for<'a, 'cx> fn(&'a mut super::contract::SyncRun<'cx>) -> Outcome),
    Async(fn(super::contract::AsyncRun) -> BoxOutcome),
}

/// What a task knows about its run: take `task: TaskInfo` as an argument.
/// Its [`id`](TaskInfo::id) is the same on every attempt: the key that makes
/// a task idempotent (a task runs at least once; record the id with the
/// effect and skip the effect when it is there).
#[derive(Clone)]
pub struct TaskInfo {
    pub(crate) id: TaskId,
    pub(crate) name: String,
    pub(crate) attempt: u32,
    pub(crate) max_attempts: u32,
    /// The app the worker runs for (none for a bare `Worker`).
    pub(crate) scope: Option<Arc<Scope>>,
}

impl fmt::Debug for TaskInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskInfo")
            .field("id", &self.id)
            .field("name", &self.name)
            .field("attempt", &self.attempt)
            .field("max_attempts", &self.max_attempts)
            .finish()
    }
}

impl TaskInfo {
    /// The task's id, as `enqueue` returned it.
    pub fn id(&self) -> TaskId {
        self.id
    }

    /// The app's state of type `T` (what `App::state` registered, and the
    /// app's `twain::channels::Channels`), when the worker runs for an app
    /// (beside its server, `App::run_worker`, the test clients); `None` for
    /// a `Worker` made by hand or a type the app does not have. A task
    /// sends to a group with `task.state::<Channels>()`.
    pub fn state<T: Send + Sync + 'static>(&self) -> Option<State<T>> {
        self.scope.as_ref()?.state.get::<T>()
    }
    /// The task's name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Which attempt this is, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }
    /// How many attempts the task has in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
}

/// Why a task's attempt failed. Any error a task returns becomes one (its
/// message, `{:#}`), and is retried; [`TaskError::permanent`] is not retried.
#[derive(Debug, Clone)]
pub struct TaskError {
    message: String,
    permanent: bool,
}

impl TaskError {
    /// An error worth another attempt.
    pub fn new(message: impl fmt::Display) -> Self {
        TaskError {
            message: message.to_string(),
            permanent: false,
        }
    }

    /// An error no retry can fix (bad input, a deleted row): the task fails
    /// at once, whatever attempts it has left.
    pub fn permanent(message: impl fmt::Display) -> Self {
        TaskError {
            message: message.to_string(),
            permanent: true,
        }
    }

    /// Whether retrying is pointless.
    pub fn is_permanent(&self) -> bool {
        self.permanent
    }

    /// The message recorded.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TaskError {}
