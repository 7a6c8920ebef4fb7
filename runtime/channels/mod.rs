//! **channels** — the channel layer, `twain::channels` (cargo feature
//! `channels`): named groups that reach every process, sent to from sync
//! code without waiting and from async code with `.await`. Membership lives
//! in each process and ends with its member (`mailbox.rs`: a bounded
//! mailbox per member whose overflow is reported, never silent); the handle
//! and the choice of backend are `layer.rs`; `postgres.rs` is the
//! `LISTEN/NOTIFY` backend across processes; `message.rs` what travels;
//! `sse.rs` event streams fed by a group, resumable with `Last-Event-ID`;
//! `consumer.rs` WebSocket consumers written as `fn` or `async fn`.
//! Sends inside a transaction wait for its commit (the data layer's
//! `on_commit` hooks, or `NOTIFY` in the transaction on PostgreSQL).
//!
//! May use: `db` (transactions, the PostgreSQL connections), `extract`,
//! `respond`, `exec`, `core`. `app` builds the layer with the database.
//! See `docs/channels.md`.

mod consumer;
mod extract;
mod layer;
mod mailbox;
mod message;
#[cfg(feature = "postgres")]
mod postgres;
mod sse;

pub use consumer::{AsyncConsumer, Socket, SyncConsumer, consume, consume_sync};
pub use layer::{ChannelSettings, Channels, Subscription};
pub use message::{ChannelError, Envelope, Incoming};
pub use sse::{GroupStream, LastEventId, group_events};

#[doc(inline)]
pub use twain_macros::consumer;
