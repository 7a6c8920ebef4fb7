//! `?` from any `std::error::Error` into twain's [`Error`]: one blanket
//! `From`, so it must tell apart the errors of lower layers that answer with
//! their own status (the data layer's `DbError`: 503, 404, 409, 422) from the
//! rest, a logged 500. It lives here, above `db`, so `core` imports nothing
//! of the layers over it.

use crate::core::{BoxError, Error};

impl<E> From<E> for Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    fn from(err: E) -> Self {
        let err: BoxError = Box::new(err);
        #[cfg(feature = "sqlite")]
        let err = match err.downcast::<crate::db::DbError>() {
            Ok(db) => return (*db).into_http(),
            Err(other) => other,
        };
        Error::from_boxed(err)
    }
}
