//! On PostgreSQL, the worker's ear: a thread holding one connection that
//! `LISTEN`s on the queue's channel and wakes the worker at each `NOTIFY`
//! an enqueuing transaction sends when it commits. It ends (its connection
//! back to the pool) once the worker is gone.

use std::sync::Weak;
use std::time::Duration;

use postgres::fallible_iterator::FallibleIterator;
use tokio::sync::Notify;

use crate::db::{Backend, Conn, Db};

use super::store::CHANNEL;

pub(crate) fn spawn(db: &Db, wake: Weak<Notify>) {
    if db.backend() != Backend::Postgres {
        return;
    }
    let db = db.clone();
    let spawned = std::thread::Builder::new()
        .name("twain-task-listen".into())
        .spawn(move || listen(&db, &wake));
    if let Err(err) = spawned {
        tracing::warn!(error = %err, "no LISTEN thread for the task queue: the worker polls");
    }
}

fn listen(db: &Db, wake: &Weak<Notify>) {
    while wake.strong_count() > 0 {
        let conn = match Conn::here(db) {
            Ok(conn) => conn,
            Err(err) => {
                tracing::warn!(error = %err, "the task queue's LISTEN connection failed; retrying");
                std::thread::sleep(Duration::from_secs(1));
                continue;
            }
        };
        let Some(mut client) = conn.postgres() else {
            return;
        };
        if let Err(err) = client.batch_execute(&format!("LISTEN {CHANNEL}")) {
            tracing::warn!(error = %err, "LISTEN on the task queue failed; retrying");
            drop(client);
            std::thread::sleep(Duration::from_secs(1));
            continue;
        }
        loop {
            let Some(notify) = wake.upgrade() else {
                let _ = client.batch_execute(&format!("UNLISTEN {CHANNEL}"));
                return;
            };
            let mut notifications = client.notifications();
            match notifications
                .timeout_iter(Duration::from_millis(500))
                .next()
            {
                Ok(Some(_)) => notify.notify_one(),
                Ok(None) => {}
                Err(err) => {
                    tracing::warn!(error = %err, "the task queue's LISTEN connection broke; reconnecting");
                    break;
                }
            }
        }
    }
}
