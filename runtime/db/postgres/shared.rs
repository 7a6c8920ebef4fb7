//! The shared clients of one [`Db`](crate::db::Db): the async single
//! statements outside a transaction (`db.query_one`, `get`, `all`,
//! `execute`) go to one of a few tokio-postgres clients that every request
//! shares, instead of a pooled connection each. tokio-postgres pipelines
//! the statements of concurrent callers on one connection (each is written
//! as soon as it is issued; the answers come back in order), so a request
//! neither waits for a free connection nor holds one while it waits: one
//! round trip's latency is shared by every statement in flight.
//!
//! - One client per core, each thread keeping to one; each connects when first used
//!   (and again once it is found closed: the server went away, or the
//!   runtime its connection task ran on ended), on the runtime of the caller.
//! - Each client keeps its prepared statements (up to [`STATEMENTS`]).
//! - What needs a connection of its own stays on the pool: transactions
//!   (`db.run`, `db.atomic`, a sync `Conn`) and `db.stream`, whose long
//!   read would hold up every statement behind it on a shared client.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio_postgres::Statement;

use super::tls::Connector;
use crate::db::error::DbError;

/// Statements kept prepared per shared client; past this the cache starts over.
const STATEMENTS: usize = 256;

/// A connected client and the statements prepared on it.
pub(crate) struct SharedClient {
    client: tokio_postgres::Client,
    statements: Mutex<HashMap<Box<str>, Statement>>,
}

impl SharedClient {
    pub(crate) fn client(&self) -> &tokio_postgres::Client {
        &self.client
    }

    /// `sql` prepared on this client, once.
    pub(crate) async fn prepare(&self, sql: &str) -> Result<Statement, DbError> {
        if let Some(stmt) = self.cached(sql) {
            return Ok(stmt);
        }
        let stmt = self.client.prepare(sql).await?;
        let mut statements = self
            .statements
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if statements.len() >= STATEMENTS {
            statements.clear();
        }
        statements.insert(sql.into(), stmt.clone());
        Ok(stmt)
    }

    fn cached(&self, sql: &str) -> Option<Statement> {
        self.statements
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(sql)
            .cloned()
    }
}

/// One client's place: the client once connected, and a lock that lets one
/// caller at a time connect it.
struct Slot {
    client: Mutex<Option<Arc<SharedClient>>>,
    connecting: tokio::sync::Mutex<()>,
}

thread_local! {
    /// This thread's client: each async worker keeps to one, so its
    /// requests' statements queue on one connection.
    static THREAD_SLOT: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

/// The shared clients of one database.
pub(crate) struct SharedClients {
    config: tokio_postgres::Config,
    connector: Connector,
    slots: Box<[Slot]>,
    next: AtomicUsize,
}

impl SharedClients {
    /// `count` clients (at least one), none connected yet.
    pub(crate) fn new(config: tokio_postgres::Config, connector: Connector, count: usize) -> Self {
        let slots = (0..count.max(1))
            .map(|_| Slot {
                client: Mutex::new(None),
                connecting: tokio::sync::Mutex::new(()),
            })
            .collect();
        SharedClients {
            config,
            connector,
            slots,
            next: AtomicUsize::new(0),
        }
    }

    /// This thread's client, connected first if it is not (or no longer).
    pub(crate) async fn client(&self) -> Result<Arc<SharedClient>, DbError> {
        let at = THREAD_SLOT.with(|slot| {
            let at = slot
                .get()
                .unwrap_or_else(|| self.next.fetch_add(1, Ordering::Relaxed));
            slot.set(Some(at));
            at
        }) % self.slots.len();
        let slot = &self.slots[at];
        if let Some(client) = live(slot) {
            return Ok(client);
        }
        let _connecting = slot.connecting.lock().await;
        if let Some(client) = live(slot) {
            return Ok(client); // another caller connected it meanwhile
        }
        let client = Arc::new(self.connect().await?);
        *slot.client.lock().unwrap_or_else(PoisonError::into_inner) = Some(client.clone());
        Ok(client)
    }

    async fn connect(&self) -> Result<SharedClient, DbError> {
        let (client, connection) = self.config.connect(self.connector.clone()).await?;
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(error = %err, "a shared PostgreSQL connection ended");
            }
        });
        tracing::debug!("a shared PostgreSQL client connected");
        Ok(SharedClient {
            client,
            statements: Mutex::new(HashMap::new()),
        })
    }
}

/// The slot's client, if it is connected and open.
fn live(slot: &Slot) -> Option<Arc<SharedClient>> {
    slot.client
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .as_ref()
        .filter(|shared| !shared.client.is_closed())
        .cloned()
}
