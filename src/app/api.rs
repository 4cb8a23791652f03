//! Loading data, and nothing else (no views): a source's catalog, manifest or post
//! file, an article's body (fetched, or read from the opened files the site carries),
//! the search index and its shards. Requests go through `fetch` (aborted when their
//! asker goes away, timed out, without credentials to other origins).

use std::sync::Arc;

pub use super::fetch::{fetch_bytes, fetch_source, status_reason, TIMEOUT};
use super::links::{self, Base};
use super::reader;
use super::shards::Shards;
use super::site::{Bodies, Site};
use crate::core::article::{read_body, Article};
use crate::core::body::{self, BodyFormat, RenderedBody};
use crate::core::catalog::Catalog;
use crate::core::limits::FileKind;
use crate::core::site_data::{self, Manifest};
use crate::core::sources::{self, SourceKind};

/// Reads a source: a catalog, a site manifest (`site.json`), or one post file (by the
/// URL's extension; otherwise a JSON object is taken for a catalog). `bundled`: the
/// site's own data, whose article paths stay relative to it; any other is rebased on
/// its URL. `alone`: the only source shown (not merged with others): a manifest is
/// then read in pieces (`Shards`: a page fetches only what it shows); merged, through
/// the catalog.json it names. A `site.json` that cannot be fetched (a site built before
/// there was one) is replaced by the catalog.json beside it.
pub async fn load_part(url: &str, bundled: bool, alone: bool) -> Result<Site, String> {
    let bytes = match fetch_source(url, FileKind::Source).await {
        Ok(b) => b,
        Err(e) => match sibling_catalog(url) {
            Some(catalog) => {
                return Box::pin(load_part(&catalog, bundled, alone))
                    .await
                    .map_err(|_| e)
            }
            None => return Err(e),
        },
    };
    if site_data::looks_like_manifest(&bytes) {
        let manifest = Manifest::from_json_bytes(&bytes)?;
        let shards = Shards::new(manifest, url, !bundled);
        if alone {
            return Ok(Site::sharded(shards));
        }
        return Box::pin(load_whole(&shards)).await;
    }
    let kind = match sources::source_kind(url) {
        SourceKind::Unknown if sources::looks_like_catalog(&bytes) => SourceKind::Catalog,
        SourceKind::Unknown => SourceKind::Post,
        k => k,
    };
    match kind {
        SourceKind::Post => {
            let name = sources::post_file_name(url);
            let (read, _) = reader::read(&name, &bytes, None).await?;
            Ok(Site::new(sources::post_catalog_from(url, read, now())?))
        }
        _ => {
            let mut catalog = Catalog::from_json_bytes(&bytes)?;
            if !bundled {
                sources::rebase(&mut catalog, url);
            }
            let dir = url.split(['?', '#']).next().unwrap_or(url);
            let dir = dir.rsplit_once('/').map(|(d, _)| d).unwrap_or(dir);
            Ok(Site::new(catalog).with_index(Some(format!("{dir}/search.bin"))))
        }
    }
}

/// The articles of a site read in pieces, whole: the catalog.json its manifest names
/// (for search, or a widget with several filters), with its search index.
pub async fn load_whole(shards: &Shards) -> Result<Site, String> {
    let url = shards
        .catalog_url()
        .ok_or_else(|| "this site's data names no catalog.json".to_owned())?;
    load_part(&url, !shards.is_rebased(), true).await
}

/// The catalog.json beside a `site.json` URL.
fn sibling_catalog(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let dir = path.strip_suffix(site_data::MANIFEST_FILE)?;
    Some(format!("{dir}catalog.json"))
}

/// Now, RFC 3339 (a catalog's `generated`).
pub fn now() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
}

/// Reads and renders (sanitizes) one article's body, from wherever `site` keeps its
/// bodies. Its metadata is the catalog's: only the body is cut out of the file
/// (`read_body`, no front matter parsing), and only a Markdown body needs the post
/// reader (`reader::markdown`).
pub async fn load_body(
    base: Base,
    site: Arc<Site>,
    article: Article,
) -> Result<Arc<RenderedBody>, String> {
    if let Bodies::Opened(files) = &site.bodies {
        if let Some(bytes) = files.posts.get(&article.path) {
            let mut rendered =
                render_body(&article, bytes, &sources::local_base(&article.path)).await?;
            // Opened pictures for pictures and media only; links go to posts.
            rendered.html =
                sources::rewrite_local_urls(&rendered.html, |path, url_use| match url_use {
                    sources::UrlUse::Media => files.images.get(path).cloned(),
                    sources::UrlUse::Link => files
                        .slugs
                        .get(path)
                        .map(|slug| base.to(&links::article(slug))),
                });
            return Ok(Arc::new(rendered));
        }
    }
    let url = base.article_file_url(&article);
    let bytes = fetch_source(&url, FileKind::Body)
        .await
        .map_err(|e| format!("{url}: {e}"))?;
    // Relative images and links resolve against the post file's absolute URL.
    Ok(Arc::new(render_body(&article, &bytes, &url).await?))
}

/// A post file's body → sanitized HTML, TOC and text (as `Post::render`).
async fn render_body(article: &Article, bytes: &[u8], base: &str) -> Result<RenderedBody, String> {
    let body = read_body(bytes).map_err(|e| format!("{}: {e}", article.path))?;
    let html = match article.format {
        BodyFormat::Html => body,
        BodyFormat::Markdown => reader::markdown(&body).await?,
    };
    // A task per step: a long body is not one long task (`boot`).
    Ok(body::render_html_paced(&html, base, crate::app::boot::next_task).await)
}

/// An article's plain body text (for search snippets when the match is in the body),
/// through the same reading and sanitizing path as the article page; remembered by
/// the site.
pub async fn load_text(base: Base, site: Arc<Site>, article: Article) -> Result<Arc<str>, String> {
    if let Some(t) = site.text(&article.slug) {
        return Ok(t);
    }
    let body = load_body(base, Arc::clone(&site), article.clone()).await?;
    let text: Arc<str> = Arc::from(body.text.as_str());
    site.remember_text(&article.slug, Arc::clone(&text));
    Ok(text)
}
