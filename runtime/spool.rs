//! Spooling: before a request moves to a sync thread, its body is read on the
//! async side into a [`SpooledBody`] — in memory up to `App::spool_memory_limit`
//! (default 2.5 MiB), then in an unnamed temp file under `App::spool_dir` — so
//! the sync view reads it with `std::io::Read` and never touches the socket.
//!
//! [`spool`] is the one entry point: call it wherever a request is handed to a
//! sync thread. Its failures are responses: 413 when `Content-Length` or the
//! bytes received pass `App::max_body_size` (the rest is not read), 400 when the
//! client goes away mid-body (the view never runs; a debug line says so), 500
//! when the temp file cannot be written. The temp file has no name on disk
//! after creation and is gone as soon as the [`SpooledBody`] is dropped, on
//! every path.

use std::io::{self, Seek, Write};
use std::path::PathBuf;

use bytes::Bytes;
use http_body_util::BodyExt;
use tempfile::SpooledTempFile;

use crate::Error;
use crate::body::Body;
use crate::limits::{check_declared_length, too_large};
use crate::request::Request;
use crate::response::{IntoResponse, Response};
use crate::spooled_body::SpooledBody;

/// Bytes gathered before one write to the temp file (done on a sync thread).
const FLUSH_AT: usize = 1024 * 1024;

/// Reads the request's body to its end into a [`SpooledBody`] kept in the
/// request, unless that was done already. Call it where a request moves to a
/// sync thread; on `Err`, answer with the response and do not run the view.
pub(crate) async fn spool(req: &mut Request) -> Result<(), Response> {
    req.spool_body().await.map_err(IntoResponse::into_response)
}

impl Request {
    /// Reads the body to its end into memory or a temp file, for
    /// [`Request::body_reader`]. twain does this before every sync view runs;
    /// call it yourself only to unit-test a sync view with a request built by
    /// [`Request::from_http`]. A second call does nothing.
    ///
    /// Errors: 413 over `App::max_body_size`, 400 if the body fails mid-way
    /// (the client went away), 500 if the temp file cannot be written.
    ///
    /// ```
    /// use std::io::Read;
    /// use twain::prelude::*;
    ///
    /// #[view]
    /// fn size(req: &Request) -> Result<String, Error> {
    ///     let mut text = String::new();
    ///     req.body_reader()?.read_to_string(&mut text)?;
    ///     Ok(text.len().to_string())
    /// }
    ///
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let mut req = Request::from_http(twain::http::Request::new(String::from("hello")));
    /// req.spool_body().await.unwrap();
    /// assert_eq!(size(&req).unwrap(), "5");
    /// # });
    /// ```
    pub async fn spool_body(&mut self) -> Result<(), Error> {
        if !matches!(self.spool_state(), SpoolState::Unread) {
            return Ok(());
        }
        let config = &self.shared().config;
        let (limit, memory, dir) = (
            config.max_body_size,
            config.spool_memory_limit,
            config.spool_dir.clone(),
        );
        check_declared_length(self.headers(), limit)?;
        let body = self.take_body();
        let spooled = read_into_spool(body, limit, memory, dir).await?;
        *self.spool_state() = SpoolState::Ready(spooled);
        Ok(())
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
    body: Body,
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
    mut body: Body,
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
            tracing::debug!(
                received = *total,
                error = %err,
                "client gone mid-body; the view will not run, the spool file is removed"
            );
            Error::bad_request(format!("the request body could not be read: {err}"))
        })?;
        let Ok(chunk) = frame.into_data() else {
            continue; // trailers
        };
        *total = total.saturating_add(chunk.len());
        if *total > limit {
            tracing::debug!(limit, "request body passed the size limit; answering 413");
            return Err(too_large(limit));
        }
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
    let written = tokio::task::spawn_blocking(move || -> io::Result<SpooledTempFile> {
        for chunk in &chunks {
            spool.write_all(chunk)?;
        }
        if last {
            spool.rewind()?;
        }
        Ok(spool)
    })
    .await
    .map_err(|err| Error::internal(format!("the spooling thread was lost: {err}")))?;
    written.map_err(spool_error)
}

