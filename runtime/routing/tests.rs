//! Tests of the routing module: pattern errors, converters, matching rules,
//! percent-encoding, include, reverse, and property tests (no panics,
//! reverse/match round trips).

use proptest::prelude::*;

use super::{Converter, MAX_PARAMS, Params, ReverseError, RouteError, Router};

/// A router holding `(pattern, name)` routes whose value is the pattern itself.
fn router(routes: &[(&str, Option<&str>)]) -> Router<String> {
    let mut router = Router::new();
    for (pattern, name) in routes {
        router
            .insert(pattern, *name, (*pattern).to_owned())
            .unwrap_or_else(|e| panic!("inserting {pattern:?}: {e}"));
    }
    router
}

/// The pattern that matched `path` and its params as owned pairs.
fn hit(router: &Router<String>, path: &str) -> Option<(String, Vec<(String, String)>)> {
    router.at(path).map(|m| {
        let params = m
            .params
            .iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        (m.value.clone(), params)
    })
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn insert_err(pattern: &str) -> RouteError {
    Router::new()
        .insert(pattern, None, ())
        .expect_err("pattern should be refused")
}

// ---------------------------------------------------------------- converters

#[test]
fn int_converter() {
    let c = Converter::Int;
    for ok in ["0", "7", "2024", "000123", "99999999999999999999999"] {
        assert!(c.accepts(ok), "{ok}");
    }
    for bad in ["", "-1", "+1", "1.0", "12a", " 1", "١", "1/2"] {
        assert!(!c.accepts(bad), "{bad}");
    }
}

#[test]
fn str_converter() {
    let c = Converter::Str;
    for ok in ["a", "hello world", "é", "a.b", "%", "."] {
        assert!(c.accepts(ok), "{ok}");
    }
    for bad in ["", "a/b", "/"] {
        assert!(!c.accepts(bad), "{bad}");
    }
}

#[test]
fn slug_converter() {
    let c = Converter::Slug;
    for ok in ["a", "hello-world_2", "ABC", "-", "_"] {
        assert!(c.accepts(ok), "{ok}");
    }
    for bad in ["", "a b", "a.b", "é", "a/b", "a%20"] {
        assert!(!c.accepts(bad), "{bad}");
    }
}

#[test]
fn uuid_converter() {
    let c = Converter::Uuid;
    assert!(c.accepts("0b9e4f5c-2a7d-4c1e-9f3a-5d6e7f8a9b0c"));
    assert!(c.accepts("00000000-0000-0000-0000-000000000000"));
    for bad in [
        "",
        "0B9E4F5C-2A7D-4C1E-9F3A-5D6E7F8A9B0C",
        "0b9e4f5c2a7d4c1e9f3a5d6e7f8a9b0c",
        "0b9e4f5c-2a7d-4c1e-9f3a-5d6e7f8a9b0",
        "0b9e4f5c-2a7d-4c1e-9f3a-5d6e7f8a9b0c0",
        "0b9e4f5c-2a7d-4c1e-9f3a-5d6e7f8a9b0c-",
        "0b9e4f5c-2a7d-4c1e-9f3a5-d6e7f8a9b0c",
        "gb9e4f5c-2a7d-4c1e-9f3a-5d6e7f8a9b0c",
    ] {
        assert!(!c.accepts(bad), "{bad}");
    }
}

#[test]
fn path_converter() {
    let c = Converter::Path;
    for ok in ["a", "a/b/c", "/", "a//b", "é"] {
        assert!(c.accepts(ok), "{ok}");
    }
    assert!(!c.accepts(""));
}

#[test]
fn converter_names() {
    for c in Converter::ALL {
        assert_eq!(Converter::from_name(&c.to_string()), Some(c));
    }
    assert_eq!(Converter::Uuid.to_string(), "uuid");
    assert_eq!(Converter::from_name("integer"), None);
}

// ---------------------------------------------------------------- pattern errors

#[test]
fn unknown_converter_message() {
    let err = insert_err("a/<integer:x>/");
    assert_eq!(
        err.to_string(),
        "unknown converter `integer` in route `a/<integer:x>/`: use one of int, str, slug, uuid, path"
    );
    assert!(matches!(err, RouteError::UnknownConverter { .. }));
    assert!(matches!(
        insert_err("<:x>"),
        RouteError::UnknownConverter { .. }
    ));
}

#[test]
fn syntax_errors() {
    assert!(matches!(insert_err("/a/"), RouteError::LeadingSlash { .. }));
    assert!(insert_err("/a/").to_string().contains("write `a/`"));
    assert!(matches!(
        insert_err("a/<int:x"),
        RouteError::UnclosedParam { .. }
    ));
    assert!(matches!(
        insert_err("a/<x<y>"),
        RouteError::UnclosedParam { .. }
    ));
    assert!(matches!(insert_err("<"), RouteError::UnclosedParam { .. }));
    assert!(matches!(
        insert_err("a>/"),
        RouteError::UnexpectedChar { ch: '>', .. }
    ));
    for bad in [
        "<>",
        "<int:>",
        "<1x>",
        "< x>",
        "<x >",
        "<a-b>",
        "<int:a:b>",
        "<é>",
    ] {
        assert!(
            matches!(insert_err(bad), RouteError::InvalidParamName { .. }),
            "{bad}"
        );
    }
    let msg = insert_err("a/<1x>/").to_string();
    assert!(msg.contains("`1x`") && msg.contains("`a/<1x>/`") && msg.contains("identifier"));
}

#[test]
fn param_rule_errors() {
    let err = insert_err("a/<int:x>/<slug:x>/");
    assert_eq!(
        err,
        RouteError::DuplicateParam {
            pattern: "a/<int:x>/<slug:x>/".into(),
            param: "x".into()
        }
    );
    assert!(err.to_string().contains("own name"));

    let err = insert_err("files/<path:rest>/edit/");
    assert!(matches!(err, RouteError::PathNotLast { ref param, .. } if param == "rest"));
    assert!(err.to_string().contains("move it to the end"));
    assert!(matches!(
        insert_err("<path:a>/<int:b>"),
        RouteError::PathNotLast { .. }
    ));
    assert!(matches!(
        insert_err("<path:a>.txt"),
        RouteError::PathNotLast { .. }
    ));

    let err = insert_err("a/<x>-<y>/");
    assert!(matches!(err, RouteError::SharedSegment { .. }));
    assert!(err.to_string().contains("separate them with `/`"));
    assert!(matches!(
        insert_err("<x><y>"),
        RouteError::SharedSegment { .. }
    ));
    assert!(matches!(
        insert_err("<x><path:y>"),
        RouteError::SharedSegment { .. }
    ));
}

#[test]
fn too_many_params_is_an_error_not_a_panic() {
    let build = |n: usize| (0..n).map(|i| format!("<p{i}>/")).collect::<String>();
    Router::new().insert(&build(MAX_PARAMS), None, ()).unwrap();
    let mut with_path = build(MAX_PARAMS - 1);
    with_path.push_str("<path:rest>");
    Router::new().insert(&with_path, None, ()).unwrap();
    let err = insert_err(&build(MAX_PARAMS + 1));
    assert!(matches!(err, RouteError::TooManyParams { count: 26, .. }));
    assert!(err.to_string().contains("at most 25"));
    // Through include too.
    let mut inner = Router::new();
    inner.insert(&build(MAX_PARAMS), None, ()).unwrap();
    let err = Router::new().include("<extra>/", inner).unwrap_err();
    assert!(matches!(err, RouteError::TooManyParams { .. }));
}

#[test]
fn names_must_be_unique_and_non_empty() {
    let mut r = router(&[("a/", Some("a"))]);
    let err = r.insert("b/", Some("a"), "b/".into()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "route name `a` of route `b/` is already used by route `a/`: route names must be unique; rename one of them"
    );
    assert!(matches!(
        r.insert("c/", Some(""), "c/".into()),
        Err(RouteError::EmptyName { .. })
    ));
    assert_eq!(r.len(), 1);
    assert!(r.at("/b/").is_none());
}

#[test]
fn identical_shape_and_converters_is_a_duplicate() {
    let mut r = router(&[("a/<int:x>/", None)]);
    let err = r.insert("a/<int:y>/", None, String::new()).unwrap_err();
    assert_eq!(
        err,
        RouteError::DuplicateRoute {
            pattern: "a/<int:y>/".into(),
            existing: "a/<int:x>/".into()
        }
    );
    assert!(err.to_string().contains("could never match"));
    assert!(matches!(
        r.insert("a/<int:x>/", None, String::new()),
        Err(RouteError::DuplicateRoute { .. })
    ));
    // Same shape, other converters: fine.
    r.insert("a/<slug:y>/", None, String::new()).unwrap();
    r.insert("static/", None, String::new()).unwrap();
    assert!(matches!(
        r.insert("static/", None, String::new()),
        Err(RouteError::DuplicateRoute { .. })
    ));
}

#[test]
fn matchit_conflicts_are_errors_and_leave_the_router_intact() {
    let mut r = router(&[("<str:page>/", Some("page")), ("a<str:x>/", None)]);
    let err = r.insert("<path:rest>", None, "rest".into()).unwrap_err();
    assert_eq!(
        err,
        RouteError::Conflict {
            pattern: "<path:rest>".into(),
            existing: "<str:page>/".into()
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains("`<path:rest>`")
            && msg.contains("`<str:page>/`")
            && msg.contains("change one pattern")
    );

    let err = r.insert("<str:x>b/", None, String::new()).unwrap_err();
    assert!(matches!(err, RouteError::Conflict { ref existing, .. } if existing == "a<str:x>/"));

    // Still works, and can still take non-conflicting routes.
    assert_eq!(r.len(), 2);
    assert_eq!(hit(&r, "/home/").unwrap().0, "<str:page>/");
    assert_eq!(hit(&r, "/abc/").unwrap().0, "a<str:x>/");
    r.insert("static/<path:rest>", None, "sp".into()).unwrap();
    assert_eq!(hit(&r, "/static/a/b").unwrap().0, "sp");
    assert_eq!(r.reverse("page", &[("page", "x")]).unwrap(), "/x/");
}

// ---------------------------------------------------------------- matching

#[test]
fn root_and_static_routes() {
    let r = router(&[("", None), ("articles/", None), ("about", None)]);
    assert_eq!(hit(&r, "/"), Some(("".into(), vec![])));
    assert_eq!(hit(&r, "/articles/").unwrap().0, "articles/");
    assert_eq!(hit(&r, "/about").unwrap().0, "about");
    for miss in [
        "",
        "articles/",
        "/articles",
        "/about/",
        "//",
        "/nope",
        "/articles//",
    ] {
        assert!(r.at(miss).is_none(), "{miss:?}");
    }
}

#[test]
fn django_example_and_trailing_slash() {
    let r = router(&[
        ("articles/<int:year>/<slug:slug>/", None),
        ("articles/<int:year>/", None),
    ]);
    assert_eq!(
        hit(&r, "/articles/2024/hello-world/"),
        Some((
            "articles/<int:year>/<slug:slug>/".into(),
            pairs(&[("year", "2024"), ("slug", "hello-world")])
        ))
    );
    assert_eq!(
        hit(&r, "/articles/2024/").unwrap().0,
        "articles/<int:year>/"
    );
    assert!(r.at("/articles/2024").is_none());
    assert!(r.at("/articles/2024/hello-world").is_none());
    assert!(r.at("/articles/20x4/").is_none());
    assert!(r.at("/articles/2024/hello world/").is_none());
}

#[test]
fn every_converter_in_a_route() {
    let r = router(&[
        ("i/<int:v>/", None),
        ("s/<v>/", None),
        ("g/<slug:v>/", None),
        ("u/<uuid:v>/", None),
        ("p/<path:v>", None),
    ]);
    let value = |path: &str| r.at(path).map(|m| m.params.get("v").unwrap().to_owned());
    assert_eq!(value("/i/42/").as_deref(), Some("42"));
    assert_eq!(value("/i/4x/"), None);
    assert_eq!(
        value("/s/anything goes.é/").as_deref(),
        Some("anything goes.é")
    );
    assert_eq!(value("/g/a-b_c/"), Some("a-b_c".into()));
    assert_eq!(value("/g/a.b/"), None);
    let id = "0b9e4f5c-2a7d-4c1e-9f3a-5d6e7f8a9b0c";
    assert_eq!(value(&format!("/u/{id}/")).as_deref(), Some(id));
    assert_eq!(value(&format!("/u/{}/", id.to_uppercase())), None);
    assert_eq!(value("/p/a/b/c.txt").as_deref(), Some("a/b/c.txt"));
    assert_eq!(value("/p/a/b/").as_deref(), Some("a/b/"));
    assert_eq!(value("/p/"), None);
}

#[test]
fn converters_fall_through_in_insertion_order() {
    let r = router(&[
        ("articles/<int:year>/", Some("year")),
        ("articles/<slug:slug>/", Some("slug")),
        ("articles/<str:title>/", Some("title")),
    ]);
    assert_eq!(
        hit(&r, "/articles/2024/"),
        Some(("articles/<int:year>/".into(), pairs(&[("year", "2024")])))
    );
    assert_eq!(
        hit(&r, "/articles/hello/"),
        Some(("articles/<slug:slug>/".into(), pairs(&[("slug", "hello")])))
    );
    assert_eq!(
        hit(&r, "/articles/h%C3%A9llo/"),
        Some(("articles/<str:title>/".into(), pairs(&[("title", "héllo")])))
    );
    // Order matters: str first shadows int.
    let r = router(&[("a/<str:s>/", None), ("a/<int:i>/", None)]);
    assert_eq!(hit(&r, "/a/1/").unwrap().0, "a/<str:s>/");
    // No candidate accepts: 404.
    let r = router(&[("a/<int:i>/", None), ("a/<uuid:u>/", None)]);
    assert!(r.at("/a/xyz/").is_none());
}

#[test]
fn static_segments_beat_params_regardless_of_order() {
    let r = router(&[
        ("a/<str:x>/", None),
        ("a/new/", None),
        ("<path:rest>", None),
        ("about/", None),
    ]);
    assert_eq!(hit(&r, "/a/new/").unwrap().0, "a/new/");
    assert_eq!(hit(&r, "/a/old/").unwrap().0, "a/<str:x>/");
    assert_eq!(hit(&r, "/about/").unwrap().0, "about/");
    assert_eq!(hit(&r, "/x/y").unwrap().0, "<path:rest>");
    // matchit backtracks from a static prefix to a parameter.
    let r = router(&[("a/new/", None), ("a/<str:x>/edit/", None)]);
    assert_eq!(
        hit(&r, "/a/new/edit/"),
        Some(("a/<str:x>/edit/".into(), pairs(&[("x", "new")])))
    );
}

#[test]
fn empty_values_never_match() {
    let r = router(&[
        ("a/<str:x>/", None),
        ("b/<path:rest>", None),
        ("c/<int:n>", None),
    ]);
    assert!(r.at("/a//").is_none());
    assert!(r.at("/b/").is_none());
    assert!(r.at("/c/").is_none());
}

#[test]
fn params_are_in_pattern_order() {
    let r = router(&[("<int:z>/<str:a>/<slug:m>/<path:b>", None)]);
    let m = r.at("/1/two/three/four/five").unwrap();
    let names: Vec<&str> = m.params.iter().map(|(k, _)| k).collect();
    assert_eq!(names, ["z", "a", "m", "b"]);
    assert_eq!(m.params.len(), 4);
    assert!(!m.params.is_empty());
    assert_eq!(m.params.get("b"), Some("four/five"));
    assert_eq!(m.params.get("nope"), None);
    assert!(Params::new().is_empty());
}

#[test]
fn param_sharing_a_segment_with_static_text() {
    let r = router(&[
        ("files/<str:name>.txt", None),
        ("files/<str:name>", None),
        ("img-<int:id>.png", None),
        ("dl/x<path:rest>", None),
    ]);
    assert_eq!(
        hit(&r, "/files/report.txt"),
        Some(("files/<str:name>.txt".into(), pairs(&[("name", "report")])))
    );
    assert_eq!(
        hit(&r, "/files/a.txt.txt").unwrap().1,
        pairs(&[("name", "a.txt")])
    );
    // The suffixed parameter needs a non-empty value; the plain one takes it.
    assert_eq!(hit(&r, "/files/.txt").unwrap().0, "files/<str:name>");
    assert_eq!(hit(&r, "/img-7.png").unwrap().1, pairs(&[("id", "7")]));
    assert!(r.at("/img-.png").is_none());
    assert!(r.at("/img-x.png").is_none());
    assert_eq!(hit(&r, "/dl/xa/b").unwrap().1, pairs(&[("rest", "a/b")]));
    assert!(r.at("/dl/x").is_none());
    assert!(r.at("/dl/a").is_none());
}

// ---------------------------------------------------------------- percent-encoding

#[test]
fn percent_twenty_in_str_is_decoded() {
    let r = router(&[("u/<str:name>/", None), ("s/<slug:s>/", None)]);
    assert_eq!(
        hit(&r, "/u/John%20Doe/").unwrap().1,
        pairs(&[("name", "John Doe")])
    );
    assert_eq!(
        hit(&r, "/u/caf%c3%a9/").unwrap().1,
        pairs(&[("name", "café")])
    );
    assert_eq!(hit(&r, "/u/a+b/").unwrap().1, pairs(&[("name", "a+b")]));
    // Converters check decoded values: `%2D` is `-`.
    assert_eq!(hit(&r, "/s/a%2Db/").unwrap().1, pairs(&[("s", "a-b")]));
    assert!(r.at("/s/a%20b/").is_none());
}

#[test]
fn encoded_slash_never_splits_a_segment() {
    let r = router(&[
        ("a/<str:x>/", None),
        ("a/<str:x>/<str:y>/", None),
        ("n/<int:n>/", None),
        ("g/<slug:s>/", None),
        ("f/<path:rest>", None),
    ]);
    for path in ["/a/x%2Fy/", "/a/x%2fy/", "/n/1%2F2/", "/g/a%2Fb/"] {
        assert!(r.at(path).is_none(), "{path}");
    }
    assert_eq!(
        hit(&r, "/f/a%2Fb/c").unwrap().1,
        pairs(&[("rest", "a/b/c")])
    );
    // An encoded slash in static text does not match a real slash either.
    let r = router(&[("a/b/", None)]);
    assert!(r.at("/a%2Fb/").is_none());
    assert!(r.at("/a%2fb/").is_none());
}

#[test]
fn decoding_details() {
    let r = router(&[("i/<int:n>/", None), ("s/<str:s>/", None), ("100%/", None)]);
    assert_eq!(hit(&r, "/i/%31%32/").unwrap().1, pairs(&[("n", "12")]));
    // Stray `%` is literal; `%25` is a literal `%` and is decoded only once.
    assert_eq!(hit(&r, "/s/a%zz/").unwrap().1, pairs(&[("s", "a%zz")]));
    assert_eq!(hit(&r, "/s/%/").unwrap().1, pairs(&[("s", "%")]));
    assert_eq!(hit(&r, "/s/%2541/").unwrap().1, pairs(&[("s", "%41")]));
    assert_eq!(hit(&r, "/s/%%32%33/").unwrap().1, pairs(&[("s", "%23")]));
    assert_eq!(hit(&r, "/100%25/").unwrap().0, "100%/");
    assert_eq!(hit(&r, "/100%/").unwrap().0, "100%/");
    // Invalid UTF-8 after decoding: no match, wherever it is.
    assert!(r.at("/s/%FF/").is_none());
    assert!(r.at("/s/%C3/").is_none());
    assert!(r.at("/%FF/s/a/").is_none());
    // Static non-ASCII text matches its encoded form.
    let r = router(&[("café/<str:x>", None)]);
    assert_eq!(hit(&r, "/caf%C3%A9/y").unwrap().1, pairs(&[("x", "y")]));
    assert_eq!(hit(&r, "/café/y").unwrap().1, pairs(&[("x", "y")]));
}

#[test]
fn static_braces_and_star_cannot_inject_params() {
    let r = router(&[("a{x}/", None), ("b/{*rest}", None), ("c/*/", None)]);
    assert_eq!(hit(&r, "/a{x}/"), Some(("a{x}/".into(), vec![])));
    assert_eq!(hit(&r, "/a%7Bx%7D/").unwrap().0, "a{x}/");
    assert!(r.at("/ahello/").is_none());
    assert!(r.at("/a/").is_none());
    assert_eq!(hit(&r, "/b/{*rest}").unwrap().1, vec![]);
    assert!(r.at("/b/x/y").is_none());
    assert_eq!(hit(&r, "/c/*/").unwrap().0, "c/*/");
    assert!(r.at("/c/x/").is_none());
    // Braces next to parameters (matchit's own `}}` escape would mis-pair here).
    let r = router(&[("<x>}/", None), ("k/{<y>/", None), ("m/{{<z>}}/", None)]);
    assert_eq!(hit(&r, "/abc}/").unwrap().1, pairs(&[("x", "abc")]));
    assert!(r.at("/abc/").is_none());
    assert_eq!(hit(&r, "/k/{v/").unwrap().1, pairs(&[("y", "v")]));
    assert_eq!(hit(&r, "/m/{{w}}/").unwrap().1, pairs(&[("z", "w")]));
    let mut r = Router::new();
    r.insert("<x>}/", Some("brace"), ()).unwrap();
    let url = r.reverse("brace", &[("x", "a}b")]).unwrap();
    assert_eq!(url, "/a%7Db%7D/");
    assert_eq!(r.at(&url).unwrap().params.get("x"), Some("a}b"));
}

#[test]
fn request_paths_must_start_with_a_slash() {
    let r = router(&[("", None), ("<path:p>", None)]);
    assert!(r.at("").is_none());
    assert!(r.at("a").is_none());
    assert_eq!(hit(&r, "//").unwrap().1, pairs(&[("p", "/")]));
}

// ---------------------------------------------------------------- include, routes, map

fn blog() -> Router<String> {
    router(&[("", Some("index")), ("<slug:slug>/", Some("post"))])
}

#[test]
fn include_with_prefix_params() {
    let mut r = router(&[("", Some("home"))]);
    r.include("blog/<int:year>/", blog()).unwrap();
    let mut api = Router::new();
    api.insert("users/<int:id>/", Some("user"), "user".to_owned())
        .unwrap();
    r.include("api/", api).unwrap();

    let listed: Vec<(&str, Option<&str>, Vec<&str>)> = r
        .routes()
        .map(|info| {
            (
                info.pattern,
                info.name,
                info.params.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        listed,
        [
            ("", Some("home"), vec![]),
            ("blog/<int:year>/", Some("index"), vec!["year"]),
            (
                "blog/<int:year>/<slug:slug>/",
                Some("post"),
                vec!["year", "slug"]
            ),
            ("api/users/<int:id>/", Some("user"), vec!["id"]),
        ]
    );
    assert_eq!(
        hit(&r, "/blog/2024/hello/"),
        Some((
            "<slug:slug>/".into(),
            pairs(&[("year", "2024"), ("slug", "hello")])
        ))
    );
    assert_eq!(
        hit(&r, "/blog/2024/").unwrap().1,
        pairs(&[("year", "2024")])
    );
    assert!(r.at("/blog/x/hello/").is_none());
    assert_eq!(hit(&r, "/api/users/5/").unwrap().0, "user");
    assert_eq!(
        r.reverse("post", &[("slug", "hi"), ("year", "1999")])
            .unwrap(),
        "/blog/1999/hi/"
    );

    // Nested includes concatenate prefixes.
    let mut outer = Router::new();
    outer.include("v1/", r).unwrap();
    assert_eq!(
        outer.reverse("user", &[("id", "3")]).unwrap(),
        "/v1/api/users/3/"
    );
    assert_eq!(outer.at("/v1/").unwrap().value, "");
}

#[test]
fn include_errors_are_atomic() {
    let mut r = router(&[("<str:page>/", Some("page"))]);
    let mut other = Router::new();
    other.insert("fine/", Some("fine"), "fine".into()).unwrap();
    other.insert("<path:rest>", None, "rest".into()).unwrap();
    let err = r.include("", other).unwrap_err();
    assert!(matches!(err, RouteError::Conflict { .. }));
    assert_eq!(r.len(), 1);
    assert!(r.at("/fine/").unwrap().params.get("page").is_some());
    assert!(matches!(
        r.reverse("fine", &[]),
        Err(ReverseError::NoSuchName { .. })
    ));

    // Prefix params clash with route params, quoting the combined pattern.
    let mut inner = Router::new();
    inner.insert("<int:id>/", None, ()).unwrap();
    let err = Router::new().include("<int:id>/", inner).unwrap_err();
    assert_eq!(
        err,
        RouteError::DuplicateParam {
            pattern: "<int:id>/<int:id>/".into(),
            param: "id".into()
        }
    );
    // Names stay unique across includes.
    let mut r = router(&[("", Some("index"))]);
    let err = r.include("blog/", blog()).unwrap_err();
    assert!(matches!(err, RouteError::DuplicateName { ref name, .. } if name == "index"));
    assert_eq!(r.len(), 1);
    // Bad prefixes are reported even for an empty router.
    assert!(matches!(
        Router::<()>::new().include("/api/", Router::new()),
        Err(RouteError::LeadingSlash { .. })
    ));
    let mut inner = Router::new();
    inner.insert("x/", None, ()).unwrap();
    assert!(matches!(
        Router::new().include("<path:p>/", inner),
        Err(RouteError::PathNotLast { .. })
    ));
}

#[test]
fn empty_router_matches_nothing() {
    let empty: Router<u8> = Router::default();
    assert!(empty.is_empty() && empty.at("/").is_none());
}

// ---------------------------------------------------------------- reverse

#[test]
fn reverse_builds_and_round_trips() {
    let r = router(&[
        ("articles/<int:year>/<slug:slug>/", Some("article")),
        ("users/<name>/", Some("user")),
        ("files/<path:rest>", Some("file")),
        ("café/{x}/", Some("odd")),
    ]);
    /// (route name, params, expected URL)
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case<'_>] = &[
        (
            "article",
            &[("year", "2024"), ("slug", "hello")],
            "/articles/2024/hello/",
        ),
        ("user", &[("name", "John Doe")], "/users/John%20Doe/"),
        ("user", &[("name", "a?b#c%d")], "/users/a%3Fb%23c%25d/"),
        (
            "user",
            &[("name", "é:@!$&'()*+,;=")],
            "/users/%C3%A9:@!$&'()*+,;=/",
        ),
        ("user", &[("name", "..")], "/users/%2E%2E/"),
        ("user", &[("name", ".")], "/users/%2E/"),
        ("file", &[("rest", "a b/c.txt")], "/files/a%20b/c.txt"),
        ("file", &[("rest", "a/../b")], "/files/a/%2E%2E/b"),
        ("file", &[("rest", "x%2Fy")], "/files/x%252Fy"),
        ("odd", &[], "/caf%C3%A9/%7Bx%7D/"),
    ];
    for (name, params, expected) in cases {
        let url = r.reverse(name, params).unwrap();
        assert_eq!(&url, expected);
        let m = r.at(&url).unwrap_or_else(|| panic!("{url} does not match"));
        let mut want: Vec<(&str, &str)> = params.to_vec();
        let mut got: Vec<(&str, &str)> = m.params.iter().collect();
        want.sort();
        got.sort();
        assert_eq!(got, want, "{url}");
    }
}

#[test]
fn reverse_never_emits_a_scheme_relative_url() {
    let r = router(&[("<path:p>", Some("p"))]);
    let url = r.reverse("p", &[("p", "/evil.example/x")]).unwrap();
    assert_eq!(url, "/%2Fevil.example/x");
    assert_eq!(r.at(&url).unwrap().params.get("p"), Some("/evil.example/x"));
    let url = r.reverse("p", &[("p", "/")]).unwrap();
    assert_eq!(url, "/%2F");
    assert_eq!(r.at(&url).unwrap().params.get("p"), Some("/"));
}

#[test]
fn reverse_errors() {
    let r = router(&[("articles/<int:year>/", Some("year")), ("", Some("home"))]);
    let err = r.reverse("nope", &[]).unwrap_err();
    assert_eq!(
        err,
        ReverseError::NoSuchName {
            name: "nope".into(),
            known: vec!["home".into(), "year".into()]
        }
    );
    assert_eq!(
        err.to_string(),
        "no route named `nope`: known names are `home`, `year`; name the route when adding it, e.g. insert(pattern, Some(\"nope\"), handler)"
    );
    assert!(
        Router::<()>::new()
            .reverse("x", &[])
            .unwrap_err()
            .to_string()
            .contains("no route has a name")
    );

    let err = r.reverse("year", &[]).unwrap_err();
    assert!(matches!(err, ReverseError::MissingParam { ref param, .. } if param == "year"));
    assert_eq!(
        err.to_string(),
        "route `year` (`articles/<int:year>/`) needs parameter `year`: pass (\"year\", value)"
    );

    let err = r
        .reverse("year", &[("year", "1"), ("month", "2")])
        .unwrap_err();
    assert!(matches!(err, ReverseError::ExtraParam { ref param, .. } if param == "month"));
    assert_eq!(
        err.to_string(),
        "route `year` (`articles/<int:year>/`) has no parameter `month`: its parameters are `year`; remove `month` or fix its name"
    );
    assert!(
        r.reverse("home", &[("x", "1")])
            .unwrap_err()
            .to_string()
            .contains("it takes no parameters")
    );

    let err = r
        .reverse("year", &[("year", "1"), ("year", "2")])
        .unwrap_err();
    assert!(matches!(err, ReverseError::DuplicateParam { .. }));

    let err = r.reverse("year", &[("year", "twenty")]).unwrap_err();
    assert_eq!(
        err,
        ReverseError::RejectedByConverter {
            name: "year".into(),
            pattern: "articles/<int:year>/".into(),
            param: "year".into(),
            value: "twenty".into(),
            converter: Converter::Int,
        }
    );
    assert_eq!(
        err.to_string(),
        "value \"twenty\" for parameter `year` of route `year` (`articles/<int:year>/`) is rejected by the `int` converter, which expects one or more ASCII digits: pass a matching value"
    );
    for (value, converter) in [
        ("", "int"),
        ("a/b", "str"),
        ("a b", "slug"),
        ("X", "uuid"),
        ("", "path"),
    ] {
        let mut r = Router::new();
        r.insert(&format!("<{converter}:v>"), Some("v"), ())
            .unwrap();
        assert!(
            matches!(
                r.reverse("v", &[("v", value)]),
                Err(ReverseError::RejectedByConverter { .. })
            ),
            "{converter} {value:?}"
        );
    }
}

#[test]
fn error_types_are_std_errors() {
    fn assert_error<E: std::error::Error + Clone + PartialEq + Send + Sync + 'static>() {}
    assert_error::<RouteError>();
    assert_error::<ReverseError>();
}

// ---------------------------------------------------------------- properties

/// Pattern-like strings, rich in the characters that matter.
fn patternish() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-c/<>:{}*%.éèê€-]{0,16}",
        "(<(int|str|slug|uuid|path|x)?:?[a-c]{0,2}>|[a-céè{}*%/.-]{1,3}){0,5}",
        any::<String>(),
    ]
}

