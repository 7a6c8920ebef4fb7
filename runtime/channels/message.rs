//! What travels through the layer: an [`Envelope`] (a group and a message
//! as JSON text), what a member receives ([`Incoming`]: a message, or word
//! that some were lost), and [`ChannelError`].

use std::sync::Arc;

use serde::de::DeserializeOwned;

/// One message sent to a group, as every member receives it: the group's
/// name and the message as JSON text, read back with [`Envelope::json`].
#[derive(Clone, Debug)]
pub struct Envelope {
    pub(crate) group: Arc<str>,
    pub(crate) body: Arc<str>,
}

impl Envelope {
    pub(crate) fn new(group: &str, body: &str) -> Self {
        Envelope {
            group: group.into(),
            body: body.into(),
        }
    }

    /// The group it was sent to.
    pub fn group(&self) -> &str {
        &self.group
    }

    /// The message as JSON text.
    pub fn text(&self) -> &str {
        &self.body
    }

    /// The message as a `T` (the type it was sent as, or any type its JSON
    /// reads into).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, ChannelError> {
        serde_json::from_str(&self.body).map_err(ChannelError::Decode)
    }
}

/// What a member of groups receives.
#[derive(Clone, Debug)]
pub enum Incoming {
    /// A message sent to one of its groups.
    Message(Envelope),
    /// Its mailbox was full: this many messages were not kept for it (the
    /// oldest are kept, the newest dropped). It comes before the messages
    /// that arrive after the overflow.
    Missed {
        /// How many messages were dropped.
        count: u64,
    },
    /// The layer lost its link to the other processes for a while (the
    /// PostgreSQL listener reconnected): messages sent meanwhile may never
    /// arrive. Read what you need from the database again.
    Gap,
}

/// Why a send or a subscription failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum ChannelError {
    /// The message, as JSON, is larger than the layer's limit
    /// (`ChannelSettings::max_message_size`).
    TooLarge {
        /// Its size in bytes.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A group name must be 1 to 100 bytes, without control characters.
    BadGroup(String),
    /// The message could not be serialised.
    Encode(serde_json::Error),
    /// A received message did not read into the type asked for.
    Decode(serde_json::Error),
    /// The backend failed (the database refused the send, the layer is
    /// gone); the message was not sent.
    Backend(String),
}

impl std::fmt::Display for ChannelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ChannelError::TooLarge { size, limit } => write!(
                f,
                "a channel message of {size} bytes is over the limit of {limit} bytes (ChannelSettings::max_message_size); send an id and read the rest from the database"
            ),
            ChannelError::BadGroup(why) => write!(f, "bad group name: {why}"),
            ChannelError::Encode(err) => write!(f, "a channel message could not be encoded: {err}"),
            ChannelError::Decode(err) => write!(f, "a channel message could not be decoded: {err}"),
            ChannelError::Backend(why) => write!(f, "the channel layer failed: {why}"),
        }
    }
}

impl std::error::Error for ChannelError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ChannelError::Encode(err) | ChannelError::Decode(err) => Some(err),
            _ => None,
        }
    }
}

/// Checks a group's name.
pub(crate) fn check_group(group: &str) -> Result<(), ChannelError> {
    if group.is_empty() || group.len() > 100 {
        return Err(ChannelError::BadGroup(format!(
            "`{group}` must be 1 to 100 bytes long"
        )));
    }
    if group.chars().any(char::is_control) {
        return Err(ChannelError::BadGroup(format!(
            "{group:?} holds a control character"
        )));
    }
    Ok(())
}
