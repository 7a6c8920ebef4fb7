use twain::channels::{Incoming, Socket, consumer};
use twain::prelude::*;
use twain::ws::Message;

struct Chat;

#[consumer]
impl Chat {
    fn receive(&mut self, socket: &mut Socket, message: Message) -> Result<(), Error> {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        socket.send(message);
        Ok(())
    }

    fn group(&mut self, _socket: &mut Socket, _incoming: Incoming) -> Result<(), Error> {
        Ok(())
    }
}

fn main() {}
