//! The expansion of the common view, written as text (`expand::text`): every
//! argument an extractor named by a plain identifier, at most eight of them,
//! a result type that can be named, and for an async view no elided lifetime
//! in the arguments. That is the view whose handler is a generic runtime
//! adapter (`expand::view::generic_call`) and whose `Deref` needs no shim
//! (`expand::deref`); the tokens are the same as those `expand::view` makes
//! for it, in the same order, with the same spans on the user's tokens (the
//! tests of `expand::view_text_tests` compare the two). Any other view is
//! expanded by `expand::view`.

use proc_macro2::{Delimiter, Ident, Punct, Spacing, TokenStream};
use quote::ToTokens;
use syn::{ItemFn, Type};

use crate::expand::deref::{checked_async_deref, has_elided_lifetimes};
use crate::expand::paths::Paths;
use crate::expand::route_export::route_args;
use crate::expand::text::Text;
use crate::parse::signature::{Analysis, ArgKind, Mode};

/// How the text names the runtime (`expand::paths`, default root).
const P: &str = "::twain::__private::";

/// The most extractor arguments the runtime's generic adapters and
/// `async_view_deref_N` take.
const MAX_ARGS: usize = 8;

/// The expansion of `func` when it is the common view; `None` otherwise.
/// `item`: the function's tokens as written.
pub(crate) fn expand(
    func: &ItemFn,
    item: &TokenStream,
    analysis: &Analysis,
    paths: &Paths,
) -> Option<TokenStream> {
    // The text names the runtime as `::twain`; a root of the user's
    // (`crate = "path"`) keeps its spans in the token-by-token expansion.
    if paths.custom_root().is_some() {
        return None;
    }
    let out = analysis.output.nameable.as_ref()?;
    let mut tys: Vec<&Type> = Vec::new();
    for arg in &analysis.args {
        let ArgKind::Extract { pattern: None, .. } = &arg.kind else {
            return None;
        };
        tys.push(&arg.ty);
    }
    if tys.len() > MAX_ARGS
        || tys.len() != func.sig.inputs.len()
        || (analysis.mode == Mode::Async && tys.iter().any(|ty| has_elided_lifetimes(ty)))
    {
        return None;
    }
    // Each type is written several times: handed to the compiler once.
    let tys: Vec<TokenStream> = tys.into_iter().map(Text::solid).collect();
    let view = View {
        func,
        name: &func.sig.ident,
        name_text: func.sig.ident.to_string(),
        analysis,
        tys: &tys,
        out: Text::solid(out),
    };
    let mut text = Text::new(paths);
    view.write(&mut text, item);
    Some(text.finish())
}

struct View<'a> {
    func: &'a ItemFn,
    /// The name as the user wrote it: where an error about the item is
    /// reported (the struct, each `impl`'s header).
    name: &'a Ident,
    /// The name as text, where it is only a path to the function or the
    /// struct in code no error points into.
    name_text: String,
    analysis: &'a Analysis,
    tys: &'a [TokenStream],
    out: TokenStream,
}

/// `tokens` separated by `,` (none after the last).
fn list<T: ToTokens>(text: &mut Text, tokens: &[T]) {
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 {
            text.tokens(Punct::new(',', Spacing::Alone));
        }
        text.tokens(token);
    }
}

