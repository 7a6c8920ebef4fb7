use twain::channels::{Incoming, Socket, consumer};
use twain::db::Conn;
use twain::prelude::*;
use twain::ws::Message;

struct Chat;

#[consumer]
impl Chat {
    async fn receive(&mut self, _socket: &mut Socket, _message: Message, _conn: Conn) -> Result<(), Error> {
        Ok(())
    }

    async fn group(&mut self, _socket: &mut Socket, _incoming: Incoming) -> Result<(), Error> {
        Ok(())
    }
}

fn main() {}
