//! The views, one file per part of the site. Each says at its `#[view]`
//! whether it is sync or async, and why.

pub mod api;
pub mod articles;
pub mod auth;
pub mod export;
pub mod live;
pub mod media;
pub mod ops;
