//! [`MultipartForm`]: a whole upload, parsed before a sync view runs — text
//! fields in memory, each file in its own [`UploadedFile`] (in memory up to
//! `App::spool_memory_limit`, then an unnamed temp file under
//! `App::spool_dir`), read with `std::io::Read`. The body was spooled first
//! (`extract/spool.rs`); parsing it runs on a sync thread when it is on disk
//! (the spool pool's wrapper, like every sync job), inline when it is in
//! memory. Temp files are gone when the form is dropped.

use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use futures_util::FutureExt;
use tempfile::SpooledTempFile;

use crate::core::{Error, IntoResponse, Request, Response, SpooledBody};
use crate::exec::{Blocking, Job, SyncPool};
use crate::extract::{FromRequest, spool};

use super::{
    MultipartLimits, boundary, field_too_large, read_stream, too_many_fields, upload_error,
};

/// A parsed `multipart/form-data` upload: its text fields and files. Made
/// for sync views (it works in async views too, spooling the body first);
/// to stream an upload in an async view, take [`Multipart`](crate::web::Multipart).
///
/// ```
/// use std::io::Read;
/// use twain::prelude::*;
/// use twain::web::MultipartForm;
///
/// #[view]
/// fn upload(mut form: MultipartForm) -> Result<String, Error> {
///     let title = form.text("title").unwrap_or("untitled").to_owned();
///     let Some(file) = form.file_mut("document") else {
///         return Err(Error::bad_request("no file in the `document` field"));
///     };
///     let mut head = [0u8; 4];
///     let n = file.read(&mut head)?;                  // std::io::Read
///     Ok(format!("{title}: {} ({} bytes, starts {:?})", file.file_name(), file.size(), &head[..n]))
/// }
/// ```
#[derive(Debug, Default)]
pub struct MultipartForm {
    texts: Vec<(String, String)>,
    files: Vec<UploadedFile>,
}

impl MultipartForm {
    /// The first text field named `name`.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every text field named `name`, in order (a multi-select).
    pub fn texts_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.texts
            .iter()
            .filter(move |(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every text field as `(name, value)`, in order.
    pub fn texts(&self) -> &[(String, String)] {
        &self.texts
    }

    /// The first file of the field `name`.
    pub fn file(&self, name: &str) -> Option<&UploadedFile> {
        self.files.iter().find(|file| file.field_name == name)
    }

    /// The first file of the field `name`, to read.
    pub fn file_mut(&mut self, name: &str) -> Option<&mut UploadedFile> {
        self.files.iter_mut().find(|file| file.field_name == name)
    }

    /// Takes the first file of the field `name` out of the form.
    pub fn take_file(&mut self, name: &str) -> Option<UploadedFile> {
        let at = self.files.iter().position(|file| file.field_name == name)?;
        Some(self.files.remove(at))
    }

    /// Every file, in order.
    pub fn files(&self) -> &[UploadedFile] {
        &self.files
    }

    /// Every file, to read or keep.
    pub fn into_files(self) -> Vec<UploadedFile> {
        self.files
    }
}

/// One uploaded file: its field, the client's file name and content type,
/// its size, and its bytes, read with `std::io::Read` (and `Seek`).
pub struct UploadedFile {
    field_name: String,
    file_name: String,
    content_type: Option<String>,
    size: u64,
    file: SpooledTempFile,
}

impl UploadedFile {
    /// The form field it came in.
    pub fn field_name(&self) -> &str {
        &self.field_name
    }

    /// The file name the client gave, without any directory part (never
    /// trust it as a path on your disk).
    pub fn file_name(&self) -> &str {
        &self.file_name
    }

    /// The content type the client gave (not checked against the bytes).
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// Its size in bytes.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether it went past the memory limit into a temp file.
    pub fn is_on_disk(&self) -> bool {
        self.file.is_rolled()
    }

    /// Copies the whole file to `path` (created or truncated); its size.
    /// Blocking I/O: call it from sync code.
    pub fn save_to(&mut self, path: impl AsRef<Path>) -> io::Result<u64> {
        self.file.seek(SeekFrom::Start(0))?;
        let mut out = std::fs::File::create(path)?;
        io::copy(&mut self.file, &mut out)
    }
}

impl Read for UploadedFile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.file.read(buf)
    }
}

