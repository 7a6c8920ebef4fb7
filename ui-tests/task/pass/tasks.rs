use std::time::Duration;

use twain::db::{Conn, Db, DbError};
use twain::prelude::*;
use twain::tasks::{TaskError, TaskInfo};

#[derive(serde::Serialize, serde::Deserialize)]
struct Size {
    width: u32,
    height: u32,
}

/// A sync task: the capability, a connection, its info, stored arguments.
#[task(name = "images.thumbnail", queue = "images", priority = -1, max_attempts = 3, timeout_secs = 60, atomic)]
fn thumbnail(cx: Blocking, conn: Conn, task: TaskInfo, article: i64, size: Size) -> Result<String, DbError> {
    let _ = (cx, task);
    conn.execute("UPDATE articles SET thumb = ?1 WHERE id = ?2", (size.width * size.height, article))?;
    Ok(format!("{article}"))
}

/// An async task with the Db, awaiting.
#[task]
async fn notify(db: Db, article: i64) -> Result<(), TaskError> {
    tokio::time::sleep(Duration::from_millis(1)).await;
    let _ = db;
    if article < 0 {
        return Err(TaskError::permanent("no such article"));
    }
    Ok(())
}

/// No arguments, no value; anyhow-like errors through Display.
#[task]
fn cleanup() {}

/// A blocking call moved off the executor is fine in an async task.
#[task]
async fn read_file(path: String) -> Result<usize, String> {
    twain::sync_to_async(move |_cx| std::fs::read_to_string(&path).map(|t| t.len()))
        .await
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())
}

#[task(allow_blocking)]
async fn tolerated() {
    std::thread::sleep(Duration::from_millis(1));
}

#[view]
fn enqueue(conn: Conn) -> Result<String, DbError> {
    let id = thumbnail {
        article: 1,
        size: Size { width: 2, height: 3 },
    }
    .enqueue(&conn)?;
    cleanup {}.options().delay(Duration::from_secs(5)).unique("cleanup").enqueue(&conn)?;
    Ok(id.to_string())
}

#[view]
async fn enqueue_async(db: Db) -> Result<String, DbError> {
    let id = notify { article: 1 }.enqueue_async(&db).await?;
    read_file { path: "x".into() }.options().priority(3).enqueue_async(&db).await?;
    Ok(id.to_string())
}

fn main() {
    // The functions stay callable as written.
    let _ = cleanup();
    let _: fn(i64) -> _ = |a| notify_untouched(a);
    let _app = App::new()
        .route("a", enqueue)
        .route("b", enqueue_async)
        .task::<thumbnail>()
        .task::<notify>()
        .task::<cleanup>()
        .task::<read_file>()
        .task::<tolerated>();
}

fn notify_untouched(article: i64) -> impl std::future::Future<Output = Result<(), TaskError>> {
    async move {
        let db: Option<Db> = None;
        match db {
            Some(db) => notify(db, article).await,
            None => Ok(()),
        }
    }
}
