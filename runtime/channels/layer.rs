//! [`Channels`], the layer's handle: sends (sync [`Channels::send`], async
//! [`Channels::publish`]), membership ([`Channels::join`] gives a
//! [`Subscription`]), and the backend underneath: in-process, or
//! PostgreSQL's `LISTEN/NOTIFY` (`postgres.rs`) when the app's database is
//! PostgreSQL. A send made while the sending thread's request holds a
//! transaction on that database is published when it commits, and never if
//! it rolls back.

use std::sync::Arc;

use serde::Serialize;

use super::mailbox::{Mailbox, Registry};
use super::message::{ChannelError, Envelope, Incoming, check_group};

#[cfg(feature = "sqlite")]
use crate::db::{Conn, Db};

/// The layer's limits, given to `App::channel_settings`.
#[derive(Clone, Copy, Debug)]
pub struct ChannelSettings {
    pub(crate) max_message_size: usize,
    pub(crate) mailbox: usize,
}

impl Default for ChannelSettings {
    fn default() -> Self {
        ChannelSettings {
            max_message_size: 64 * 1024,
            mailbox: 256,
        }
    }
}

impl ChannelSettings {
    /// The largest message, as JSON, a send accepts (default 64 KiB); a
    /// larger one is [`ChannelError::TooLarge`].
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.max_message_size = bytes;
        self
    }

    /// How many messages a member may have unread (default 256); past
    /// that, new ones are dropped for it and it receives
    /// [`Incoming::Missed`].
    pub fn mailbox_capacity(mut self, messages: usize) -> Self {
        self.mailbox = messages.max(1);
        self
    }
}

/// The channel layer: send messages to named groups, and receive those of
/// the groups you join. Cheap to clone; a view takes it as an argument
/// (`channels: Channels`), any code can keep a clone.
///
/// ```
/// use twain::channels::{Channels, Incoming};
///
/// # #[tokio::main(flavor = "current_thread")] async fn main() -> Result<(), twain::channels::ChannelError> {
/// let channels = Channels::in_process();
/// let mut feed = channels.join("comments")?;
/// channels.send("comments", &"first!")?;               // sync: never waits
/// channels.publish("comments", &"second").await?;      // async
/// for expected in ["first!", "second"] {
///     let Incoming::Message(message) = feed.recv().await else { unreachable!() };
///     assert_eq!(message.json::<String>()?, expected);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Channels {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) registry: Registry,
    pub(crate) settings: ChannelSettings,
    pub(crate) backend: Backend,
}

pub(crate) enum Backend {
    InProcess {
        /// The database whose transactions hold sends until they commit.
        #[cfg(feature = "sqlite")]
        db: Option<Db>,
    },
    #[cfg(feature = "postgres")]
    Postgres(super::postgres::PgLayer),
}

impl std::fmt::Debug for Channels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Channels")
            .field("backend", &self.backend_name())
            .finish()
    }
}

impl Channels {
    /// A layer for this process only, with the default settings.
    pub fn in_process() -> Self {
        Channels::in_process_with(ChannelSettings::default())
    }

    /// A layer for this process only.
    pub fn in_process_with(settings: ChannelSettings) -> Self {
        Channels::build(settings, |_| Backend::InProcess {
            #[cfg(feature = "sqlite")]
            db: None,
        })
    }

    fn build(settings: ChannelSettings, backend: impl FnOnce(&Registry) -> Backend) -> Self {
        let registry = Registry::default();
        let backend = backend(&registry);
        Channels {
            inner: Arc::new(Inner {
                registry,
                settings,
                backend,
            }),
        }
    }

    /// The layer an app on `db` uses (what `App` builds): in-process on
    /// SQLite, with sends held by `db`'s transactions; on PostgreSQL,
    /// `LISTEN/NOTIFY` across every process on the same database and schema.
    /// Blocking on PostgreSQL (it creates the layer's table if missing).
    #[cfg(feature = "sqlite")]
    pub fn for_database(db: &Db, settings: ChannelSettings) -> Result<Self, ChannelError> {
        match db.backend() {
            #[cfg(feature = "postgres")]
            crate::db::Backend::Postgres => {
                let layer = super::postgres::PgLayer::open(db)?;
                Ok(Channels::build(settings, |_| Backend::Postgres(layer)))
            }
            _ => Ok(Channels::build(settings, |_| Backend::InProcess {
                db: Some(db.clone()),
            })),
        }
    }

