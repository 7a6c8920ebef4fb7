//! Consumers: WebSocket handlers with four events — connect, a message
//! from the client, a message (or a gap) from the groups it joined,
//! disconnect — written as plain `fn`s ([`SyncConsumer`]) or `async fn`s
//! ([`AsyncConsumer`]), served by [`consume_sync`] / [`consume`] from an
//! async view's `WebSocketUpgrade`.
//!
//! Each connection is one task on the async workers, which waits for the
//! next event and runs them one at a time, in order. A sync consumer's
//! state and its [`Socket`] move to a sync thread for one event (through
//! the app's sync pool, so `App::sync_threads` bounds them with the rest)
//! and come back: between events a connection holds no thread and no
//! database connection, only its task. Different connections run in
//! parallel. What a handler sends is queued on the `Socket` and written
//! when it returns.

use std::future::Future;

use futures_util::FutureExt;

use crate::core::{Error, Response};
use crate::exec::{Blocking, Job, SyncFailure, SyncPool};
use crate::extract::websocket::{CloseCode, CloseFrame, Message, WebSocket, WebSocketUpgrade};

use super::layer::{Channels, Subscription};
use super::message::{ChannelError, Incoming};

/// A consumer's side of its connection, passed to every handler: queue
/// messages for the client, join and leave groups, send to groups, close.
pub struct Socket {
    outbox: Vec<Message>,
    member: Subscription,
    close: Option<CloseFrame>,
}

impl std::fmt::Debug for Socket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Socket")
            .field("groups", &self.member.groups())
            .field("queued", &self.outbox.len())
            .finish()
    }
}

impl Socket {
    /// Queues a text message for the client (sent when the handler returns).
    pub fn send_text(&mut self, text: impl Into<String>) {
        self.outbox.push(Message::text(text.into()));
    }

    /// Queues `value` as a JSON text message.
    pub fn send_json<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let text = serde_json::to_string(value)?;
        self.send_text(text);
        Ok(())
    }

    /// Queues any message.
    pub fn send(&mut self, message: Message) {
        self.outbox.push(message);
    }

    /// Joins `group`: its messages come to the `group` handler.
    pub fn join(&mut self, group: &str) -> Result<(), ChannelError> {
        self.member.join(group)
    }

    /// Leaves `group`.
    pub fn leave(&mut self, group: &str) {
        self.member.leave(group);
    }

    /// The groups this connection is in.
    pub fn groups(&self) -> &[String] {
        self.member.groups()
    }

    /// The channel layer, to send to groups (`socket.channels().send(..)`).
    pub fn channels(&self) -> &Channels {
        self.member.channels()
    }

    /// Closes the connection after what is queued (the `disconnect`
    /// handler still runs).
    pub fn close(&mut self, code: u16, reason: &str) {
        self.close = Some(CloseFrame {
            code: CloseCode::from(code),
            reason: reason.to_owned().into(),
        });
    }

    /// A database connection for this event (feature `sqlite`): the sync
    /// pool's thread proves it may wait for one (`cx`). It goes back to the
    /// pool when dropped, at the latest when the handler returns: it cannot
    /// be kept in the consumer (`Conn` is not `Send`).
    #[cfg(feature = "sqlite")]
    pub fn conn<'cx>(
        &self,
        cx: impl crate::MayBlock<'cx>,
    ) -> Result<crate::db::Conn, crate::db::DbError> {
        let db = self.channels().database().ok_or_else(|| {
            crate::db::DbError::open("this app has no database (`App::database`)")
        })?;
        db.conn(cx)
    }
}

