//! **core** — the data one request is: [`Body`], [`Request`], [`Response`] and
//! [`IntoResponse`], the HTTP [`Error`] a view returns, and the [`Scope`]
//! (state, limits, reverse table) a request carries of its app.
//!
//! It owns the request body too: the one body-limit path (`limits.rs`: the
//! declared length, then `http_body_util::Limited` as bytes arrive) and the
//! [`SpooledBody`] a sync view reads (the spooling itself is `extract`'s).
//!
//! May use: `routing` (a leaf). Nothing else of twain: core knows no app, no
//! view, no thread (`Error`'s blanket `From`, which must tell the data
//! layer's `DbError` apart, lives in `handler/error_from.rs`). See
//! `docs/architecture.md` for the layers.

mod authority;
mod body;
mod body_deadline;
mod disconnect;
mod error;
mod limits;
mod log_text;
mod millis;
mod request;
mod response;
mod safe_path;
mod scope;
mod spooled;
mod state;
pub mod stats;

pub(crate) use authority::check_authority;
pub use body::{Body, BoxError};
pub(crate) use body_deadline::with_deadlines;
pub(crate) use disconnect::{Armed, Disconnected};
pub use error::Error;
pub(crate) use error::ErrorPage;
pub(crate) use limits::{Limits, limited, read_error};
pub(crate) use log_text::LogSafe;
pub(crate) use millis::Millis;
pub(crate) use request::BodySlot;
pub use request::Request;
pub use response::{Html, IntoResponse, Json, Response};
pub use safe_path::SafePath;
pub(crate) use scope::Scope;
pub use spooled::SpooledBody;
pub use state::State;
pub(crate) use state::{StateMap, missing_state_message};
