//! `examples/techempower` checked against TechEmpower's rules over a real
//! socket (so hyper's `Date` header is there too), on SQLite and, when
//! `TWAIN_TEST_POSTGRES` is set, on PostgreSQL, in both modes (async views
//! over `Db`, sync views over `Conn`): bodies and content types, `Server`
//! and `Date`, `queries` clamped to 1..=500 with non-numbers as 1, the
//! fortunes with the extra one, sorted and escaped, updates found in the
//! database afterwards, and concurrent updates all answered.

mod common;
mod pg_common;

#[allow(dead_code)]
#[path = "../examples/techempower/app.rs"]
mod app;
#[allow(dead_code)]
#[path = "../examples/techempower/schema.rs"]
mod schema;

use std::net::SocketAddr;

use serde::Deserialize;
use twain::serde_json::{self, Value};

use app::Mode;
use common::{Reply, http_get, start};

const TEMPLATES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/examples/techempower/templates"
);

#[derive(Deserialize, Debug, Clone, Copy)]
#[serde(deny_unknown_fields)]
struct World {
    id: i32,
    #[serde(rename = "randomNumber")]
    random_number: i32,
}

/// Headers every TFB response must carry.
fn check_headers(reply: &Reply, path: &str, content_type: &str) {
    assert_eq!(reply.status, 200, "{path}: {}", reply.text());
    assert_eq!(reply.header("server"), Some("twain"), "{path}: Server");
    let date = reply
        .header("date")
        .unwrap_or_else(|| panic!("{path}: no Date"));
    assert!(date.ends_with(" GMT"), "{path}: Date {date:?}");
    let length: usize = reply
        .header("content-length")
        .unwrap_or_else(|| panic!("{path}: no Content-Length"))
        .parse()
        .unwrap();
    assert_eq!(length, reply.body.len(), "{path}: Content-Length");
    let got = reply.header("content-type").unwrap_or_default();
    assert!(
        got.starts_with(content_type),
        "{path}: Content-Type {got:?}"
    );
}

fn check_world(world: &World) {
    assert!((1..=10_000).contains(&world.id), "{world:?}");
    assert!((1..=10_000).contains(&world.random_number), "{world:?}");
}

async fn worlds(addr: SocketAddr, path: &str) -> Vec<World> {
    let reply = http_get(addr, path).await;
    check_headers(&reply, path, "application/json");
    let worlds: Vec<World> = serde_json::from_slice(&reply.body)
        .unwrap_or_else(|err| panic!("{path}: {err}: {}", reply.text()));
    worlds.iter().for_each(check_world);
    worlds
}

/// HTML's escapes back to text.
fn unescape(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').expect("an entity ends with `;`") + at;
        let entity = &rest[at + 1..end];
        let c = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ if entity.starts_with("#x") || entity.starts_with("#X") => {
                char::from_u32(u32::from_str_radix(&entity[2..], 16).unwrap()).unwrap()
            }
            _ if entity.starts_with('#') => char::from_u32(entity[1..].parse().unwrap()).unwrap(),
            _ => panic!("unknown entity &{entity};"),
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out + rest
}

/// The `(id, message)` rows of the fortunes table in the page.
fn fortune_rows(page: &str) -> Vec<(i32, String)> {
    page.split("<tr>")
        .skip(1)
        .filter(|row| row.starts_with("<td>"))
        .map(|row| {
            let cells: Vec<&str> = row
                .split("<td>")
                .skip(1)
                .map(|cell| cell.split("</td>").next().unwrap())
                .collect();
            assert_eq!(cells.len(), 2, "a row has an id and a message: {row}");
            (cells[0].parse().unwrap(), unescape(cells[1]))
        })
        .collect()
}

/// The rows with these ids, read by the test itself.
fn stored(url: &str, ids: Vec<i32>) -> Vec<(i32, i32)> {
    let url = url.to_owned();
    // Blocking clients, outside the test's runtime.
    std::thread::spawn(move || {
        if url.starts_with("postgres") {
            let mut client = twain::db::postgres_client::Client::connect(
                &url,
                twain::db::postgres_client::NoTls,
            )
            .unwrap();
            ids.iter()
                .map(|id| {
                    let row = client
                        .query_one("SELECT id, randomnumber FROM world WHERE id = $1", &[id])
                        .unwrap();
                    (row.get(0), row.get(1))
                })
                .collect()
        } else {
            let conn =
                twain::db::rusqlite::Connection::open(url.trim_start_matches("sqlite://")).unwrap();
            ids.iter()
                .map(|id| {
                    conn.query_row(
                        "SELECT id, randomnumber FROM world WHERE id = ?1",
                        [id],
                        |row| Ok((row.get(0)?, row.get(1)?)),
                    )
                    .unwrap()
                })
                .collect()
        }
    })
    .join()
    .unwrap()
}

