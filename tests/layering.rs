//! The layering of `runtime/` and `macros/src/`, checked by the repository
//! itself: every `crate::…` path (in `use` trees too, `self` and `*`
//! included), every `super::…` that climbs out of a folder, and every name
//! `lib.rs` re-exports is traced to the top-level folder (or file) it lands
//! in. A path into a folder on a higher line of the lists below, or on the
//! same line, fails the test with its file and line; so does a folder the
//! lists do not name. The lists are the truth `docs/architecture.md`
//! describes. Text only, std only: comments, strings and the bodies of
//! `quote!`-like macros (code the macros emit) are skipped; macro expansion
//! is not seen.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The runtime's layers, lowest first: a folder or top-level file of
/// `runtime/` may import only what is on a lower line, and those on one line
/// may not import each other. `lib.rs` (re-exports) may import anything. A
/// name with no folder yet is allowed, so a layer can be listed before it
/// is made; a folder that is not listed fails the test.
const RUNTIME_LAYERS: &[&[&str]] = &[
    &["routing", "server"], // leaves: nothing of twain
    &["core"],
    &["ops"], // metrics: hooks every layer above calls
    &["exec"],
    &["extract", "respond"],
    &["web"],
    &["db"],
    &["tasks"], // over db: the queue's tables and its workers
    &["channels"],
    &["handler"],
    &["app", "middleware"],
    &["__private"], // contract/, what the macros name: over every layer
    &["test", "prelude"],
];

/// Upward imports the runtime has on purpose, each with its reason; nothing
/// else may point up. (`Error`'s blanket `From`, which tells a `DbError`
/// apart, lives in `handler`, so `core` needs none.)
const RUNTIME_EXCEPTIONS: &[(&str, &str)] = &[];

/// The macro crate's layers, lowest first, as for the runtime: each macro is
/// parse → check → expand, and the entry points sit on top.
const MACRO_LAYERS: &[&[&str]] = &[
    &["errors"],
    &["parse"],
    &["check"],
    &["expand"],
    &[
        "view",
        "middleware",
        "sync_only",
        "routes",
        "uri",
        "from_row",
        "task",
        "consumers",
    ],
];

#[test]
fn runtime_imports_point_down() {
    let sources = read_tree(Path::new("runtime"));
    let problems = check(&sources, RUNTIME_LAYERS, RUNTIME_EXCEPTIONS, "runtime");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    // The reader does see the imports that are there.
    let graph = graph(&sources, "runtime");
    for (from, to) in [("app", "server"), ("core", "routing"), ("test", "app")] {
        assert!(graph.has(from, to), "{from} -> {to} not seen");
    }
}

#[test]
fn macro_crate_imports_point_down() {
    let sources = read_tree(Path::new("macros/src"));
    let problems = check(&sources, MACRO_LAYERS, &[], "macros/src");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    let graph = graph(&sources, "macros/src");
    for (from, to) in [("view", "expand"), ("check", "parse"), ("parse", "errors")] {
        assert!(graph.has(from, to), "{from} -> {to} not seen");
    }
}

// ---- reading the tree ----

/// A source file: its path under the crate's source root, and its text.
struct Source {
    path: String,
    text: String,
}

/// Every `.rs` file under `dir` (relative to the package root).
fn read_tree(dir: &Path) -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut sources = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder)
            .unwrap_or_else(|err| panic!("cannot read {}: {err}", folder.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(&root).unwrap();
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                sources.push(Source {
                    path: parts.join("/"),
                    text: std::fs::read_to_string(&path).unwrap(),
                });
            }
        }
    }
    assert!(
        sources.iter().any(|s| s.path == "lib.rs"),
        "no lib.rs under {}",
        root.display()
    );
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    sources
}

// ---- the check ----

/// One path from a file into another top-level module.
struct Import {
    file: String,
    line: usize,
    from: String,
    to: String,
    path: String,
}

