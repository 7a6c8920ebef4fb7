//! **respond** — response bodies beyond the plain ones of `core`'s
//! `IntoResponse`: a file streamed from disk ([`FileResponse`]), an async
//! `Stream` ([`ByteStream`]), and a sync `Iterator` pulled chunk by chunk on a
//! sync thread ([`Chunks`], through the sync pool's one wrapper).
//!
//! May use: `core`, `exec`. See `docs/architecture.md`.

mod byte_stream;
mod chunks;
mod file;

pub use byte_stream::ByteStream;
pub use chunks::{Chunk, Chunks};
pub use file::FileResponse;
