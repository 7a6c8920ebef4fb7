//! Cookies (plain, signed, private) and sessions (cookie store, memory store)
//! through the test client and over a real socket: changes made by sync and
//! async views alike are written back as `Set-Cookie` when the response goes
//! out.

mod browser;
mod common;

use std::sync::Arc;

use browser::Browser;
use twain::prelude::*;
use twain::web::{Cookie, Cookies, Key, MemoryStore, Session, SessionConfig, SessionStore};

#[view]
fn set_theme(cookies: Cookies) -> &'static str {
    cookies.add(Cookie::new("theme", "dark"));
    "set"
}

#[view]
async fn read_theme(cookies: Cookies) -> String {
    cookies
        .get("theme")
        .map(|c| c.value().to_owned())
        .unwrap_or_else(|| "none".into())
}

#[view]
fn forget_theme(cookies: Cookies) -> &'static str {
    cookies.remove("theme");
    "gone"
}

#[view]
fn set_signed(cookies: Cookies) -> &'static str {
    cookies.signed().add(Cookie::new("user", "ada"));
    cookies.private().add(Cookie::new("secret", "launch-codes"));
    "ok"
}

#[view]
async fn read_signed(cookies: Cookies) -> String {
    let user = cookies.signed().get("user");
    let secret = cookies.private().get("secret");
    format!(
        "{}/{}",
        user.as_ref().map_or("-", |c| c.value()),
        secret.as_ref().map_or("-", |c| c.value())
    )
}

fn cookie_app() -> App {
    App::new()
        .secret_key(Key::generate())
        .route("theme/set/", set_theme)
        .route("theme/", read_theme)
        .route("theme/forget/", forget_theme)
        .route("signed/set/", set_signed)
        .route("signed/", read_signed)
}

#[test]
fn a_cookie_set_by_a_sync_view_is_read_by_an_async_one_and_removed() {
    let browser = Browser::new(cookie_app());
    assert_eq!(browser.get("/theme/").text(), "none");
    let set = browser.get("/theme/set/");
    assert_eq!(set.header("set-cookie"), Some("theme=dark; Path=/"));
    assert_eq!(browser.get("/theme/").text(), "dark");
    let gone = browser.get("/theme/forget/");
    let removal = gone.header("set-cookie").unwrap();
    assert!(
        removal.starts_with("theme=;") && removal.contains("Max-Age=0"),
        "{removal}"
    );
    assert_eq!(browser.get("/theme/").text(), "none");
}

#[test]
fn signed_cookies_reject_tampering_and_private_ones_hide_their_value() {
    let browser = Browser::new(cookie_app());
    let set = browser.get("/signed/set/");
    let all: Vec<&str> = set
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    assert_eq!(all.len(), 2, "{all:?}");
    assert!(
        all.iter()
            .any(|c| c.starts_with("user=") && c.contains("ada"))
    );
    assert!(all.iter().all(|c| !c.contains("launch-codes")), "{all:?}");
    assert_eq!(browser.get("/signed/").text(), "ada/launch-codes");

    // Change the signed value, keep the signature: rejected.
    let signed = browser.cookie("user").unwrap();
    browser.set_cookie("user", &signed.replace("ada", "eve"));
    let secret = browser.cookie("secret").unwrap();
    browser.set_cookie("secret", &format!("x{secret}"));
    assert_eq!(browser.get("/signed/").text(), "-/-");
}

#[test]
fn a_cookie_signed_with_another_key_is_not_accepted() {
    let first = Browser::new(cookie_app());
    first.get("/signed/set/");
    let second = Browser::new(cookie_app()); // another random key
    second.set_cookie("user", &first.cookie("user").unwrap());
    assert_eq!(second.get("/signed/").text(), "-/-");
}

#[view]
fn count_sync(session: Session) -> Result<String, Error> {
    let n = session.get::<u32>("n").unwrap_or(0) + 1;
    session.insert("n", n)?;
    Ok(n.to_string())
}

