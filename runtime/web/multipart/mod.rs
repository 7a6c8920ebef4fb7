//! Multipart uploads (`multipart/form-data`) with `multer`: the limits
//! ([`MultipartLimits`]), the streamed [`Multipart`] for async views
//! (`stream.rs`), the spooled [`MultipartForm`] / [`UploadedFile`] for sync
//! views (`form.rs`), and what a broken or oversized upload answers: 413 past
//! a limit (naming the field and the limit), 415 for a body that is not
//! multipart, 400 for a malformed one.

mod form;
mod stream;

use std::io::Read;

use bytes::Bytes;
use http::StatusCode;
use http::header::CONTENT_TYPE;
use http_body_util::LengthLimitError;

use crate::core::{Error, Request};

pub use form::{MultipartForm, UploadedFile};
pub use stream::{Field, Multipart};

/// Upload limits: register with `App::state(MultipartLimits::new()..)`.
/// Past one, the request gets 413 with a message naming the limit. The whole
/// body is also bound by `App::max_body_size`, as every body is.
///
/// Defaults (Django's): 1000 fields, 2.5 MiB per text field, files bound
/// only by the total.
///
/// ```
/// use twain::prelude::*;
/// use twain::web::MultipartLimits;
///
/// let limits = MultipartLimits::new()
///     .file_size(5 * 1024 * 1024)      // each file
///     .total_size(20 * 1024 * 1024);   // the whole upload
/// let app = App::new().max_body_size(20 * 1024 * 1024).state(limits);
/// # let _ = app;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MultipartLimits {
    file_size: Option<u64>,
    total_size: Option<u64>,
    text_size: u64,
    fields: usize,
}

impl MultipartLimits {
    /// The defaults.
    pub fn new() -> Self {
        MultipartLimits {
            file_size: None,
            total_size: None,
            text_size: 2_621_440,
            fields: 1000,
        }
    }

    /// The largest file accepted, in bytes.
    pub fn file_size(mut self, bytes: u64) -> Self {
        self.file_size = Some(bytes);
        self
    }

    /// The largest whole upload accepted, in bytes (at most the app's
    /// `max_body_size`).
    pub fn total_size(mut self, bytes: u64) -> Self {
        self.total_size = Some(bytes);
        self
    }

    /// The largest text (non-file) field, in bytes.
    pub fn text_size(mut self, bytes: u64) -> Self {
        self.text_size = bytes;
        self
    }

    /// How many fields (files and text) an upload may have.
    pub fn fields(mut self, count: usize) -> Self {
        self.fields = count;
        self
    }

    /// The limits for `req`: its app's, with the total bound by the body size
    /// limit.
    fn of(req: &Request) -> MultipartLimits {
        let mut limits = req
            .scope()
            .state
            .get::<MultipartLimits>()
            .map(|limits| *limits)
            .unwrap_or_default();
        let body = req.scope().limits.max_body_size as u64;
        limits.total_size = Some(limits.total_size.map_or(body, |total| total.min(body)));
        limits
    }

    fn total(&self) -> u64 {
        self.total_size.unwrap_or(u64::MAX)
    }

    /// The limit of one field: a file's or a text field's.
    fn field(&self, is_file: bool) -> u64 {
        if is_file {
            self.file_size.unwrap_or(u64::MAX)
        } else {
            self.text_size
        }
    }
}

impl Default for MultipartLimits {
    fn default() -> Self {
        MultipartLimits::new()
    }
}

/// The boundary of a multipart request: 415 when it is not one, 400 when its
/// `Content-Type` has no boundary.
fn boundary(req: &Request) -> Result<String, Error> {
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("multipart/form-data") {
        return Err(Error::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("expected a `Content-Type: multipart/form-data` body, got `{content_type}`"),
        ));
    }
    multer::parse_boundary(content_type)
        .map_err(|_| Error::bad_request("the multipart/form-data `Content-Type` has no boundary"))
}

/// The limit a field passed.
fn field_too_large(name: Option<&str>, is_file: bool, limit: u64) -> Error {
    let kind = if is_file { "file" } else { "text field" };
    let name = name.unwrap_or("");
    Error::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the {kind} `{name}` is larger than the limit of {limit} bytes"),
    )
}

fn too_many_fields(limit: usize) -> Error {
    Error::bad_request(format!(
        "the upload has more than the limit of {limit} fields"
    ))
}

/// What a `multer` error answers.
fn upload_error(err: multer::Error) -> Error {
    match err {
        multer::Error::StreamSizeExceeded { limit } => Error::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the upload is larger than the limit of {limit} bytes"),
        ),
        multer::Error::FieldSizeExceeded { limit, field_name } => {
            field_too_large(field_name.as_deref(), true, limit)
        }
        multer::Error::StreamReadFailed(err) => {
            if let Some(limit) = err.downcast_ref::<LengthLimitError>() {
                let _ = limit;
                return Error::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "request body is larger than the app's body size limit",
                );
            }
            tracing::debug!(error = %err, "upload failed mid-body (client gone?)");
            Error::bad_request(format!("the request body could not be read: {err}"))
        }
        other => Error::bad_request(format!("invalid multipart body: {other}")),
    }
}

/// A `Stream` of the bytes `reader` gives, 64 KiB at a time: never pending,
/// so a future over it finishes in one poll. For spooled bodies (read on a
/// sync thread when they are on disk).
pub(crate) fn read_stream<R: Read + Send>(
    reader: &mut R,
) -> impl futures_util::Stream<Item = std::io::Result<Bytes>> + Send + '_ {
    let mut done = false;
    futures_util::stream::iter(std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut buf = vec![0u8; 64 * 1024];
        match reader.read(&mut buf) {
            Ok(0) => {
                done = true;
                None
            }
            Ok(n) => {
                buf.truncate(n);
                Some(Ok(Bytes::from(buf)))
            }
            Err(err) => {
                done = true;
                Some(Err(err))
            }
        }
    }))
}
