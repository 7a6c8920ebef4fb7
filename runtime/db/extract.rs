//! How views and middleware get the database: [`Db`] as an argument of any
//! view (found in the request's scope, where `App::database` put it), and the
//! [`Conn`] of a sync part, checked out on its sync thread.

use crate::core::{Error, IntoResponse, Request, Response};
use crate::extract::FromRequest;

use super::conn::Conn;
use super::error::DbError;
use super::pool::Db;

/// The app's database, from the request's scope.
pub(crate) fn db_of(req: &Request) -> Result<Db, DbError> {
    req.scope()
        .state
        .get::<Db>()
        .map(|state| (*state).clone())
        .ok_or_else(DbError::not_configured)
}

impl FromRequest for Db {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        db_of(req).map_err(|err| Error::from(err).into_response())
    }
}

/// A sync part's `conn: Conn`: checked out on its sync thread (the request's
/// connection when one of its parts holds it already). No connection free in
/// time is a 503 with `Retry-After`; no database configured, a 500.
impl crate::extract::FromSyncRequest for Conn {
    fn from_sync_request(
        req: &mut Request,
        _: &'static str,
        _: crate::exec::Blocking<'_>,
    ) -> Result<Self, Response> {
        // The request's connection when one of its parts on this thread
        // holds it already, else one from the pool.
        db_of(req)
            .and_then(|db| Conn::here(&db))
            .map_err(IntoResponse::into_response)
    }
}
