//! Case 6: one row read by primary key from SQLite — a twain sync view with
//! `Conn`, a twain async view with `db.run` — against axum with
//! `spawn_blocking` over the same r2d2 pool: what twain's data layer costs
//! over the hand-written version.

use super::Plan;
use super::throughput::{row, run_case};
use crate::servers::Kind;
use crate::servers::db::{DB_ASYNC, DB_AXUM, DB_SYNC};
use crate::table::Section;
use crate::wrk::Wrk;

const TITLE: &str =
    "6. One row by primary key from SQLite (req/s; ratio to axum + spawn_blocking + r2d2)";

pub fn read_one_row(plan: &Plan, wrk: &Wrk) -> Result<Section, String> {
    let rows = [
        row(
            "axum 0.8 + spawn_blocking + r2d2",
            Kind::AxumDb,
            DB_AXUM,
            None,
            false,
        ),
        row(
            "twain sync view, conn: Conn",
            Kind::TwainDb,
            DB_SYNC,
            None,
            true,
        )
        .switches(1),
        row(
            "twain async view, db.run(closure)",
            Kind::TwainDb,
            DB_ASYNC,
            None,
            true,
        )
        .switches(1),
    ];
    let mut section = run_case(plan, wrk, TITLE, &rows)?;
    section.note(
        "Every server reads the same row of a 10 000-row table (WAL, same pool size, \
         rusqlite's statement cache) and answers its id and title. Both twain rows make one \
         switch per request: the sync view's, or the one of `db.run`.",
    );
    Ok(section)
}