impl View<'_> {
    /// What `expand::shell::emit` writes around the adapter.
    fn write(&self, t: &mut Text, item: &TokenStream) {
        let func = self.func;
        let cfgs: Vec<_> = func
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .collect();
        for cfg in &cfgs {
            t.tokens(cfg);
        }
        for doc in func.attrs.iter().filter(|a| a.path().is_ident("doc")) {
            t.tokens(doc);
        }
        t.str("#[allow(non_camel_case_types)]")
            .maybe_tokens(&func.vis)
            .str("struct")
            .tokens(self.name)
            .str(";");
        for cfg in &cfgs {
            t.tokens(cfg);
        }
        t.str("const _: () =")
            .braces(|t| {
                match self.analysis.mode {
                    // The `Deref` checks that the future is `Send`.
                    Mode::Async => {
                        t.tokens(item);
                    }
                    Mode::Sync | Mode::Inline => {
                        t.str("#[deny(unused_must_use)]").tokens(item);
                    }
                }
                self.deref(t);
                self.view_impl(t);
                self.route_export(t);
            })
            .str(";");
    }

    /// `expand::deref::deref_impl` for the common view.
    fn deref(&self, t: &mut Text) {
        let name = self.name;
        t.str(&format!("impl {P}Deref for"))
            .tokens(name)
            .braces(|t| {
                t.str(match self.analysis.mode {
                    // `async_view_deref_N` gives a `&'static dyn Fn`.
                    Mode::Async => "type Target = dyn Fn",
                    Mode::Sync | Mode::Inline => "type Target = fn",
                })
                .group(Delimiter::Parenthesis, |t| list(t, self.tys))
                .str("->");
                match self.analysis.mode {
                    Mode::Async => {
                        t.str(&format!("{P}BoxFuture <"))
                            .tokens(&self.out)
                            .str("> ; fn deref(&self) -> &Self::Target")
                            .braces(|t| {
                                t.tokens(checked_async_deref(name, self.tys.len(), t.paths()))
                                    .str(&format!("({})", self.name_text));
                            });
                    }
                    Mode::Sync | Mode::Inline => {
                        t.tokens(&self.out).str(&format!(
                            "; fn deref(&self) -> &Self::Target {{ &({} as Self::Target) }}",
                            self.name_text
                        ));
                    }
                }
            });
    }

    /// `expand::view::view_impl` with `adapter::Adapter::trait_impl`, for
    /// the common view.
    fn view_impl(&self, t: &mut Text) {
        let (name, text) = (self.name, &self.name_text);
        let mode = match self.analysis.mode {
            Mode::Async => "Async",
            Mode::Sync => "Sync",
            Mode::Inline => "Inline",
        };
        let n = self.tys.len();
        t.str(&format!("impl {P}View for")).tokens(name).braces(|t| {
            t.str(&format!(
                "const VALUE: Self = Self; fn info(&self) -> {P}ViewInfo {{ {P}ViewInfo {{ name: {text:?}, mode: {P}Mode::{mode}, \
                 args: const {{ & {P}view_args::<{n}usize>({text}::__TWAIN_ROUTE.args) }} }} }} \
                 fn handler(&self) -> {P}Handler"
            ))
            .braces(|t| {
                let (kind, inferred) = match self.analysis.mode {
                    Mode::Async => ("async", "_, _,"),
                    Mode::Sync => ("sync", "_,"),
                    Mode::Inline => ("inline", "_,"),
                };
                t.str(&format!("{P}{kind}_handler_{n}::<Self,"));
                for ty in self.tys {
                    t.tokens(ty).tokens(Punct::new(',', Spacing::Alone));
                }
                t.str(inferred)
                    .tokens(&self.out)
                    .str(&format!("> ({text})"));
            });
        });
    }

    /// `expand::route_export::route_export`.
    fn route_export(&self, t: &mut Text) {
        let name = self.name;
        let args = route_args(self.analysis, t.paths());
        t.str("impl").tokens(name).braces(|t| {
            t.str(&format!(
                "#[doc(hidden)] pub const __TWAIN_ROUTE: {P}RouteView = {P}RouteView"
            ))
            .braces(|t| {
                t.str(&format!("name: {:?}, args: &", self.name_text))
                    .group(Delimiter::Bracket, |t| list(t, &args))
                    .str(", known: true,");
            })
            .str(";");
        });
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::{TokenStream, TokenTree};

    use crate::errors::Errors;
    use crate::expand::paths::Paths;
    use crate::parse::signature::{Item, analyze};

    /// Every token's text, groups as their delimiters around their tokens.
    fn flat(tokens: TokenStream, out: &mut Vec<String>) {
        for tree in tokens {
            match tree {
                TokenTree::Group(group) => {
                    out.push(format!("{:?}(", group.delimiter()));
                    flat(group.stream(), out);
                    out.push(")".to_owned());
                }
                TokenTree::Punct(punct) => out.push(punct.as_char().to_string()),
                other => out.push(other.to_string()),
            }
        }
    }

    /// The text expansion of `source` (a view with these options), when
    /// it is the common view, next to the token-by-token one.
    fn both(
        source: &str,
        inline: bool,
        root: Option<syn::Path>,
    ) -> Option<(Vec<String>, Vec<String>)> {
        let item: TokenStream = source.parse().unwrap();
        let func: syn::ItemFn = syn::parse2(item.clone()).unwrap();
        let mut errors = Errors::default();
        let analysis = analyze(&func.sig, Item::View, inline, &mut errors);
        assert!(errors.finish().is_ok(), "{source}");
        let paths = Paths::new(root);
        let text = super::expand(&func, &item, &analysis, &paths)?;
        let tokens = crate::expand::view::expand_tokens(&func, &item, &analysis, &paths);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        flat(text, &mut a);
        flat(tokens, &mut b);
        Some((a, b))
    }

    #[test]
    fn the_text_expansion_is_the_token_expansion() {
        let cases = [
            (
                "fn list(id: u32, page: Query<Page>) -> String { todo!() }",
                false,
            ),
            ("fn index() { }", false),
            (
                "/// Docs.\n#[cfg(all())] pub(crate) fn hi(q: Query<std::collections::HashMap<String, u32>>) -> &'static str { \"hi\" }",
                false,
            ),
            ("fn fast(id: u32) -> String { id.to_string() }", true),
            (
                "async fn create(note: Json<Note>) -> Json<Note> { note }",
                false,
            ),
            ("pub async fn home() -> String { String::new() }", false),
            (
                "async fn many(a: A, b: B, c: C, d: D, e: E, f: F, g: G, h: H) -> R { todo!() }",
                false,
            ),
        ];
        for (source, inline) in cases {
            let (text, tokens) = both(source, inline, None).expect(source);
            assert_eq!(text, tokens, "{source}");
            // A root of the user's keeps its spans: token by token.
            assert!(both(source, inline, Some(syn::parse_quote!(my::web))).is_none());
        }
    }

    #[test]
    fn other_views_are_expanded_token_by_token() {
        for source in [
            "async fn elided(v: Cookies<'_>) -> String { todo!() }",
            "fn raw(req: Request) -> String { todo!() }",
            "fn borrowed(req: &Request, id: u32) -> String { todo!() }",
            "async fn opaque() -> impl IntoResponse { todo!() }",
            "fn destructured(Json(v): Json<u32>) -> String { todo!() }",
            "fn nine(a: A, b: B, c: C, d: D, e: E, f: F, g: G, h: H, i: I) -> R { todo!() }",
        ] {
            assert!(both(source, false, None).is_none(), "{source}");
        }
    }
}
