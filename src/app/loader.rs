//! Fetching: the catalog once at start, an article's body when it is opened.

use std::sync::Arc;

use gloo_net::http::Request;

use super::links::Base;
use super::Site;
use crate::core::article::{read_post, Article};
use crate::core::body::RenderedBody;
use crate::core::catalog::Catalog;

pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let resp = Request::get(url).send().await.map_err(|e| format!("could not reach {url} ({e})"))?;
    if !resp.ok() {
        return Err(format!("{url} answered {} {}", resp.status(), resp.status_text()));
    }
    resp.binary().await.map_err(|e| format!("could not read {url} ({e})"))
}

pub async fn load_site(catalog_url: String) -> Result<Arc<Site>, String> {
    let bytes = fetch_bytes(&catalog_url).await?;
    let text = String::from_utf8_lossy(&bytes);
    let catalog = Catalog::from_json(&text).map_err(|e| format!("{catalog_url}: {e}"))?;
    Ok(Arc::new(Site::new(catalog)))
}

/// Fetches, reads and renders (sanitizes) one article's body.
pub async fn load_body(base: Base, article: Article) -> Result<Arc<RenderedBody>, String> {
    let url = base.article_file_url(&article);
    let bytes = fetch_bytes(&url).await?;
    let post = read_post(&article.path, &bytes).map_err(|e| format!("{}: {e}", article.path))?;
    // Relative images and links resolve against the post file's absolute URL.
    Ok(Arc::new(post.render(&url)))
}

thread_local! {
    /// Plain body texts of recently shown search results (paging back and forth and
    /// retyping a query do not refetch them).
    static TEXTS: std::cell::RefCell<std::collections::HashMap<String, Arc<str>>> = Default::default();
}

/// Most body texts kept in `TEXTS`.
const TEXT_CACHE_MAX: usize = 200;

/// An article's plain body text (for search snippets when the match is in the body),
/// through the same reading and sanitizing path as the article page.
pub async fn load_text(base: Base, article: Article) -> Result<Arc<str>, String> {
    if let Some(t) = TEXTS.with(|c| c.borrow().get(&article.slug).cloned()) {
        return Ok(t);
    }
    let body = load_body(base, article.clone()).await?;
    let text: Arc<str> = Arc::from(body.text.as_str());
    TEXTS.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= TEXT_CACHE_MAX {
            c.clear();
        }
        c.insert(article.slug.clone(), Arc::clone(&text));
    });
    Ok(text)
}
