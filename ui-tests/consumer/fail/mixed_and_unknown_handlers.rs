use twain::channels::{Socket, consumer};
use twain::prelude::*;
use twain::ws::Message;

struct Chat;

#[consumer]
impl Chat {
    fn receive(&mut self, _socket: &mut Socket, _message: Message) -> Result<(), Error> {
        Ok(())
    }

    async fn disconnect(&mut self, _socket: &mut Socket) {}

    fn on_message(&mut self) {}
}

fn main() {}
