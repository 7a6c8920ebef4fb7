//! Placeholders that work on both backends: a statement may number its
//! parameters `?1, ?2` (SQLite's style) or `$1, $2` (PostgreSQL's), and may
//! use a bare `?`; before it is prepared, each is rewritten into the style of
//! the connection's backend. The rewrite skips string literals (`'..'`),
//! quoted identifiers (`".."`), comments and, on PostgreSQL, dollar-quoted
//! strings (`$$..$$`); it is done once per distinct statement and kept in a
//! small cache.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

/// The placeholder style a backend's statements use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Dialect {
    /// `?N`.
    Sqlite,
    /// `$N`.
    Postgres,
}

/// Distinct statements kept rewritten; past this the cache starts over.
const CACHE_LIMIT: usize = 4096;

type Cache = RwLock<HashMap<(Dialect, Box<str>), Arc<str>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// `sql` with its placeholders in `dialect`'s style: borrowed when there is
/// nothing to rewrite, else the cached rewrite.
pub(crate) fn rewrite(sql: &str, dialect: Dialect) -> Cow<'_, str> {
    let marker = match dialect {
        Dialect::Sqlite => b'$',
        Dialect::Postgres => b'?',
    };
    if !sql.as_bytes().contains(&marker) {
        return Cow::Borrowed(sql);
    }
    let key = (dialect, Box::<str>::from(sql));
    if let Some(done) = cache().read().ok().and_then(|c| c.get(&key).cloned()) {
        return Cow::Owned(done.to_string());
    }
    let done = scan(sql, dialect);
    if done == sql {
        return Cow::Borrowed(sql);
    }
    if let Ok(mut cache) = cache().write() {
        if cache.len() >= CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key, Arc::from(done.as_str()));
    }
    Cow::Owned(done)
}

/// The rewrite itself.
fn scan(sql: &str, dialect: Dialect) -> String {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 8);
    let mut i = 0;
    // The highest parameter number seen, for a bare `?` (SQLite numbers it
    // one past the highest so far).
    let mut highest = 0usize;
    let mut copied = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() {
                    if bytes[i] == quote {
                        // A doubled quote is an escaped one.
                        if bytes.get(i + 1) == Some(&quote) {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i < bytes.len() && !(bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/')) {
                    i += 1;
                }
                i += 2;
            }
            b'?' | b'$' => {
                let sigil = bytes[i];
                let digits = bytes[i + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let number: Option<usize> = sql[i + 1..i + 1 + digits].parse().ok();
                if let Some(n) = number {
                    highest = highest.max(n);
                }
                let wanted = match dialect {
                    Dialect::Sqlite => b'?',
                    Dialect::Postgres => b'$',
                };
                if sigil == b'$' && digits == 0 {
                    // A dollar-quoted string (`$$..$$`, `$tag$..$tag$`) on
                    // PostgreSQL: skip to its closing tag.
                    if dialect == Dialect::Postgres
                        && let Some(end) = dollar_quote_end(sql, i)
                    {
                        i = end;
                        continue;
                    }
                    i += 1;
                    continue;
                }
                if sigil == wanted && digits > 0 {
                    i += 1 + digits;
                    continue;
                }
                out.push_str(&sql[copied..i]);
                out.push(char::from(wanted));
                match number {
                    Some(n) => out.push_str(&n.to_string()),
                    None => {
                        // A bare `?`.
                        highest += 1;
                        out.push_str(&highest.to_string());
                    }
                }
                i += 1 + digits;
                copied = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[copied.min(sql.len())..]);
    out
}

/// Where the dollar-quoted string opening at `start` ends, if one opens there.
fn dollar_quote_end(sql: &str, start: usize) -> Option<usize> {
    let rest = &sql[start + 1..];
    let tag_len = rest.find('$')?;
    let tag = &rest[..tag_len];
    if !tag.chars().all(|c| c.is_alphanumeric() || c == '_')
        || tag.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let delimiter = &sql[start..start + tag_len + 2];
    let body = start + delimiter.len();
    let close = sql[body..].find(delimiter)?;
    Some(body + close + delimiter.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_and_bare_placeholders_become_the_backends_style() {
        let pg = |s| rewrite(s, Dialect::Postgres).into_owned();
        let lite = |s| rewrite(s, Dialect::Sqlite).into_owned();
        assert_eq!(
            pg("SELECT * FROM t WHERE a = ?1 AND b = ?2"),
            "SELECT * FROM t WHERE a = $1 AND b = $2"
        );
        assert_eq!(
            pg("INSERT INTO t VALUES (?, ?)"),
            "INSERT INTO t VALUES ($1, $2)"
        );
        assert_eq!(pg("SELECT ?2, ?1, ?1"), "SELECT $2, $1, $1");
        assert_eq!(pg("SELECT $1"), "SELECT $1");
        assert_eq!(lite("SELECT $1, $2"), "SELECT ?1, ?2");
        assert_eq!(lite("SELECT ?1"), "SELECT ?1");
    }

    #[test]
    fn literals_identifiers_and_comments_are_left_alone() {
        let pg = |s| rewrite(s, Dialect::Postgres).into_owned();
        assert_eq!(
            pg("SELECT '?1', \"a?\", ?1 -- ?2\n"),
            "SELECT '?1', \"a?\", $1 -- ?2\n"
        );
        assert_eq!(
            pg("SELECT 'it''s ?', ?1 /* ? */"),
            "SELECT 'it''s ?', $1 /* ? */"
        );
        assert_eq!(pg("SELECT $$ ? $$, ?1"), "SELECT $$ ? $$, $1");
        assert_eq!(pg("SELECT $q$ ?1 $q$, ?"), "SELECT $q$ ?1 $q$, $1");
        assert_eq!(
            rewrite("SELECT '$1', $1", Dialect::Sqlite),
            "SELECT '$1', ?1"
        );
    }
}
