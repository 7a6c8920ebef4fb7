//! The grammar on patterns that parse and patterns that break each rule,
//! and both wordings of every error.

use crate::{Converter, MAX_PARAMS, Pattern, PatternError, Piece};

/// `pattern => parameters` (each `converter:name`, space-separated).
const GOOD: [(&str, &str); 9] = [
    ("", ""),
    ("articles/", ""),
    ("articles/<int:year>/", "int:year"),
    ("articles/<int:year>/<slug:slug>/", "int:year slug:slug"),
    ("files/<path:rest>", "path:rest"),
    ("files/<str:name>.txt", "str:name"),
    ("users/<id>/", "str:id"),
    ("img-<int:id>.png", "int:id"),
    ("u/<uuid:key>/", "uuid:key"),
];

fn params(pattern: &str) -> Result<String, PatternError> {
    Pattern::parse(pattern).map(|parsed| {
        parsed
            .params()
            .map(|(name, converter)| format!("{converter}:{name}"))
            .collect::<Vec<_>>()
            .join(" ")
    })
}

#[test]
fn good_patterns_give_their_parameters_in_order() {
    for (pattern, expected) in GOOD {
        assert_eq!(params(pattern).as_deref(), Ok(expected), "{pattern}");
    }
}

#[test]
fn pieces_keep_static_text_as_written() {
    let parsed = Pattern::parse("café/img-<int:id>.png").unwrap();
    assert_eq!(
        parsed.pieces(),
        [
            Piece::Static("café/img-".into()),
            Piece::Param {
                name: "id".into(),
                converter: Converter::Int
            },
            Piece::Static(".png".into()),
        ]
    );
    assert_eq!(Pattern::parse("").unwrap().pieces(), []);
}

/// A pattern breaking each rule, and the error it gives.
fn bad() -> Vec<(&'static str, PatternError)> {
    let pattern = String::from;
    vec![
        (
            "/articles/",
            PatternError::LeadingSlash {
                pattern: pattern("/articles/"),
            },
        ),
        (
            "a/x>/",
            PatternError::UnexpectedChar {
                pattern: pattern("a/x>/"),
                ch: '>',
            },
        ),
        (
            "a/<int:x",
            PatternError::UnclosedParam {
                pattern: pattern("a/<int:x"),
            },
        ),
        (
            "a/<float:x>/",
            PatternError::UnknownConverter {
                pattern: pattern("a/<float:x>/"),
                converter: pattern("float"),
            },
        ),
        (
            "a/<int:1x>/",
            PatternError::InvalidParamName {
                pattern: pattern("a/<int:1x>/"),
                param: pattern("1x"),
            },
        ),
        (
            "a/<int:x>/<int:x>/",
            PatternError::DuplicateParam {
                pattern: pattern("a/<int:x>/<int:x>/"),
                param: pattern("x"),
            },
        ),
        (
            "a/<int:x>-<int:y>/",
            PatternError::SharedSegment {
                pattern: pattern("a/<int:x>-<int:y>/"),
                first: pattern("x"),
                second: pattern("y"),
            },
        ),
        (
            "a/<path:rest>/b/",
            PatternError::PathNotLast {
                pattern: pattern("a/<path:rest>/b/"),
                param: pattern("rest"),
            },
        ),
    ]
}

#[test]
fn each_rule_has_its_error() {
    for (pattern, error) in bad() {
        assert_eq!(Pattern::parse(pattern), Err(error), "{pattern}");
    }
    for pattern in ["a/<path:rest>/", "a/<int:>/", "<>", "<x", "a/<x<y>/"] {
        assert!(Pattern::parse(pattern).is_err(), "{pattern}");
    }
}

#[test]
fn syntax_is_checked_before_the_rules_between_parameters() {
    // Both a `path` parameter not last and a bad name: the name is reported.
    assert!(matches!(
        Pattern::parse("<path:p>/<int:1x>"),
        Err(PatternError::InvalidParamName { .. })
    ));
}

#[test]
fn at_most_max_params() {
    let build = |n: usize| (0..n).map(|i| format!("<p{i}>/")).collect::<String>();
    assert!(Pattern::parse(&build(MAX_PARAMS)).is_ok());
    assert_eq!(
        Pattern::parse(&build(MAX_PARAMS + 1)),
        Err(PatternError::TooManyParams {
            pattern: build(MAX_PARAMS + 1),
            count: MAX_PARAMS + 1
        })
    );
}

fn too_many() -> PatternError {
    PatternError::TooManyParams {
        pattern: "p".into(),
        count: 26,
    }
}

/// The router's wording (`Display`), as `App::route` reports it.
#[test]
fn router_wording() {
    let expected = [
        "route `/articles/` starts with `/`: patterns are written without the leading slash, like Django's path(); write `articles/`",
        "route `a/x>/` has a `>` outside a parameter: parameters are written `<converter:name>`; remove the stray `>`",
        "route `a/<int:x` has a `<` without a matching `>`: close the parameter, e.g. `<int:id>`",
        "unknown converter `float` in route `a/<float:x>/`: use one of int, str, slug, uuid, path",
        "invalid parameter name `1x` in route `a/<int:1x>/`: write `<name>` or `<converter:name>` where name is an ASCII identifier (letters, digits and `_`, not starting with a digit)",
        "parameter `x` appears twice in route `a/<int:x>/<int:x>/` (include prefixes count): give each parameter its own name",
        "parameters `x` and `y` share one path segment in route `a/<int:x>-<int:y>/`: only one parameter per segment is supported; separate them with `/`",
        "`<path:rest>` is not at the end of route `a/<path:rest>/b/`: a path parameter takes the rest of the URL, so move it to the end (or use `str` for one segment)",
    ];
    for ((_, error), text) in bad().into_iter().zip(expected) {
        assert_eq!(error.to_string(), text);
    }
    assert_eq!(
        too_many().to_string(),
        "route `p` has 26 parameters: at most 25 are supported; move some values into the query string"
    );
}

/// The macros' wording, the compile error at a `#[routes]` pattern.
#[test]
fn compile_wording() {
    let expected = [
        "route patterns have no leading slash: write `articles/`",
        "unexpected `>` in route `a/x>/`: parameters are written `<converter:name>`",
        "unclosed `<` in route `a/<int:x`: parameters are written `<converter:name>`",
        "unknown converter `float` in route `a/<float:x>/`: use one of `int`, `str`, `slug`, `uuid`, `path`",
        "`1x` in route `a/<int:1x>/` is not a parameter name: use an identifier like `id`",
        "route `a/<int:x>/<int:x>/` has the parameter `x` twice: give each a name of its own",
        "route `a/<int:x>-<int:y>/` has `x` and `y` in one segment: a segment holds at most one parameter",
        "`<path:rest>` must end route `a/<path:rest>/b/`: a `path` parameter takes the rest of the path",
    ];
    for ((_, error), text) in bad().into_iter().zip(expected) {
        assert_eq!(error.compile_message(), text);
    }
    assert_eq!(
        too_many().compile_message(),
        "route `p` has 26 parameters; at most 25 fit in one pattern"
    );
}
