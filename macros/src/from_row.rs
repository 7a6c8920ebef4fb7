//! `#[derive(FromRow)]`: reads a row into a struct by column name (each
//! field's name, or `#[row(rename = "col")]`), and with
//! `#[row(table = "t")]` (`key = "id"` by default) also implements `Table`,
//! so a `ForeignKey` can load it. Errors are collected and spanned on the
//! user's tokens; the runtime is named through `expand/paths.rs`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

use crate::errors::Errors;
use crate::expand::paths::Paths;

struct StructOptions {
    table: Option<LitStr>,
    key: Option<LitStr>,
    krate: Option<syn::Path>,
}

fn struct_options(input: &DeriveInput, errors: &mut Errors) -> StructOptions {
    let mut out = StructOptions {
        table: None,
        key: None,
        krate: None,
    };
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("row")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("table") {
                out.table = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("key") {
                out.key = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("crate") {
                let lit: LitStr = meta.value()?.parse()?;
                out.krate = Some(lit.parse()?);
            } else {
                errors.at(
                    &meta.path,
                    "unknown `row` option on a struct: expected `table = \"name\"`, `key = \"column\"` or `crate = \"path\"`",
                );
            }
            Ok(())
        });
        if let Err(err) = parsed {
            errors.push(err);
        }
    }
    if let (Some(key), None) = (&out.key, &out.table) {
        errors.at(
            key,
            "`key` names the primary key of `table`: add `table = \"name\"`",
        );
    }
    out
}

fn column_name(field: &syn::Field, errors: &mut Errors) -> Option<String> {
    let mut name = field.ident.as_ref().map(|i| {
        let s = i.to_string();
        s.strip_prefix("r#").map(str::to_owned).unwrap_or(s)
    });
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("row")) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: LitStr = meta.value()?.parse()?;
                name = Some(lit.value());
            } else {
                errors.at(
                    &meta.path,
                    "unknown `row` option on a field: expected `rename = \"column\"`",
                );
            }
            Ok(())
        });
        if let Err(err) = parsed {
            errors.push(err);
        }
    }
    name
}

pub(crate) fn derive(input: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(input) {
        Ok(input) => input,
        Err(err) => return err.into_compile_error(),
    };
    let mut errors = Errors::default();
    let options = struct_options(&input, &mut errors);
    let paths = Paths::new(options.krate.clone());
    let (from_row, row, result, table) = (
        paths.from_row(),
        paths.sql_row(),
        paths.sql_result(),
        paths.table(),
    );
    let name = &input.ident;
    let body = match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(fields) => {
                let reads = fields.named.iter().filter_map(|field| {
                    let ident = field.ident.as_ref()?;
                    let column = column_name(field, &mut errors)?;
                    Some(quote!(#ident: row.get(#column)?))
                });
                let reads: Vec<_> = reads.collect();
                quote!(#name { #(#reads),* })
            }
            Fields::Unnamed(fields) => {
                let reads = (0..fields.unnamed.len()).map(|i| quote!(row.get(#i)?));
                quote!(#name(#(#reads),*))
            }
            Fields::Unit => {
                errors.at(name, "`FromRow` needs fields to read columns into");
                quote!(#name)
            }
        },
        _ => {
            errors.at(
                name,
                "`FromRow` is derived for structs: one field per column (an enum or a union has no columns to read)",
            );
            quote!(::core::unreachable!())
        }
    };
    if let Err(err) = errors.finish() {
        return err.into_compile_error();
    }
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let table_impl = options.table.map(|t| {
        let key = options.key.map_or_else(|| quote!("id"), |k| quote!(#k));
        quote! {
            impl #impl_generics #table for #name #ty_generics #where_clause {
                const TABLE: &'static str = #t;
                const KEY: &'static str = #key;
            }
        }
    });
    quote! {
        impl #impl_generics #from_row for #name #ty_generics #where_clause {
            fn from_row(row: &#row<'_>) -> #result<Self> {
                ::core::result::Result::Ok(#body)
            }
        }
        #table_impl
    }
}