/// Path-like strings.
fn pathish() -> impl Strategy<Value = String> {
    prop_oneof![
        "/[a-c0-9/{}*%.éè€-]{0,16}",
        "(/|%2F|%2f|%25|%7B|%FF|%C3%A9|[a-c0-9]|é|\\{|\\}){0,10}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn nothing_panics(
        patterns in prop::collection::vec(patternish(), 0..8),
        paths in prop::collection::vec(pathish(), 0..8),
        names in prop::collection::vec("[a-c]{0,2}", 0..8),
        values in prop::collection::vec(any::<String>(), 0..3),
        prefix in patternish(),
    ) {
        let mut r = Router::new();
        let mut inner = Router::new();
        for (i, pattern) in patterns.iter().enumerate() {
            let name = names.get(i).map(String::as_str);
            let _ = r.insert(pattern, name, i);
            let _ = inner.insert(pattern, None, i);
            let _ = r.at(&format!("/{pattern}"));
        }
        let _ = r.include(&prefix, inner);
        for path in &paths {
            if let Some(m) = r.at(path) {
                prop_assert!(m.params.iter().all(|(_, v)| !v.is_empty()));
            }
        }
        for name in &names {
            let params: Vec<(&str, &str)> = r
                .routes()
                .find(|info| info.name == Some(name.as_str()))
                .map(|info| {
                    info.params
                        .iter()
                        .zip(values.iter().cycle())
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect()
                })
                .unwrap_or_default();
            let _ = r.reverse(name, &params);
            let _ = r.reverse(name, &[("a", "b")]);
        }
        for info in r.routes() {
            let _ = (info.pattern, info.params, info.value);
        }
    }
}

