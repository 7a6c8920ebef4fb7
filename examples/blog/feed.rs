//! The live feed of new comments: the view that saves a comment publishes it
//! here, and every open `/feed/` stream receives it (a tokio broadcast
//! channel in the app's state).

use twain::tokio::sync::broadcast;

use crate::models::Comment;

pub struct Feed {
    sender: broadcast::Sender<Comment>,
}

impl Feed {
    pub fn new() -> Self {
        // A listener that falls 64 comments behind skips the oldest ones.
        let (sender, _) = broadcast::channel(64);
        Feed { sender }
    }

    /// Sends `comment` to every listener; nobody listening is fine.
    pub fn publish(&self, comment: Comment) {
        let _ = self.sender.send(comment);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Comment> {
        self.sender.subscribe()
    }
}
