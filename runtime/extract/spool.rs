//! Spooling: before a request moves to a sync thread, its body is read on the
//! async side into a [`SpooledBody`] — in memory up to `App::spool_memory_limit`
//! (default 2.5 MiB), then in an unnamed temp file under `App::spool_dir` — so
//! the sync view reads it with `std::io::Read` and never touches the socket.
//!
//! [`spool`] is the one entry point: the chain calls it wherever a request is
//! handed to a sync part. The body comes through the one body-limit path
//! (`core/limits.rs`), and the writes to the temp file run through the sync
//! pool's wrapper, so they count against `App::sync_threads` like any sync
//! work. Its failures are errors: 413 past `App::max_body_size` (the rest is
//! not read), 400 when the client goes away mid-body (the view never runs; a
//! debug line says so), 503 when no sync thread is free to write the file,
//! 500 when the temp file cannot be written. The temp file has no name on
//! disk after creation and is gone as soon as the [`SpooledBody`] is dropped,
//! on every path.

use std::io::{self, Seek, Write};
use std::path::PathBuf;

use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use tempfile::SpooledTempFile;

use crate::core::{
    Body, BodySlot, Error, IntoResponse, Request, Response, SpooledBody, limited, read_error,
};
use crate::exec::{Blocking, Job, SyncPool};

use super::FromRequest;

/// Bytes gathered before one write to the temp file (done on a sync thread).
const FLUSH_AT: usize = 1024 * 1024;

/// Reads the request's body to its end into a [`SpooledBody`] kept in the
/// request, unless that was done already (or the body was taken). Call it
/// where a request moves to a sync part; on `Err`, answer with it and do not
/// run the part.
pub(crate) async fn spool(req: &mut Request) -> Result<(), Error> {
    if !matches!(req.body_slot(), BodySlot::Stream(_)) {
        return Ok(());
    }
    let limits = &req.scope().limits;
    let (limit, memory, dir) = (
        limits.max_body_size,
        limits.spool_memory_limit,
        limits.spool_dir.clone(),
    );
    let body = req.take_body();
    let body = limited(req.headers(), body, limit)?;
    let spooled = read_into_spool(body, limit, memory, dir).await?;
    *req.body_slot() = BodySlot::Spooled(spooled);
    Ok(())
}

/// Whether `req` can go to a sync part with nothing read first: its body is
/// spooled already, or taken, or a stream known to be empty (a `GET`'s),
/// which is made an empty spool here. Otherwise [`spool`] it.
pub(crate) fn nothing_to_spool(req: &mut Request) -> bool {
    match req.body_slot() {
        BodySlot::Stream(body) if http_body::Body::is_end_stream(body) => {
            *req.body_slot() = BodySlot::Spooled(SpooledBody::empty());
            true
        }
        BodySlot::Stream(_) => false,
        BodySlot::Spooled(_) | BodySlot::Taken => true,
    }
}

/// Logs, if the spooling future is dropped before it finished, that the
/// request was cancelled mid-body (hyper drops it when the client goes away).
struct Cancelled {
    received: usize,
    finished: bool,
}

impl Drop for Cancelled {
    fn drop(&mut self) {
        if !self.finished {
            tracing::debug!(
                received = self.received,
                "client gone mid-body; the view will not run, the spool file is removed"
            );
        }
    }
}

async fn read_into_spool(
    body: Limited<Body>,
    limit: usize,
    memory: usize,
    dir: Option<PathBuf>,
) -> Result<SpooledBody, Error> {
    let mut watch = Cancelled {
        received: 0,
        finished: false,
    };
    let result = fill_spool(body, limit, memory, dir, &mut watch.received).await;
    watch.finished = true;
    result
}

