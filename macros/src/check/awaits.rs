//! Finds the `.await`s of a function body, for the rule that sync code has
//! none (`fn_rules::no_await_in_sync`). Async blocks, async closures and
//! nested items have their own rules and are not entered.

use syn::visit::Visit;

/// Every `.await` of `block` that belongs to the function itself.
pub(crate) fn awaits(block: &syn::Block) -> Vec<syn::ExprAwait> {
    #[derive(Default)]
    struct Awaits(Vec<syn::ExprAwait>);

    impl<'ast> Visit<'ast> for Awaits {
        fn visit_expr_await(&mut self, node: &'ast syn::ExprAwait) {
            self.0.push(node.clone());
            syn::visit::visit_expr_await(self, node);
        }
        fn visit_expr_async(&mut self, _: &'ast syn::ExprAsync) {}
        fn visit_expr_closure(&mut self, node: &'ast syn::ExprClosure) {
            if node.asyncness.is_none() {
                syn::visit::visit_expr_closure(self, node);
            }
        }
        fn visit_item(&mut self, _: &'ast syn::Item) {}
    }

    let mut finder = Awaits::default();
    finder.visit_block(block);
    finder.0
}