/// A WebSocket consumer whose handlers are plain `fn`s: each runs on a sync
/// thread, may block, and may take a database connection with
/// [`Socket::conn`]. Serve it with [`consume_sync`].
///
/// ```
/// use twain::channels::{Channels, Incoming, Socket, SyncConsumer, consume_sync};
/// use twain::prelude::*;
/// use twain::ws::{Message, WebSocketUpgrade};
///
/// struct Echo { seen: u32 }
///
/// impl SyncConsumer for Echo {
///     fn connect(&mut self, socket: &mut Socket, _cx: Blocking<'_>) -> Result<(), Error> {
///         socket.join("lobby")?;
///         Ok(())
///     }
///     fn receive(&mut self, socket: &mut Socket, message: Message, _cx: Blocking<'_>) -> Result<(), Error> {
///         self.seen += 1;
///         socket.channels().send("lobby", message.to_text().unwrap_or(""))?;
///         Ok(())
///     }
///     fn group(&mut self, socket: &mut Socket, incoming: Incoming, _cx: Blocking<'_>) -> Result<(), Error> {
///         if let Incoming::Message(m) = incoming {
///             socket.send_text(m.json::<String>()?);
///         }
///         Ok(())
///     }
/// }
///
/// #[view]
/// async fn lobby(ws: WebSocketUpgrade, channels: Channels) -> Response {
///     consume_sync(ws, &channels, Echo { seen: 0 })
/// }
/// # let _ = App::new().route("ws/", lobby);
/// ```
pub trait SyncConsumer: Send + 'static {
    /// The connection is open (the 101 is sent). An `Err` closes it.
    fn connect(&mut self, socket: &mut Socket, cx: Blocking<'_>) -> Result<(), Error> {
        let _ = (socket, cx);
        Ok(())
    }

    /// The client sent a text or binary message. An `Err` closes the
    /// connection (1011).
    fn receive(
        &mut self,
        socket: &mut Socket,
        message: Message,
        cx: Blocking<'_>,
    ) -> Result<(), Error>;

    /// A message of a group it joined, or word that some were lost
    /// ([`Incoming::Missed`], [`Incoming::Gap`]).
    fn group(
        &mut self,
        socket: &mut Socket,
        incoming: Incoming,
        cx: Blocking<'_>,
    ) -> Result<(), Error>;

    /// The connection is closed (by either side); the groups are left after.
    fn disconnect(&mut self, socket: &mut Socket, cx: Blocking<'_>) {
        let _ = (socket, cx);
    }
}

/// A WebSocket consumer whose handlers are `async fn`s, run on the async
/// workers. Serve it with [`consume`].
pub trait AsyncConsumer: Send + 'static {
    /// The connection is open. An `Err` closes it.
    fn connect(&mut self, socket: &mut Socket) -> impl Future<Output = Result<(), Error>> + Send {
        let _ = socket;
        async { Ok(()) }
    }

    /// The client sent a text or binary message. An `Err` closes it (1011).
    fn receive(
        &mut self,
        socket: &mut Socket,
        message: Message,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// A message of a group it joined, or word that some were lost.
    fn group(
        &mut self,
        socket: &mut Socket,
        incoming: Incoming,
    ) -> impl Future<Output = Result<(), Error>> + Send;

    /// The connection is closed.
    fn disconnect(&mut self, socket: &mut Socket) -> impl Future<Output = ()> + Send {
        let _ = socket;
        async {}
    }
}

/// One event of a connection.
enum Event {
    Connect,
    Receive(Message),
    Group(Incoming),
    Disconnect,
}

/// Serves a [`SyncConsumer`] on the upgraded connection: answers 101 and
/// runs its events on the app's sync threads, one at a time.
pub fn consume_sync<C: SyncConsumer>(
    ws: WebSocketUpgrade,
    channels: &Channels,
    consumer: C,
) -> Response {
    let pool = SyncPool::current();
    let socket = new_socket(channels);
    ws.on_upgrade(move |websocket| async move {
        let mut state = Some(Box::new((consumer, socket)));
        let step = |state: Box<(C, Socket)>, event: Event| {
            let pool = pool.clone();
            async move {
                let job = move |cx: Blocking<'_>| {
                    let mut state = state;
                    let (consumer, socket) = &mut *state;
                    let result = match event {
                        Event::Connect => consumer.connect(socket, cx),
                        Event::Receive(message) => consumer.receive(socket, message, cx),
                        Event::Group(incoming) => consumer.group(socket, incoming, cx),
                        Event::Disconnect => {
                            consumer.disconnect(socket, cx);
                            Ok(())
                        }
                    };
                    (state, result)
                };
                pool.run(Job::Helper, job).await
            }
        };
        drive(websocket, &mut state, step).await;
    })
}

