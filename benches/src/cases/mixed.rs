//! Case 3: six middleware alternating async/sync around a sync view, vs the
//! same six all async around the same view: throughput ratio, and thread
//! switches per request — the design says exactly 1 for both (once on a sync
//! thread, the rest of the chain and the view run there). A third row, all
//! async with an async view, shows the chain with no switch at all.

use super::Plan;
use super::throughput::{row, run_case};
use crate::servers::{Kind, SYNC_HELLO};
use crate::table::Section;
use crate::wrk::Wrk;

const TITLE: &str = "3. Mixed middleware chain (req/s; ratio to the all-async chain)";

pub fn mixed_chain(plan: &Plan, wrk: &Wrk) -> Result<Section, String> {
    let rows = [
        row(
            "6 async middleware + sync view",
            Kind::TwainAllAsync,
            SYNC_HELLO,
            None,
            true,
        )
        .switches(1),
        row(
            "6 alternating async/sync + sync view",
            Kind::TwainMixed,
            SYNC_HELLO,
            None,
            true,
        )
        .switches(1),
        row(
            "6 async middleware + async view",
            Kind::TwainAllAsyncView,
            SYNC_HELLO,
            None,
            true,
        )
        .switches(0),
    ];
    let mut section = run_case(plan, wrk, TITLE, &rows)?;
    section.note(
        "Target: the mixed chain makes exactly 1 switch per request, as the all-async chain \
         around the same sync view does (the view's own); the last row, for reference, none.",
    );
    Ok(section)
}
