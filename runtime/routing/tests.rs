//! Property tests of the router's promises (module docs): no pattern or path
//! panics; every matched value satisfies its converter; `reverse` accepts
//! exactly what the converter accepts, and `at(&reverse(..))` gives the same
//! values back.

use proptest::prelude::*;

use super::{Converter, Router};

const CONVERTERS: [&str; 5] = ["int", "str", "slug", "uuid", "path"];

/// Text near what routes look at: separators, escapes, braces, dots.
fn tricky() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9%/._~{}<>:?#&=+ -]{0,30}",
        "(%[0-9A-Fa-f]{2}|%|/|\\.|[a-z0-9]){0,20}",
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    ]
}

/// One route per converter, named after it: `c/<int:v>/`, …, `path/<path:v>`.
fn router() -> Router<&'static str> {
    let mut router = Router::new();
    for name in CONVERTERS {
        let pattern = if name == "path" {
            "path/<path:v>".to_owned()
        } else {
            format!("{name}/<{name}:v>/")
        };
        router.insert(&pattern, Some(name), name).unwrap();
    }
    router
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_pattern_inserts_or_is_rejected(pattern in tricky(), path in tricky()) {
        let mut router = Router::new();
        if router.insert(&pattern, None, ()).is_ok() {
            let _ = router.at(&format!("/{path}"));
        }
    }

    #[test]
    fn matched_values_satisfy_their_converter(prefix in prop::sample::select(CONVERTERS.to_vec()), rest in tricky()) {
        let router = router();
        if let Some(found) = router.at(&format!("/{prefix}/{rest}")) {
            let converter = Converter::from_name(found.value).unwrap();
            let value = found.params.get("v").unwrap();
            prop_assert!(converter.accepts(value), "{}: {value:?}", found.value);
        }
    }

    #[test]
    fn reverse_then_match_gives_the_value_back(name in prop::sample::select(CONVERTERS.to_vec()), value in tricky()) {
        let router = router();
        let converter = Converter::from_name(name).unwrap();
        match router.reverse(name, &[("v", value.as_str())]) {
            Ok(path) => {
                prop_assert!(converter.accepts(&value), "{name} reversed a value it rejects: {value:?}");
                let found = router.at(&path);
                prop_assert!(found.is_some(), "{name}: {path} does not match");
                let found = found.unwrap();
                prop_assert_eq!(*found.value, name);
                prop_assert_eq!(found.params.get("v"), Some(value.as_str()));
            }
            Err(_) => prop_assert!(!converter.accepts(&value), "{name} refused {value:?}"),
        }
    }
}
