//! The tokens of a whole source file, cheaply: identifiers (with their line),
//! punctuation, delimiters matched to their partners, and literals as opaque
//! tokens; comments and whitespace dropped. Enough to outline a module (its
//! `use` items, the items it defines, its functions and inline modules)
//! without parsing every function body: `syn` over a whole file costs the
//! compiler more than type-checking a view, at the `opt-level = 0` that
//! proc macros get by default.
//!
//! The file has already been lexed by the compiler (it is being compiled),
//! but it may have changed on disk since, so anything that does not lex
//! (an unterminated string or comment, unbalanced delimiters) gives `None`.

/// What one token is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    /// An identifier or keyword (raw identifiers keep their `r#`).
    Ident,
    /// One punctuation character (`::` is two `:` tokens).
    Punct(u8),
    /// `(`, `[` or `{`; `close` is the index of its partner.
    Open { delim: u8, close: usize },
    /// `)`, `]` or `}`.
    Close,
    /// A string, character, byte or number literal, or a lifetime.
    Literal,
}

/// One token: what it is and where it is in the text.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    /// Byte range in the text.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// One-indexed line of its start.
    pub(crate) line: usize,
}

/// The tokens of `text`, or `None` when it does not lex.
pub(crate) fn tokens(text: &str) -> Option<Vec<Token>> {
    let bytes = text.as_bytes();
    let mut out: Vec<Token> = Vec::with_capacity(bytes.len() / 4);
    let mut open: Vec<usize> = Vec::new();
    let mut line = 1;
    let mut i = 0;
    // A shebang line (`#!/usr/bin/env ..`, not an inner attribute `#![..]`).
    if bytes.starts_with(b"#!") && !text[2..].trim_start().starts_with('[') {
        i = text.find('\n').unwrap_or(bytes.len());
    }
    while i < bytes.len() {
        let b = bytes[i];
        let start = i;
        let start_line = line;
        let kind = match b {
            b'\n' => {
                line += 1;
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' => {
                i += 1;
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = block_comment_end(bytes, i, &mut line)?;
                continue;
            }
            b'"' => {
                i = string_end(bytes, i + 1, &mut line)?;
                Kind::Literal
            }
            b'\'' => {
                i = quote_end(text, i)?;
                Kind::Literal
            }
            b'0'..=b'9' => {
                i += 1;
                while i < bytes.len()
                    && (is_ident_byte(bytes[i])
                        || (bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)))
                {
                    i += 1;
                }
                Kind::Literal
            }
            b'(' | b'[' | b'{' => {
                open.push(out.len());
                i += 1;
                Kind::Open { delim: b, close: 0 }
            }
            b')' | b']' | b'}' => {
                let opener = open.pop()?;
                let expected = match b {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                let index = out.len();
                match &mut out[opener].kind {
                    Kind::Open { delim, close } if *delim == expected => *close = index,
                    _ => return None,
                }
                i += 1;
                Kind::Close
            }
            b if is_ident_start(b) => {
                while i < bytes.len() && is_ident_byte(bytes[i]) {
                    i += 1;
                }
                let word = &text[start..i];
                let next = bytes.get(i).copied();
                match (word, next) {
                    // Raw strings: r"..", r#".."#, br"..", cr#".."#.
                    ("r" | "br" | "cr", Some(b'"' | b'#')) if raw_string_follows(bytes, i) => {
                        i = raw_string_end(bytes, i, &mut line)?;
                        Kind::Literal
                    }
                    // A raw identifier: r#name.
                    ("r", Some(b'#')) => {
                        i += 1;
                        if !bytes.get(i).copied().is_some_and(is_ident_start) {
                            return None;
                        }
                        while i < bytes.len() && is_ident_byte(bytes[i]) {
                            i += 1;
                        }
                        Kind::Ident
                    }
                    ("b" | "c", Some(b'"')) => {
                        i = string_end(bytes, i + 1, &mut line)?;
                        Kind::Literal
                    }
                    ("b", Some(b'\'')) => {
                        i = quote_end(text, i)?;
                        Kind::Literal
                    }
                    _ => Kind::Ident,
                }
            }
            b if b.is_ascii() => {
                i += 1;
                Kind::Punct(b)
            }
            // Any other non-ASCII character outside a literal or comment:
            // not something to guess about.
            _ => return None,
        };
        out.push(Token {
            kind,
            start,
            end: i,
            line: start_line,
        });
    }
    open.is_empty().then_some(out)
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

/// The end of the (nestable) block comment starting at `i`.
fn block_comment_end(bytes: &[u8], mut i: usize, line: &mut usize) -> Option<usize> {
    let mut depth = 0usize;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'/', Some(b'*')) => {
                depth += 1;
                i += 2;
            }
            (b'*', Some(b'/')) => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            (b'\n', _) => {
                *line += 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// The end of a `"` string whose contents start at `i` (escapes skipped).
fn string_end(bytes: &[u8], mut i: usize, line: &mut usize) -> Option<usize> {
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Some(i + 1),
            b'\\' => {
                if bytes.get(i + 1) == Some(&b'\n') {
                    *line += 1;
                }
                i += 2;
            }
            b'\n' => {
                *line += 1;
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Whether `#*"` follows at `i` (a raw string, not a raw identifier).
fn raw_string_follows(bytes: &[u8], mut i: usize) -> bool {
    while bytes.get(i) == Some(&b'#') {
        i += 1;
    }
    bytes.get(i) == Some(&b'"')
}

/// The end of a raw string whose `#*"` starts at `i`.
fn raw_string_end(bytes: &[u8], mut i: usize, line: &mut usize) -> Option<usize> {
    let mut hashes = 0;
    while bytes.get(i) == Some(&b'#') {
        hashes += 1;
        i += 1;
    }
    i += 1; // the opening quote
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            *line += 1;
        }
        if bytes[i] == b'"'
            && bytes.len() >= i + 1 + hashes
            && bytes[i + 1..i + 1 + hashes].iter().all(|&h| h == b'#')
        {
            return Some(i + 1 + hashes);
        }
        i += 1;
    }
    None
}

/// The end of a character literal or lifetime whose `'` is at `i`.
fn quote_end(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let after = i + 1;
    if bytes.get(after) == Some(&b'\\') {
        // An escaped character: '\n', '\'', '\u{..}', '\x7f'.
        let mut j = after + 2;
        while j < bytes.len() && bytes[j] != b'\'' {
            if bytes[j] == b'\n' {
                return None;
            }
            j += 1;
        }
        return (j < bytes.len()).then_some(j + 1);
    }
    let c = text.get(after..)?.chars().next()?;
    let past = after + c.len_utf8();
    if bytes.get(past) == Some(&b'\'') {
        return Some(past + 1); // 'x'
    }
    // A lifetime or label: 'a, 'static, 'r#raw.
    if !is_ident_start(bytes[after]) {
        return None;
    }
    let mut j = after;
    if bytes[j] == b'r' && bytes.get(j + 1) == Some(&b'#') {
        j += 2;
    }
    while j < bytes.len() && is_ident_byte(bytes[j]) {
        j += 1;
    }
    Some(j)
}

#[cfg(test)]
mod tests {
    use super::{Kind, tokens};

    fn idents(text: &str) -> Vec<(String, usize)> {
        tokens(text)
            .expect("lexes")
            .iter()
            .filter(|t| t.kind == Kind::Ident)
            .map(|t| (text[t.start..t.end].to_owned(), t.line))
            .collect()
    }

    fn names(text: &str) -> Vec<String> {
        idents(text).into_iter().map(|(name, _)| name).collect()
    }

    #[test]
    fn literals_and_comments_hide_what_they_hold() {
        let text = r####"
            // use std::thread; fn a() {}
            /* use std::fs; /* nested */ fn b() {} */
            const A: &str = "use std::fs; } {";
            const B: &str = r#"fn c() "} {"#;
            const C: &[u8] = br##"{"#"##;
            const D: char = '{';
            const E: u8 = b'}';
            const F: char = '\'';
            const G: char = '\u{7b}';
            fn life<'a>(x: &'a str) -> &'static str { 'outer: loop { break 'outer; } }
        "####;
        let found = names(text);
        for hidden in ["thread", "fs", "a", "b", "c", "nested"] {
            assert!(!found.iter().any(|n| n == hidden), "{hidden} in {found:?}");
        }
        for seen in [
            "A", "B", "C", "D", "E", "F", "G", "life", "x", "loop", "break",
        ] {
            assert!(
                found.iter().any(|n| n == seen),
                "{seen} missing from {found:?}"
            );
        }
        assert!(
            !found
                .iter()
                .any(|n| n == "a" || n == "outer" || n == "static")
        );
    }

    #[test]
    fn lines_count_newlines_inside_literals_and_comments() {
        let text = "/* one\ntwo */ \"three\nfour\" r#\"five\n\"# fn six() {}\nfn seven() {}";
        assert_eq!(
            idents(text),
            vec![
                ("fn".to_owned(), 4),
                ("six".to_owned(), 4),
                ("fn".to_owned(), 5),
                ("seven".to_owned(), 5),
            ]
        );
    }

    #[test]
    fn raw_identifiers_keep_their_prefix() {
        assert_eq!(names("fn r#match(r: u8) {}"), ["fn", "r#match", "r", "u8"]);
    }

    #[test]
    fn delimiters_are_matched() {
        let all = tokens("a { b ( c ) [ d ] } e").expect("lexes");
        let Kind::Open { close, .. } = all[1].kind else {
            panic!("{:?}", all[1]);
        };
        assert_eq!(close, 9);
        assert!(tokens("a { b ( c } )").is_none());
        assert!(tokens("a { b").is_none());
        assert!(tokens("\"unterminated").is_none());
        assert!(tokens("/* unterminated").is_none());
    }

    #[test]
    fn numbers_and_ranges() {
        assert_eq!(names("0..n; 1.5e3; 0x1F_u8; t.0.1"), ["n", "t"]);
    }
}
