//! `use twain::prelude::*;` brings what a view module needs.

#[cfg(feature = "tasks")]
pub use crate::task;
pub use crate::{
    App, Blocking, Error, Form, Html, IntoResponse, Json, MayBlock, Method, Next, Query, Request,
    Response, Routes, State, StatusCode, SyncNext, allow_blocking, any, delete, get, middleware,
    patch, post, put, sync_only, view,
};
pub use crate::{routes, uri};
