//! Fetching: catalogs and post files of the sources (with a timeout and, for other
//! origins, no credentials), an article's body when it is opened (from its source, or
//! from memory for files opened locally).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Poll, Waker};
use std::time::Duration;

use gloo_net::http::Request;
use web_sys::{RequestCredentials, RequestMode, RequestRedirect, ResponseType};

use super::i18n::document_locale;
use super::links::{self, Base};
use super::local;
use super::reader;
use crate::core::article::{read_body, Article};
use crate::core::body::{self, BodyFormat, RenderedBody};
use crate::core::sources;

/// A source (catalog or post file) or article body that has not answered by then is
/// given up (the request is aborted).
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// Plain fetch (same-origin files: the bundled search index and its shards).
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let resp = Request::get(url)
        .send()
        .await
        .map_err(|e| format!("could not reach {url} ({e})"))?;
    if !resp.ok() {
        return Err(format!(
            "{url} answered {} {}",
            resp.status(),
            resp.status_text()
        ));
    }
    resp.binary()
        .await
        .map_err(|e| format!("could not read {url} ({e})"))
}

fn page_origin() -> String {
    leptos::prelude::window()
        .location()
        .origin()
        .unwrap_or_default()
}

fn same_origin(url: &str) -> bool {
    let origin = page_origin();
    url.strip_prefix(origin.as_str())
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Fetches a source's catalog or post file (or an article body): aborted after
/// `TIMEOUT`; to another origin without credentials (`credentials: omit`); a failure
/// explained for people (the reason only, the caller shows the URL).
pub async fn fetch_source(url: &str) -> Result<Vec<u8>, String> {
    let controller = web_sys::AbortController::new().ok();
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (controller, timed_out) = (controller.clone(), Rc::clone(&timed_out));
        leptos::prelude::set_timeout_with_handle(
            move || {
                timed_out.set(true);
                if let Some(c) = controller {
                    c.abort();
                }
            },
            TIMEOUT,
        )
        .ok()
    };
    let signal = controller.as_ref().map(|c| c.signal());
    let cross_origin = !same_origin(url);
    let mut req = Request::get(url);
    if cross_origin {
        req = req.credentials(RequestCredentials::Omit);
    }
    let result = async {
        let resp = match req.abort_signal(signal.as_ref()).send().await {
            Ok(r) => r,
            Err(_) if timed_out.get() => return Err(timeout_reason()),
            Err(_) => return Err(failure_reason(url, cross_origin).await),
        };
        if !resp.ok() {
            return Err(status_reason(resp.status(), &resp.status_text()));
        }
        match resp.binary().await {
            Ok(b) => Ok(b),
            Err(_) if timed_out.get() => Err(timeout_reason()),
            Err(e) => Err(document_locale().broke_off(&e.to_string())),
        }
    }
    .await;
    if let Some(t) = timer {
        t.clear();
    }
    result
}

/// A source fetched ahead of the app's mount (`prefetch`).
enum Early {
    Pending(Vec<Waker>),
    Ready(Result<Vec<u8>, String>),
}

thread_local! {
    static EARLY: RefCell<Vec<(String, Early)>> = const { RefCell::new(Vec::new()) };
}

/// Starts `fetch_source(url)` now; `fetch_source_once` takes its answer.
pub fn prefetch(url: &str) {
    let known = EARLY.with(|e| {
        let mut e = e.borrow_mut();
        let known = e.iter().any(|(u, _)| u == url);
        if !known {
            e.push((url.to_owned(), Early::Pending(Vec::new())));
        }
        known
    });
    if known {
        return;
    }
    let url = url.to_owned();
    // Before the mount, so not through Leptos's executor (not set up yet).
    wasm_bindgen_futures::spawn_local(async move {
        let answer = fetch_source(&url).await;
        let wakers = EARLY.with(|e| {
            let mut e = e.borrow_mut();
            let slot = e.iter_mut().find(|(u, _)| *u == url);
            match slot.map(|(_, s)| std::mem::replace(s, Early::Ready(answer))) {
                Some(Early::Pending(w)) => w,
                _ => Vec::new(),
            }
        });
        wakers.into_iter().for_each(Waker::wake);
    });
}

/// Resolves once the prefetch of `url` (if any) has answered; it stays to be taken.
pub async fn prefetched(url: &str) {
    std::future::poll_fn(|cx| {
        EARLY.with(
            |e| match e.borrow_mut().iter_mut().find(|(u, _)| u == url) {
                Some((_, Early::Pending(w))) => {
                    w.push(cx.waker().clone());
                    Poll::Pending
                }
                _ => Poll::Ready(()),
            },
        )
    })
    .await
}

