//! Errors split by who sees them: the HTTP `Error` a view returns (with the
//! headers it adds), the `BuildError` listing every route problem as values,
//! and the `ServeError` of a server that could not start — the last two real
//! `std::error::Error`s, so `?` works in any `main`.

use std::error::Error as StdError;

use twain::prelude::*;
use twain::test::Client;
use twain::{BuildError, Problem, RouteError, ServeError};

#[view]
fn article(year: u32) -> String {
    year.to_string()
}

#[view]
fn plain() -> &'static str {
    "plain"
}

#[test]
fn a_build_error_lists_every_problem_as_a_value() {
    let Err(err) = Client::try_new(
        App::new()
            .route("articles/<int:yr>/", article)
            .route("bad/<nope:x>/", plain)
            .name("first")
            .name("second"),
    ) else {
        panic!("the app must not build");
    };
    let problems = err.problems();
    assert!(
        problems.contains(&Problem::UnusedParam {
            pattern: "articles/<int:yr>/".into(),
            param: "yr".into(),
            view: "article",
        }),
        "{problems:?}"
    );
    assert!(
        problems.contains(&Problem::MissingParam {
            pattern: "articles/<int:yr>/".into(),
            param: "year",
            view: "article",
        }),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| matches!(
            p,
            Problem::Route(RouteError::UnknownConverter { converter, .. }) if converter == "nope"
        )),
        "{problems:?}"
    );
    assert!(
        problems.contains(&Problem::NamedTwice {
            name: "second".into()
        }),
        "{problems:?}"
    );
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(
        err.to_string()
            .starts_with("the route table has 4 problems:")
    );
}

/// What a `main` returning `Box<dyn Error>` (or `anyhow::Result`) needs.
fn boxed(err: impl StdError + Send + Sync + 'static) -> Box<dyn StdError + Send + Sync> {
    Box::new(err)
}

#[test]
fn a_port_in_use_is_a_bind_error_that_says_so() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let err = App::new().route("", plain).run(addr.clone()).unwrap_err();
    let ServeError::Bind { addr: failed, .. } = &err else {
        panic!("expected a bind error, got {err:?}");
    };
    assert_eq!(failed, &addr);
    let message = err.to_string();
    assert!(
        message.contains(&format!("could not listen on {addr}")),
        "{message}"
    );
    assert!(
        err.source().is_some(),
        "the io::Error is kept as the source"
    );
    let _ = boxed(err);
}

#[test]
fn a_bad_route_table_stops_run_before_it_binds() {
    let err = App::new()
        .route("<int:id>/", plain)
        .run("127.0.0.1:0")
        .unwrap_err();
    let ServeError::Build(build) = &err else {
        panic!("expected a build error, got {err:?}");
    };
    assert_eq!(build.problems().len(), 1);
    let source = err.source().expect("the build error is the source");
    assert!(source.downcast_ref::<BuildError>().is_some());
}

#[view]
fn members_only() -> Result<&'static str, Error> {
    Err(Error::new(StatusCode::UNAUTHORIZED, "log in first").header(
        twain::http::header::WWW_AUTHENTICATE,
        twain::http::HeaderValue::from_static("Basic realm=\"twain\""),
    ))
}

#[test]
fn an_http_error_carries_its_headers() {
    let client = Client::new(App::new().route("", members_only));
    let response = client.get("/");
    assert_eq!(response.status(), 401);
    assert_eq!(response.text(), "log in first");
    assert_eq!(
        response.header("www-authenticate"),
        Some("Basic realm=\"twain\"")
    );
}
