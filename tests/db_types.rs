//! Timestamps (with and without time zone), dates, times, UUIDs and exact
//! decimals, the same Rust types on SQLite and PostgreSQL
//! (`TWAIN_TEST_POSTGRES`; that half skips with a message when it is unset):
//! every value written through the sync API (`Conn`, in `db.run`) and the
//! async one (`db.execute`) reads back equal through both, `NULL` into
//! `Option`; chrono's types (feature `chrono`) read and bind the same;
//! `ORDER BY` a timestamp column is chronological; a value that
//! does not fit is the documented error, naming the column and both types,
//! and answers 500.

mod pg_common;

use twain::db::rust_decimal::Decimal;
use twain::db::time::macros::{date, datetime, time};
use twain::db::time::{Date, OffsetDateTime, PrimitiveDateTime, Time};
use twain::db::uuid::Uuid;
use twain::db::{Database, Db, DbError, FromRow, M, Migrations};
use twain::prelude::*;

// Declared as a user would on each: SQLite's TIMESTAMP, DATE, TIME and
// NUMERIC columns have NUMERIC affinity, which keeps twain's texts as text
// and stores a decimal as a number; `big` has more digits than a REAL
// keeps, so it is TEXT on SQLite (as docs/data.md says).
const SQLITE: &str = "CREATE TABLE events (id INTEGER PRIMARY KEY, at TIMESTAMP NOT NULL,
     local DATETIME NOT NULL, day DATE NOT NULL, clock TIME NOT NULL, uid UUID NOT NULL,
     price NUMERIC(12, 2) NOT NULL, big TEXT NOT NULL, seen TIMESTAMP, other UUID);";
const POSTGRES: &str = "CREATE TABLE events (id BIGSERIAL PRIMARY KEY, at TIMESTAMPTZ NOT NULL,
     local TIMESTAMP NOT NULL, day DATE NOT NULL, clock TIME NOT NULL, uid UUID NOT NULL,
     price NUMERIC(12, 2) NOT NULL, big NUMERIC NOT NULL, seen TIMESTAMPTZ, other UUID);";

#[derive(FromRow, Debug, Clone, PartialEq)]
struct Event {
    id: i64,
    at: OffsetDateTime,
    local: PrimitiveDateTime,
    day: Date,
    clock: Time,
    uid: Uuid,
    price: Decimal,
    big: Decimal,
    seen: Option<OffsetDateTime>,
    other: Option<Uuid>,
}

const INSERT: &str = "INSERT INTO events (at, local, day, clock, uid, price, big, seen, other)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
const SELECT: &str =
    "SELECT id, at, local, day, clock, uid, price, big, seen, other FROM events ORDER BY at";

fn decimal(text: &str) -> Decimal {
    Decimal::from_str_exact(text).unwrap()
}

/// Four events, not in chronological order; ids are given in this order.
fn events() -> Vec<Event> {
    vec![
        Event {
            id: 1,
            // 01:30 at +05:00 is the evening before in UTC: its local text
            // would sort after the next event, its instant sorts before.
            at: datetime!(2026-12-07 01:30:00.123456 +05:00),
            local: datetime!(2026-12-07 01:30:00.123456),
            day: date!(2026 - 12 - 07),
            clock: time!(01:30:00.123456),
            uid: Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8),
            price: decimal("19.99"),
            big: decimal("12345678901234567890.12345"),
            seen: Some(datetime!(2026-12-08 00:00:00 UTC)),
            other: None,
        },
        Event {
            id: 2,
            at: datetime!(1999-12-31 23:59:59.999999 UTC),
            local: datetime!(1999-12-31 23:59:59.999999),
            day: date!(1999 - 12 - 31),
            clock: time!(23:59:59.999999),
            uid: Uuid::nil(),
            price: decimal("-0.05"),
            big: decimal("0.000000000000000000000000001"),
            seen: None,
            other: Some(Uuid::max()),
        },
        Event {
            id: 3,
            at: datetime!(2026-12-06 21:00:00 UTC),
            local: datetime!(2026-12-06 21:00:00),
            day: date!(2026 - 12 - 06),
            clock: time!(00:00:00),
            uid: Uuid::from_u128(1),
            price: decimal("10.00"),
            big: decimal("-7"),
            seen: None,
            other: None,
        },
        Event {
            id: 4,
            at: datetime!(2026-12-06 20:29:59.5 UTC),
            local: datetime!(2030-01-01 00:00:00.000001),
            day: date!(2030 - 01 - 01),
            clock: time!(12:00:00.5),
            uid: Uuid::from_u128(u128::MAX - 1),
            price: decimal("1234567890.12"),
            big: decimal("0"),
            seen: Some(datetime!(2026-12-06 20:29:59.5 -03:00)),
            other: None,
        },
    ]
}

