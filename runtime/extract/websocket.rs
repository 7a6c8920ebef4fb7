//! WebSockets in async views: the [`WebSocketUpgrade`] argument checks the
//! handshake (RFC 6455 over HTTP/1.1), and its `on_upgrade` answers 101 and
//! runs the given task on the upgraded connection (hyper's upgrade, then
//! tokio-tungstenite's [`WebSocket`]) once the response is sent. It lives on
//! the async workers, so a sync view cannot take it (a compile error).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::{Sink, Stream, StreamExt};
use http::header::{
    CONNECTION, HeaderValue, SEC_WEBSOCKET_ACCEPT, SEC_WEBSOCKET_KEY, SEC_WEBSOCKET_PROTOCOL,
    SEC_WEBSOCKET_VERSION, UPGRADE,
};
use http::{HeaderMap, Method, StatusCode};
use hyper::upgrade::{OnUpgrade, Upgraded};
use hyper_util::rt::TokioIo;
use tokio_tungstenite::WebSocketStream;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;
use tokio_tungstenite::tungstenite::protocol::{Role, WebSocketConfig};

pub use tokio_tungstenite::tungstenite::Error as WsError;
pub use tokio_tungstenite::tungstenite::Message;
pub use tokio_tungstenite::tungstenite::protocol::CloseFrame;
pub use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use crate::core::{Body, Error, IntoResponse, Request, Response};

use super::FromRequest;

/// A WebSocket handshake, as an async view's argument. Answer with
/// [`WebSocketUpgrade::on_upgrade`]: it returns the `101 Switching
/// Protocols` response and runs your task on the socket once it is sent.
/// A request that is not a WebSocket handshake gets a 400 (426 for a wrong
/// `Sec-WebSocket-Version`) that says what was missing.
///
/// ```
/// use twain::prelude::*;
/// use twain::ws::{Message, WebSocket, WebSocketUpgrade};
///
/// #[view]
/// async fn echo(ws: WebSocketUpgrade) -> Response {
///     ws.on_upgrade(|mut socket: WebSocket| async move {
///         while let Some(Ok(message)) = socket.recv().await {
///             if let Message::Text(_) | Message::Binary(_) = message {
///                 if socket.send(message).await.is_err() {
///                     break;
///                 }
///             }
///         }
///     })
/// }
///
/// let app = App::new().route("ws/", get(echo));
/// # let _ = app;
/// ```
///
/// In a sync view it does not compile (a socket lives on the async workers):
///
/// ```compile_fail
/// use twain::prelude::*;
/// use twain::ws::WebSocketUpgrade;
///
/// #[view]
/// fn echo(ws: WebSocketUpgrade) -> Response {  // error: `WebSocketUpgrade` works only in async views
///     ws.on_upgrade(|_socket| async {})
/// }
/// ```
#[derive(Debug)]
pub struct WebSocketUpgrade {
    accept: HeaderValue,
    on_upgrade: OnUpgrade,
    protocols: Vec<String>,
    chosen: Option<HeaderValue>,
    config: WebSocketConfig,
}

impl WebSocketUpgrade {
    /// The subprotocols the client offered (`Sec-WebSocket-Protocol`).
    pub fn requested_protocols(&self) -> &[String] {
        &self.protocols
    }

    /// Picks the first of `supported` the client offered, if any, and names it
    /// in the 101 answer.
    pub fn protocols<I, P>(mut self, supported: I) -> Self
    where
        I: IntoIterator<Item = P>,
        P: AsRef<str>,
    {
        self.chosen = supported
            .into_iter()
            .find(|p| self.protocols.iter().any(|offered| offered == p.as_ref()))
            .and_then(|p| HeaderValue::from_str(p.as_ref()).ok());
        self
    }

    /// The largest message accepted (default 64 MiB); larger ones end the
    /// socket with an error.
    pub fn max_message_size(mut self, bytes: usize) -> Self {
        self.config = self.config.max_message_size(Some(bytes));
        self
    }

    /// Answers `101 Switching Protocols`; once it is sent, `callback` runs on
    /// a task of its own with the socket. If the upgrade fails (the client
    /// left) it is logged and `callback` never runs.
    pub fn on_upgrade<F, Fut>(self, callback: F) -> Response
    where
        F: FnOnce(WebSocket) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let WebSocketUpgrade {
            accept,
            on_upgrade,
            chosen,
            config,
            ..
        } = self;
        tokio::spawn(async move {
            match on_upgrade.await {
                Ok(upgraded) => {
                    let io = TokioIo::new(upgraded);
                    let stream =
                        WebSocketStream::from_raw_socket(io, Role::Server, Some(config)).await;
                    callback(WebSocket { inner: stream }).await;
                }
                Err(err) => tracing::debug!(error = %err, "the WebSocket upgrade failed"),
            }
        });
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::SWITCHING_PROTOCOLS;
        let headers = response.headers_mut();
        headers.insert(UPGRADE, HeaderValue::from_static("websocket"));
        headers.insert(CONNECTION, HeaderValue::from_static("upgrade"));
        headers.insert(SEC_WEBSOCKET_ACCEPT, accept);
        if let Some(protocol) = chosen {
            headers.insert(SEC_WEBSOCKET_PROTOCOL, protocol);
        }
        response
    }
}

