//! [`Templates`]: every file under the app's template folder, compiled into
//! one minijinja `Environment` when the app is built (a syntax error is a
//! build error naming the file and line), and in debug builds compiled again
//! when a file changed (checked by modification time before each render).
//! Autoescaping is minijinja's default: on for `.html`, `.htm` and `.xml`.

use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::SystemTime;

use minijinja::Environment;
use serde::Serialize;

use crate::core::Error;

/// The app's templates (`App::templates("templates")`), also a state
/// argument for rendering to a string: `fn mail(t: State<Templates>)`.
pub struct Templates {
    dir: PathBuf,
    reload: bool,
    loaded: RwLock<Loaded>,
}

struct Loaded {
    env: Arc<Environment<'static>>,
    stamp: Stamp,
}

/// Each file's relative name, modification time and length.
type Stamp = Vec<(String, Option<SystemTime>, u64)>;

/// Loads every template under `dir`.
pub(crate) fn load_templates(dir: &Path) -> Result<Templates, String> {
    let loaded = load(dir)?;
    tracing::debug!(dir = %dir.display(), templates = loaded.stamp.len(), "templates loaded");
    Ok(Templates {
        dir: dir.to_owned(),
        reload: cfg!(debug_assertions),
        loaded: RwLock::new(loaded),
    })
}

fn load(dir: &Path) -> Result<Loaded, String> {
    let files = scan(dir).map_err(|err| {
        format!(
            "the template folder `{}` cannot be read: {err}",
            dir.display()
        )
    })?;
    let mut env = Environment::new();
    let mut stamp = Vec::with_capacity(files.len());
    for (name, path, modified, len) in files {
        let source = std::fs::read_to_string(&path)
            .map_err(|err| format!("the template `{}` cannot be read: {err}", path.display()))?;
        env.add_template_owned(name.clone(), source)
            .map_err(|err| describe(&err))?;
        stamp.push((name, modified, len));
    }
    Ok(Loaded {
        env: Arc::new(env),
        stamp,
    })
}

/// `name: line N: message`, for build errors and logs.
pub(crate) fn describe(err: &minijinja::Error) -> String {
    match (err.name(), err.line()) {
        (Some(name), Some(line)) => format!("template `{name}`, line {line}: {err}"),
        (Some(name), None) => format!("template `{name}`: {err}"),
        _ => err.to_string(),
    }
}

/// The files under `dir`, sorted, named by their path relative to it with `/`.
/// A template file: its name, path, modification time and length.
type Found = (String, PathBuf, Option<SystemTime>, u64);

fn scan(dir: &Path) -> std::io::Result<Vec<Found>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            let path = entry.path();
            if meta.is_dir() {
                pending.push(path);
                continue;
            }
            let Ok(relative) = path.strip_prefix(dir) else {
                continue;
            };
            let name = relative
                .components()
                .map(|part| part.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            found.push((name, path, meta.modified().ok(), meta.len()));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

impl Templates {
    /// The environment to render with; in debug builds, reloaded first when
    /// a file was added, removed or changed (a reload that fails is logged
    /// and the last good templates are kept).
    pub(crate) fn env(&self) -> Arc<Environment<'static>> {
        if self.reload {
            self.reload_if_changed();
        }
        self.loaded
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .env
            .clone()
    }

    fn reload_if_changed(&self) {
        let Ok(files) = scan(&self.dir) else { return };
        let now: Stamp = files.into_iter().map(|(n, _, m, l)| (n, m, l)).collect();
        let changed = self
            .loaded
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .stamp
            != now;
        if !changed {
            return;
        }
        match load(&self.dir) {
            Ok(loaded) => {
                tracing::info!(dir = %self.dir.display(), "templates changed; reloaded");
                *self.loaded.write().unwrap_or_else(PoisonError::into_inner) = loaded;
            }
            Err(err) => {
                tracing::error!(
                    "templates changed but do not load, keeping the last good ones: {err}"
                );
                // Remember the stamp so the same broken state is not retried
                // on every request.
                self.loaded
                    .write()
                    .unwrap_or_else(PoisonError::into_inner)
                    .stamp = now;
            }
        }
    }

    /// Whether a template of this name exists.
    pub fn contains(&self, name: &str) -> bool {
        self.env().get_template(name).is_ok()
    }

    /// Renders the template `name` with `context` (any serde value, or
    /// `twain::web::context! { .. }`) to a string. A missing template or a
    /// failed render is a 500 whose logged message names the template and
    /// line.
    ///
    /// ```
    /// # let dir = tempfile::tempdir().unwrap();
    /// # std::fs::write(dir.path().join("hello.txt"), "hello {{ name }}").unwrap();
    /// use twain::prelude::*;
    /// use twain::web::{Templates, context};
    ///
    /// #[view]
    /// fn greet(templates: State<Templates>) -> Result<String, Error> {
    ///     templates.render("hello.txt", context! { name => "ada" })
    /// }
    /// # let client = twain::test::Client::new(App::new().templates(dir.path()).route("", greet));
    /// # assert_eq!(client.get("/").text(), "hello ada");
    /// ```
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, Error> {
        let env = self.env();
        let rendered = env
            .get_template(name)
            .and_then(|template| template.render(context));
        rendered.map_err(|err| {
            let message = describe(&err);
            tracing::error!(template = name, line = err.line(), "{message}");
            tracing::debug!("{}", err.display_debug_info());
            Error::internal(format!("rendering `{name}` failed: {message}"))
                .with_reply("Internal Server Error")
        })
    }
}

impl std::fmt::Debug for Templates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Templates")
            .field("dir", &self.dir)
            .field("reload", &self.reload)
            .finish_non_exhaustive()
    }
}
