//! Percent-encoding rules: the canonical form request paths are matched in,
//! decoding of captured values, and encoding of reversed URLs.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Bytes encoded inside one segment: all but unreserved characters, RFC 3986
/// sub-delimiters, `:` and `@` (Django's reverse keeps the same characters).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Bytes encoded in static text and `path` values: as [`SEGMENT`], but `/` kept.
const SPANNING: &AsciiSet = &SEGMENT.remove(b'/');

/// Bytes that stay percent-encoded (uppercase hex) in the canonical form:
/// `/` and `%` keep their meaning, and `{`/`}` never reach matchit as text
/// (matchit's `{{`/`}}` escaping mis-pairs a `}` that follows a parameter).
const KEPT: [u8; 4] = [b'/', b'%', b'{', b'}'];

/// The form a request path is matched in: every valid `%XX` escape decoded,
/// except those of [`KEPT`] bytes, which stay as uppercase `%2F`, `%25`, `%7B`,
/// `%7D`; raw `{`/`}` are encoded the same way, and a `%` that starts no valid
/// escape becomes `%25`. `None` when the decoded bytes are not UTF-8.
pub(super) fn canonical_path(raw: &str) -> Option<Cow<'_, str>> {
    // One load per byte rather than three compares: most paths have none.
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        table[b'%' as usize] = true;
        table[b'{' as usize] = true;
        table[b'}' as usize] = true;
        table
    };
    let bytes = raw.as_bytes();
    if !bytes.iter().any(|&b| SPECIAL[usize::from(b)]) {
        return Some(Cow::Borrowed(raw));
    }
    let mut out = Vec::with_capacity(bytes.len() + 8);
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        i += 1;
        let decoded = if byte == b'%' {
            let high = bytes.get(i).copied().and_then(hex_value);
            let low = bytes.get(i + 1).copied().and_then(hex_value);
            match (high, low) {
                (Some(high), Some(low)) => {
                    i += 2;
                    high * 16 + low
                }
                _ => b'%',
            }
        } else {
            byte
        };
        // A raw `/` is a separator; everything else in KEPT is (re-)encoded.
        if KEPT.contains(&decoded) && (byte == b'%' || decoded != b'/') {
            push_escape(&mut out, decoded);
        } else {
            out.push(decoded);
        }
    }
    String::from_utf8(out).ok().map(Cow::Owned)
}

/// Appends `%XX` (uppercase) for `byte`.
fn push_escape(out: &mut Vec<u8>, byte: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        b'%',
        HEX[usize::from(byte >> 4)],
        HEX[usize::from(byte & 15)],
    ]);
}

/// Appends static pattern text in the canonical form of [`canonical_path`].
pub(super) fn push_canonical(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '%' => out.push_str("%25"),
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            other => out.push(other),
        }
    }
}

/// Fully decodes a value captured from a canonical path (`None` if not UTF-8).
pub(super) fn decode_value(canonical: &str) -> Option<Cow<'_, str>> {
    percent_decode_str(canonical).decode_utf8().ok()
}

/// Appends `text` percent-encoded; `keep_slash` keeps `/` as a separator.
pub(super) fn push_encoded(out: &mut String, text: &str, keep_slash: bool) {
    let set = if keep_slash { SPANNING } else { SEGMENT };
    out.extend(utf8_percent_encode(text, set));
}

/// Makes a built path safe to hand to clients: `.` and `..` segments become
/// `%2E` and `%2E%2E` (so nobody normalises them away) and a leading `//`
/// becomes `/%2F` (so it is not read as a scheme-relative URL).
pub(super) fn protect(path: String) -> String {
    let needs_dots = path
        .split('/')
        .any(|segment| segment == "." || segment == "..");
    let mut path = if needs_dots {
        path.split('/')
            .map(|segment| match segment {
                "." => "%2E",
                ".." => "%2E%2E",
                other => other,
            })
            .collect::<Vec<_>>()
            .join("/")
    } else {
        path
    };
    if path.starts_with("//") {
        path.replace_range(..2, "/%2F");
    }
    path
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}
