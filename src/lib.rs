//! Broadsheet: post files → catalog → reading site.
//!
//! `core` is pure Rust (no web-sys, no leptos) and is tested natively; the Leptos
//! app (`app`) exists only on wasm32 and is a thin layer over `core`. `cmd` is the
//! command line (native only), a shell over `core` that reads and writes files.
pub mod core;

#[cfg(not(target_arch = "wasm32"))]
pub mod cmd;

#[cfg(all(target_arch = "wasm32", feature = "app"))]
pub mod app;