/// Serves an [`AsyncConsumer`] on the upgraded connection: answers 101 and
/// runs its events on the connection's task, one at a time.
pub fn consume<C: AsyncConsumer>(
    ws: WebSocketUpgrade,
    channels: &Channels,
    consumer: C,
) -> Response {
    let socket = new_socket(channels);
    ws.on_upgrade(move |websocket| async move {
        let mut state = Some(Box::new((consumer, socket)));
        let step = |mut state: Box<(C, Socket)>, event: Event| async move {
            let run = async {
                let (consumer, socket) = &mut *state;
                match event {
                    Event::Connect => consumer.connect(socket).await,
                    Event::Receive(message) => consumer.receive(socket, message).await,
                    Event::Group(incoming) => consumer.group(socket, incoming).await,
                    Event::Disconnect => {
                        consumer.disconnect(socket).await;
                        Ok(())
                    }
                }
            };
            match std::panic::AssertUnwindSafe(run).catch_unwind().await {
                Ok(result) => Ok((state, result)),
                Err(payload) => Err(SyncFailure::Panicked(payload)),
            }
        };
        drive(websocket, &mut state, step).await;
    })
}

fn new_socket(channels: &Channels) -> Socket {
    Socket {
        outbox: Vec::new(),
        member: channels.subscribe(),
        close: None,
    }
}

/// The connection's loop: connect, then each message of the client or of
/// the groups in turn, then disconnect. A handler that fails closes the
/// connection with 1011; one that cannot get a sync thread in time, with
/// 1013 (try again later) — its state is lost, and `disconnect` does not run.
async fn drive<C, F, Fut>(mut websocket: WebSocket, state: &mut Option<Box<(C, Socket)>>, step: F)
where
    F: Fn(Box<(C, Socket)>, Event) -> Fut,
    Fut: Future<Output = Result<(Box<(C, Socket)>, Result<(), Error>), SyncFailure>>,
{
    let mut event = Event::Connect;
    loop {
        let disconnecting = matches!(event, Event::Disconnect);
        let Some(current) = state.take() else { return };
        match step(current, event).await {
            Ok((back, result)) => {
                *state = Some(back);
                if let Err(err) = result {
                    tracing::warn!(error = %err, "a consumer's handler failed; closing its WebSocket");
                    if let Some(state) = state.as_mut() {
                        state.1.close(1011, "internal error");
                    }
                }
            }
            Err(failure) => {
                let (code, why) = match &failure {
                    SyncFailure::Busy { .. } => (1013, "server busy"),
                    _ => (1011, "internal error"),
                };
                tracing::error!(error = %failure.into_error("a consumer's handler"), "closing its WebSocket");
                let _ = websocket
                    .close(Some(CloseFrame {
                        code: CloseCode::from(code),
                        reason: why.into(),
                    }))
                    .await;
                return;
            }
        }
        if disconnecting {
            return;
        }
        let Some(current) = state.as_mut() else {
            return;
        };
        let socket = &mut current.1;
        let mut sent = true;
        for message in socket.outbox.drain(..) {
            if websocket.send(message).await.is_err() {
                sent = false;
                break;
            }
        }
        if let Some(frame) = socket.close.take() {
            let _ = websocket.send(Message::Close(Some(frame))).await;
            sent = false;
        }
        if !sent {
            socket.outbox.clear();
            event = Event::Disconnect;
            continue;
        }
        event = loop {
            tokio::select! {
                received = websocket.recv() => match received {
                    Some(Ok(message @ (Message::Text(_) | Message::Binary(_)))) => {
                        break Event::Receive(message);
                    }
                    Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break Event::Disconnect,
                    Some(Ok(_)) => {} // pings are answered by the socket itself
                },
                incoming = socket.member.recv() => break Event::Group(incoming),
            }
        };
    }
}
