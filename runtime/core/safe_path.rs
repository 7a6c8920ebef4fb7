//! [`SafePath`]: a relative, normalised path that cannot leave the directory
//! it is joined to — the type to take a `<path:...>` route parameter (or any
//! client-sent file name) as before it meets the file system.

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// A relative path checked to stay inside whatever directory it is joined to.
///
/// [`SafePath::new`] (and the route parameter conversion, `file: SafePath`)
/// refuses:
/// - `..` segments, anywhere (also when they came percent-encoded);
/// - absolute paths (a leading `/`) and Windows prefixes (any `:`, so no `C:`
///   and no `file:stream`);
/// - backslashes, NUL and other control characters;
/// - a path with no segment left.
///
/// `.` and empty segments (`a//b/`) are dropped, so the path is normalised:
/// `docs/./a//b/` is `docs/a/b`. Join it to a root with [`SafePath::under`],
/// or let [`FileResponse::from_root`](crate::FileResponse::from_root) do it
/// (which also refuses symlinks that lead out of the root).
///
/// ```
/// use twain::SafePath;
///
/// let p = SafePath::new("css/./site.css").unwrap();
/// assert_eq!(p.as_str(), "css/site.css");
/// assert_eq!(p.under("/srv/static"), std::path::Path::new("/srv/static/css/site.css"));
/// for bad in ["../etc/passwd", "/etc/passwd", "a/../../b", "a\\..\\b", "C:x", "a\0b", ""] {
///     assert!(SafePath::new(bad).is_none(), "{bad:?}");
/// }
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SafePath(String);

impl SafePath {
    /// `path` checked and normalised, or `None` when it could leave its root.
    pub fn new(path: &str) -> Option<SafePath> {
        if path.starts_with('/') || path.contains(['\\', ':']) || path.contains(char::is_control) {
            return None;
        }
        let mut normal = String::with_capacity(path.len());
        for segment in path.split('/') {
            match segment {
                "" | "." => continue,
                ".." => return None,
                _ => {}
            }
            if !normal.is_empty() {
                normal.push('/');
            }
            normal.push_str(segment);
        }
        // What the platform's path parser sees must agree: plain names only.
        let plain = Path::new(&normal)
            .components()
            .all(|component| matches!(component, Component::Normal(_)));
        (plain && !normal.is_empty()).then_some(SafePath(normal))
    }

    /// The normalised path, `/`-separated.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The normalised path as a `Path`.
    pub fn as_path(&self) -> &Path {
        Path::new(&self.0)
    }

    /// `root` joined with this path: always inside `root` (symlinks aside).
    pub fn under(&self, root: impl AsRef<Path>) -> PathBuf {
        root.as_ref().join(self.as_path())
    }
}

impl AsRef<Path> for SafePath {
    fn as_ref(&self) -> &Path {
        self.as_path()
    }
}

impl AsRef<str> for SafePath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for SafePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::SafePath;

    #[test]
    fn keeps_plain_relative_paths() {
        for (given, normal) in [
            ("a", "a"),
            ("a/b.txt", "a/b.txt"),
            ("./a//b/", "a/b"),
            ("..a/b..", "..a/b.."),
            ("caf\u{e9}/x y", "caf\u{e9}/x y"),
        ] {
            assert_eq!(SafePath::new(given).unwrap().as_str(), normal, "{given:?}");
        }
    }

    #[test]
    fn refuses_every_way_out() {
        for bad in [
            "",
            "/",
            ".",
            "./",
            "..",
            "../x",
            "a/..",
            "a/../b",
            "/etc/passwd",
            "//etc/passwd",
            "a\\b",
            "..\\x",
            "C:\\x",
            "C:x",
            "a:b",
            "a\0b",
            "a\nb",
        ] {
            assert!(SafePath::new(bad).is_none(), "{bad:?}");
        }
    }
}
