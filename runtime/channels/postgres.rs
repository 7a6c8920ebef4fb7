//! The PostgreSQL backend: `NOTIFY` to send, one dedicated `LISTEN`ing
//! connection per process to receive (a pooled connection cannot listen).
//! One channel name per database schema (`twain_<schema>`); the group rides
//! in the payload, `group\nbody`. A payload over `NOTIFY`'s limit (8,000
//! bytes) is stored in the table `twain_channel_payloads` and the
//! notification carries `group\n#id`; rows older than ten minutes are
//! swept. A send in a transaction is a `NOTIFY` in that transaction, which
//! PostgreSQL delivers on commit only. This process's own sends come back
//! through its listener like everyone else's, so every process sees one
//! order. When the listening connection drops, it reconnects with backoff
//! (100 ms doubling to 5 s) and then tells every local member
//! [`Incoming::Gap`](super::Incoming::Gap): what was sent meanwhile is lost.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::sync::{mpsc, watch};

use crate::db::{Conn, Db};

use super::layer::{Backend, Inner};
use super::message::{ChannelError, Envelope};

/// `NOTIFY`'s payload must be shorter than 8,000 bytes; leave room.
const NOTIFY_LIMIT: usize = 7_900;
const TABLE: &str = "twain_channel_payloads";

#[derive(Clone, Debug, PartialEq)]
enum Listen {
    Idle,
    Up,
    Down,
}

pub(crate) struct PgLayer {
    pub(crate) db: Db,
    channel: String,
    started: AtomicBool,
    state: watch::Sender<Listen>,
    publisher: Mutex<Option<mpsc::UnboundedSender<(String, String)>>>,
    stored: AtomicU64,
}

fn backend_error(err: impl std::fmt::Display) -> ChannelError {
    ChannelError::Backend(err.to_string())
}

impl PgLayer {
    /// Reads the schema (the channel's name) and creates the payload table
    /// if missing, one process at a time. Blocking: on a thread of its own,
    /// as the blocking client cannot run inside a runtime.
    pub(crate) fn open(db: &Db) -> Result<Self, ChannelError> {
        let setup = db.clone();
        let schema = std::thread::spawn(move || -> Result<String, crate::db::DbError> {
            let conn = Conn::here(&setup)?;
            conn.atomic(|tx| {
                tx.execute("SELECT pg_advisory_xact_lock(8023160201)", ())?;
                tx.execute_batch(&format!(
                    "CREATE TABLE IF NOT EXISTS {TABLE} (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL, sent_at TIMESTAMPTZ NOT NULL DEFAULT now())"
                ))?;
                Ok::<_, crate::db::DbError>(())
            })?;
            Ok(conn.query_one::<(String,)>("SELECT current_schema()", ())?.0)
        })
        .join()
        .map_err(|_| backend_error("the channel layer's set-up panicked"))?
        .map_err(backend_error)?;
        let mut channel = format!("twain_{schema}");
        channel.truncate(63);
        Ok(PgLayer {
            db: db.clone(),
            channel,
            started: AtomicBool::new(false),
            state: watch::Sender::new(Listen::Idle),
            publisher: Mutex::new(None),
            stored: AtomicU64::new(0),
        })
    }

    /// The payload of a notification for `body`, storing it first when it
    /// is too large.
    fn payload_sync(&self, conn: &Conn, group: &str, body: &str) -> Result<String, ChannelError> {
        if group.len() + 1 + body.len() <= NOTIFY_LIMIT {
            return Ok(format!("{group}\n{body}"));
        }
        let (id,) = conn
            .query_one::<(i64,)>(
                &format!("INSERT INTO {TABLE} (body) VALUES ($1) RETURNING id"),
                (body,),
            )
            .map_err(backend_error)?;
        Ok(format!("{group}\n#{id}"))
    }

    /// A send inside the transaction open on `conn`: `NOTIFY` there.
    pub(crate) fn notify_on(
        &self,
        conn: &Conn,
        group: &str,
        body: &str,
    ) -> Result<(), ChannelError> {
        let payload = self.payload_sync(conn, group, body)?;
        conn.execute("SELECT pg_notify($1, $2)", (self.channel.as_str(), payload))
            .map_err(backend_error)?;
        Ok(())
    }

    /// A send outside a transaction: queued for the publishing task, which
    /// sends in order on the async pool.
    pub(crate) fn hand_over(&self, group: &str, body: String) -> Result<(), ChannelError> {
        let mut publisher = self.publisher.lock().unwrap_or_else(|e| e.into_inner());
        if publisher
            .as_ref()
            .is_none_or(mpsc::UnboundedSender::is_closed)
        {
            let runtime = tokio::runtime::Handle::try_current().map_err(|_| {
                backend_error("a send outside any tokio runtime (the layer publishes from one)")
            })?;
            let (tx, mut rx) = mpsc::unbounded_channel::<(String, String)>();
            let (db, channel) = (self.db.clone(), self.channel.clone());
            runtime.spawn(async move {
                let mut failed = 0u64;
                while let Some((group, body)) = rx.recv().await {
                    if let Err(err) = publish(&db, &channel, &group, &body).await {
                        failed += 1;
                        tracing::warn!(error = %err, group, failed, "a channel message was not sent");
                    }
                }
            });
            *publisher = Some(tx);
        }
        let sender = publisher.as_ref().expect("set above");
        sender
            .send((group.to_owned(), body))
            .map_err(|_| backend_error("the publishing task ended"))
    }

