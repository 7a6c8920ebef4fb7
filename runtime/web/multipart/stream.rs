//! [`Multipart`]: an upload streamed field by field, for async views: the
//! body is read only as the view asks for chunks, through the one body-limit
//! path (`core/limits.rs`), with the per-field and total limits checked as
//! bytes arrive.

use std::marker::PhantomData;

use bytes::{Bytes, BytesMut};

use crate::core::{Error, IntoResponse, Request, Response, limited};
use crate::extract::FromRequest;

use super::{MultipartLimits, boundary, field_too_large, too_many_fields, upload_error};

/// A `multipart/form-data` body, field by field, for async views (a sync
/// view takes [`MultipartForm`](crate::web::MultipartForm) instead, with
/// the files already on disk).
///
/// ```
/// use twain::prelude::*;
/// use twain::web::Multipart;
///
/// #[view]
/// async fn upload(mut form: Multipart) -> Result<String, Error> {
///     let mut report = Vec::new();
///     while let Some(mut field) = form.next_field().await? {
///         let name = field.name().unwrap_or("").to_owned();
///         let mut size = 0;
///         while let Some(chunk) = field.chunk().await? {
///             size += chunk.len();            // write it somewhere
///         }
///         report.push(format!("{name}: {size} bytes"));
///     }
///     Ok(report.join("\n"))
/// }
/// ```
pub struct Multipart {
    inner: multer::Multipart<'static>,
    limits: MultipartLimits,
    fields: usize,
}

impl Multipart {
    /// The next field, or `None` after the last. Read the previous field to
    /// its end first, or it is skipped.
    pub async fn next_field(&mut self) -> Result<Option<Field<'_>>, Error> {
        let Some(inner) = self.inner.next_field().await.map_err(upload_error)? else {
            return Ok(None);
        };
        self.fields += 1;
        if self.fields > self.limits.fields {
            return Err(too_many_fields(self.limits.fields));
        }
        let limit = self.limits.field(inner.file_name().is_some());
        Ok(Some(Field {
            inner,
            limit,
            read: 0,
            _multipart: PhantomData,
        }))
    }
}

impl std::fmt::Debug for Multipart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Multipart")
            .field("limits", &self.limits)
            .field("fields", &self.fields)
            .finish_non_exhaustive()
    }
}

/// One field of a [`Multipart`] upload: a file (it has a file name) or a
/// text field.
pub struct Field<'a> {
    inner: multer::Field<'static>,
    limit: u64,
    read: u64,
    _multipart: PhantomData<&'a mut Multipart>,
}

impl Field<'_> {
    /// The field's name in the form.
    pub fn name(&self) -> Option<&str> {
        self.inner.name()
    }

    /// The file name the client sent, for a file field.
    pub fn file_name(&self) -> Option<&str> {
        self.inner.file_name()
    }

    /// The content type the client sent for the field.
    pub fn content_type(&self) -> Option<&str> {
        self.inner.content_type().map(|mime| mime.essence_str())
    }

    /// The next chunk of the field's bytes, or `None` at its end; 413 once
    /// the field passes its limit.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        let Some(chunk) = self.inner.chunk().await.map_err(upload_error)? else {
            return Ok(None);
        };
        self.read += chunk.len() as u64;
        if self.read > self.limit {
            let is_file = self.inner.file_name().is_some();
            return Err(field_too_large(self.inner.name(), is_file, self.limit));
        }
        Ok(Some(chunk))
    }

    /// The rest of the field in memory.
    pub async fn bytes(mut self) -> Result<Bytes, Error> {
        let mut all = BytesMut::new();
        while let Some(chunk) = self.chunk().await? {
            all.extend_from_slice(&chunk);
        }
        Ok(all.freeze())
    }

    /// The rest of the field as UTF-8 text; 400 when it is not.
    pub async fn text(self) -> Result<String, Error> {
        let name = self.name().unwrap_or("").to_owned();
        let bytes = self.bytes().await?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| Error::bad_request(format!("the field `{name}` is not UTF-8 text")))
    }
}

impl std::fmt::Debug for Field<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Field")
            .field("name", &self.name())
            .field("file_name", &self.file_name())
            .field("content_type", &self.content_type())
            .finish()
    }
}

impl FromRequest for Multipart {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        Multipart::of(req).map_err(IntoResponse::into_response)
    }
}

impl Multipart {
    fn of(req: &mut Request) -> Result<Multipart, Error> {
        let boundary = boundary(req)?;
        let limits = MultipartLimits::of(req);
        let max = req.scope().limits.max_body_size;
        let body = req.take_body();
        let body = limited(req.headers(), body, max)?;
        let stream = http_body_util::BodyDataStream::new(body);
        let constraints = multer::Constraints::new()
            .size_limit(multer::SizeLimit::new().whole_stream(limits.total()));
        Ok(Multipart {
            inner: multer::Multipart::with_constraints(stream, boundary, constraints),
            limits,
            fields: 0,
        })
    }
}