/// The crate's top-level modules and every path from one into another.
struct Graph {
    modules: BTreeSet<String>,
    imports: Vec<Import>,
}

impl Graph {
    /// Whether some file of `from` names `to`.
    fn has(&self, from: &str, to: &str) -> bool {
        self.imports.iter().any(|i| i.from == from && i.to == to)
    }
}

/// What breaks the layering of the crate made of `sources` (paths relative
/// to its source root, shown under `shown_root`): one line per problem.
fn check(
    sources: &[Source],
    layers: &[&[&str]],
    exceptions: &[(&str, &str)],
    shown_root: &str,
) -> Vec<String> {
    let level: BTreeMap<&str, usize> = layers
        .iter()
        .enumerate()
        .flat_map(|(i, names)| names.iter().map(move |name| (*name, i)))
        .collect();
    let Graph {
        modules,
        mut imports,
    } = graph(sources, shown_root);
    imports.retain(|i| !exceptions.contains(&(i.from.as_str(), i.to.as_str())));
    let mut problems = Vec::new();
    for module in &modules {
        if !level.contains_key(module.as_str()) {
            problems.push(format!(
                "{shown_root}: `{module}` is in no layer: add it to the list in tests/layering.rs"
            ));
        }
    }
    for import in &imports {
        let (Some(&from), Some(&to)) = (
            level.get(import.from.as_str()),
            level.get(import.to.as_str()),
        ) else {
            continue; // reported above
        };
        let Import {
            file,
            line,
            from: a,
            to: b,
            path,
        } = import;
        if to > from {
            problems.push(format!(
                "{file}:{line}: `{a}` imports `{b}` ({path}), which is above it in the layers (tests/layering.rs)"
            ));
        } else if to == from {
            problems.push(format!(
                "{file}:{line}: `{a}` imports `{b}` ({path}), which is on the same line of the layers (tests/layering.rs)"
            ));
        }
    }
    let first_import = |a: &str, b: &str| {
        imports
            .iter()
            .find(|i| i.from == a && i.to == b)
            .map(|i| format!("{}:{}", i.file, i.line))
    };
    let pairs: BTreeSet<(&str, &str)> = imports
        .iter()
        .map(|i| (i.from.as_str(), i.to.as_str()))
        .collect();
    for &(a, b) in &pairs {
        if a < b && pairs.contains(&(b, a)) {
            problems.push(format!(
                "`{a}` and `{b}` import each other: {} and {}",
                first_import(a, b).unwrap(),
                first_import(b, a).unwrap()
            ));
        }
    }
    problems
}

/// Reads `sources` (lib.rs among them) into a [`Graph`].
fn graph(sources: &[Source], shown_root: &str) -> Graph {
    let lib = sources
        .iter()
        .find(|s| s.path == "lib.rs")
        .expect("lib.rs is among the sources");
    let lib_tokens = tokens(&lib.text);
    let renamed = path_attributes(&lib_tokens);
    // Each file's top-level module: `app/x.rs` is in `app`, `test.rs` is
    // `test`, a `#[path]` file the name lib.rs gives it.
    let module_of = |path: &str| -> Option<String> {
        let first = path.split('/').next().unwrap();
        if path == "lib.rs" {
            return None;
        }
        if first.ends_with(".rs") {
            return Some(
                renamed
                    .get(first)
                    .cloned()
                    .unwrap_or_else(|| first.trim_end_matches(".rs").to_owned()),
            );
        }
        // A folder lib.rs mounts under another name (`#[path = "contract/mod.rs"]
        // pub mod __private;`) is that module.
        Some(
            renamed
                .get(&format!("{first}/mod.rs"))
                .cloned()
                .unwrap_or_else(|| first.to_owned()),
        )
    };
    // The top-level modules: those with files, and those lib.rs declares.
    let declared = lib_tokens.windows(2).filter_map(|w| match w {
        [Token::Ident(m, _), Token::Ident(name, _)] if m == "mod" => Some(name.clone()),
        _ => None,
    });
    let modules: BTreeSet<String> = sources
        .iter()
        .filter_map(|s| module_of(&s.path))
        .chain(declared)
        .collect();
    let reexports = reexports(&lib_tokens, &modules);
    let mut imports = Vec::new();
    for source in sources {
        let Some(from) = module_of(&source.path) else {
            continue; // lib.rs may name anything
        };
        let file_module = file_module_path(&source.path, &from);
        for found in references(&tokens(&source.text), &file_module) {
            let Some(first) = found.path.first() else {
                continue;
            };
            let to = if modules.contains(first) {
                first.clone()
            } else if let Some(module) = reexports.get(first) {
                module.clone()
            } else {
                continue; // an outside crate, a macro, an item of lib.rs
            };
            if to != from {
                imports.push(Import {
                    file: format!("{shown_root}/{}", source.path),
                    line: found.line,
                    from: from.clone(),
                    to,
                    path: format!("crate::{}", found.path.join("::")),
                });
            }
        }
    }
    Graph { modules, imports }
}

