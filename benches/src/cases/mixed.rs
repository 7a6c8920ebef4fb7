//! Case 3: a chain of 6 middleware alternating sync/async around a sync view,
//! vs the same chain all async: throughput ratio, and thread switches per
//! request (the design says at most 1: once on a sync thread, the rest of the
//! chain and the view run there).
//!
//! Needs `#[middleware]` (issue 3). Until the `middleware` feature is enabled
//! the case reports itself as not run — it never prints made-up numbers.

use super::Plan;
use crate::table::Section;
use crate::wrk::Wrk;

const TITLE: &str = "3. Mixed middleware chain (req/s; ratio to the all-async chain)";

#[cfg(feature = "middleware")]
pub fn mixed_chain(plan: &Plan, wrk: &Wrk) -> Result<Section, String> {
    use super::throughput::{row, run_case};
    use crate::servers::{Kind, SYNC_HELLO};

    let rows = [
        row(
            "6 async middleware + async view",
            Kind::TwainAllAsync,
            SYNC_HELLO,
            None,
            true,
        ),
        row(
            "6 middleware sync/async alternating + sync view",
            Kind::TwainMixed,
            SYNC_HELLO,
            None,
            true,
        ),
    ];
    let mut section = run_case(plan, wrk, TITLE, &rows)?;
    section
        .note("Target: the mixed chain makes exactly 1 switch per request; the all-async chain 0.");
    Ok(section)
}

#[cfg(not(feature = "middleware"))]
pub fn mixed_chain(_plan: &Plan, _wrk: &Wrk) -> Result<Section, String> {
    let mut section = Section::new(
        TITLE,
        &[
            "server",
            "req/s",
            "ratio to first row",
            "switches/request",
            "target",
        ],
    );
    section.row(vec![
        "not run: needs #[middleware] (issue 3)".to_owned(),
        "–".into(),
        "–".into(),
        "–".into(),
        "–".into(),
        "1 switch/request".into(),
    ]);
    section.note(
        "Enable with `--features middleware` once `#[middleware]` and `App::middleware` exist.",
    );
    Ok(section)
}
