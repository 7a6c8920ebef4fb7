//! TFB's `hello_world` schema — `World` (10,000 rows of `id` and
//! `randomNumber`, 1..=10,000 each) and `Fortune` (TFB's 12 fortunes) — as
//! migrations for both backends: on a database TFB set up already the
//! tables are left as they are, on a new one (a SQLite file on first run, an
//! empty PostgreSQL database) they are created and filled.

use std::sync::OnceLock;

use twain::db::{Database, M, Migrations};

/// TFB's 12 fortunes, the Japanese one and the `<script>` one included.
pub const FORTUNES: [(i32, &str); 12] = [
    (1, "fortune: No such file or directory"),
    (
        2,
        "A computer scientist is someone who fixes things that aren't broken.",
    ),
    (3, "After enough decimal points, nobody gives a damn."),
    (
        4,
        "A bad random number generator: 1, 1, 1, 1, 1, 4.33e+67, 1, 1, 1",
    ),
    (
        5,
        "A computer program does what you tell it to do, not what you want it to do.",
    ),
    (
        6,
        "Emacs is a nice operating system, but I prefer UNIX. \u{2014} Tom Christaensen",
    ),
    (7, "Any program that runs right is obsolete."),
    (
        8,
        "A list is only as strong as its weakest link. \u{2014} Donald Knuth",
    ),
    (9, "Feature: A bug with seniority."),
    (10, "Computers make very fast, very accurate mistakes."),
    (
        11,
        "<script>alert(\"This should not be displayed in a browser alert box.\");</script>",
    ),
    (
        12,
        "\u{30d5}\u{30ec}\u{30fc}\u{30e0}\u{30ef}\u{30fc}\u{30af}\u{306e}\u{30d9}\u{30f3}\u{30c1}\u{30de}\u{30fc}\u{30af}",
    ),
];

/// `INSERT` of the fortunes, only into an empty table.
fn fortunes_insert() -> String {
    let rows: Vec<String> = FORTUNES
        .iter()
        .map(|(id, message)| format!("({id}, '{}')", message.replace('\'', "''")))
        .collect();
    format!(
        "INSERT INTO fortune (id, message) SELECT * FROM (VALUES {}) AS f(id, message) \
         WHERE NOT EXISTS (SELECT 1 FROM fortune)",
        rows.join(", ")
    )
}

/// The database at `url` with TFB's schema.
pub fn database(url: &str) -> Database {
    static SQLITE: OnceLock<String> = OnceLock::new();
    let sqlite = SQLITE.get_or_init(sqlite_schema);
    Database::from_url(url)
        .migrations(Migrations::new(vec![M::up(sqlite)]))
        .postgres_migrations([postgres_schema()])
}

fn sqlite_schema() -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS world (id INTEGER NOT NULL PRIMARY KEY, randomnumber INTEGER NOT NULL DEFAULT 0);
         CREATE TABLE IF NOT EXISTS fortune (id INTEGER NOT NULL PRIMARY KEY, message VARCHAR(2048) NOT NULL);
         WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 10000)
           INSERT INTO world (id, randomnumber)
           SELECT x, abs(random()) % 10000 + 1 FROM n WHERE NOT EXISTS (SELECT 1 FROM world);
         {};",
        // SQLite names a VALUES list's columns column1, column2.
        fortunes_insert().replace(" AS f(id, message)", "")
    )
}

fn postgres_schema() -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS world (id integer NOT NULL PRIMARY KEY, randomnumber integer NOT NULL DEFAULT 0);
         CREATE TABLE IF NOT EXISTS fortune (id integer NOT NULL PRIMARY KEY, message varchar(2048) NOT NULL);
         INSERT INTO world (id, randomnumber)
           SELECT x, floor(random() * 10000 + 1)::integer FROM generate_series(1, 10000) AS x
           WHERE NOT EXISTS (SELECT 1 FROM world);
         {};",
        fortunes_insert()
    )
}