/// The module path of the file at `path` (`app/x.rs` → `app::x`), its
/// top-level module named `top`.
fn file_module_path(path: &str, top: &str) -> Vec<String> {
    let mut parts: Vec<String> = path
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_owned)
        .collect();
    parts[0] = top.to_owned();
    if parts.len() > 1 && parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// `#[path = "file.rs"] mod name;` in lib.rs: file → name.
fn path_attributes(tokens: &[Token]) -> BTreeMap<String, String> {
    let mut renamed = BTreeMap::new();
    for (i, window) in tokens.windows(4).enumerate() {
        if let [
            Token::Ident(path, _),
            Token::Punct('=', _),
            Token::Str(file),
            _,
        ] = window
            && path == "path"
            && let Some(name) = tokens[i + 3..].windows(2).find_map(|w| match w {
                [Token::Ident(m, _), Token::Ident(name, _)] if m == "mod" => Some(name),
                _ => None,
            })
        {
            renamed.insert(file.clone(), name.clone());
        }
    }
    renamed
}

/// The names lib.rs re-exports from the crate's own modules (`pub use
/// app::{App, ..}`, `serve_service as serve`), each with its module.
fn reexports(tokens: &[Token], modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for (i, token) in tokens.iter().enumerate() {
        if !matches!(token, Token::Ident(word, _) if word == "use") {
            continue;
        }
        let mut found = Vec::new();
        use_tree(tokens, i + 1, Vec::new(), &mut found);
        for Found { path, alias, .. } in found {
            let Some(module) = path.first().filter(|m| modules.contains(*m)) else {
                continue;
            };
            if let Some(name) = alias.or_else(|| path.last().cloned())
                && path.len() > 1
            {
                names.insert(name, module.clone());
            }
        }
    }
    names
}

// ---- paths in a file ----

/// A path as read: its segments from the crate root, the name it is
/// imported as (`as x`), and the line of its last segment.
struct Found {
    path: Vec<String>,
    alias: Option<String>,
    line: usize,
}