/// `fetch_source`, or the answer of an earlier `prefetch` of the same URL (taken:
/// a retry fetches again).
pub async fn fetch_source_once(url: &str) -> Result<Vec<u8>, String> {
    prefetched(url).await;
    let early = EARLY.with(|e| {
        let mut e = e.borrow_mut();
        let i = e.iter().position(|(u, _)| u == url)?;
        match e.swap_remove(i).1 {
            Early::Ready(answer) => Some(answer),
            Early::Pending(_) => None,
        }
    });
    match early {
        Some(answer) => answer,
        None => fetch_source(url).await,
    }
}

// The reasons are worded in the page's language at the time of the failure (a reason
// already shown keeps its words if the language is switched later).

fn timeout_reason() -> String {
    document_locale().timed_out(TIMEOUT.as_secs())
}

pub fn status_reason(status: u16, text: &str) -> String {
    document_locale().http_status(status, text)
}

/// A fetch failed without a status: the browser does not say why. Probes tell the
/// usual causes apart: a second request in `no-cors` mode succeeds (with an unreadable
/// answer) when the server is there but sends no CORS headers; one that does not follow
/// redirects gets a redirect back when the server redirects in a loop (or somewhere
/// unreachable). Otherwise nothing answers.
async fn failure_reason(url: &str, cross_origin: bool) -> String {
    if cross_origin && probe(url, RequestRedirect::Follow).await.is_some() {
        return document_locale().no_cors().into();
    }
    if probe(url, RequestRedirect::Manual).await == Some(ResponseType::Opaqueredirect) {
        return document_locale().redirect_loop().into();
    }
    document_locale().no_connection().into()
}

/// A request without credentials, given up after 5 s: the answer's type, or `None`
/// when it failed. Following redirects it is a `no-cors` request; not following them it
/// cannot be (fetch refuses `no-cors` with `redirect: manual`), so a redirect without
/// CORS headers stays a plain failure.
async fn probe(url: &str, redirect: RequestRedirect) -> Option<ResponseType> {
    let controller = web_sys::AbortController::new().ok();
    let timer = controller.clone().and_then(|c| {
        leptos::prelude::set_timeout_with_handle(move || c.abort(), Duration::from_secs(5)).ok()
    });
    let signal = controller.as_ref().map(|c| c.signal());
    let mode = if redirect == RequestRedirect::Follow {
        RequestMode::NoCors
    } else {
        RequestMode::Cors
    };
    let answer = Request::get(url)
        .mode(mode)
        .credentials(RequestCredentials::Omit)
        .redirect(redirect)
        .abort_signal(signal.as_ref())
        .send()
        .await;
    if let Some(t) = timer {
        t.clear();
    }
    answer.ok().map(|r| r.type_())
}

/// Fetches (or takes from the opened files), reads and renders (sanitizes) one
/// article's body. Its metadata is the catalog's: only the body is cut out of the
/// file (`read_body`, no front matter parsing), and only a Markdown body needs the
/// post reader (`reader::markdown`).
pub async fn load_body(base: Base, article: Article) -> Result<Arc<RenderedBody>, String> {
    if let Some(set) = local::current() {
        if let Some(bytes) = set.posts.get(&article.path) {
            let mut rendered =
                render_body(&article, bytes, &sources::local_base(&article.path)).await?;
            rendered.html = sources::rewrite_local_urls(&rendered.html, |path| {
                set.images.get(path).cloned().or_else(|| {
                    set.slugs
                        .get(path)
                        .map(|slug| base.to(&links::article(slug)))
                })
            });
            return Ok(Arc::new(rendered));
        }
    }
    let url = base.article_file_url(&article);
    let bytes = fetch_source(&url)
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
    Ok(body::render_html(&html, base))
}

thread_local! {
    /// Plain body texts of recently shown search results (paging back and forth and
    /// retyping a query do not refetch them).
    static TEXTS: std::cell::RefCell<std::collections::HashMap<String, Arc<str>>> = Default::default();
}

/// Most body texts kept in `TEXTS`.
const TEXT_CACHE_MAX: usize = 200;

/// The articles changed (a source arrived, files were opened): slugs may now name
/// other articles.
pub fn forget_texts() {
    TEXTS.with(|c| c.borrow_mut().clear());
}

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
