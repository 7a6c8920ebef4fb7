//! `use twain::prelude::*;` brings what a view module needs.

pub use crate::{
    App, Blocking, Error, Form, Html, IntoResponse, Json, MayBlock, Query, Request, Response,
    Routes, State, StatusCode, any, delete, get, patch, post, put, sync_only, view,
};
