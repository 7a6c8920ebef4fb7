//! [`SpooledBody`]: a request body read to its end (by `extract/spool.rs`,
//! before a sync view runs), in memory or in an unnamed temp file, read back
//! with `std::io::Read` and `Seek`.

use std::io::{self, Read, Seek, SeekFrom};

use bytes::Bytes;
use tempfile::{SpooledData, SpooledTempFile};

use super::body::Body;
use super::stats::{LiveCount, SPOOLED_BODIES};

/// A request body read to its end, in memory or in a temp file: read it with
/// `std::io::Read` (and `Seek`) in a sync view.
///
/// Get it with the extractor (`fn upload(body: SpooledBody) -> …`) or with
/// [`Request::body_reader`](crate::Request::body_reader) from a `&Request`. In an async view the extractor
/// spools first (on the async side); reading it there is blocking file I/O, so
/// prefer [`BodyStream`](crate::BodyStream) in async views.
///
/// ```
/// use std::io::Read;
/// use twain::prelude::*;
/// use twain::SpooledBody;
///
/// #[view]
/// fn count_lines(mut body: SpooledBody) -> Result<String, Error> {
///     let mut text = String::new();
///     body.read_to_string(&mut text)?;
///     Ok(format!("{} lines in {} bytes", text.lines().count(), body.len()))
/// }
/// # let client = twain::test::Client::new(App::new().route("", count_lines));
/// # assert_eq!(client.post("/", "text/plain", "a\nb\n").text(), "2 lines in 4 bytes");
/// ```
pub struct SpooledBody {
    file: SpooledTempFile,
    len: u64,
    _live: LiveCount,
}

impl SpooledBody {
    pub(crate) fn new(file: SpooledTempFile, len: u64) -> Self {
        SpooledBody {
            file,
            len,
            _live: LiveCount::new(&SPOOLED_BODIES),
        }
    }

    /// An empty body, in memory.
    pub fn empty() -> Self {
        SpooledBody::new(SpooledTempFile::new(0), 0)
    }

    /// The body's length in bytes.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the body has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the body went past the memory limit into a temp file.
    pub fn is_on_disk(&self) -> bool {
        self.file.is_rolled()
    }

    /// The rest of the body as an async [`Body`] (for code that wants a stream).
    pub(crate) fn into_body(self) -> Body {
        let live = self._live;
        match self.file.into_inner() {
            SpooledData::InMemory(cursor) => {
                let start = usize::try_from(cursor.position()).unwrap_or(usize::MAX);
                let bytes = Bytes::from(cursor.into_inner());
                drop(live);
                Body::from(bytes.slice(start.min(bytes.len())..))
            }
            SpooledData::OnDisk(file) => {
                let file = tokio::fs::File::from_std(file);
                let stream = tokio_util::io::ReaderStream::new(file);
                let frames = futures_util::StreamExt::map(stream, move |chunk| {
                    let _keep = &live;
                    chunk.map(http_body::Frame::data)
                });
                Body::new(http_body_util::StreamBody::new(frames))
            }
        }
    }
}

impl Read for SpooledBody {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file.read(buf)
    }
}

impl Seek for SpooledBody {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.file.seek(pos)
    }
}

impl std::fmt::Debug for SpooledBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpooledBody")
            .field("len", &self.len)
            .field("on_disk", &self.is_on_disk())
            .finish()
    }
}
