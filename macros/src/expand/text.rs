//! Generated code written as source text: the boilerplate of an expansion
//! (paths into the runtime, `impl` headers, punctuation) is lexed by the
//! compiler in one call per run of text (`TokenStream::from_str`), and only
//! the user's tokens (the function, its name, its types) are handed over one
//! by one, with their own spans: at the `opt-level = 0` proc macros get,
//! building the same tokens with `quote!` one at a time makes a `cargo
//! check` of many views measurably slower (`benches/check_count.sh`).
//!
//! Text gets `Span::call_site()`, as `quote!` gives tokens it writes, so
//! names in it resolve as in `quote!`; tokens that need another span (the
//! user's, or one an error must point at) go in with [`Text::tokens`].

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::ToTokens;

use crate::expand::paths::{Paths, RuntimePath};

/// An expansion being written.
pub(crate) struct Text<'p> {
    /// The groups being filled with tokens, outermost (the whole
    /// expansion) first.
    frames: Vec<(Delimiter, TokenStream)>,
    /// Text not lexed yet, in the innermost frame.
    pending: String,
    /// Where in `pending` each group opened as text starts, outermost
    /// first: a group stays text, lexed with the text around it, until a
    /// token is written inside it.
    open: Vec<(usize, Delimiter)>,
    paths: &'p Paths,
}

impl<'p> Text<'p> {
    pub(crate) fn new(paths: &'p Paths) -> Self {
        Text {
            frames: vec![(Delimiter::None, TokenStream::new())],
            pending: String::new(),
            open: Vec::new(),
            paths,
        }
    }

    /// Where the runtime is.
    pub(crate) fn paths(&self) -> &'p Paths {
        self.paths
    }

    /// Source text, lexed as written (no user spans in it). Its delimiters
    /// must balance: a group is written with [`Text::group`].
    pub(crate) fn str(&mut self, text: &str) -> &mut Self {
        self.pending.push_str(text);
        self.pending.push(' ');
        self
    }

    /// Tokens as they are, with their spans.
    pub(crate) fn tokens(&mut self, tokens: impl ToTokens) -> &mut Self {
        self.flush();
        tokens.to_tokens(self.innermost());
        self
    }

    /// A runtime path: text under the default root, else the user's root
    /// (its tokens, with their spans) then the rest.
    pub(crate) fn path(&mut self, path: &RuntimePath) -> &mut Self {
        if path.push_text(&mut self.pending) {
            self.pending.push(' ');
            self
        } else {
            self.tokens(path)
        }
    }

    /// [`Text::tokens`] for tokens that may be none (a private item's
    /// visibility): then the text goes on unbroken.
    pub(crate) fn maybe_tokens(&mut self, tokens: impl ToTokens) -> &mut Self {
        let tokens = tokens.into_token_stream();
        if !tokens.is_empty() {
            self.tokens(tokens);
        }
        self
    }

    /// A group written by `inner`: text, lexed with the text around it,
    /// unless `inner` writes tokens in it.
    pub(crate) fn group(
        &mut self,
        delimiter: Delimiter,
        inner: impl FnOnce(&mut Text),
    ) -> &mut Self {
        let (opening, closing) = match delimiter {
            Delimiter::Parenthesis => ('(', ')'),
            Delimiter::Brace => ('{', '}'),
            Delimiter::Bracket => ('[', ']'),
            Delimiter::None => unreachable!("a group in text has a delimiter"),
        };
        self.open.push((self.pending.len(), delimiter));
        self.pending.push(opening);
        let depth = self.open.len();
        inner(self);
        if self.open.len() == depth {
            // Still text: close it there.
            self.open.pop();
            self.pending.push(closing);
            self.pending.push(' ');
        } else {
            // Tokens went in: it is a frame of its own now.
            self.flush();
            let (delimiter, stream) = self.frames.pop().expect("the group's frame");
            self.innermost()
                .extend([TokenTree::Group(Group::new(delimiter, stream))]);
        }
        self
    }

    /// `{ .. }` written by `inner`.
    pub(crate) fn braces(&mut self, inner: impl FnOnce(&mut Text)) -> &mut Self {
        self.group(Delimiter::Brace, inner)
    }

    /// The tokens written.
    pub(crate) fn finish(mut self) -> TokenStream {
        self.flush();
        debug_assert!(self.frames.len() == 1, "every group closed");
        self.frames.pop().expect("the expansion's frame").1
    }

    fn innermost(&mut self) -> &mut TokenStream {
        &mut self.frames.last_mut().expect("the expansion's frame").1
    }

    /// `tokens` handed to the compiler once, for tokens written more than
    /// once (a type): each use is then one handle, not every token again.
    pub(crate) fn solid(tokens: impl ToTokens) -> TokenStream {
        let tokens = tokens.into_token_stream();
        if proc_macro::is_available() {
            proc_macro::TokenStream::from(tokens).into()
        } else {
            tokens
        }
    }

    /// Lexes the pending text into the innermost frame; the groups still
    /// open in it become frames of their own (their text before the next
    /// token lexed into them).
    fn flush(&mut self) {
        if self.pending.is_empty() && self.open.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let mut from = 0;
        for (at, delimiter) in std::mem::take(&mut self.open) {
            lex(&pending[from..at], self.innermost());
            self.frames.push((delimiter, TokenStream::new()));
            from = at + 1;
        }
        lex(&pending[from..], self.innermost());
        // The buffer is kept for the text to come.
        self.pending = pending;
        self.pending.clear();
    }
}

/// `text` lexed by the compiler, appended to `out`.
fn lex(text: &str, out: &mut TokenStream) {
    // Runs between groups may be only the space after a word.
    if text.len() <= 2 && text.bytes().all(|b| b == b' ') {
        return;
    }
    // The compiler's lexer straight away: `proc_macro2`'s `from_str` first
    // checks the text with a lexer of its own, built at `opt-level = 0` like
    // the rest of the macro, which costs more than the tokens it saves.
    const LEXES: &str = "the generated text is balanced Rust tokens";
    let lexed: TokenStream = if proc_macro::is_available() {
        let lexed: proc_macro::TokenStream = text.parse().expect(LEXES);
        lexed.into()
    } else {
        text.parse().expect(LEXES)
    };
    out.extend(std::iter::once(lexed));
}
