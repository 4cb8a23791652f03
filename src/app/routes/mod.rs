//! One file per page.
pub mod archive;
pub mod article;
pub mod author;
pub mod category;
pub mod home;
pub mod not_found;
pub mod tag;

use leptos_router::hooks::use_params_map;

/// A route parameter (already percent-decoded by the router), tracked.
pub fn param(name: &str) -> String {
    use leptos::prelude::*;
    let params = use_params_map();
    params.read().get(name).unwrap_or_default()
}
