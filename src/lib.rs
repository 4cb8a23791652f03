//! Broadsheet: post files → catalog → reading site.
//!
//! `core` is pure Rust (no web-sys, no leptos) and is tested natively; the Leptos
//! app (`app`) is a thin layer over `core`: it runs in the browser (wasm32), and its
//! components also compile and render natively (pages rendered from data). `cmd` is
//! the command line (native only), a shell over `core` that reads and writes files.
pub mod core;

#[cfg(not(target_arch = "wasm32"))]
pub mod cmd;

#[cfg(feature = "app")]
pub mod app;
