//! [`FromParam`]: the types a route parameter converts into, and the
//! `FromRequest` impl that finds a parameter by the argument's name; one that
//! does not convert answers 404, as a converter that rejects a segment does.
//!
//! A `<path:...>` parameter meant for the file system converts to
//! [`SafePath`] (or `PathBuf`, checked the same way): `..`, absolute paths,
//! backslashes and NUL are a 404 before the view runs.

use std::path::PathBuf;

use crate::core::{Error, IntoResponse, Request, Response, SafePath};

use super::FromRequest;

/// A type a route parameter converts into: `<int:year>` to `year: u32`.
///
/// A parameter that does not convert (`99999999999` for a `u8`) answers 404, as
/// a converter that rejects a segment does.
///
/// For a file name from the URL (`"static/<path:file>"`), take
/// `file: SafePath`: it refuses `..`, absolute paths and backslash or NUL
/// tricks, so joining it to a directory cannot leave it. `PathBuf` is
/// checked the same way.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a route parameter",
    note = "implement `twain::FromParam` for it: `fn from_param(value: &str) -> Option<Self>`"
)]
pub trait FromParam: Sized + Send + 'static {
    /// Converts the percent-decoded segment; `None` answers 404.
    fn from_param(value: &str) -> Option<Self>;
}

macro_rules! from_param_by_from_str {
    ($($ty:ty),* $(,)?) => {$(
        impl FromParam for $ty {
            fn from_param(value: &str) -> Option<Self> {
                value.parse().ok()
            }
        }
    )*};
}

from_param_by_from_str!(
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    f32,
    f64,
    bool,
    char,
    String,
    uuid::Uuid,
    std::net::IpAddr,
);

/// Only what [`SafePath`] accepts: `..`, absolute paths, backslashes, `:`
/// and NUL are a 404.
impl FromParam for SafePath {
    fn from_param(value: &str) -> Option<Self> {
        SafePath::new(value)
    }
}

/// Checked as [`SafePath`] is (no `..`, not absolute, no backslash, `:` or
/// NUL) and normalised, so `root.join(path)` stays inside `root`.
impl FromParam for PathBuf {
    fn from_param(value: &str) -> Option<Self> {
        SafePath::new(value).map(|path| path.as_path().to_path_buf())
    }
}

impl<T: FromParam> FromRequest for T {
    const ROUTE_PARAM: bool = true;

    async fn from_request(req: &mut Request, name: &'static str) -> Result<Self, Response> {
        let Some(raw) = req.param(name) else {
            return Err(
                Error::internal(format!("the matched route has no parameter `{name}`"))
                    .into_response(),
            );
        };
        T::from_param(raw).ok_or_else(|| Error::no_route(req.path()).into_response())
    }
}
