//! The post reader, a second wasm (reader/): `read_post` (YAML front matter, dates,
//! excerpts) and Markdown → HTML. The app never links those parsers (they were a
//! quarter of its compressed size); it loads the reader the first time it must read a
//! post file itself — files opened locally, a `?src=` post, a Markdown body — and
//! then keeps it. HTML bodies of catalog articles need no reader (`read_body` +
//! `render_html`). `warm` loads it ahead of need, when the page is idle (`app::warm_up`).
//!
//! Everything it answers goes through the same sanitizing as before: the reader
//! sanitizes what it renders for excerpts and texts with its own DOMPurify instance,
//! and the HTML it converts from Markdown is sanitized here (`render_html`).

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::core::article::{Post, ReadError, ReaderAnswer};

#[wasm_bindgen(module = "/src/app/reader.js")]
extern "C" {
    fn load_reader() -> Promise;
    fn reader_url() -> String;
    #[wasm_bindgen(catch)]
    fn read_post(
        module: &JsValue,
        path: &str,
        bytes: &[u8],
        text_base: Option<String>,
    ) -> Result<String, JsValue>;
    #[wasm_bindgen(catch)]
    fn markdown_html(module: &JsValue, markdown: &str) -> Result<String, JsValue>;
}

/// The loaded module (or why it could not be loaded).
async fn module() -> Result<JsValue, String> {
    JsFuture::from(load_reader()).await.map_err(|e| {
        let why = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| e.as_string())
            .unwrap_or_else(|| "it did not load".into());
        format!("could not load the post reader ({}): {why}", reader_url())
    })
}

fn call_failed(e: JsValue) -> String {
    let why = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "it stopped".into());
    format!("the post reader failed: {why}")
}

/// Reads one post file as `core::article::read_post` does, plus its body's plain text
/// when `text_base` is given. `Err` only when the reader itself is unavailable.
pub async fn read(
    path: &str,
    bytes: &[u8],
    text_base: Option<String>,
) -> Result<(Result<Post, ReadError>, Option<String>), String> {
    let m = module().await?;
    let json = read_post(&m, path, bytes, text_base).map_err(call_failed)?;
    let answer = ReaderAnswer::from_json(&json)?;
    Ok((answer.read, answer.text))
}

/// Markdown → HTML (not sanitized yet: pass it to `core::body::render_html`).
pub async fn markdown(md: &str) -> Result<String, String> {
    let m = module().await?;
    markdown_html(&m, md).map_err(call_failed)
}

/// Loads the reader ahead of need (a site with Markdown articles, so opening the first
/// one does not wait for the download). Loading is started once: the loader module keeps
/// its promise (src/app/reader.js), so this is cheap to call again.
pub async fn warm() {
    let _ = module().await;
}