/// One generated pattern piece: static text or a parameter.
#[derive(Debug, Clone)]
enum GenPiece {
    Static(String),
    Param(Converter),
}

fn gen_static() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ~%{}*.:é€?#-]{1,4}"
}

/// A random valid pattern as pieces: segments made of optional prefix text,
/// an optional parameter and optional suffix text, maybe a final `path`.
fn gen_pattern() -> impl Strategy<Value = Vec<GenPiece>> {
    let converter = prop_oneof![
        Just(Converter::Int),
        Just(Converter::Str),
        Just(Converter::Slug),
        Just(Converter::Uuid),
    ];
    let segment = (
        prop::option::of(gen_static()),
        prop::option::of(converter),
        prop::option::of(gen_static()),
    );
    (
        prop::collection::vec(segment, 0..5),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(segments, trailing_slash, path)| {
            let mut pieces = Vec::new();
            let mut segment_has_param = false;
            for (i, (before, converter, after)) in segments.into_iter().enumerate() {
                if i > 0 {
                    pieces.push(GenPiece::Static("/".into()));
                }
                let empty = before.is_none() && converter.is_none() && after.is_none();
                segment_has_param = converter.is_some();
                if let Some(text) = before {
                    pieces.push(GenPiece::Static(text));
                }
                if let Some(converter) = converter {
                    pieces.push(GenPiece::Param(converter));
                }
                if let Some(text) = after {
                    pieces.push(GenPiece::Static(text));
                }
                if empty {
                    pieces.push(GenPiece::Static("s".into()));
                }
            }
            if trailing_slash && !pieces.is_empty() {
                pieces.push(GenPiece::Static("/".into()));
                segment_has_param = false;
            }
            if path {
                if segment_has_param {
                    pieces.push(GenPiece::Static("/".into()));
                }
                pieces.push(GenPiece::Param(Converter::Path));
            }
            pieces
        })
}