/// Every test type, to TFB's rules, against the app on `url` in `mode`.
async fn check_all(url: &str, mode: Mode) {
    let app = app::app(mode, schema::database(url).pool_size(8), TEMPLATES.as_ref());
    let server = start(app).await;
    let addr = server.addr;

    let reply = http_get(addr, "/json").await;
    check_headers(&reply, "/json", "application/json");
    assert_eq!(reply.text(), r#"{"message":"Hello, World!"}"#);

    let reply = http_get(addr, "/plaintext").await;
    check_headers(&reply, "/plaintext", "text/plain");
    assert_eq!(reply.text(), "Hello, World!");

    let reply = http_get(addr, "/db").await;
    check_headers(&reply, "/db", "application/json");
    let value: Value = serde_json::from_slice(&reply.body).unwrap();
    assert!(value.is_object(), "/db answers one object: {value}");
    let world: World = serde_json::from_value(value).unwrap();
    check_world(&world);
    assert_eq!(
        stored(url, vec![world.id]),
        [(world.id, world.random_number)]
    );

    for (query, n) in [
        ("", 1),
        ("?queries=", 1),
        ("?queries=foo", 1),
        ("?queries=0", 1),
        ("?queries=-3", 1),
        ("?queries=1", 1),
        ("?queries=20", 20),
        ("?queries=500", 500),
        ("?queries=501", 500),
    ] {
        let got = worlds(addr, &format!("/queries{query}")).await;
        assert_eq!(got.len(), n, "/queries{query}");
    }
    let got = worlds(addr, "/queries?queries=20").await;
    let ids: std::collections::HashSet<i32> = got.iter().map(|w| w.id).collect();
    assert!(ids.len() > 10, "20 random rows, not the same few: {got:?}");

    let reply = http_get(addr, "/fortunes").await;
    check_headers(&reply, "/fortunes", "text/html; charset=utf-8");
    let page = reply.text();
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.contains("<title>Fortunes</title>"), "{page}");
    assert!(
        !page.contains("<script>"),
        "the messages are escaped: {page}"
    );
    let rows = fortune_rows(&page);
    let mut expected: Vec<(i32, String)> = schema::FORTUNES
        .iter()
        .map(|&(id, message)| (id, message.to_owned()))
        .chain([(0, app::EXTRA_FORTUNE.to_owned())])
        .collect();
    expected.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(rows, expected, "all 13 fortunes, sorted by message");
    assert!(page.contains("フレームワークのベンチマーク"));

    for (query, n) in [
        ("?queries=foo", 1),
        ("?queries=501", 500),
        ("?queries=20", 20),
    ] {
        let path = format!("/updates{query}");
        let got = worlds(addr, &path).await;
        assert_eq!(got.len(), n, "{path}");
        let ids: Vec<i32> = got.iter().map(|w| w.id).collect();
        let answered: Vec<(i32, i32)> = got.iter().map(|w| (w.id, w.random_number)).collect();
        assert_eq!(
            stored(url, ids),
            answered,
            "{path}: the new numbers are stored"
        );
    }

    // Updates at once, as TFB sends them: none fails (no deadlock, no
    // busy database).
    let mut tasks = Vec::new();
    for _ in 0..16 {
        tasks.push(tokio::spawn(async move {
            worlds(addr, "/updates?queries=20").await.len()
        }));
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), 20);
    }
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_async_views() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("tfb.db").display());
    check_all(&url, Mode::Async).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_sync_views() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("tfb.db").display());
    check_all(&url, Mode::Sync).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_async_views() {
    let Some(url) = pg_common::fresh_schema("tfb_async") else {
        return;
    };
    check_all(&url, Mode::Async).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sync_views() {
    let Some(url) = pg_common::fresh_schema("tfb_sync") else {
        return;
    };
    check_all(&url, Mode::Sync).await;
}
