//! [`Tx`]: a transaction (or, inside one, a savepoint) on a [`Conn`],
//! rolled back unless committed — on an `Err`, a panic, or a forgotten
//! commit alike. On SQLite transactions start `BEGIN IMMEDIATE`: in WAL mode
//! a transaction that reads first and writes later can fail with
//! `database is locked` at its first write; one that takes the write lock at
//! its start waits for it (`busy_timeout`) instead. On PostgreSQL they start
//! `BEGIN` (READ COMMITTED).

use std::cell::Cell;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};

use super::conn::Conn;
use super::error::DbError;

/// A transaction on a connection, as `conn.atomic(|tx| ..)` and
/// `db.atomic(|tx| ..)` pass it. It derefs to [`Conn`], so every query method
/// is there.
pub struct Tx<'c> {
    conn: &'c Conn,
    /// `None` for a transaction, the savepoint's name inside one.
    savepoint: Option<String>,
    /// The connection's `on_commit` hooks when the savepoint began.
    hooks: usize,
    done: Cell<bool>,
}

impl<'c> Tx<'c> {
    /// Starts a transaction, or a savepoint when `conn` is in one already.
    pub(crate) fn begin(conn: &'c Conn) -> Result<Self, DbError> {
        let savepoint = if conn.is_autocommit() {
            conn.held().begin()?;
            None
        } else {
            static N: AtomicU64 = AtomicU64::new(0);
            let name = format!("twain_{}", N.fetch_add(1, Ordering::Relaxed));
            conn.execute_batch(&format!("SAVEPOINT {name}"))?;
            Some(name)
        };
        Ok(Tx {
            conn,
            hooks: conn.held().hooks_mark(),
            savepoint,
            done: Cell::new(false),
        })
    }

    /// Makes the changes permanent (or part of the outer transaction).
    pub(crate) fn commit(&self) -> Result<(), DbError> {
        self.done.set(true);
        let result = match &self.savepoint {
            None => self.conn.held().end(true),
            Some(name) => self.conn.execute_batch(&format!("RELEASE {name}")),
        };
        if let Err(err) = result {
            // A failed COMMIT was rolled back; a failed RELEASE is rolled
            // back to its savepoint when the `Tx` is dropped.
            self.done.set(self.savepoint.is_none());
            return Err(err);
        }
        Ok(())
    }

    /// Undoes the changes.
    pub(crate) fn rollback(&self) -> Result<(), DbError> {
        self.done.set(true);
        match &self.savepoint {
            None => self.conn.held().end(false),
            Some(name) => {
                self.conn.held().drop_hooks_since(self.hooks);
                self.conn
                    .execute_batch(&format!("ROLLBACK TO {name}; RELEASE {name}"))
            }
        }
    }
}

impl Deref for Tx<'_> {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done.get()
            && let Err(err) = self.rollback()
        {
            tracing::error!(error = %err, "rolling back a transaction failed");
        }
    }
}

impl std::fmt::Debug for Tx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx")
            .field("savepoint", &self.savepoint)
            .finish()
    }
}
