//! A connection of its own for `LISTEN`: a pooled connection cannot listen
//! (it goes back to the pool, and its notifications with it). [`listen`]
//! opens one with the pools' settings, sends `LISTEN channel`, and hands the
//! notifications over a channel; the channel closes when the connection
//! drops, which is how its owner learns it must reconnect.

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio_postgres::AsyncMessage;

use crate::db::error::DbError;
use crate::db::pool::{Db, Pools};

/// The listening connection's `application_name`, as `pg_stat_activity`
/// shows it.
pub(crate) const LISTENER_NAME: &str = "twain channels listener";

/// A listening connection: its client (to send more statements, e.g.
/// `SELECT 1` as a heartbeat) and its notifications as `(channel, payload)`.
pub(crate) struct Listening {
    pub(crate) client: tokio_postgres::Client,
    pub(crate) notifications: mpsc::UnboundedReceiver<(String, String)>,
}

/// Opens a connection outside the pools and `LISTEN`s on `channel` (an
/// identifier, quoted here). Must run inside a tokio runtime: the
/// connection is driven by a task of its own.
pub(crate) async fn listen(db: &Db, channel: &str) -> Result<Listening, DbError> {
    let Pools::Postgres(pools) = &db.shared.pools else {
        return Err(DbError::open("LISTEN needs a PostgreSQL database"));
    };
    let (config, connector) = &*pools.direct;
    let mut config = config.clone();
    config.application_name(LISTENER_NAME);
    let (client, mut connection) = config
        .connect(connector.clone())
        .await
        .map_err(|err| DbError::open(super::pool::with_cause(&err)))?;
    let (tx, notifications) = mpsc::unbounded_channel();
    tokio::spawn(async move {
        let mut messages = futures_util::stream::poll_fn(move |cx| connection.poll_message(cx));
        while let Some(message) = messages.next().await {
            match message {
                Ok(AsyncMessage::Notification(n)) => {
                    if tx
                        .send((n.channel().to_owned(), n.payload().to_owned()))
                        .is_err()
                    {
                        break;
                    }
                }
                Ok(_) => {}
                Err(err) => {
                    tracing::debug!(error = %err, "the listening connection failed");
                    break;
                }
            }
        }
    });
    let quoted = format!("\"{}\"", channel.replace('"', "\"\""));
    client
        .batch_execute(&format!("LISTEN {quoted}"))
        .await
        .map_err(|err| DbError::open(super::pool::with_cause(&err)))?;
    Ok(Listening {
        client,
        notifications,
    })
}