fn chronological(mut events: Vec<Event>) -> Vec<Event> {
    events.sort_by_key(|e| e.at);
    events
}

fn params(e: &Event) -> impl twain::db::Params + Send + 'static {
    (
        e.at, e.local, e.day, e.clock, e.uid, e.price, e.big, e.seen, e.other,
    )
}

/// Writes the events (the first two through `Conn`, the others through the
/// async queries), then reads them back through both APIs.
async fn round_trip(db: &Db) -> (Vec<Event>, Vec<Event>) {
    let all = events();
    let first_two = all[..2].to_vec();
    let ids = db
        .run(move |conn| {
            first_two
                .iter()
                .map(|e| conn.query_one::<(i64,)>(INSERT, params(e)).map(|(id,)| id))
                .collect::<Result<Vec<_>, _>>()
        })
        .await
        .unwrap();
    assert_eq!(ids, [1, 2]);
    for e in &all[2..] {
        let (id,): (i64,) = db.query_one(INSERT, params(e)).await.unwrap();
        assert_eq!(id, e.id);
    }
    let sync = db.run(|conn| conn.all::<Event>(SELECT, ())).await.unwrap();
    let async_ = db.all::<Event>(SELECT, ()).await.unwrap();
    (sync, async_)
}

/// Parameters compare in SQL too: a range on the timestamp, a UUID, a date.
async fn lookups(db: &Db) -> Vec<i64> {
    let mut found = Vec::new();
    let (n,): (i64,) = db
        .query_one(
            "SELECT count(*) FROM events WHERE at >= ?1 AND at < ?2",
            (
                datetime!(2026-12-06 20:00:00 UTC),
                datetime!(2026-12-06 21:00:00 UTC),
            ),
        )
        .await
        .unwrap();
    found.push(n);
    let (id,): (i64,) = db
        .query_one(
            "SELECT id FROM events WHERE uid = ?1",
            (Uuid::from_u128(1),),
        )
        .await
        .unwrap();
    found.push(id);
    let (id,): (i64,) = db
        .run(|conn| {
            conn.query_one(
                "SELECT id FROM events WHERE day = ?1",
                (date!(1999 - 12 - 31),),
            )
        })
        .await
        .unwrap();
    found.push(id);
    let (id,): (i64,) = db
        .query_one("SELECT id FROM events WHERE price > ?1", (decimal("1000"),))
        .await
        .unwrap();
    found.push(id);
    found
}

