//! The pure core: post file → Article → Catalog, and body → safe HTML.
//! No web-sys and no leptos here; everything is tested natively with `cargo test`.
//! The browser-only pieces are two wasm32 backends through wasm-bindgen/js-sys: the
//! sanitizer (`body/dom.rs`, DOMPurify instead of ammonia) and the URL parser
//! (`weburl.rs`, the browser's `URL` instead of the `url` crate). The feed writer
//! (`feed.rs`) and the head of pages written at build time (`page_head.rs`) are for
//! the CLI only.
pub mod article;
pub mod body;
pub mod catalog;
pub mod dates;
pub mod embed;
#[cfg(not(target_arch = "wasm32"))]
pub mod feed;
pub mod front_matter;
pub mod hash;
pub mod i18n;
pub mod images;
pub mod limits;
pub mod order;
#[cfg(not(target_arch = "wasm32"))]
pub mod page_head;
pub mod routes;
pub mod search;
pub mod site_data;
pub mod sources;
pub mod text;
pub mod urls;
pub mod weburl;