fn spool_error(err: io::Error) -> Error {
    Error::internal(format!(
        "could not spool the request body (check App::spool_dir): {err}"
    ))
}

/// Where a request's spooled body is: not read yet, ready, or taken.
#[derive(Default)]
pub(crate) enum SpoolState {
    #[default]
    Unread,
    Ready(SpooledBody),
    Taken,
}

impl Request {
    /// The body of a sync view's request, read to its end before the view ran:
    /// read it with `std::io::Read`. It can be taken once; a second call, a call
    /// after a body extractor (`Json`, `Form`, `Bytes`…), or a call from an
    /// async view (whose body is not spooled: use `BodyStream` or
    /// `read_body().await` there) is a 500 that says so.
    ///
    /// ```
    /// use std::io::Read;
    /// use twain::prelude::*;
    ///
    /// #[view]
    /// fn size(req: &Request) -> Result<String, Error> {
    ///     let mut n = 0;
    ///     let mut buf = [0u8; 8192];
    ///     let mut body = req.body_reader()?;
    ///     loop {
    ///         match body.read(&mut buf)? {
    ///             0 => return Ok(n.to_string()),
    ///             read => n += read,
    ///         }
    ///     }
    /// }
    /// # let client = twain::test::Client::new(App::new().route("", size));
    /// # assert_eq!(client.post("/", "text/plain", "hello").text(), "5");
    /// ```
    pub fn body_reader(&self) -> Result<SpooledBody, Error> {
        let mut state = self
            .spooled
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match std::mem::replace(&mut *state, SpoolState::Taken) {
            SpoolState::Ready(body) => Ok(body),
            SpoolState::Taken => Err(Error::internal(
                "the request body was already taken (by `body_reader` or a body extractor such as `Json`, `Form`, `Bytes`)",
            )),
            SpoolState::Unread => {
                *state = SpoolState::Unread;
                Err(Error::internal(
                    "the request body was not spooled: `Request::body_reader` works in sync views; async views read it with `BodyStream`, `Bytes` or `read_body().await`",
                ))
            }
        }
    }

    fn spool_state(&mut self) -> &mut SpoolState {
        self.spooled
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Takes the spooled body if it is ready, as an async [`Body`] (what
/// `Request::take_body` hands out once the body was spooled).
pub(crate) fn take_ready(req: &mut Request) -> Option<Body> {
    match req.spool_state() {
        SpoolState::Ready(_) => match std::mem::replace(req.spool_state(), SpoolState::Taken) {
            SpoolState::Ready(body) => Some(body.into_body()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use super::*;
    use http::StatusCode;

    fn body_of(chunks: Vec<&'static [u8]>) -> Body {
        let frames = chunks.into_iter().map(|c| {
            Ok::<_, std::convert::Infallible>(http_body::Frame::data(Bytes::from_static(c)))
        });
        Body::new(http_body_util::StreamBody::new(futures_util::stream::iter(
            frames,
        )))
    }

    #[tokio::test]
    async fn small_bodies_stay_in_memory_and_large_ones_go_to_disk() {
        let mut small = read_into_spool(body_of(vec![b"ab", b"cd"]), 100, 10, None)
            .await
            .unwrap();
        assert!(!small.is_on_disk());
        let mut text = String::new();
        small.read_to_string(&mut text).unwrap();
        assert_eq!((text.as_str(), small.len()), ("abcd", 4));

        let mut large = read_into_spool(body_of(vec![b"0123456789", b"abc"]), 100, 10, None)
            .await
            .unwrap();
        assert!(large.is_on_disk());
        let mut text = String::new();
        large.read_to_string(&mut text).unwrap();
        assert_eq!(text, "0123456789abc");
    }

    #[tokio::test]
    async fn passing_the_limit_is_413() {
        let err = read_into_spool(body_of(vec![b"0123456789", b"abc"]), 12, 4, None)
            .await
            .err()
            .unwrap();
        assert_eq!(err.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
