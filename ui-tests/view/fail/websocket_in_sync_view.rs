// A WebSocket lives on the async workers: a sync view cannot take the upgrade.
use twain::prelude::*;
use twain::ws::WebSocketUpgrade;

#[view]
fn echo(ws: WebSocketUpgrade) -> Response {
    ws.on_upgrade(|_socket| async {})
}

fn main() {
    let _ = App::new().route("ws/", echo);
}
