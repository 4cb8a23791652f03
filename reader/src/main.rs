//! The post reader: `core::article::read_post` (YAML front matter, dates, excerpts)
//! and Markdown → HTML, as a second wasm beside the app's.
//!
//! Why a wasm of its own: the YAML and Markdown parsers are a quarter of the app's
//! compressed size (serde_yaml + libyaml, pulldown-cmark and its entity table), yet a
//! site built by `broadsheet index` never needs them to show its lists, search them or
//! show an HTML article — the catalog carries the metadata. The app (src/app/reader.rs)
//! loads this module the first time it must read a post file itself: opened local
//! files, a `?src=` post, a Markdown body. Trunk builds it (index.html, `data-type=
//! "worker"` only so that Trunk does not start it: it runs on the main thread, because
//! sanitizing needs the DOM) and the build names it by its content hash
//! (scripts/bundle-articles.sh).
//!
//! Answers are JSON (`ReaderAnswer`), which the app already parses for catalogs.

#[cfg(target_arch = "wasm32")]
mod exports {
    use broadsheet::core::article::ReaderAnswer;
    use broadsheet::core::body;
    use wasm_bindgen::prelude::*;

    /// One post file: `ReaderAnswer` as JSON. `text_base`, when given, asks for the
    /// body's plain text (relative URLs resolved against it).
    #[wasm_bindgen]
    pub fn read_post(path: &str, bytes: &[u8], text_base: Option<String>) -> String {
        ReaderAnswer::read(path, bytes, text_base.as_deref()).to_json()
    }

    /// Markdown → HTML, not sanitized: the app sanitizes every body itself.
    #[wasm_bindgen]
    pub fn markdown_html(markdown: &str) -> String {
        body::markdown_to_html(markdown)
    }
}

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("broadsheet-reader is a wasm module of the browser app (built by Trunk).");
}
