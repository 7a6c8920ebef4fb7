//! Generated code written as source text: the boilerplate of an expansion
//! (paths into the runtime, `impl` headers, punctuation) is lexed by the
//! compiler in one call per run of text (`TokenStream::from_str`), and only
//! the user's tokens (the function, its name, its types) are handed over one
//! by one, with their own spans. Building the same tokens with `quote!` one
//! at a time was most of `#[view]`'s run time at the `opt-level = 0` proc
//! macros get (BENCHMARKS.md, session 6).
//!
//! Text gets `Span::call_site()`, as `quote!` gives tokens it writes, so
//! names in it resolve as in `quote!`; tokens that need another span (the
//! user's, or one an error must point at) go in with [`Text::tokens`].

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use quote::ToTokens;

use crate::expand::paths::Paths;

/// An expansion being written.
pub(crate) struct Text<'p> {
    out: TokenStream,
    pending: String,
    paths: &'p Paths,
}

impl<'p> Text<'p> {
    pub(crate) fn new(paths: &'p Paths) -> Self {
        Text {
            out: TokenStream::new(),
            pending: String::new(),
            paths,
        }
    }

    /// Where the runtime is.
    pub(crate) fn paths(&self) -> &'p Paths {
        self.paths
    }

    /// Source text, lexed as written (no user spans in it).
    pub(crate) fn str(&mut self, text: &str) -> &mut Self {
        self.pending.push_str(text);
        self.pending.push(' ');
        self
    }

    /// Tokens as they are, with their spans.
    pub(crate) fn tokens(&mut self, tokens: impl ToTokens) -> &mut Self {
        self.flush();
        tokens.to_tokens(&mut self.out);
        self
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

    /// A group written by `inner`.
    pub(crate) fn group(
        &mut self,
        delimiter: Delimiter,
        inner: impl FnOnce(&mut Text),
    ) -> &mut Self {
        let mut text = Text::new(self.paths);
        inner(&mut text);
        let group = Group::new(delimiter, text.finish());
        self.tokens(TokenTree::Group(group))
    }

    /// `{ .. }` written by `inner`.
    pub(crate) fn braces(&mut self, inner: impl FnOnce(&mut Text)) -> &mut Self {
        self.group(Delimiter::Brace, inner)
    }

    /// The tokens written.
    pub(crate) fn finish(mut self) -> TokenStream {
        self.flush();
        self.out
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

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        // The compiler's lexer straight away: `proc_macro2`'s `from_str`
        // first checks the text with a lexer of its own, built at
        // `opt-level = 0` like the rest of the macro, which costs more than
        // the tokens it saves.
        const LEXES: &str = "the generated text is balanced Rust tokens";
        let lexed: TokenStream = if proc_macro::is_available() {
            let lexed: proc_macro::TokenStream = self.pending.parse().expect(LEXES);
            lexed.into()
        } else {
            self.pending.parse().expect(LEXES)
        };
        self.out.extend(std::iter::once(lexed));
        self.pending.clear();
    }
}