impl Seek for UploadedFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.file.seek(pos)
    }
}

impl std::fmt::Debug for UploadedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadedFile")
            .field("field_name", &self.field_name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("size", &self.size)
            .field("on_disk", &self.is_on_disk())
            .finish()
    }
}

impl FromRequest for MultipartForm {
    async fn from_request(req: &mut Request, _: &'static str) -> Result<Self, Response> {
        MultipartForm::of(req)
            .await
            .map_err(IntoResponse::into_response)
    }
}

/// Where each file goes.
#[derive(Clone)]
struct FileSpool {
    memory: usize,
    dir: Option<PathBuf>,
}

impl MultipartForm {
    async fn of(req: &mut Request) -> Result<MultipartForm, Error> {
        let boundary = boundary(req)?;
        let limits = MultipartLimits::of(req);
        let spool_to = FileSpool {
            memory: req.scope().limits.spool_memory_limit,
            dir: req.scope().limits.spool_dir.clone(),
        };
        spool(req).await?;
        let body = req.body_reader()?;
        if !body.is_on_disk() {
            return parse(body, boundary, limits, spool_to);
        }
        let job = move |_: Blocking<'_>| parse(body, boundary, limits, spool_to);
        match SyncPool::current().run(Job::Helper, job).await {
            Ok(parsed) => parsed,
            Err(failure) => Err(failure.into_error("parsing an upload")),
        }
    }
}

/// Parses a spooled body. The stream over it is never pending, so the
/// parsing future finishes in its first poll.
fn parse(
    mut body: SpooledBody,
    boundary: String,
    limits: MultipartLimits,
    spool_to: FileSpool,
) -> Result<MultipartForm, Error> {
    let constraints = multer::Constraints::new()
        .size_limit(multer::SizeLimit::new().whole_stream(limits.total()));
    let mut multipart =
        multer::Multipart::with_constraints(read_stream(&mut body), boundary, constraints);
    let parsing = async {
        let mut form = MultipartForm::default();
        let mut count = 0usize;
        while let Some(mut field) = multipart.next_field().await.map_err(upload_error)? {
            count += 1;
            if count > limits.fields {
                return Err(too_many_fields(limits.fields));
            }
            let name = field.name().unwrap_or("").to_owned();
            let is_file = field.file_name().is_some();
            let limit = limits.field(is_file);
            let mut size = 0u64;
            let mut file = match &spool_to.dir {
                Some(dir) => SpooledTempFile::new_in(spool_to.memory, dir),
                None => SpooledTempFile::new(spool_to.memory),
            };
            let mut text = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(upload_error)? {
                size += chunk.len() as u64;
                if size > limit {
                    return Err(field_too_large(Some(&name), is_file, limit));
                }
                if is_file {
                    file.write_all(&chunk).map_err(write_error)?;
                } else {
                    text.extend_from_slice(&chunk);
                }
            }
            if is_file {
                file.seek(SeekFrom::Start(0)).map_err(write_error)?;
                form.files.push(UploadedFile {
                    file_name: base_name(field.file_name().unwrap_or("")),
                    content_type: field.content_type().map(|m| m.essence_str().to_owned()),
                    field_name: name,
                    size,
                    file,
                });
            } else {
                let text = String::from_utf8(text).map_err(|_| {
                    Error::bad_request(format!("the field `{name}` is not UTF-8 text"))
                })?;
                form.texts.push((name, text));
            }
        }
        Ok(form)
    };
    parsing.now_or_never().unwrap_or_else(|| {
        Err(Error::internal(
            "parsing a spooled upload did not finish in one poll",
        ))
    })
}

fn write_error(err: io::Error) -> Error {
    Error::internal(format!(
        "could not store an uploaded file (check App::spool_dir): {err}"
    ))
}

/// The last component of a client's file name (`C:\\x\\a.txt` → `a.txt`).
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\']).next().unwrap_or("").to_owned()
}