fn gen_value(converter: Converter) -> BoxedStrategy<String> {
    match converter {
        Converter::Int => "[0-9]{1,6}".boxed(),
        Converter::Str => "[^/]{1,8}".boxed(),
        Converter::Slug => "[a-zA-Z0-9_-]{1,8}".boxed(),
        Converter::Uuid => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}".boxed(),
        Converter::Path => {
            prop_oneof!["(/|\\.|\\.\\.|[a-z]|é|%|%2F| |\\?){1,8}", ".{1,10}"].boxed()
        }
    }
}

fn gen_route() -> impl Strategy<Value = (String, Vec<(String, Converter, String)>)> {
    gen_pattern().prop_flat_map(|pieces| {
        let converters: Vec<Converter> = pieces
            .iter()
            .filter_map(|p| match p {
                GenPiece::Param(c) => Some(*c),
                GenPiece::Static(_) => None,
            })
            .collect();
        let values: Vec<BoxedStrategy<String>> = converters.iter().map(|c| gen_value(*c)).collect();
        (Just(pieces), values).prop_map(|(pieces, values)| {
            let mut pattern = String::new();
            let mut params = Vec::new();
            let mut values = values.into_iter();
            for piece in pieces {
                match piece {
                    GenPiece::Static(text) => pattern.push_str(&text),
                    GenPiece::Param(converter) => {
                        let name = format!("p_{}", params.len());
                        pattern.push_str(&format!("<{converter}:{name}>"));
                        params.push((name, converter, values.next().unwrap_or_default()));
                    }
                }
            }
            (pattern, params)
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn reverse_then_match_round_trips((pattern, params) in gen_route()) {
        let mut r = Router::new();
        r.insert(&pattern, Some("route"), ()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let given: Vec<(&str, &str)> = params.iter().map(|(k, _, v)| (k.as_str(), v.as_str())).collect();
        let url = r.reverse("route", &given).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(url.starts_with('/') && !url.starts_with("//"));
        prop_assert!(url.is_ascii(), "{url}");
        let m = r.at(&url);
        prop_assert!(m.is_some(), "{url} does not match {pattern}");
        let got: Vec<(&str, &str)> = m.as_ref().map(|m| m.params.iter().collect()).unwrap_or_default();
        prop_assert_eq!(got, given, "url {}", url);
        for (_, converter, value) in &params {
            prop_assert!(converter.accepts(value));
        }
    }

    #[test]
    fn matched_values_pass_their_converters(
        (pattern, params) in gen_route(),
        path in pathish(),
    ) {
        let mut r = Router::new();
        r.insert(&pattern, None, ()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        if let Some(m) = r.at(&path) {
            prop_assert_eq!(m.params.len(), params.len());
            for ((name, value), (want, converter, _)) in m.params.iter().zip(&params) {
                prop_assert_eq!(name, want.as_str());
                prop_assert!(converter.accepts(value), "{} rejects {:?}", converter, value);
            }
        }
    }
}
