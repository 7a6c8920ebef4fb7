use twain::channels::{Incoming, Socket, consumer};
use twain::prelude::*;
use twain::ws::Message;

struct Chat;

#[consumer]
impl Chat {
    async fn receive(&mut self, socket: &mut Socket, message: Message) -> Result<(), Error> {
        std::thread::sleep(std::time::Duration::from_millis(1));
        socket.send(message);
        Ok(())
    }

    async fn group(&mut self, _socket: &mut Socket, _incoming: Incoming) -> Result<(), Error> {
        Ok(())
    }
}

fn main() {}
