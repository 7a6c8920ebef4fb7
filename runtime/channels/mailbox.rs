//! Membership, per process: the [`Registry`] of which mailboxes belong to
//! which group, and each connection's bounded [`Mailbox`]. A mailbox is
//! registered by a weak reference, so a member that is dropped (its socket
//! closed, its stream ended) leaves every group with nothing to clean up:
//! a crashed process leaks no membership anywhere.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::Notify;

use super::message::{Envelope, Incoming};

/// Which mailboxes are in which group, in this process.
#[derive(Default)]
pub(crate) struct Registry {
    groups: Mutex<HashMap<Arc<str>, Vec<Weak<Mailbox>>>>,
}

impl Registry {
    pub(crate) fn join(&self, group: &str, mailbox: &Arc<Mailbox>) {
        let mut groups = self.groups.lock().unwrap_or_else(|e| e.into_inner());
        let members = groups.entry(group.into()).or_default();
        members.retain(|m| m.strong_count() > 0);
        if !members.iter().any(|m| m.as_ptr() == Arc::as_ptr(mailbox)) {
            members.push(Arc::downgrade(mailbox));
        }
    }

    pub(crate) fn leave(&self, group: &str, mailbox: *const Mailbox) {
        let mut groups = self.groups.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(members) = groups.get_mut(group) {
            members.retain(|m| m.strong_count() > 0 && m.as_ptr() != mailbox);
            if members.is_empty() {
                groups.remove(group);
            }
        }
    }

    /// Puts `envelope` in the mailbox of each member of its group; returns
    /// how many got it. Never waits: a full mailbox counts a miss.
    pub(crate) fn deliver(&self, envelope: &Envelope) -> usize {
        let members: Vec<Arc<Mailbox>> = {
            let groups = self.groups.lock().unwrap_or_else(|e| e.into_inner());
            match groups.get(&envelope.group) {
                Some(members) => members.iter().filter_map(Weak::upgrade).collect(),
                None => return 0,
            }
        };
        members.iter().filter(|m| m.push(envelope.clone())).count()
    }

    /// Tells every member that messages may have been lost.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn gap(&self) {
        let all: Vec<Arc<Mailbox>> = {
            let groups = self.groups.lock().unwrap_or_else(|e| e.into_inner());
            let mut seen = HashSet::new();
            groups
                .values()
                .flatten()
                .filter_map(Weak::upgrade)
                .filter(|m| seen.insert(Arc::as_ptr(m)))
                .collect()
        };
        for mailbox in all {
            mailbox.push_gap();
        }
    }

    /// How many live members a group has in this process.
    pub(crate) fn members(&self, group: &str) -> usize {
        let groups = self.groups.lock().unwrap_or_else(|e| e.into_inner());
        groups
            .get(group)
            .map_or(0, |m| m.iter().filter(|m| m.strong_count() > 0).count())
    }
}

/// One member's queue of what it has not read yet, at most `capacity`
/// messages.
pub(crate) struct Mailbox {
    queue: Mutex<Queue>,
    ready: Notify,
    capacity: usize,
}

#[derive(Default)]
struct Queue {
    items: VecDeque<Incoming>,
    /// Messages dropped since the member last read its queue.
    missed: u64,
    gap: bool,
}

impl Mailbox {
    pub(crate) fn new(capacity: usize) -> Arc<Self> {
        Arc::new(Mailbox {
            queue: Mutex::new(Queue::default()),
            ready: Notify::new(),
            capacity: capacity.max(1),
        })
    }

    /// Queues a message, or counts it missed when the queue is full.
    fn push(&self, envelope: Envelope) -> bool {
        let kept = {
            let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
            if queue.items.len() >= self.capacity {
                queue.missed += 1;
                false
            } else {
                if queue.missed > 0 {
                    let count = std::mem::take(&mut queue.missed);
                    queue.items.push_back(Incoming::Missed { count });
                }
                queue.items.push_back(Incoming::Message(envelope));
                true
            }
        };
        self.ready.notify_one();
        kept
    }

    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    fn push_gap(&self) {
        self.queue.lock().unwrap_or_else(|e| e.into_inner()).gap = true;
        self.ready.notify_one();
    }

    /// The next thing received, if any is waiting: a gap first, then the
    /// queue in order, then the count of what the full queue dropped.
    pub(crate) fn try_take(&self) -> Option<Incoming> {
        let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        if std::mem::take(&mut queue.gap) {
            return Some(Incoming::Gap);
        }
        if let Some(item) = queue.items.pop_front() {
            return Some(item);
        }
        match std::mem::take(&mut queue.missed) {
            0 => None,
            count => Some(Incoming::Missed { count }),
        }
    }

    /// Waits for the next thing received.
    pub(crate) async fn take(&self) -> Incoming {
        loop {
            let notified = self.ready.notified();
            if let Some(item) = self.try_take() {
                return item;
            }
            notified.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(n: u32) -> Envelope {
        Envelope::new("g", &n.to_string())
    }

    fn text(item: Option<Incoming>) -> String {
        match item {
            Some(Incoming::Message(e)) => e.text().to_owned(),
            Some(Incoming::Missed { count }) => format!("missed {count}"),
            Some(Incoming::Gap) => "gap".into(),
            None => "none".into(),
        }
    }

    #[test]
    fn a_full_mailbox_reports_what_it_dropped_in_order() {
        let registry = Registry::default();
        let mailbox = Mailbox::new(2);
        registry.join("g", &mailbox);
        let delivered: usize = (1..=5).map(|n| registry.deliver(&envelope(n))).sum();
        assert_eq!(delivered, 2);
        assert_eq!(text(mailbox.try_take()), "1");
        registry.deliver(&envelope(6));
        assert_eq!(text(mailbox.try_take()), "2");
        assert_eq!(text(mailbox.try_take()), "missed 3");
        assert_eq!(text(mailbox.try_take()), "6");
        assert_eq!(text(mailbox.try_take()), "none");
        registry.deliver(&envelope(7));
        registry.deliver(&envelope(8));
        registry.deliver(&envelope(9));
        assert_eq!(text(mailbox.try_take()), "7");
        assert_eq!(text(mailbox.try_take()), "8");
        assert_eq!(text(mailbox.try_take()), "missed 1");
    }

    #[test]
    fn a_dropped_member_leaves_its_groups() {
        let registry = Registry::default();
        let mailbox = Mailbox::new(4);
        registry.join("g", &mailbox);
        registry.join("g", &mailbox);
        assert_eq!(registry.members("g"), 1);
        drop(mailbox);
        assert_eq!(registry.members("g"), 0);
        assert_eq!(registry.deliver(&envelope(1)), 0);
    }

    #[test]
    fn a_gap_comes_first() {
        let registry = Registry::default();
        let mailbox = Mailbox::new(4);
        registry.join("g", &mailbox);
        registry.deliver(&envelope(1));
        registry.gap();
        assert_eq!(text(mailbox.try_take()), "gap");
        assert_eq!(text(mailbox.try_take()), "1");
    }
}
