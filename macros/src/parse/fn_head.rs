//! The function `#[view]` is on, read without its body: the attributes,
//! visibility and signature parsed, the body kept as the brace group the
//! compiler gave, parsed only when a rule needs it ([`FnHead::body`]). Most
//! rules read the signature alone, and `syn` (at the `opt-level = 0` proc
//! macros get) costs in proportion to the tokens it reads: a sync view's
//! body is only parsed when its text has an `await`, an async view's when
//! the lints walk it (`check::lints::may_flag`), so a long body costs its
//! text, not its parse.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser};

use crate::parse::item::parse_fn;

/// A function with its body not parsed yet.
pub(crate) struct FnHead {
    /// The function with an empty block: attributes, visibility, signature.
    pub(crate) func: syn::ItemFn,
    /// The body as written, `None` when `func` was parsed whole.
    body: Option<Group>,
    /// The body's text, once asked for.
    text: std::cell::OnceCell<std::rc::Rc<str>>,
}

impl FnHead {
    /// The function with its body parsed; `None` when the body does not
    /// parse (the compiler reports that itself, at the right place, on the
    /// function the macro emits as written).
    pub(crate) fn body(&self) -> Option<syn::ItemFn> {
        let Some(body) = &self.body else {
            return Some(self.func.clone());
        };
        let mut func = self.func.clone();
        func.block.stmts = statements.parse2(body.stream()).ok()?;
        Some(func)
    }

    /// Whether the body's text has `word` in it: a superset test (it may
    /// be in a string or a longer name), so a rule that needs the body only
    /// when the word is there stays exact. The text is made by the compiler
    /// in one call, not by walking the tokens here.
    pub(crate) fn body_mentions(&self, word: &str) -> bool {
        self.body_text().contains(word)
    }

    /// The body's text (made once, by the compiler, in one call).
    pub(crate) fn body_text(&self) -> std::rc::Rc<str> {
        self.text
            .get_or_init(|| match &self.body {
                Some(body) => body.stream().to_string().into(),
                None => quote::ToTokens::to_token_stream(&self.func.block)
                    .to_string()
                    .into(),
            })
            .clone()
    }
}

/// The statements of a body, after its inner attributes (`#![allow(..)]`:
/// those are the function's, and no rule that reads the body needs them).
fn statements(input: ParseStream) -> syn::Result<Vec<syn::Stmt>> {
    input.call(syn::Attribute::parse_inner)?;
    input.call(syn::Block::parse_within)
}

/// Parses the item an attribute macro was put on as a function, its body
/// left unparsed. Anything else comes back as `parse::item::parse_fn` gives
/// it back: the item plus `where_it_goes`.
pub(crate) fn parse_fn_head(
    item: &TokenStream,
    where_it_goes: &str,
) -> Result<FnHead, TokenStream> {
    let mut trees: Vec<TokenTree> = item.clone().into_iter().collect();
    let body = match trees.last() {
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => group.clone(),
        _ => return whole(item, where_it_goes),
    };
    trees.pop();
    // The head with an empty body: parsed as a function, the body's brace
    // spanned where the real one is.
    trees.push(TokenTree::Group(Group::new(
        Delimiter::Brace,
        TokenStream::new(),
    )));
    match syn::parse2::<syn::ItemFn>(trees.into_iter().collect()) {
        Ok(mut func) => {
            func.block.brace_token = syn::token::Brace(body.delim_span());
            Ok(FnHead {
                func,
                body: Some(body),
                text: Default::default(),
            })
        }
        Err(_) => whole(item, where_it_goes),
    }
}

/// The item parsed whole, as every other macro does: its error when it is
/// no function.
fn whole(item: &TokenStream, where_it_goes: &str) -> Result<FnHead, TokenStream> {
    parse_fn(item, where_it_goes).map(|func| FnHead {
        func,
        body: None,
        text: Default::default(),
    })
}
