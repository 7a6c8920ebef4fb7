//! [`FileResponse`]: a file as a response, streamed from disk in chunks with
//! its `Content-Length` and a `Content-Type` guessed from its extension;
//! [`FileResponse::from_root`] opens a client-named file inside a directory.
//! Error answers never show the server's paths: they are logged.

use std::io;
use std::path::Path;

use bytes::Bytes;
use futures_util::StreamExt;
use http::StatusCode;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderValue};

use crate::core::{Body, Error, IntoResponse, LogSafe, Response, SafePath};

/// Read size of each chunk sent.
const CHUNK: usize = 64 * 1024;

/// A file sent as the response body, streamed (never read whole into memory).
///
/// `Content-Length` is the file's size and `Content-Type` is guessed from the
/// extension (`application/octet-stream` when unknown; override with
/// [`FileResponse::content_type`]). Opening answers 404 when the file does not
/// exist or is not a regular file, 403 when it cannot be read; the answer
/// does not show the path (the log does, at debug level).
///
/// **A file named by the client** (a `<path:file>` route parameter, a query
/// value) must not go to [`FileResponse::open`] joined by hand: use
/// [`FileResponse::from_root`], which takes the name as a [`SafePath`] (no
/// `..`, not absolute, no backslash or NUL) and refuses a symlink that leads
/// out of the root:
///
/// ```no_run
/// use twain::prelude::*;
/// use twain::{FileResponse, SafePath};
///
/// #[view]
/// async fn asset(file: SafePath) -> Result<FileResponse, Error> {
///     FileResponse::from_root("static", &file).await
/// }
///
/// let app = App::new().route("static/<path:file>", asset);
/// ```
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
        FileResponse::open_shown(path.as_ref(), None).await
    }

    /// Opens `path` with blocking calls (for sync views).
    pub fn open_sync(path: impl AsRef<Path>) -> Result<Self, Error> {
        FileResponse::open_sync_shown(path.as_ref(), None)
    }

    /// Opens `rel` inside the directory `root`, without blocking the async
    /// worker: `rel` is checked as a [`SafePath`] (a `&SafePath` route
    /// parameter passes as is), and a file whose real path (symlinks
    /// resolved) is outside `root` is a 404. The error answers name only
    /// `rel`, what the client asked for.
    pub async fn from_root(root: impl AsRef<Path>, rel: impl AsRef<str>) -> Result<Self, Error> {
        let (root, rel) = (root.as_ref(), rel.as_ref());
        let path = inside(root, rel)?;
        let real = tokio::fs::canonicalize(&path)
            .await
            .map_err(|err| open_error(&path, Some(rel), err))?;
        let real_root = tokio::fs::canonicalize(root)
            .await
            .map_err(|err| open_error(root, Some(rel), err))?;
        escapes(&real, &real_root, rel)?;
        FileResponse::open_shown(&real, Some(rel)).await
    }

    /// [`FileResponse::from_root`] with blocking calls (for sync views).
    pub fn from_root_sync(root: impl AsRef<Path>, rel: impl AsRef<str>) -> Result<Self, Error> {
        let (root, rel) = (root.as_ref(), rel.as_ref());
        let path = inside(root, rel)?;
        let real = std::fs::canonicalize(&path).map_err(|err| open_error(&path, Some(rel), err))?;
        let real_root =
            std::fs::canonicalize(root).map_err(|err| open_error(root, Some(rel), err))?;
        escapes(&real, &real_root, rel)?;
        FileResponse::open_sync_shown(&real, Some(rel))
    }

    async fn open_shown(path: &Path, shown: Option<&str>) -> Result<Self, Error> {
        let file = tokio::fs::File::open(path)
            .await
            .map_err(|err| open_error(path, shown, err))?;
        let meta = file
            .metadata()
            .await
            .map_err(|err| open_error(path, shown, err))?;
        FileResponse::build(file, &meta, path, shown)
    }

    fn open_sync_shown(path: &Path, shown: Option<&str>) -> Result<Self, Error> {
        let file = std::fs::File::open(path).map_err(|err| open_error(path, shown, err))?;
        let meta = file
            .metadata()
            .map_err(|err| open_error(path, shown, err))?;
        FileResponse::build(tokio::fs::File::from_std(file), &meta, path, shown)
    }

    fn build(
        file: tokio::fs::File,
        meta: &std::fs::Metadata,
        path: &Path,
        shown: Option<&str>,
    ) -> Result<Self, Error> {
        if !meta.is_file() {
            tracing::debug!(path = %LogSafe(path.display()), "not a regular file; answering 404");
            return Err(not_found(shown));
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

/// `root/rel`, or a 404 when `rel` is not a [`SafePath`].
fn inside(root: &Path, rel: &str) -> Result<std::path::PathBuf, Error> {
    match SafePath::new(rel) {
        Some(safe) => Ok(safe.under(root)),
        None => {
            tracing::debug!(
                rel = %LogSafe(rel),
                "file name could leave its root (`..`, absolute, `\\`, NUL); answering 404"
            );
            Err(not_found(Some(rel)))
        }
    }
}

/// A 404 unless `real` is inside `real_root` (both with symlinks resolved).
fn escapes(real: &Path, real_root: &Path, rel: &str) -> Result<(), Error> {
    if real.starts_with(real_root) {
        return Ok(());
    }
    tracing::debug!(
        path = %LogSafe(real.display()),
        root = %LogSafe(real_root.display()),
        "file is a symlink out of its root; answering 404"
    );
    Err(not_found(Some(rel)))
}

/// The 404 a client sees: what it asked for, never the server's path.
fn not_found(shown: Option<&str>) -> Error {
    match shown {
        Some(rel) => Error::not_found(format!("Not Found: {rel}")),
        None => Error::not_found("Not Found"),
    }
}

/// What a failed open answers: the path is logged; a 4xx body shows only
/// `shown` (what the client asked for), a 5xx body only the reason phrase.
fn open_error(path: &Path, shown: Option<&str>, err: io::Error) -> Error {
    let logged = LogSafe(path.display());
    match err.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => {
            tracing::debug!(path = %logged, "file not found; answering 404");
            not_found(shown)
        }
        io::ErrorKind::PermissionDenied => {
            tracing::warn!(path = %logged, "file cannot be read (permissions); answering 403");
            let message = match shown {
                Some(rel) => format!("Forbidden: {rel}"),
                None => "Forbidden".to_owned(),
            };
            Error::new(StatusCode::FORBIDDEN, message)
        }
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
