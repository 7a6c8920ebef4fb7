//! The shell of every `#[view]` and `#[middleware]` expansion: the unit
//! struct named like the function (what `.route("", index)` and
//! `App::middleware(auth)` receive), then, in a `const _` block, the
//! function as written and what the struct implements. With errors, the same
//! shell holds a stand-in (`Content::Stub`), so code that names the view
//! (`.route("", index)`) adds no errors of its own on top.

use proc_macro2::TokenStream;
use syn::ItemFn;

use crate::errors::item_with_errors;
use crate::expand::deref::{deref_checks_send, deref_impl};
use crate::expand::paths::Paths;
use crate::expand::send_assert::send_assertion;
use crate::expand::text::Text;
use crate::expand::unit::Unit;
use crate::expand::{middleware, route_export, view};
use crate::parse::signature::{Analysis, Item, Mode};

/// What the `const _` block holds beside the function.
pub(crate) enum Content<'a> {
    /// The checks passed: the `Deref`, the runtime trait's impl, and for a
    /// view its route export.
    Unit(&'a Analysis),
    /// They did not: these errors, and impls that are never called.
    Stub(syn::Error),
}

/// The whole expansion of `func` (`item`: its tokens as written).
pub(crate) fn emit(
    func: &ItemFn,
    item: TokenStream,
    kind: Item,
    content: Content,
    paths: &Paths,
) -> TokenStream {
    let mut t = Text::new(paths);
    if let Content::Stub(error) = &content {
        if func.sig.receiver().is_some() {
            // A method, inside an `impl` block: no struct can go there.
            return item_with_errors(item, error.clone());
        }
        t.tokens(error.to_compile_error());
    }
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
    // No impls of its own beyond the runtime trait and `Deref`: not `Debug`
    // (the first local `Debug` impl makes rustc load every `Debug` impl of
    // every dependency for coherence), not `Clone`/`Copy` (writing the name
    // again makes a new value, so `.route("a", show).route("b", show)` needs
    // neither); each would be a cost on every check of the user's crate.
    t.str("#[allow(non_camel_case_types)]")
        .maybe_tokens(&func.vis)
        .str("struct")
        .tokens(&func.sig.ident)
        .str(";");
    for cfg in &cfgs {
        t.tokens(cfg);
    }
    t.str("const _: () =")
        .braces(|t| match &content {
            Content::Unit(analysis) => unit(t, func, item, kind, analysis),
            Content::Stub(_) => stub(t, func, item, kind),
        })
        .str(";");
    t.finish()
}

/// The function, its `Deref`, the runtime trait's impl, and what else the
/// unit needs.
fn unit(t: &mut Text, func: &ItemFn, item: TokenStream, kind: Item, analysis: &Analysis) {
    let unit = Unit::new(func, analysis);
    match analysis.mode {
        Mode::Async => {
            t.tokens(item);
        }
        // A future called and dropped without being awaited is an error,
        // not a warning, in sync code (put first, so an `allow` of the
        // user's own still wins).
        Mode::Sync | Mode::Inline => {
            t.str("#[deny(unused_must_use)]").tokens(item);
        }
    }
    if analysis.mode == Mode::Async && !deref_checks_send(&unit, kind) {
        send_assertion(t, &unit, kind);
    }
    deref_impl(t, &unit, kind);
    match kind {
        Item::View => {
            view::view_impl(t, &unit);
            route_export::route_export(t, &unit);
        }
        Item::Middleware => middleware::middleware_impl(t, &unit),
        Item::Task => unreachable!("#[task] has an expansion of its own (expand::task)"),
    }
}

/// The function as written, and impls of the runtime trait that are never
/// called (the build fails on the errors beside them).
fn stub(t: &mut Text, func: &ItemFn, item: TokenStream, kind: Item) {
    let paths = t.paths();
    let (trait_, info, handler) = match kind {
        Item::View => (paths.view_trait(), paths.view_info(), paths.handler()),
        Item::Middleware => (
            paths.middleware_trait(),
            paths.middleware_info(),
            paths.middleware_handler(),
        ),
        Item::Task => unreachable!("#[task] has an expansion of its own (expand::task)"),
    };
    t.str("#[allow(dead_code)]").tokens(item);
    t.str("impl")
        .path(&trait_)
        .str("for")
        .tokens(&func.sig.ident)
        .braces(|t| {
            t.str("fn info(&self) ->")
                .path(&info)
                .str("{ ::core::unreachable!() } fn handler(&self) ->")
                .path(&handler)
                .str("{ ::core::unreachable!() }");
        });
    if kind == Item::View {
        route_export::unknown_route(t, &func.sig.ident);
    }
}

