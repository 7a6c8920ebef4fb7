//! Waking this process's idle workers of a database when a task is queued
//! here, so a task queued outside a transaction starts at once instead of at
//! the next poll (one queued in a transaction may be claimed only after the
//! commit: the poll picks it up; on PostgreSQL the `NOTIFY` does).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, Weak};

use tokio::sync::Notify;

use crate::db::Db;

static WAKERS: Mutex<Option<HashMap<usize, Weak<Notify>>>> = Mutex::new(None);

/// The wake-up of `db`'s workers in this process.
pub(crate) fn for_db(db: &Db) -> Arc<Notify> {
    let mut map = WAKERS.lock().unwrap_or_else(|e| e.into_inner());
    let map = map.get_or_insert_with(HashMap::new);
    map.retain(|_, weak| weak.strong_count() > 0);
    if let Some(notify) = map.get(&db.shared.id).and_then(Weak::upgrade) {
        return notify;
    }
    let notify = Arc::new(Notify::new());
    map.insert(db.shared.id, Arc::downgrade(&notify));
    notify
}

/// Wakes `db`'s workers in this process, if any.
pub(crate) fn wake(db: &Db) {
    let notify = WAKERS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .as_ref()
        .and_then(|map| map.get(&db.shared.id).and_then(Weak::upgrade));
    if let Some(notify) = notify {
        notify.notify_one();
    }
}
