//! [`Db::stream`]: the rows of a query as a `Stream` in async code, pulled on
//! a sync thread (on PostgreSQL, read on the async worker from the async
//! pool: `postgres/query.rs`) in batches through a bounded channel. The sync side blocks
//! when the channel is full, so a slow client slows the query down instead of
//! filling memory; dropping the stream (the client went away) ends the query
//! at its next batch and gives the connection and the sync thread back.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::Stream;
use tokio::sync::mpsc;

use crate::exec::{Job, SyncFailure, SyncPool};

use super::conn::Conn;
use super::error::DbError;
use super::pool::Db;
use super::rows::FromRow;
use super::value::Params;

/// Rows per batch sent from the sync thread.
const BATCH: usize = 256;
/// Batches in flight between the sync thread and the stream.
const IN_FLIGHT: usize = 2;

impl Db {
    /// The rows of a query as a `Stream` of `Result<T, DbError>`, read on a
    /// sync thread in batches of 256 with at most two batches waiting: the
    /// async twin of [`Conn::iter`], with the same row types.
    ///
    /// The query starts at once. While it runs it holds a connection and, on
    /// SQLite, a sync thread (counted in `App::sync_threads`; on PostgreSQL
    /// the rows are read on the async worker); both are given back when the
    /// last row is read or the stream is dropped.
    ///
    /// ```
    /// use futures_util::StreamExt;
    /// use twain::db::{Db, FromRow};
    /// use twain::prelude::*;
    /// use twain::ByteStream;
    ///
    /// #[derive(FromRow)]
    /// struct Article { id: i64, title: String }
    ///
    /// #[view]
    /// async fn export(db: Db) -> impl IntoResponse {
    ///     let rows = db.stream::<Article>("SELECT id, title FROM articles ORDER BY id", ());
    ///     ByteStream(rows.map(|row| {
    ///         row.map(|a| format!("{},{}\n", a.id, a.title)).map_err(|e| e.to_string())
    ///     }))
    /// }
    /// ```
    pub fn stream<T>(
        &self,
        sql: impl Into<String>,
        params: impl Params + Send + 'static,
    ) -> RowStream<T>
    where
        T: FromRow + Send + 'static,
    {
        let (tx, rx) = mpsc::channel::<Result<Vec<T>, DbError>>(IN_FLIGHT);
        #[cfg(feature = "postgres")]
        if let super::pool::Pools::Postgres(pools) = &self.shared.pools {
            let wait = self.shared.settings.checkout_wait;
            let read = super::postgres::stream_async(
                pools.pool.clone(),
                wait,
                sql.into(),
                params.into_values(),
                tx,
                BATCH,
            );
            tokio::spawn(read);
            return RowStream {
                rx,
                batch: VecDeque::new(),
            };
        }
        let (db, sql, failed) = (self.clone(), sql.into(), tx.clone());
        let pool = SyncPool::current();
        let job = move |_cx: crate::exec::Blocking<'_>| pull(&db, &sql, params, &tx);
        tokio::spawn(async move {
            let why = match pool.run(Job::Helper, job).await {
                Ok(()) => return,
                Err(SyncFailure::Panicked(payload)) => {
                    let message = crate::exec::panic_message(&*payload).to_owned();
                    tracing::error!(panic = message, "a row stream panicked");
                    DbError::job(crate::core::Error::internal(format!(
                        "`db.stream` panicked: {message}"
                    )))
                }
                Err(failure) => DbError::job(failure.into_error("`db.stream`")),
            };
            let _ = failed.send(Err(why)).await;
        });
        RowStream {
            rx,
            batch: VecDeque::new(),
        }
    }
}

/// On the sync thread: runs the query and sends its rows, a batch at a time,
/// until the last row, an error, or the stream is dropped.
fn pull<T: FromRow>(
    db: &Db,
    sql: &str,
    params: impl Params,
    tx: &mpsc::Sender<Result<Vec<T>, DbError>>,
) {
    let send = |item| tx.blocking_send(item).is_ok();
    let conn = match Conn::here(db) {
        Ok(conn) => conn,
        Err(err) => {
            send(Err(err));
            return;
        }
    };
    let rows = match conn.iter::<T>(sql, params) {
        Ok(rows) => rows,
        Err(err) => {
            send(Err(err));
            return;
        }
    };
    let mut batch = Vec::with_capacity(BATCH);
    for row in rows {
        match row {
            Ok(row) => batch.push(row),
            Err(err) => {
                if !batch.is_empty() && !send(Ok(std::mem::take(&mut batch))) {
                    return;
                }
                send(Err(err));
                return;
            }
        }
        if batch.len() == BATCH
            && !send(Ok(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))))
        {
            return; // the stream was dropped
        }
    }
    if !batch.is_empty() {
        send(Ok(batch));
    }
}

/// The rows of [`Db::stream`], as a `futures::Stream`.
pub struct RowStream<T> {
    rx: mpsc::Receiver<Result<Vec<T>, DbError>>,
    batch: VecDeque<T>,
}

impl<T> Unpin for RowStream<T> {}

impl<T> Stream for RowStream<T> {
    type Item = Result<T, DbError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(row) = self.batch.pop_front() {
            return Poll::Ready(Some(Ok(row)));
        }
        match self.rx.poll_recv(cx) {
            Poll::Ready(Some(Ok(batch))) => {
                self.batch = batch.into();
                Poll::Ready(self.batch.pop_front().map(Ok))
            }
            Poll::Ready(Some(Err(err))) => Poll::Ready(Some(Err(err))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<T> std::fmt::Debug for RowStream<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RowStream")
            .field("buffered", &self.batch.len())
            .finish()
    }
}