/// Every `crate::…` and `super::…` path in `tokens`, from the crate root,
/// for a file whose module path is `file_module`.
fn references(tokens: &[Token], file_module: &[String]) -> Vec<Found> {
    let mut found = Vec::new();
    // Inline modules (`mod tests { .. }`): their names and the brace depth
    // they close at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Punct('{', _) => {
                depth += 1;
                if let (Some(Token::Ident(name, _)), Some(Token::Ident(m, _))) = (
                    i.checked_sub(1).map(|j| &tokens[j]),
                    i.checked_sub(2).map(|j| &tokens[j]),
                ) && m == "mod"
                {
                    inline.push((name.clone(), depth));
                }
            }
            Token::Punct('}', _) => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Token::Ident(word, _) if QUOTING.contains(&word.as_str()) => {
                if let Some(Token::Punct('!', _)) = tokens.get(i + 1) {
                    i = skip_group(tokens, i + 2);
                    continue;
                }
            }
            Token::Ident(head, _) if head == "crate" || head == "super" => {
                let after_sep = i > 0 && matches!(tokens[i - 1], Token::PathSep);
                let restricts = i > 0 && matches!(&tokens[i - 1], Token::Ident(w, _) if w == "in");
                if !after_sep && !restricts && matches!(tokens.get(i + 1), Some(Token::PathSep)) {
                    let mut base: Vec<String> = file_module
                        .iter()
                        .cloned()
                        .chain(inline.iter().map(|(name, _)| name.clone()))
                        .collect();
                    if head == "crate" {
                        base.clear();
                    } else {
                        base.pop();
                    }
                    let mut j = i + 2;
                    while let (Some(Token::Ident(word, _)), Some(Token::PathSep)) =
                        (tokens.get(j), tokens.get(j + 1))
                        && word == "super"
                    {
                        base.pop();
                        j += 2;
                    }
                    i = use_tree(tokens, j, base, &mut found);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// Macros whose bodies are code emitted for the user's crate, not imports.
const QUOTING: &[&str] = &[
    "quote",
    "quote_spanned",
    "parse_quote",
    "parse_quote_spanned",
];

/// The index after the bracketed group starting at `start`.
fn skip_group(tokens: &[Token], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < tokens.len() {
        match tokens[i] {
            Token::Punct('{' | '(' | '[', _) => depth += 1,
            Token::Punct('}' | ')' | ']', _) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ if depth == 0 => return i,
            _ => {}
        }
        i += 1;
    }
    i
}

/// Reads one use tree (or a plain path) at `i` under `prefix` into `found`;
/// returns the index after it.
fn use_tree(tokens: &[Token], mut i: usize, prefix: Vec<String>, found: &mut Vec<Found>) -> usize {
    match tokens.get(i) {
        Some(Token::Punct('{', _)) => {
            i += 1;
            while i < tokens.len() {
                match tokens[i] {
                    Token::Punct('}', _) => return i + 1,
                    Token::Punct(',', _) => i += 1,
                    _ => {
                        let next = use_tree(tokens, i, prefix.clone(), found);
                        i = if next == i { i + 1 } else { next };
                    }
                }
            }
            i
        }
        Some(Token::Punct('*', line)) => {
            found.push(Found {
                path: prefix,
                alias: None,
                line: *line,
            });
            i + 1
        }
        Some(Token::Ident(first, line)) => {
            let mut path = prefix;
            let mut line = *line;
            if first != "self" {
                path.push(first.clone());
            }
            i += 1;
            while let Some(Token::PathSep) = tokens.get(i) {
                match tokens.get(i + 1) {
                    Some(Token::Punct('{' | '*', _)) => {
                        return use_tree(tokens, i + 1, path, found);
                    }
                    Some(Token::Ident(segment, at)) => {
                        if segment != "self" {
                            path.push(segment.clone());
                        }
                        line = *at;
                        i += 2;
                    }
                    _ => break,
                }
            }
            let mut alias = None;
            if let (Some(Token::Ident(word, _)), Some(Token::Ident(name, _))) =
                (tokens.get(i), tokens.get(i + 1))
                && word == "as"
            {
                alias = Some(name.clone());
                i += 2;
            }
            found.push(Found { path, alias, line });
            i
        }
        _ => i,
    }
}

// ---- tokens ----

/// What the check needs of Rust's tokens: comments are dropped, literals
/// keep only a string's text (for `#[path = ".."]`).
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String, usize),
    Punct(char, usize),
    PathSep,
    Str(String),
    Other,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\n' => {
                line += 1;
                i += 1;
            }
            c if c.is_whitespace() => i += 1,
            '/' if at(i + 1) == '/' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '/' if at(i + 1) == '*' => {
                let mut depth = 0;
                while i < chars.len() {
                    if chars[i] == '/' && at(i + 1) == '*' {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && at(i + 1) == '/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        if chars[i] == '\n' {
                            line += 1;
                        }
                        i += 1;
                    }
                }
            }
            '"' => {
                let (text, end) = string(&chars, i + 1, 0, &mut line);
                out.push(Token::Str(text));
                i = end;
            }
            '\'' => {
                if at(i + 1) == '\\' {
                    i += 3; // the quote, the backslash, the escaped character
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                    i += 1;
                    out.push(Token::Other);
                } else if at(i + 2) == '\'' {
                    i += 3;
                    out.push(Token::Other);
                } else {
                    i += 1; // a lifetime or a label: its name follows
                }
            }
            ':' if at(i + 1) == ':' => {
                out.push(Token::PathSep);
                i += 2;
            }
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                let prefixed = matches!(word.as_str(), "r" | "b" | "br" | "c" | "cr");
                if prefixed && (at(i) == '"' || (word.ends_with('r') && at(i) == '#')) {
                    let mut hashes = 0;
                    while at(i) == '#' {
                        hashes += 1;
                        i += 1;
                    }
                    if at(i) == '"' {
                        let raw = word.ends_with('r');
                        let (text, end) = if raw {
                            raw_string(&chars, i + 1, hashes, &mut line)
                        } else {
                            string(&chars, i + 1, hashes, &mut line)
                        };
                        out.push(Token::Str(text));
                        i = end;
                        continue;
                    }
                    // `r#ident`: a raw identifier.
                    let start = i;
                    while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                        i += 1;
                    }
                    out.push(Token::Ident(chars[start..i].iter().collect(), line));
                } else if word == "b" && at(i) == '\'' {
                    i += if at(i + 1) == '\\' { 4 } else { 3 };
                    while i < chars.len() && chars[i - 1] != '\'' {
                        i += 1;
                    }
                    out.push(Token::Other);
                } else if c.is_ascii_digit() {
                    out.push(Token::Other);
                } else {
                    out.push(Token::Ident(word, line));
                }
            }
            c => {
                out.push(Token::Punct(c, line));
                i += 1;
            }
        }
    }
    out
}