async fn fill_spool(
    mut body: Limited<Body>,
    limit: usize,
    memory: usize,
    dir: Option<PathBuf>,
    total: &mut usize,
) -> Result<SpooledBody, Error> {
    let mut spool = match &dir {
        Some(dir) => SpooledTempFile::new_in(memory, dir),
        None => SpooledTempFile::new(memory),
    };
    if http_body::Body::is_end_stream(&body) {
        return Ok(SpooledBody::new(spool, 0));
    }
    let mut pending: Vec<Bytes> = Vec::new();
    let mut pending_len = 0usize;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|err| {
            if !err.is::<LengthLimitError>() {
                tracing::debug!(
                    received = *total,
                    "client gone mid-body; the view will not run, the spool file is removed"
                );
            }
            read_error(err, limit)
        })?;
        let Ok(chunk) = frame.into_data() else {
            continue; // trailers
        };
        *total = total.saturating_add(chunk.len());
        if !spool.is_rolled() && *total <= memory {
            spool.write_all(&chunk).map_err(spool_error)?;
            continue;
        }
        pending_len += chunk.len();
        pending.push(chunk);
        if pending_len >= FLUSH_AT {
            spool = flush(spool, std::mem::take(&mut pending), false).await?;
            pending_len = 0;
        }
    }
    if spool.is_rolled() || !pending.is_empty() {
        spool = flush(spool, pending, true).await?;
    } else {
        spool.rewind().map_err(spool_error)?;
    }
    Ok(SpooledBody::new(spool, *total as u64))
}

/// Writes `chunks` to the spool on a sync thread (the first write past the
/// memory limit creates the temp file), rewinding it when `last`.
async fn flush(
    mut spool: SpooledTempFile,
    chunks: Vec<Bytes>,
    last: bool,
) -> Result<SpooledTempFile, Error> {
    let write = move |_: Blocking<'_>| -> io::Result<SpooledTempFile> {
        for chunk in &chunks {
            spool.write_all(chunk)?;
        }
        if last {
            spool.rewind()?;
        }
        Ok(spool)
    };
    match SyncPool::current().run(Job::Helper, write).await {
        Ok(written) => written.map_err(spool_error),
        Err(failure) => Err(failure.into_error("spooling a request body")),
    }
}

fn spool_error(err: io::Error) -> Error {
    Error::internal(format!(
        "could not spool the request body (check App::spool_dir): {err}"
    ))
}

impl FromRequest for SpooledBody {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        spool(req).await.map_err(IntoResponse::into_response)?;
        req.body_reader().map_err(IntoResponse::into_response)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use http::{HeaderMap, StatusCode};

    fn body_of(chunks: Vec<&'static [u8]>, limit: usize) -> Limited<Body> {
        let frames = chunks.into_iter().map(|c| {
            Ok::<_, std::convert::Infallible>(http_body::Frame::data(Bytes::from_static(c)))
        });
        let body = Body::new(http_body_util::StreamBody::new(futures_util::stream::iter(
            frames,
        )));
        limited(&HeaderMap::new(), body, limit).unwrap()
    }

    #[test]
    fn an_empty_body_is_spooled_at_once_and_one_with_bytes_is_not() {
        let mut get = Request::from_http(http::Request::new(Body::empty()));
        assert!(nothing_to_spool(&mut get));
        match get.body_slot() {
            BodySlot::Spooled(spooled) => assert!(spooled.is_empty()),
            _ => panic!("an empty body was not made an empty spool"),
        }
        let mut post = Request::from_http(http::Request::new(Body::from("a=1")));
        assert!(!nothing_to_spool(&mut post));
        assert!(matches!(post.body_slot(), BodySlot::Stream(_)));
    }

    #[tokio::test]
    async fn small_bodies_stay_in_memory_and_large_ones_go_to_disk() {
        let mut small = read_into_spool(body_of(vec![b"ab", b"cd"], 100), 100, 10, None)
            .await
            .unwrap();
        assert!(!small.is_on_disk());
        let mut text = String::new();
        small.read_to_string(&mut text).unwrap();
        assert_eq!((text.as_str(), small.len()), ("abcd", 4));

        let mut large = read_into_spool(body_of(vec![b"0123456789", b"abc"], 100), 100, 10, None)
            .await
            .unwrap();
        assert!(large.is_on_disk());
        let mut text = String::new();
        large.read_to_string(&mut text).unwrap();
        assert_eq!(text, "0123456789abc");
    }

    #[tokio::test]
    async fn passing_the_limit_is_413() {
        let err = read_into_spool(body_of(vec![b"0123456789", b"abc"], 12), 12, 4, None)
            .await
            .err()
            .unwrap();
        assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
