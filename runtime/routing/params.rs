//! [`Params`]: the named, decoded values a matched request path carries.

use std::sync::Arc;

/// Parameters of a match, in pattern order, each value percent-decoded.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params {
    items: Vec<(Arc<str>, String)>,
}

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    pub(super) fn push(&mut self, name: Arc<str>, value: String) {
        self.items.push((name, value));
    }

    /// The value of parameter `name`, if the pattern has it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(key, _)| &**key == name)
            .map(|(_, value)| value.as_str())
    }

    /// `(name, value)` pairs in pattern order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.items
            .iter()
            .map(|(name, value)| (&**name, value.as_str()))
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
