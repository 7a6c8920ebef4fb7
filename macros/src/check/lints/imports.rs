//! The `use` items of one block, flattened: each name they bring in, mapped
//! to the full path it stands for, and each glob's prefix. Paths relative to
//! `crate`, `self` or `super` are not followed (their targets are unknown).

use syn::{Item, Stmt, UseTree};

/// The imports of one block.
#[derive(Default)]
pub(crate) struct Scope {
    /// `(name in scope, full path)`; `None` for a local variable that
    /// shadows the name from its `let` on.
    pub(crate) names: Vec<(String, Option<Vec<String>>)>,
    /// Prefixes of `use prefix::*;`.
    pub(crate) globs: Vec<Vec<String>>,
}

impl Scope {
    /// The imports among `stmts` (items are visible in the whole block).
    pub(crate) fn of(stmts: &[Stmt]) -> Self {
        let mut scope = Scope::default();
        for stmt in stmts {
            if let Stmt::Item(Item::Use(item)) = stmt {
                let root = item.leading_colon.is_some();
                scope.add(&item.tree, Vec::new(), root);
            }
        }
        scope
    }

    fn add(&mut self, tree: &UseTree, prefix: Vec<String>, root: bool) {
        if prefix.is_empty() && !root && starts_relative(tree) {
            return;
        }
        let extended = |ident: &syn::Ident| {
            let mut path = prefix.clone();
            path.push(ident.to_string());
            path
        };
        match tree {
            UseTree::Path(path) => self.add(&path.tree, extended(&path.ident), root),
            UseTree::Name(name) if name.ident == "self" => {
                if let Some(last) = prefix.last() {
                    self.names.push((last.clone(), Some(prefix.clone())));
                }
            }
            UseTree::Name(name) => self
                .names
                .push((name.ident.to_string(), Some(extended(&name.ident)))),
            UseTree::Rename(rename) => {
                let path = if rename.ident == "self" {
                    prefix.clone()
                } else {
                    extended(&rename.ident)
                };
                if rename.rename != "_" && !path.is_empty() {
                    self.names.push((rename.rename.to_string(), Some(path)));
                }
            }
            UseTree::Glob(_) => self.globs.push(prefix),
            UseTree::Group(group) => {
                for tree in &group.items {
                    self.add(tree, prefix.clone(), root);
                }
            }
        }
    }
}

fn starts_relative(tree: &UseTree) -> bool {
    let first = match tree {
        UseTree::Path(path) => &path.ident,
        UseTree::Name(name) => &name.ident,
        UseTree::Rename(rename) => &rename.ident,
        UseTree::Glob(_) | UseTree::Group(_) => return false,
    };
    first == "crate" || first == "self" || first == "super"
}
