//! [`Params`]: the named, decoded values a matched request path carries.

use std::sync::Arc;

/// Parameters of a match, in pattern order, each value percent-decoded.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Params {
    /// The route's parameter names (shared with the route), none for a
    /// route without parameters.
    names: Option<Arc<[Arc<str>]>>,
    /// One value per name.
    values: Vec<String>,
}

impl Params {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// The values of a route's parameters, one per name.
    pub(super) fn of(names: &Arc<[Arc<str>]>, values: Vec<String>) -> Self {
        debug_assert_eq!(names.len(), values.len());
        Params {
            names: (!values.is_empty()).then(|| Arc::clone(names)),
            values,
        }
    }

    fn names(&self) -> &[Arc<str>] {
        self.names.as_deref().unwrap_or_default()
    }

    /// The value of parameter `name`, if the pattern has it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// `(name, value)` pairs in pattern order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + '_ {
        self.names()
            .iter()
            .zip(&self.values)
            .map(|(name, value)| (&**name, value.as_str()))
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// As a map: `{"year": "2024"}`.
impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_values_pair_up_in_pattern_order() {
        let names: Arc<[Arc<str>]> = [Arc::from("year"), Arc::from("slug")].into();
        let params = Params::of(&names, vec!["2024".into(), "hello".into()]);
        assert_eq!(params.get("slug"), Some("hello"));
        assert_eq!(params.get("month"), None);
        assert_eq!(
            params.iter().collect::<Vec<_>>(),
            [("year", "2024"), ("slug", "hello")]
        );
        assert_eq!(
            format!("{params:?}"),
            r#"{"year": "2024", "slug": "hello"}"#
        );
        assert_eq!(Params::of(&Arc::from([]), Vec::new()), Params::new());
    }
}