#[cfg(test)]
mod tests {
    use proc_macro2::TokenStream;

    use super::{Content, emit};
    use crate::errors::Errors;
    use crate::expand::paths::Paths;
    use crate::parse::signature::{Item, analyze};

    /// The expansion of `source`, a view or middleware with these options,
    /// as source text.
    fn expand(
        source: &str,
        kind: Item,
        inline: bool,
        root: Option<syn::Path>,
        stub: bool,
    ) -> String {
        let item: TokenStream = source.parse().unwrap();
        let func: syn::ItemFn = syn::parse2(item.clone()).unwrap();
        let mut errors = Errors::default();
        let analysis = analyze(&func.sig, kind, inline, &mut errors);
        assert!(errors.finish().is_ok(), "{source}");
        let paths = Paths::new(root);
        let content = match stub {
            false => Content::Unit(&analysis),
            true => Content::Stub(syn::Error::new(proc_macro2::Span::call_site(), "an error")),
        };
        let out = emit(&func, item, kind, content, &paths);
        // Items that parse: every run of text balanced, every piece in place.
        syn::parse2::<syn::File>(out.clone()).unwrap_or_else(|e| panic!("{source}: {e}\n{out}"));
        out.to_string()
    }

    #[test]
    fn every_shape_expands_to_items_under_either_root() {
        let views = [
            (
                "fn list(id: u32, page: Query<Page>) -> String { todo!() }",
                false,
            ),
            ("/// Docs.\n#[cfg(all())] pub(crate) fn index() { }", false),
            ("fn fast(id: u32) -> String { id.to_string() }", true),
            (
                "async fn create(note: Json<Note>) -> Json<Note> { note }",
                false,
            ),
            (
                "async fn many(a: A, b: B, c: C, d: D, e: E, f: F, g: G, h: H) -> R { todo!() }",
                false,
            ),
            (
                "fn nine(a: A, b: B, c: C, d: D, e: E, f: F, g: G, h: H, i: I) -> R { todo!() }",
                false,
            ),
            (
                "async fn nine(a: A, b: B, c: C, d: D, e: E, f: F, g: G, h: H, i: I) -> R { todo!() }",
                false,
            ),
            (
                "async fn elided(v: Cookies<'_>, r: &Request) -> String { todo!() }",
                false,
            ),
            (
                "fn raw(req: Request, cx: Blocking) -> String { todo!() }",
                false,
            ),
            (
                "fn quick(req: &Request, id: u32) -> String { todo!() }",
                true,
            ),
            ("async fn opaque() -> impl IntoResponse { todo!() }", false),
            (
                "fn opaque_sync(req: &Request) -> impl IntoResponse { todo!() }",
                false,
            ),
            (
                "fn destructured(Json(v): Json<u32>) -> String { todo!() }",
                false,
            ),
            (
                "async fn destructured(req: Request, Json(v): Json<u32>) -> String { todo!() }",
                false,
            ),
        ];
        let middleware = [
            "fn tag(req: Request, next: SyncNext) -> Response { next.run(req) }",
            "fn cfg(req: Request, cfg: State<Config>, next: SyncNext, cx: Blocking) -> Response { todo!() }",
            "async fn auth(req: Request, next: Next) -> Result<Response, Error> { todo!() }",
            "async fn opaque(req: Request, Json(v): Json<u32>, next: Next) -> impl IntoResponse { todo!() }",
            "async fn elided(req: Request, c: Cookies<'_>, next: Next) -> Response { todo!() }",
        ];
        let cases = views
            .iter()
            .map(|&(source, inline)| (source, Item::View, inline))
            .chain(
                middleware
                    .iter()
                    .map(|&source| (source, Item::Middleware, false)),
            );
        for (source, kind, inline) in cases {
            for stub in [false, true] {
                let default = expand(source, kind, inline, None, stub);
                assert!(default.contains(":: twain :: __private ::"), "{source}");
                // A root of the user's is the only one named.
                let custom = expand(source, kind, inline, Some(syn::parse_quote!(my::web)), stub);
                assert!(!custom.contains("twain"), "{source}: {custom}");
                assert!(custom.contains("my :: web :: __private ::"), "{source}");
            }
        }
    }
}
