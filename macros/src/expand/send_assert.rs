//! The `Send` check of an async view or middleware whose `Deref` does not
//! check it: a never-called fn that passes the user's future to the
//! runtime's `async_view_must_be_send::<name>` (or
//! `async_middleware_must_be_send`), whose bound's `on_unimplemented` text
//! names the function through the unit struct named like it (runtime
//! `contract/must_be_send.rs`). The call is spanned on the function's name,
//! so that is where the error points, before the adapter's own
//! `Box<dyn Future + Send>` error.

use proc_macro2::{Delimiter, Span};
use quote::quote_spanned;
use syn::Ident;

use crate::expand::text::Text;
use crate::expand::unit::Unit;
use crate::parse::signature::Item;

pub(crate) fn send_assertion(t: &mut Text, unit: &Unit, kind: Item) {
    let paths = t.paths();
    let name = unit.name;
    let params: Vec<Ident> = (0..unit.tys.len())
        .map(|i| Ident::new(&format!("__p{i}"), Span::mixed_site()))
        .collect();
    let assert = match kind {
        Item::View => paths.async_view_must_be_send(),
        Item::Middleware => paths.async_middleware_must_be_send(),
        Item::Task => unreachable!("#[task] has an expansion of its own (expand::task)"),
    };
    let call = quote_spanned!(name.span()=> #assert::<#name>(#name(#(#params),*)));
    t.str("#[allow(dead_code, unused_variables, clippy::too_many_arguments)] fn")
        .tokens(Ident::new("__send_check", Span::mixed_site()))
        .group(Delimiter::Parenthesis, |t| {
            for (i, param) in params.iter().enumerate() {
                if i > 0 {
                    t.str(",");
                }
                t.tokens(param).str(":").tokens(&unit.tys[i]);
            }
        })
        .braces(|t| {
            t.tokens(call).str(";");
        });
}
