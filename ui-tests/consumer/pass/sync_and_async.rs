use twain::channels::{Channels, Incoming, Socket, consume, consume_sync, consumer};
use twain::db::Conn;
use twain::prelude::*;
use twain::ws::{Message, WebSocketUpgrade};

struct Saver;

#[consumer]
impl Saver {
    fn connect(&mut self, socket: &mut Socket) -> Result<(), Error> {
        socket.join("room")?;
        Ok(())
    }

    fn receive(&mut self, socket: &mut Socket, message: Message, conn: Conn) -> Result<(), Error> {
        conn.execute("INSERT INTO lines (body) VALUES (?1)", (message.to_text().unwrap_or(""),))?;
        socket.send_text("saved");
        Ok(())
    }

    fn group(&mut self, socket: &mut Socket, incoming: Incoming, _cx: Blocking<'_>) -> Result<(), Error> {
        if let Incoming::Message(m) = incoming {
            socket.send_text(m.text());
        }
        Ok(())
    }

    fn disconnect(&mut self, _socket: &mut Socket, _conn: Conn) {}
}

struct Echo;

#[consumer]
impl Echo {
    async fn receive(&mut self, socket: &mut Socket, message: Message) -> Result<(), Error> {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        socket.send(message);
        Ok(())
    }

    async fn group(&mut self, _socket: &mut Socket, _incoming: Incoming) -> Result<(), Error> {
        Ok(())
    }
}

#[view]
async fn saver(ws: WebSocketUpgrade, channels: Channels) -> Response {
    consume_sync(ws, &channels, Saver)
}

#[view]
async fn echo(ws: WebSocketUpgrade, channels: Channels) -> Response {
    consume(ws, &channels, Echo)
}

fn main() {
    let _ = App::new().route("a/", saver).route("b/", echo);
}
