// An async view takes the WebSocket upgrade; its task gets the socket.
use twain::prelude::*;
use twain::ws::{Message, WebSocket, WebSocketUpgrade};

#[view]
async fn echo(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(|mut socket: WebSocket| async move {
        while let Some(Ok(message)) = socket.recv().await {
            if let Message::Text(_) = message {
                let _ = socket.send(message).await;
            }
        }
    })
}

fn main() {
    let _ = App::new().route("ws/", get(echo));
}