#[view]
async fn count_async(session: Session) -> Result<String, Error> {
    let n = session.get::<u32>("n").unwrap_or(0) + 1;
    session.insert("n", n)?;
    Ok(n.to_string())
}

#[view]
fn peek(session: Session) -> String {
    format!("{:?}", session.get::<u32>("n"))
}

#[view]
fn login(session: Session) -> &'static str {
    session.cycle_id();
    session.insert("user", "ada").unwrap();
    "in"
}

#[view]
async fn whoami(session: Session) -> String {
    session
        .get::<String>("user")
        .unwrap_or_else(|| "anonymous".into())
}

#[view]
fn logout(session: Session) -> &'static str {
    session.flush();
    "out"
}

#[view]
fn insert_then_fail(session: Session) -> Result<&'static str, Error> {
    session.insert("tried", true)?;
    Err(Error::bad_request("nope"))
}

fn session_app() -> App {
    App::new()
        .secret_key(Key::generate())
        .route("sync/", count_sync)
        .route("async/", count_async)
        .route("peek/", peek)
        .route("login/", login)
        .route("me/", whoami)
        .route("logout/", logout)
        .route("fail/", insert_then_fail)
}

#[test]
fn the_cookie_session_is_shared_by_sync_and_async_views() {
    let browser = Browser::new(session_app());
    assert_eq!(browser.get("/peek/").text(), "None");
    // A view that only reads sets no cookie.
    assert!(browser.get("/peek/").header("set-cookie").is_none());
    assert_eq!(browser.get("/sync/").text(), "1");
    assert_eq!(browser.get("/async/").text(), "2");
    assert_eq!(browser.get("/sync/").text(), "3");
    assert_eq!(browser.get("/peek/").text(), "Some(3)");
    let cookie = browser.cookie("sessionid").unwrap();
    assert!(
        cookie.contains("%22n%22") || cookie.contains("\"n\""),
        "{cookie}"
    );
    let set = browser.get("/sync/");
    let header = set.header("set-cookie").unwrap();
    assert!(
        header.contains("HttpOnly") && header.contains("SameSite=Lax"),
        "{header}"
    );
    assert!(header.contains("Max-Age=1209600"), "{header}");
    assert_eq!(set.header("vary"), Some("Cookie"));
}

#[test]
fn a_tampered_session_cookie_is_an_empty_session() {
    let browser = Browser::new(session_app());
    browser.get("/sync/");
    browser.get("/sync/");
    let cookie = browser.cookie("sessionid").unwrap();
    browser.set_cookie("sessionid", &cookie.replace("2", "9"));
    assert_eq!(browser.get("/peek/").text(), "None");
}

#[test]
fn the_session_is_saved_when_the_view_returns_an_error() {
    let browser = Browser::new(session_app());
    let failed = browser.get("/fail/");
    assert_eq!(failed.status(), 400);
    assert!(
        failed
            .header("set-cookie")
            .unwrap()
            .starts_with("sessionid=")
    );
}

#[test]
fn the_memory_store_keeps_ids_cycles_them_on_login_and_forgets_on_logout() {
    let store = Arc::new(MemoryStore::new());
    let app = session_app().state(SessionConfig::new(Shared(store.clone())));
    let browser = Browser::new(app);
    assert_eq!(browser.get("/sync/").text(), "1");
    let before = browser.cookie("sessionid").unwrap();
    assert!(
        !before.contains("\"n\"") && !before.contains("%22n%22"),
        "the cookie holds only an id: {before}"
    );
    assert_eq!(store.len(), 1);

    assert_eq!(browser.get("/login/").text(), "in");
    let after = browser.cookie("sessionid").unwrap();
    assert_ne!(before, after, "login cycles the id");
    assert_eq!(store.len(), 1, "the old id is forgotten");
    assert_eq!(browser.get("/me/").text(), "ada");
    assert_eq!(
        browser.get("/peek/").text(),
        "Some(1)",
        "data survives the new id"
    );

    // The old cookie no longer opens the session.
    browser.set_cookie("sessionid", &before);
    assert_eq!(browser.get("/me/").text(), "anonymous");
    browser.set_cookie("sessionid", &after);

    let out = browser.get("/logout/");
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    assert_eq!(store.len(), 0);
    browser.set_cookie("sessionid", &after);
    assert_eq!(
        browser.get("/me/").text(),
        "anonymous",
        "a flushed session is gone"
    );
}