    /// `"in-process"` or `"postgres"`.
    pub fn backend_name(&self) -> &'static str {
        match &self.inner.backend {
            Backend::InProcess { .. } => "in-process",
            #[cfg(feature = "postgres")]
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Sends `message` to every member of `group`, in every process the
    /// backend reaches. From any code, sync or async: it never waits (the
    /// message is handed to the layer). Inside a transaction on the app's
    /// database (an atomic request, `conn.atomic`, `db.atomic`), the message
    /// is published when it commits, and never if it rolls back. The errors
    /// are the message's own (too large, not serialisable, a bad group);
    /// a backend that fails later logs it.
    pub fn send<T: Serialize + ?Sized>(
        &self,
        group: &str,
        message: &T,
    ) -> Result<(), ChannelError> {
        let body = self.encode(group, message)?;
        #[cfg(feature = "sqlite")]
        if let Some(conn) = self.transaction_conn() {
            return self.send_in_transaction(&conn, group, body);
        }
        match &self.inner.backend {
            Backend::InProcess { .. } => {
                self.inner.registry.deliver(&Envelope::new(group, &body));
                Ok(())
            }
            #[cfg(feature = "postgres")]
            Backend::Postgres(pg) => pg.hand_over(group, body),
        }
    }

    /// [`Channels::send`] for async code, which waits until the backend has
    /// taken the message (on PostgreSQL: its `NOTIFY` committed), and
    /// reports a backend's failure.
    pub async fn publish<T: Serialize + ?Sized>(
        &self,
        group: &str,
        message: &T,
    ) -> Result<(), ChannelError> {
        let body = self.encode(group, message)?;
        match &self.inner.backend {
            Backend::InProcess { .. } => {
                self.inner.registry.deliver(&Envelope::new(group, &body));
                Ok(())
            }
            #[cfg(feature = "postgres")]
            Backend::Postgres(pg) => pg.publish(group, &body).await,
        }
    }

    /// A new member of `group` in this process (join more groups with
    /// [`Subscription::join`]); it leaves them all when dropped.
    pub fn join(&self, group: &str) -> Result<Subscription, ChannelError> {
        let mut subscription = self.subscribe();
        subscription.join(group)?;
        Ok(subscription)
    }

    /// A new member of no group yet.
    pub fn subscribe(&self) -> Subscription {
        #[cfg(feature = "postgres")]
        if let Backend::Postgres(pg) = &self.inner.backend {
            pg.start_listening(&self.inner);
        }
        Subscription {
            channels: self.clone(),
            mailbox: Mailbox::new(self.inner.settings.mailbox),
            groups: Vec::new(),
        }
    }

    /// The database whose transactions hold this layer's sends, if any.
    #[cfg(feature = "sqlite")]
    pub fn database(&self) -> Option<&Db> {
        match &self.inner.backend {
            Backend::InProcess { db } => db.as_ref(),
            #[cfg(feature = "postgres")]
            Backend::Postgres(pg) => Some(&pg.db),
        }
    }

    /// How many members `group` has in this process.
    pub fn local_members(&self, group: &str) -> usize {
        self.inner.registry.members(group)
    }

    fn encode<T: Serialize + ?Sized>(
        &self,
        group: &str,
        message: &T,
    ) -> Result<String, ChannelError> {
        check_group(group)?;
        let body = serde_json::to_string(message).map_err(ChannelError::Encode)?;
        let limit = self.inner.settings.max_message_size;
        if body.len() > limit {
            return Err(ChannelError::TooLarge {
                size: body.len(),
                limit,
            });
        }
        Ok(body)
    }

    /// The connection this thread's request holds on the layer's database,
    /// when a transaction is open on it.
    #[cfg(feature = "sqlite")]
    fn transaction_conn(&self) -> Option<Conn> {
        Conn::current(self.database()?).filter(|conn| !conn.is_autocommit())
    }

    #[cfg(feature = "sqlite")]
    fn send_in_transaction(
        &self,
        conn: &Conn,
        group: &str,
        body: String,
    ) -> Result<(), ChannelError> {
        match &self.inner.backend {
            Backend::InProcess { .. } => {
                let inner = Arc::downgrade(&self.inner);
                let envelope = Envelope::new(group, &body);
                let hook = Box::new(move || {
                    if let Some(inner) = inner.upgrade() {
                        inner.registry.deliver(&envelope);
                    }
                });
                if let Err(now) = conn.on_commit(hook) {
                    now();
                }
                Ok(())
            }
            // NOTIFY in the same transaction: PostgreSQL delivers it on
            // commit, and drops it on rollback, by itself.
            #[cfg(feature = "postgres")]
            Backend::Postgres(pg) => pg.notify_on(conn, group, &body),
        }
    }
}

/// A member of groups in this process, with its bounded mailbox: what
/// [`Channels::join`] gives. Dropped, it leaves every group it joined.
pub struct Subscription {
    channels: Channels,
    mailbox: Arc<Mailbox>,
    groups: Vec<String>,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("groups", &self.groups)
            .finish()
    }
}

impl Subscription {
    /// Joins `group` too (joining twice is joining once).
    pub fn join(&mut self, group: &str) -> Result<(), ChannelError> {
        check_group(group)?;
        self.channels.inner.registry.join(group, &self.mailbox);
        if !self.groups.iter().any(|g| g == group) {
            self.groups.push(group.to_owned());
        }
        Ok(())
    }

    /// Leaves `group`.
    pub fn leave(&mut self, group: &str) {
        self.channels
            .inner
            .registry
            .leave(group, Arc::as_ptr(&self.mailbox));
        self.groups.retain(|g| g != group);
    }

    /// The groups it is in.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }

    /// Waits until messages sent from now on reach this member: at once
    /// in-process; on PostgreSQL, once the listening connection is up.
    /// An error says the database cannot be reached (the listener keeps
    /// trying).
    pub async fn ready(&self) -> Result<(), ChannelError> {
        match &self.channels.inner.backend {
            Backend::InProcess { .. } => Ok(()),
            #[cfg(feature = "postgres")]
            Backend::Postgres(pg) => pg.listening().await,
        }
    }

    /// The next message, overflow report or gap; waits for one.
    pub async fn recv(&mut self) -> Incoming {
        self.mailbox.take().await
    }

    /// The next one if any is waiting.
    pub fn try_recv(&mut self) -> Option<Incoming> {
        self.mailbox.try_take()
    }

    /// The layer it belongs to.
    pub fn channels(&self) -> &Channels {
        &self.channels
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // The registry holds the mailbox weakly: dropping it is leaving.
        // Clearing the entries now keeps the registry small.
        let ptr = Arc::as_ptr(&self.mailbox);
        let registry = &self.channels.inner.registry;
        for group in std::mem::take(&mut self.groups) {
            registry.leave(&group, ptr);
        }
    }
}
