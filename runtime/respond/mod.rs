//! **respond** — response bodies beyond the plain ones of `core`'s
//! `IntoResponse`: a file streamed from disk ([`FileResponse`]), an async
//! `Stream` ([`ByteStream`]), and a sync `Iterator` pulled chunk by chunk on a
//! sync thread ([`Chunks`], through the sync pool's one wrapper); a
//! [`Redirect`] (`redirect.rs`); server-sent events from a `Stream` or a sync
//! iterator (`sse.rs`); a streamed body's `Content-Type` (`content_type.rs`).
//!
//! May use: `core`, `exec`. See `docs/architecture.md`.

mod byte_stream;
mod chunks;
mod content_type;
mod file;
mod redirect;
pub mod sse;

pub use byte_stream::ByteStream;
pub use chunks::{Chunk, Chunks};
pub use content_type::WithContentType;
pub use file::FileResponse;
pub use redirect::Redirect;