/// A string body from `i` (after the opening quote) with escapes; returns
/// its text and the index after the closing quote.
fn string(chars: &[char], mut i: usize, _hashes: usize, line: &mut usize) -> (String, usize) {
    let mut text = String::new();
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                if chars.get(i + 1) == Some(&'\n') {
                    *line += 1;
                }
                i += 2;
            }
            '"' => return (text, i + 1),
            c => {
                if c == '\n' {
                    *line += 1;
                }
                text.push(c);
                i += 1;
            }
        }
    }
    (text, i)
}

/// A raw string body from `i`, closed by `"` and `hashes` `#`s.
fn raw_string(chars: &[char], mut i: usize, hashes: usize, line: &mut usize) -> (String, usize) {
    let mut text = String::new();
    while i < chars.len() {
        if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
            return (text, i + 1 + hashes);
        }
        if chars[i] == '\n' {
            *line += 1;
        }
        text.push(chars[i]);
        i += 1;
    }
    (text, i)
}

// ---- the check checked ----

fn sources(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(path, text)| Source {
            path: (*path).to_owned(),
            text: (*text).to_owned(),
        })
        .collect()
}

const TOY: &[&[&str]] = &[&["low"], &["mid", "side"], &["high"], &["__table"]];

const TOY_LIB: &str = r#"
    mod low; mod mid; mod side; mod high;
    #[path = "table.rs"] pub mod __table;
    pub use low::{Thing, helper as help};
    pub use mid::Widget;
    pub use std::fmt::{self, Display};
"#;