/// The store in an `Arc`, so the test can look into it.
struct Shared(Arc<MemoryStore>);

impl SessionStore for Shared {
    fn load<'a>(
        &'a self,
        c: &'a str,
    ) -> twain::web::StoreFuture<'a, Option<twain::web::SessionRecord>> {
        self.0.load(c)
    }
    fn save<'a>(
        &'a self,
        c: Option<&'a str>,
        r: twain::web::SessionRecord,
    ) -> twain::web::StoreFuture<'a, String> {
        self.0.save(c, r)
    }
    fn delete<'a>(&'a self, c: &'a str) -> twain::web::StoreFuture<'a, ()> {
        self.0.delete(c)
    }
}

#[middleware]
fn stamp(req: Request, session: Session, next: SyncNext) -> Response {
    session.insert("seen_by_middleware", true).unwrap();
    next.run(req)
}

#[view]
fn read_stamp(session: Session) -> String {
    format!("{:?}", session.get::<bool>("seen_by_middleware"))
}

#[test]
fn a_sync_middleware_and_the_view_share_one_session() {
    let app = App::new()
        .secret_key(Key::generate())
        .middleware(stamp)
        .route("", read_stamp);
    let browser = Browser::new(app);
    assert_eq!(browser.get("/").text(), "Some(true)");
    assert!(browser.cookie("sessionid").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_and_sessions_over_a_real_socket() {
    let server = common::start(session_app()).await;
    let first = common::send(server.addr, &common::raw("GET", "/sync/", &[], b"")).await;
    assert_eq!(first.text(), "1");
    let set = first.header("set-cookie").unwrap().to_owned();
    let pair = set.split(';').next().unwrap().to_owned();
    let second = common::send(
        server.addr,
        &common::raw("GET", "/async/", &[("Cookie", &pair)], b""),
    )
    .await;
    assert_eq!(second.text(), "2");
    server.stop().await;
}

#[test]
fn the_test_clients_keep_cookies_like_a_browser() {
    let client = twain::test::Client::new(session_app());
    assert_eq!(client.get("/sync/").text(), "1");
    assert_eq!(client.get("/async/").text(), "2");
    assert!(client.cookie("sessionid").is_some());
    client.get("/logout/");
    assert_eq!(
        client.cookie("sessionid"),
        None,
        "a removed cookie is forgotten"
    );
    assert_eq!(client.get("/sync/").text(), "1");
    client.clear_cookies();
    assert_eq!(client.get("/sync/").text(), "1");
}

#[tokio::test]
async fn the_async_test_client_keeps_cookies_too() {
    let client = twain::test::AsyncClient::new(session_app());
    assert_eq!(client.get("/async/").await.text(), "1");
    assert_eq!(client.get("/sync/").await.text(), "2");
    client.set_cookie("sessionid", "forged");
    assert_eq!(client.get("/sync/").await.text(), "1");
}

#[test]
fn session_settings_reach_the_cookie() {
    let config = SessionConfig::new(MemoryStore::new())
        .cookie_name("app_session")
        .max_age(std::time::Duration::from_secs(3600))
        .secure(true)
        .same_site(twain::web::SameSite::Strict);
    let client = twain::test::Client::new(session_app().state(config));
    let set = client.get("/sync/");
    let header = set.header("set-cookie").unwrap();
    assert!(header.starts_with("app_session="), "{header}");
    for attribute in [
        "HttpOnly",
        "Secure",
        "SameSite=Strict",
        "Max-Age=3600",
        "Path=/",
    ] {
        assert!(header.contains(attribute), "{attribute} in {header}");
    }
    assert_eq!(client.get("/sync/").text(), "2");
}
