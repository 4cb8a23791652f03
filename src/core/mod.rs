//! The pure core: post file → Article → Catalog, and body → safe HTML.
//! No web-sys and no leptos here; everything is tested natively with `cargo test`.
//! The one browser-only piece is the wasm32 sanitizer backend (`body/dom.rs`:
//! DOMPurify through wasm-bindgen/js-sys), which replaces ammonia there.
pub mod article;
pub mod body;
pub mod catalog;
pub mod dates;
pub mod embed;
pub mod feed;
pub mod front_matter;
pub mod hash;
pub mod i18n;
pub mod routes;
pub mod search;
pub mod sources;
pub mod text;
pub mod urls;