impl FromRequest for WebSocketUpgrade {
    const ASYNC_ONLY: bool = true;

    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        let (accept, protocols) =
            check_handshake(req.method(), req.headers()).map_err(IntoResponse::into_response)?;
        let on_upgrade = req.extensions_mut().remove::<OnUpgrade>().ok_or_else(|| {
            Error::new(
                StatusCode::UPGRADE_REQUIRED,
                "this connection cannot be upgraded to a WebSocket (WebSockets need HTTP/1.1 through twain's server; the test clients have no socket)",
            )
            .into_response()
        })?;
        Ok(WebSocketUpgrade {
            accept,
            on_upgrade,
            protocols,
            chosen: None,
            config: WebSocketConfig::default(),
        })
    }
}

/// The `Sec-WebSocket-Accept` value and the offered subprotocols, or what is
/// wrong with the handshake.
fn check_handshake(
    method: &Method,
    headers: &HeaderMap,
) -> Result<(HeaderValue, Vec<String>), Error> {
    let bad = |why: &str| {
        Error::new(
            StatusCode::BAD_REQUEST,
            format!("not a WebSocket handshake: {why}"),
        )
    };
    if method != Method::GET {
        return Err(bad("the method must be GET"));
    }
    let has_token = |name, token: &str| {
        headers.get_all(name).iter().any(|value| {
            value
                .to_str()
                .unwrap_or("")
                .split(',')
                .any(|t| t.trim().eq_ignore_ascii_case(token))
        })
    };
    if !has_token(CONNECTION, "upgrade") {
        return Err(bad("`Connection: upgrade` is missing"));
    }
    if !has_token(UPGRADE, "websocket") {
        return Err(bad("`Upgrade: websocket` is missing"));
    }
    if headers
        .get(SEC_WEBSOCKET_VERSION)
        .map(HeaderValue::as_bytes)
        != Some(b"13")
    {
        return Err(Error::new(
            StatusCode::UPGRADE_REQUIRED,
            "not a WebSocket handshake: `Sec-WebSocket-Version: 13` is required",
        ));
    }
    let key = headers
        .get(SEC_WEBSOCKET_KEY)
        .ok_or_else(|| bad("`Sec-WebSocket-Key` is missing"))?;
    let accept = HeaderValue::from_str(&derive_accept_key(key.as_bytes()))
        .map_err(|_| bad("`Sec-WebSocket-Key` is not valid"))?;
    let protocols = headers
        .get_all(SEC_WEBSOCKET_PROTOCOL)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    Ok((accept, protocols))
}

/// An open WebSocket: `recv().await` the next message, `send(msg).await` one.
/// It is also a `Stream` of messages and a `Sink` of them, to `split()` into a
/// reader and a writer (`twain::futures::StreamExt::split`).
#[derive(Debug)]
pub struct WebSocket {
    inner: WebSocketStream<TokioIo<Upgraded>>,
}

impl WebSocket {
    /// The next message; `None` once the socket is closed.
    pub async fn recv(&mut self) -> Option<Result<Message, WsError>> {
        self.inner.next().await
    }

    /// Sends a message (flushed).
    pub async fn send(&mut self, message: Message) -> Result<(), WsError> {
        futures_util::SinkExt::send(&mut self.inner, message).await
    }

    /// Sends a close frame and flushes it.
    pub async fn close(mut self, frame: Option<CloseFrame>) -> Result<(), WsError> {
        self.inner.close(frame).await
    }

    /// The tokio-tungstenite stream underneath.
    pub fn into_inner(self) -> WebSocketStream<TokioIo<Upgraded>> {
        self.inner
    }
}

impl Stream for WebSocket {
    type Item = Result<Message, WsError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Pin::new(&mut self.inner).poll_next(cx)
    }
}

impl Sink<Message> for WebSocket {
    type Error = WsError;

    fn poll_ready(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), WsError>> {
        Pin::new(&mut self.inner).poll_ready(cx)
    }

    fn start_send(mut self: Pin<&mut Self>, item: Message) -> Result<(), WsError> {
        Pin::new(&mut self.inner).start_send(item)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), WsError>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), WsError>> {
        Pin::new(&mut self.inner).poll_close(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handshake() -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONNECTION, HeaderValue::from_static("keep-alive, Upgrade"));
        headers.insert(UPGRADE, HeaderValue::from_static("websocket"));
        headers.insert(SEC_WEBSOCKET_VERSION, HeaderValue::from_static("13"));
        headers.insert(
            SEC_WEBSOCKET_KEY,
            HeaderValue::from_static("dGhlIHNhbXBsZSBub25jZQ=="),
        );
        headers
    }

    #[test]
    fn the_accept_key_is_the_rfc_example() {
        let (accept, _) = check_handshake(&Method::GET, &handshake()).unwrap();
        assert_eq!(accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    #[test]
    fn what_is_missing_is_said() {
        let mut headers = handshake();
        headers.remove(SEC_WEBSOCKET_KEY);
        let err = check_handshake(&Method::GET, &headers).unwrap_err();
        assert!(err.to_string().contains("Sec-WebSocket-Key"), "{err}");
        let err = check_handshake(&Method::POST, &handshake()).unwrap_err();
        assert!(err.to_string().contains("GET"), "{err}");
    }
}
