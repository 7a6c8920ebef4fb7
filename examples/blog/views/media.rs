//! Images attached to articles: checked and saved under the data dir by the
//! form views, served back from `/media/<file>`.

use std::io::Read;
use std::path::PathBuf;

use twain::FileResponse;
use twain::SafePath;
use twain::db::Conn;
use twain::prelude::*;
use twain::web::{MultipartForm, UploadedFile};

/// The folder uploaded images are saved in.
pub struct MediaDir {
    pub path: PathBuf,
}

/// The image types the site accepts: content type, file extension, and the
/// first bytes every such file starts with.
const IMAGE_TYPES: [(&str, &str, &[u8]); 4] = [
    ("image/png", "png", b"\x89PNG\r\n\x1a\n"),
    ("image/jpeg", "jpg", b"\xff\xd8\xff"),
    ("image/gif", "gif", b"GIF8"),
    ("image/webp", "webp", b"RIFF"),
];

/// The image chosen in a form, checked, not saved yet.
pub struct Image<'f> {
    file: &'f mut UploadedFile,
    extension: &'static str,
}

/// The form's `image` file, if one was chosen, or why it is refused: it
/// must be an image the site takes. Its size was checked already
/// (`MultipartLimits`: 413 before the view runs).
pub fn chosen_image(form: &mut MultipartForm) -> Result<Option<Image<'_>>, &'static str> {
    let Some(file) = form.file_mut("image") else {
        return Ok(None);
    };
    if file.size() == 0 && file.file_name().is_empty() {
        return Ok(None); // the form was sent without choosing a file
    }
    match image_type(file) {
        Some(extension) => Ok(Some(Image { file, extension })),
        None => Err("The image must be a PNG, JPEG, GIF or WebP file."),
    }
}

/// Saves `image` in the media folder and records it on the article.
pub fn attach(conn: &Conn, dir: &MediaDir, article: i64, image: Image<'_>) -> Result<(), Error> {
    std::fs::create_dir_all(&dir.path)?;
    let name = format!(
        "{article}-{}.{}",
        twain::db::uuid::Uuid::new_v4(),
        image.extension
    );
    image.file.save_to(dir.path.join(&name))?;
    conn.execute(
        "UPDATE articles SET image = ?1 WHERE id = ?2",
        (&name, article),
    )?;
    Ok(())
}

/// The file's extension when it is an image the site accepts: by its
/// declared type and by its first bytes, which a renamed file cannot fake.
fn image_type(file: &mut UploadedFile) -> Option<&'static str> {
    let declared = file.content_type().unwrap_or("").to_owned();
    let mut head = [0u8; 8];
    let read = file.read(&mut head).ok()?;
    IMAGE_TYPES
        .into_iter()
        .find(|(content_type, _, magic)| {
            declared == *content_type && head[..read].starts_with(magic)
        })
        .map(|(_, extension, _)| extension)
}

/// Async: it sends a file, waiting on the disk without blocking a thread.
#[view]
pub async fn serve(media: State<MediaDir>, file: SafePath) -> Result<FileResponse, Error> {
    FileResponse::from_root(&media.path, &file).await
}
