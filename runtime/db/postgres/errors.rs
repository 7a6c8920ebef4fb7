//! What a PostgreSQL error means for the response: the constraint a
//! statement broke (by SQLSTATE, class 23), and the errors a retry may cure
//! — a deadlock (`40P01`), a serialization failure (`40001`), a lock not
//! available (`55P03`), too many connections (`53300`), a server shutting
//! down (`57P01`..`57P03`) or a connection that dropped — answered 503 with
//! `Retry-After`.

use postgres::error::SqlState;

use crate::db::Constraint;

/// The constraint `err` reports, if it is a constraint violation.
pub(crate) fn constraint(err: &postgres::Error) -> Option<Constraint> {
    let db = err.as_db_error()?;
    let code = db.code();
    Some(if *code == SqlState::UNIQUE_VIOLATION {
        // PostgreSQL names a primary key's index `<table>_pkey` by default.
        if db.constraint().is_some_and(|c| c.ends_with("_pkey")) {
            Constraint::PrimaryKey
        } else {
            Constraint::Unique
        }
    } else if *code == SqlState::FOREIGN_KEY_VIOLATION {
        Constraint::ForeignKey
    } else if *code == SqlState::NOT_NULL_VIOLATION {
        Constraint::NotNull
    } else if *code == SqlState::CHECK_VIOLATION {
        Constraint::Check
    } else if code.code().starts_with("23") {
        Constraint::Other
    } else {
        return None;
    })
}

/// Whether trying again may succeed (a 503 with `Retry-After`).
pub(crate) fn is_transient(err: &postgres::Error) -> bool {
    if err.is_closed() {
        return true;
    }
    let Some(code) = err.code() else {
        // No SQLSTATE: an I/O error talks of the connection (the server went
        // away, the network broke), anything else is not worth a retry.
        return std::error::Error::source(err).is_some_and(|cause| cause.is::<std::io::Error>());
    };
    [
        SqlState::T_R_SERIALIZATION_FAILURE,
        SqlState::T_R_DEADLOCK_DETECTED,
        SqlState::LOCK_NOT_AVAILABLE,
        SqlState::TOO_MANY_CONNECTIONS,
        SqlState::ADMIN_SHUTDOWN,
        SqlState::CRASH_SHUTDOWN,
        SqlState::CANNOT_CONNECT_NOW,
    ]
    .contains(code)
}