    /// An async send, waiting for its `NOTIFY`.
    pub(crate) async fn publish(&self, group: &str, body: &str) -> Result<(), ChannelError> {
        publish(&self.db, &self.channel, group, body).await?;
        if body.len() > NOTIFY_LIMIT && self.stored.fetch_add(1, Ordering::Relaxed) % 64 == 63 {
            sweep(&self.db).await;
        }
        Ok(())
    }

    /// Starts this process's listener, once, on the current runtime.
    pub(crate) fn start_listening(&self, inner: &Arc<Inner>) {
        if self.started.swap(true, Ordering::AcqRel) {
            return;
        }
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            self.started.store(false, Ordering::Release);
            tracing::warn!(
                "a channel member joined outside any tokio runtime; the listener starts with the next one"
            );
            return;
        };
        let weak = Arc::downgrade(inner);
        runtime.spawn(listen_loop(weak, self.db.clone(), self.channel.clone()));
    }

    /// Waits until the listener is up.
    pub(crate) async fn listening(&self) -> Result<(), ChannelError> {
        let mut state = self.state.subscribe();
        state
            .wait_for(|s| *s == Listen::Up)
            .await
            .map(|_| ())
            .map_err(|_| backend_error("the channel layer is gone"))
    }
}

async fn publish(db: &Db, channel: &str, group: &str, body: &str) -> Result<(), ChannelError> {
    let payload = if group.len() + 1 + body.len() <= NOTIFY_LIMIT {
        format!("{group}\n{body}")
    } else {
        let (id,) = db
            .query_one::<(i64,)>(
                format!("INSERT INTO {TABLE} (body) VALUES ($1) RETURNING id"),
                (body,),
            )
            .await
            .map_err(backend_error)?;
        format!("{group}\n#{id}")
    };
    db.execute("SELECT pg_notify($1, $2)", (channel, payload))
        .await
        .map_err(backend_error)?;
    Ok(())
}

async fn sweep(db: &Db) {
    let sql = format!("DELETE FROM {TABLE} WHERE sent_at < now() - interval '10 minutes'");
    if let Err(err) = db.execute(sql, ()).await {
        tracing::debug!(error = %err, "sweeping old channel payloads failed");
    }
}

fn layer(inner: &Inner) -> &PgLayer {
    match &inner.backend {
        Backend::Postgres(pg) => pg,
        Backend::InProcess { .. } => unreachable!("the listener runs for the PostgreSQL backend"),
    }
}

/// The listener: connects, delivers each notification to this process's
/// members, and on a drop reconnects with backoff, then reports the gap.
async fn listen_loop(weak: Weak<Inner>, db: Db, channel: String) {
    const FIRST: Duration = Duration::from_millis(100);
    const MOST: Duration = Duration::from_secs(5);
    let mut backoff = FIRST;
    let mut connected_before = false;
    loop {
        let Some(inner) = weak.upgrade() else { return };
        let state = layer(&inner).state.clone();
        drop(inner);
        match crate::db::listen(&db, &channel).await {
            Ok(mut listening) => {
                backoff = FIRST;
                state.send_replace(Listen::Up);
                if connected_before {
                    tracing::info!(
                        channel,
                        "the channel listener is back; members are told they may have missed messages"
                    );
                    match weak.upgrade() {
                        Some(inner) => inner.registry.gap(),
                        None => return,
                    }
                    sweep(&db).await;
                }
                connected_before = true;
                let mut heartbeat = tokio::time::interval(Duration::from_secs(5));
                heartbeat.tick().await;
                loop {
                    tokio::select! {
                        received = listening.notifications.recv() => {
                            let Some((_, payload)) = received else { break };
                            let Some(inner) = weak.upgrade() else { return };
                            match read(&listening.client, &payload).await {
                                Ok(envelope) => {
                                    inner.registry.deliver(&envelope);
                                }
                                Err(why) => tracing::warn!(why, "a channel notification was dropped"),
                            }
                        }
                        _ = heartbeat.tick() => {
                            if weak.strong_count() == 0 {
                                return;
                            }
                            if listening.client.simple_query("SELECT 1").await.is_err() {
                                break;
                            }
                        }
                    }
                }
                state.send_replace(Listen::Down);
                tracing::warn!(
                    channel,
                    "the channel listener lost its connection; reconnecting"
                );
            }
            Err(err) => {
                state.send_replace(Listen::Down);
                tracing::warn!(channel, error = %err, retry_in = ?backoff, "the channel listener cannot connect");
            }
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(MOST);
    }
}

/// The envelope a notification's payload names.
async fn read(client: &tokio_postgres::Client, payload: &str) -> Result<Envelope, String> {
    let (group, body) = payload
        .split_once('\n')
        .ok_or_else(|| format!("payload without a group: {payload:.40}"))?;
    let Some(id) = body.strip_prefix('#') else {
        return Ok(Envelope::new(group, body));
    };
    let id: i64 = id.parse().map_err(|_| format!("bad payload id {id:.20}"))?;
    let row = client
        .query_opt(&format!("SELECT body FROM {TABLE} WHERE id = $1"), &[&id])
        .await
        .map_err(|err| err.to_string())?
        .ok_or_else(|| format!("payload {id} is gone"))?;
    let body: String = row.get(0);
    Ok(Envelope::new(group, &body))
}
