//! The patterns the macro crate's mirror of this grammar
//! (`macros/src/parse/route_pattern.rs`, used by `#[routes]`) is tested on:
//! this parser must give the same parameters, or refuse the same patterns.

use super::Router;

#[test]
fn agrees_with_the_macros_pattern_parser() {
    for line in include_str!("../../macros/src/parse/route_pattern_cases.txt").lines() {
        let Some((pattern, expected)) = line.split_once(" => ") else {
            continue;
        };
        let pattern = pattern.trim_matches('"');
        let mut router = Router::new();
        let got = router.insert(pattern, None, ()).map(|()| {
            let route = router.routes().next().expect("the route just added");
            let parsed = super::pattern::Pattern::parse(route.pattern).expect("parsed");
            parsed
                .params()
                .map(|(name, converter)| format!("{converter}:{name}"))
                .collect::<Vec<_>>()
                .join(" ")
        });
        match expected {
            "error" => assert!(got.is_err(), "{pattern}: {got:?}"),
            params => assert_eq!(got.as_deref().ok(), Some(params), "{pattern}"),
        }
    }
}