/// chrono's types read the same columns and bind the same values.
async fn chrono_agrees(db: &Db) {
    use twain::db::chrono::{
        DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc,
    };
    let rows: Vec<(DateTime<Utc>, NaiveDateTime, NaiveDate, NaiveTime)> = db
        .all("SELECT at, local, day, clock FROM events ORDER BY at", ())
        .await
        .unwrap();
    let want = chronological(events());
    assert_eq!(rows.len(), want.len());
    let micros = |t: OffsetDateTime| (t.unix_timestamp_nanos() / 1000) as i64;
    for ((at, local, day, clock), e) in rows.iter().zip(&want) {
        assert_eq!(at.timestamp_micros(), micros(e.at));
        assert_eq!(
            local.and_utc().timestamp_micros(),
            micros(e.local.assume_utc())
        );
        assert_eq!(
            (day.year(), day.ordinal()),
            (e.day.year(), u32::from(e.day.ordinal()))
        );
        let (h, m, s, n) = e.clock.as_hms_nano();
        assert_eq!(
            (
                clock.hour(),
                clock.minute(),
                clock.second(),
                clock.nanosecond()
            ),
            (u32::from(h), u32::from(m), u32::from(s), n)
        );
    }
    let (n,): (i64,) = db
        .query_one(
            "SELECT count(*) FROM events WHERE at < ?1 AND day <> ?2",
            (
                DateTime::<Utc>::from_timestamp(micros(want[2].at) / 1_000_000 + 1, 0).unwrap(),
                NaiveDate::from_ymd_opt(1999, 12, 31).unwrap(),
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        n, 2,
        "the events before the third, less the one of 1999-12-31"
    );
}

async fn check(db: &Db) {
    let (sync, async_) = round_trip(db).await;
    let want = chronological(events());
    assert_eq!(sync, want, "read through Conn");
    assert_eq!(async_, want, "read through Db");
    assert_eq!(
        sync.iter().map(|e| e.id).collect::<Vec<_>>(),
        [2, 4, 1, 3],
        "ORDER BY a timestamp is chronological"
    );
    assert_eq!(lookups(db).await, [2, 3, 2, 4]);
    chrono_agrees(db).await;
}

fn database(url: &str) -> Database {
    Database::from_url(url)
        .migrations(Migrations::new(vec![M::up(SQLITE)]))
        .postgres_migrations([POSTGRES])
}

/// The error a wrong read gives, with the status it answers with.
fn described(err: DbError) -> (u16, String) {
    let text = err.to_string();
    (Error::from(err).status().as_u16(), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_round_trips_every_type_through_both_apis() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&format!("sqlite://{}", dir.path().join("app.db").display()))
        .open()
        .unwrap();
    check(&db).await;

    // The stored texts are the documented ones.
    let stored: (String, String, String, String, String, String) = db
        .query_one(
            "SELECT at, local, day, clock, uid, typeof(price) FROM events WHERE id = 1",
            (),
        )
        .await
        .unwrap();
    assert_eq!(
        stored,
        (
            "2026-12-06 20:30:00.123456".to_owned(),
            "2026-12-07 01:30:00.123456".to_owned(),
            "2026-12-07".to_owned(),
            "01:30:00.123456".to_owned(),
            "67e55044-10b1-426f-9247-bb680e5fe0c8".to_owned(),
            "real".to_owned(),
        )
    );
    // SQLite's own timestamps (CURRENT_TIMESTAMP's layout) read as UTC.
    let (t,): (OffsetDateTime,) = db
        .query_one("SELECT datetime('2026-12-07 10:00:00')", ())
        .await
        .unwrap();
    assert_eq!(t, datetime!(2026-12-07 10:00 UTC));

    // A text that is no timestamp: the column and both types are named.
    db.execute(
        "INSERT INTO events (at, local, day, clock, uid, price, big) VALUES ('yesterday', '', '', '', 'x', 0, '0')",
        (),
    )
    .await
    .unwrap();
    let err = db.all::<Event>(SELECT, ()).await.unwrap_err();
    let (status, text) = described(err);
    assert_eq!(status, 500);
    assert!(
        text.contains("column `at`")
            && text.contains("\"yesterday\"")
            && text.contains("`OffsetDateTime`"),
        "{text}"
    );
    let err = db
        .query_one::<(Uuid,)>("SELECT uid FROM events WHERE at = 'yesterday'", ())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("`Uuid`"), "{err}");
    let err = db
        .query_one::<(Date,)>("SELECT 42 AS day", ())
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("column `day` (0): cannot read an integer column as `Date`"),
        "{err}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_round_trips_every_type_through_both_apis() {
    let Some(url) = pg_common::fresh_schema("types") else {
        return;
    };
    let db = database(&url).open().unwrap();
    check(&db).await;

    // The same values as SQL sees them: real types, not text.
    let (types,): (String,) = db
        .query_one(
            "SELECT pg_typeof(at)::text || ' ' || pg_typeof(uid)::text || ' ' || pg_typeof(price)::text || ' ' || price::text FROM events WHERE id = 3",
            (),
        )
        .await
        .unwrap();
    assert_eq!(types, "timestamp with time zone uuid numeric 10.00");

    // A column of another type, and a numeric a Decimal cannot hold.
    let (status, text) = described(
        db.query_one::<(i64,)>("SELECT uid FROM events WHERE id = 1", ())
            .await
            .unwrap_err(),
    );
    assert_eq!(status, 500);
    assert!(
        text.contains("column `uid` (0): cannot read a uuid column as `i64`"),
        "{text}"
    );
    let err = db
        .query_one::<(Decimal,)>("SELECT 1e40::numeric AS huge", ())
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("column `huge`") && err.to_string().contains("`Decimal`"),
        "{err}"
    );
    // A parameter of the wrong type names both.
    let err = db
        .run(|conn| conn.execute("UPDATE events SET id = ?1 WHERE id = 1", (Uuid::nil(),)))
        .await
        .unwrap_err();
    let text = format!("{err} {:?}", std::error::Error::source(&err));
    assert!(text.contains("UUID") && text.contains("int8"), "{text}");
}
