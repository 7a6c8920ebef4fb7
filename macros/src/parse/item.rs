//! The item an attribute macro was put on, read as a function: the first
//! step of every macro, and the only one that stops at once (with no function
//! there is nothing to check or expand).

use proc_macro2::{Span, TokenStream};

use crate::errors::item_with_errors;

/// Parses the item an attribute macro was put on as a function. Anything else
/// comes back as the item plus `where_it_goes` (an error at the attribute).
pub(crate) fn parse_fn(
    item: &TokenStream,
    where_it_goes: &str,
) -> Result<syn::ItemFn, TokenStream> {
    syn::parse2(item.clone()).map_err(|_| {
        item_with_errors(
            item.clone(),
            syn::Error::new(Span::call_site(), where_it_goes),
        )
    })
}
