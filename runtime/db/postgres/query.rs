//! The async queries on `Db` over PostgreSQL, read on the async worker
//! itself — no thread switch, no sync thread held: single statements on a
//! shared, pipelined client (`shared.rs`), `db.stream` on a client of the
//! deadpool-postgres pool; each statement prepared once per connection.

use std::pin::pin;

use futures_util::StreamExt;

use crate::db::error::DbError;
use crate::db::placeholders::{Dialect, rewrite};
use crate::db::row::Row;
use crate::db::rows::FromRow;
use crate::db::value::Value;

use super::shared::SharedClients;

async fn client(
    pool: &deadpool_postgres::Pool,
    wait: std::time::Duration,
) -> Result<deadpool_postgres::Object, DbError> {
    use deadpool_postgres::PoolError;
    pool.get().await.map_err(|err| match err {
        PoolError::Timeout(_) => DbError::pool_busy(wait),
        PoolError::Backend(err) => DbError::from(err),
        other => DbError::open(other),
    })
}

/// Runs a statement, returning how many rows it changed.
pub(crate) async fn execute_async(
    shared: &SharedClients,
    sql: &str,
    params: Vec<Value>,
) -> Result<u64, DbError> {
    let client = shared.client().await?;
    let stmt = client.prepare(&rewrite(sql, Dialect::Postgres)).await?;
    Ok(client.client().execute_raw(&stmt, params.iter()).await?)
}

/// The first row of a query, mapped to `T`.
pub(crate) async fn first_async<T: FromRow>(
    shared: &SharedClients,
    sql: &str,
    params: Vec<Value>,
) -> Result<Option<T>, DbError> {
    let client = shared.client().await?;
    let stmt = client.prepare(&rewrite(sql, Dialect::Postgres)).await?;
    let mut rows = pin!(client.client().query_raw(&stmt, params.iter()).await?);
    match rows.next().await {
        Some(row) => Ok(Some(T::from_row(&Row::postgres(&row?))?)),
        None => Ok(None),
    }
}

/// Every row of a query, mapped to `T`.
pub(crate) async fn all_async<T: FromRow>(
    shared: &SharedClients,
    sql: &str,
    params: Vec<Value>,
) -> Result<Vec<T>, DbError> {
    let client = shared.client().await?;
    let stmt = client.prepare(&rewrite(sql, Dialect::Postgres)).await?;
    let mut rows = pin!(client.client().query_raw(&stmt, params.iter()).await?);
    let mut out = Vec::new();
    while let Some(row) = rows.next().await {
        out.push(T::from_row(&Row::postgres(&row?))?);
    }
    Ok(out)
}

/// `db.stream` on the async pool: the rows are read on the async worker and
/// sent in batches through the stream's bounded channel, so a slow client
/// stops the reading (and, through the socket, the server); a dropped stream
/// ends it and gives the connection back.
pub(crate) async fn stream_async<T: FromRow + Send + 'static>(
    pool: deadpool_postgres::Pool,
    wait: std::time::Duration,
    sql: String,
    params: Vec<Value>,
    tx: tokio::sync::mpsc::Sender<Result<Vec<T>, DbError>>,
    batch: usize,
) {
    let mut out = Vec::with_capacity(batch);
    let failed = async {
        let client = client(&pool, wait).await?;
        let stmt = client
            .prepare_cached(&rewrite(&sql, Dialect::Postgres))
            .await?;
        let mut rows = pin!(client.query_raw(&stmt, params.iter()).await?);
        while let Some(row) = rows.next().await {
            out.push(T::from_row(&Row::postgres(&row?))?);
            if out.len() == batch {
                let full = std::mem::replace(&mut out, Vec::with_capacity(batch));
                if tx.send(Ok(full)).await.is_err() {
                    return Ok(()); // the stream was dropped
                }
            }
        }
        Ok::<(), DbError>(())
    }
    .await;
    // The rows read before an error (or the last rows) go first.
    if !out.is_empty() && tx.send(Ok(out)).await.is_err() {
        return;
    }
    if let Err(err) = failed {
        let _ = tx.send(Err(err)).await;
    }
}
