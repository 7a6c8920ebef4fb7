//! Which connection each sync thread's request holds, per database: the parts
//! of one request on one thread (sync middleware, the view, an async part
//! driven in between, `db.run` run in place) share one [`Conn`](super::Conn),
//! and inside an **atomic request** one transaction too. The atomic scope
//! itself — started at the request's switch, ended with a commit or a
//! rollback by the status of its response — is [`atomic_request`].

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::core::Response;

use super::conn::Held;
use super::error::DbError;
use super::pool::Db;

/// One database's connection on this thread.
struct Entry {
    db: usize,
    /// The connection the request's parts share, while one of them holds it.
    conn: Weak<Held>,
    /// In an atomic request: the scope keeps the connection (and its open
    /// transaction) until the request's sync part is done.
    atomic: Option<Option<Rc<Held>>>,
}

thread_local! {
    static ENTRIES: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// The connection this thread's request already holds for `db`.
pub(crate) fn find(db: &Db) -> Option<Rc<Held>> {
    ENTRIES.with_borrow(|entries| {
        entries
            .iter()
            .find(|e| e.db == db.shared.id)
            .and_then(|e| e.conn.upgrade())
    })
}

/// Whether this thread's request holds a connection for `db`, or runs an
/// atomic request on it: a query must then go through that connection.
#[cfg(feature = "postgres")]
pub(crate) fn engaged(db: &Db) -> bool {
    ENTRIES.with_borrow(|entries| {
        entries
            .iter()
            .any(|e| e.db == db.shared.id && (e.conn.strong_count() > 0 || e.atomic.is_some()))
    })
}

/// Records a new connection as this thread's for its database; inside an
/// atomic request, starts the request's transaction on it.
pub(crate) fn register(held: &Rc<Held>) -> Result<(), DbError> {
    let id = held.db.shared.id;
    let atomic = ENTRIES.with_borrow_mut(|entries| {
        let weak = Rc::downgrade(held);
        match entries.iter_mut().find(|e| e.db == id) {
            Some(entry) => {
                entry.conn = weak;
                entry.atomic.is_some()
            }
            None => {
                // Forget the databases of apps gone from this thread (tests
                // build many), so the list stays as short as the live ones.
                entries.retain(|e| e.conn.strong_count() > 0 || e.atomic.is_some());
                entries.push(Entry {
                    db: id,
                    conn: weak,
                    atomic: None,
                });
                false
            }
        }
    });
    if atomic {
        held.begin()?;
        ENTRIES.with_borrow_mut(|entries| {
            if let Some(entry) = entries.iter_mut().find(|e| e.db == id) {
                entry.atomic = Some(Some(held.clone()));
            }
        });
    }
    Ok(())
}

/// Runs a request's sync part (`part`) as an atomic request on `db`: the
/// first connection it checks out starts a transaction that every later
/// `Conn` of the request on this thread shares; when `part` answers, a status
/// under 500 commits and anything else rolls back, as does a panic. A part
/// that never touches the database costs nothing. Nested (an atomic request
/// already runs on this thread), `part` joins the outer one.
pub(crate) fn atomic_request(db: &Db, part: impl FnOnce() -> Response) -> Response {
    let id = db.shared.id;
    let nested = ENTRIES.with_borrow_mut(|entries| match entries.iter_mut().find(|e| e.db == id) {
        Some(entry) if entry.atomic.is_some() => true,
        Some(entry) => {
            entry.atomic = Some(None);
            false
        }
        None => {
            entries.push(Entry {
                db: id,
                conn: Weak::new(),
                atomic: Some(None),
            });
            false
        }
    });
    if nested {
        return part();
    }
    let mut scope = Scope { db: id, ok: false };
    let response = part();
    scope.ok = !response.status().is_server_error();
    let finished = scope.finish();
    std::mem::forget(scope);
    match finished {
        Ok(()) => response,
        Err(err) => {
            tracing::error!(error = %err, "committing an atomic request failed; answering 500");
            crate::core::IntoResponse::into_response(crate::core::Error::from(err))
        }
    }
}

/// Ends the atomic scope when dropped: on unwind, a rollback.
struct Scope {
    db: usize,
    ok: bool,
}

impl Scope {
    fn finish(&self) -> Result<(), DbError> {
        let held = ENTRIES.with_borrow_mut(|entries| {
            entries
                .iter_mut()
                .find(|e| e.db == self.db)
                .and_then(|e| e.atomic.take())
                .flatten()
        });
        let Some(held) = held else {
            return Ok(()); // the request never touched the database
        };
        tracing::debug!(commit = self.ok, "atomic request ends");
        held.end(self.ok)
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        self.ok = false;
        if let Err(err) = self.finish() {
            tracing::error!(error = %err, "rolling back an atomic request failed");
        }
    }
}
