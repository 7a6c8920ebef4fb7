//! No stall reports (without the feature `metrics`, or off Linux): the
//! hooks of `stall.rs` as empty inline functions.

use std::time::{Duration, Instant};

#[derive(Clone, Copy)]
pub(crate) struct PollMark;

#[inline(always)]
pub(crate) fn poll_begins(_start: Instant, _threshold: Duration) -> PollMark {
    PollMark
}

#[inline(always)]
pub(crate) fn poll_ends(_mark: PollMark) {}

#[inline(always)]
pub(crate) fn stack_of(
    _mark: PollMark,
    _step: &dyn std::fmt::Display,
    _recording: bool,
) -> Option<String> {
    None
}
