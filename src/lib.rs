//! Broadsheet: post files → catalog → reading site.
//!
//! `core` is pure Rust (no web-sys, no leptos) and is tested natively; the Leptos
//! app (`app`) exists only on wasm32 and is a thin layer over `core`.
pub mod core;

#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod app;