fn toy(files: &[(&str, &str)]) -> Vec<String> {
    let mut all = vec![("lib.rs", TOY_LIB), ("low/mod.rs", ""), ("mid/mod.rs", "")];
    all.extend_from_slice(files);
    check(&sources(&all), TOY, &[], "src")
}

#[test]
fn downward_imports_pass() {
    let problems = toy(&[
        (
            "mid/a.rs",
            "use crate::low::Thing;\nfn f() { crate::low::helper(); }",
        ),
        (
            "high/mod.rs",
            "use crate::{mid::Widget, side::{self, X}};\nuse super::low::*;",
        ),
    ]);
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn an_upward_import_is_named_with_its_file_and_line() {
    let problems = toy(&[("mid/a.rs", "\n\nuse crate::high::Top;")]);
    assert_eq!(
        problems,
        [
            "src/mid/a.rs:3: `mid` imports `high` (crate::high::Top), which is above it in the layers (tests/layering.rs)"
        ]
    );
}

#[test]
fn an_import_on_the_same_line_fails_and_a_pair_is_named() {
    let problems = toy(&[
        ("mid/a.rs", "use crate::side::S;"),
        ("side/b.rs", "fn f() -> crate::mid::M { todo!() }"),
    ]);
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(problems[0].starts_with("src/mid/a.rs:1: `mid` imports `side`"));
    assert!(problems[1].starts_with("src/side/b.rs:1: `side` imports `mid`"));
    assert_eq!(
        problems[2],
        "`mid` and `side` import each other: src/mid/a.rs:1 and src/side/b.rs:1"
    );
}

#[test]
fn use_groups_reexports_and_aliases_are_traced() {
    let problems = toy(&[(
        "low/x.rs",
        "use crate::{\n    Thing,\n    Widget,\n};\nfn f() { crate::help(); crate::fmt::x(); }",
    )]);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].starts_with("src/low/x.rs:3: `low` imports `mid` (crate::Widget)"),
        "{problems:#?}"
    );
}

#[test]
fn super_climbing_out_of_a_folder_is_an_import() {
    let problems = toy(&[
        ("low/deep/x.rs", "use super::super::super::mid::M;"),
        ("low/y.rs", "use super::z::Z;\nuse super::super::high::H;"),
        // Inside `mod tests`, one more `super` to climb: `mid::high`.
        ("mid/m.rs", "mod tests { use super::super::high::H; }"),
    ]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(problems[0].starts_with("src/low/deep/x.rs:1: `low` imports `mid`"));
    assert!(problems[1].starts_with("src/low/y.rs:2: `low` imports `high`"));
}

#[test]
fn comments_strings_and_quoted_code_are_not_imports() {
    let problems = toy(&[(
        "low/x.rs",
        r##"
        // use crate::high::A;
        /* crate::high::B /* nested */ crate::high::C */
        /// [`D`](crate::high::D)
        const S: &str = "crate::high::E";
        const R: &str = r#"crate::high::"F""#;
        const Q: char = '"'; const L: &'static str = "x";
        fn f() { quote! { crate::high::G }; }
        pub(in crate::low) fn g() {}
        "##,
    )]);
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn a_path_attribute_names_the_module() {
    // table.rs is `__table`, on top: it may import `high`, `low` may not
    // import it.
    let problems = toy(&[
        ("table.rs", "pub use crate::high::H;"),
        ("low/x.rs", "use crate::__table::T;"),
    ]);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].starts_with("src/low/x.rs:1: `low` imports `__table`"));
}

#[test]
fn an_unlisted_folder_fails_and_a_listed_missing_one_does_not() {
    // `side` and `high` have no files here: listed, not there, allowed.
    let problems = toy(&[("extra/mod.rs", "use crate::low::Thing;")]);
    assert_eq!(
        problems,
        ["src: `extra` is in no layer: add it to the list in tests/layering.rs"]
    );
}
