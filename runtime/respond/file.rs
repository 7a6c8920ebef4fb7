//! [`FileResponse`]: a file as a response, streamed from disk in chunks with
//! its `Content-Length` and a `Content-Type` guessed from its extension.

use std::io;
use std::path::Path;

use bytes::Bytes;
use futures_util::StreamExt;
use http::StatusCode;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};

use crate::core::{Body, Error, IntoResponse, Response};

/// Read size of each chunk sent.
const CHUNK: usize = 64 * 1024;

/// A file sent as the response body, streamed (never read whole into memory).
///
/// `Content-Length` is the file's size and `Content-Type` is guessed from the
/// extension (`application/octet-stream` when unknown; override with
/// [`FileResponse::content_type`]). Opening answers 404 when the file does not
/// exist or is not a regular file, 403 when it cannot be read.
///
/// ```no_run
/// use twain::prelude::*;
/// use twain::FileResponse;
///
/// #[view]
/// async fn logo() -> Result<FileResponse, Error> {
///     FileResponse::open("static/logo.png").await
/// }
///
/// #[view]
/// fn report() -> Result<FileResponse, Error> {
///     Ok(FileResponse::open_sync("reports/latest.csv")?.content_type("text/csv"))
/// }
/// ```
#[derive(Debug)]
pub struct FileResponse {
    file: tokio::fs::File,
    len: u64,
    content_type: HeaderValue,
}

impl FileResponse {
    /// Opens `path` without blocking the async worker (for async views).
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|err| open_error(path, err))?;
        let meta = file.metadata().await.map_err(|err| open_error(path, err))?;
        FileResponse::build(file, &meta, path)
    }

    /// Opens `path` with blocking calls (for sync views).
    pub fn open_sync(path: impl AsRef<Path>) -> Result<Self, Error> {
        let path = path.as_ref();
        let file = std::fs::File::open(path).map_err(|err| open_error(path, err))?;
        let meta = file.metadata().map_err(|err| open_error(path, err))?;
        FileResponse::build(tokio::fs::File::from_std(file), &meta, path)
    }

    fn build(file: tokio::fs::File, meta: &std::fs::Metadata, path: &Path) -> Result<Self, Error> {
        if !meta.is_file() {
            return Err(Error::not_found(format!(
                "Not Found: {} is not a file",
                path.display()
            )));
        }
        let guess = mime_guess::from_path(path).first_or_octet_stream();
        let content_type = HeaderValue::from_str(guess.essence_str())
            .unwrap_or(HeaderValue::from_static("application/octet-stream"));
        Ok(FileResponse {
            file,
            len: meta.len(),
            content_type,
        })
    }

    /// Sets the `Content-Type` (an invalid header value is ignored).
    pub fn content_type(mut self, content_type: &str) -> Self {
        if let Ok(value) = HeaderValue::from_str(content_type) {
            self.content_type = value;
        }
        self
    }

    /// The file's size, sent as `Content-Length`.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

fn open_error(path: &Path, err: io::Error) -> Error {
    match err.kind() {
        io::ErrorKind::NotFound => Error::not_found(format!("Not Found: {}", path.display())),
        io::ErrorKind::PermissionDenied => Error::new(
            StatusCode::FORBIDDEN,
            format!("Forbidden: {}", path.display()),
        ),
        _ => Error::internal(format!("could not open {}: {err}", path.display())),
    }
}

impl IntoResponse for FileResponse {
    fn into_response(self) -> Response {
        let stream = tokio_util::io::ReaderStream::with_capacity(self.file, CHUNK)
            .map(|chunk: io::Result<Bytes>| chunk.map(http_body::Frame::data));
        let mut response = Response::new(Body::new(http_body_util::StreamBody::new(stream)));
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, self.content_type);
        headers.insert(CONTENT_LENGTH, HeaderValue::from(self.len));
        response
    }
}
