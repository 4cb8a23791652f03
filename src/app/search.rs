//! Full-text search in the app. The index (`articles/search.bin`, written by
//! `broadsheet index`) is fetched once: on the first focus of / keystroke in the search
//! box, or when a search URL is opened cold. If it is missing, unreadable or out of step
//! with the catalog, a metadata-only index built from the catalog (titles, tags,
//! categories, authors, excerpts) is used instead, silently. State lives in the URL
//! (`SearchState`): the home route `/?q=…` shows the results.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::links::Base;
use super::loader;
use super::{Site, SiteResource};
use crate::core::search::{SearchIndex, SearchState};

/// A loaded index and where its documents are in the catalog.
pub struct Searcher {
    pub index: SearchIndex,
    /// Document number → position in `catalog.articles`.
    pub docs: Vec<Option<usize>>,
    /// Bodies are indexed (search.bin), not just metadata (the fallback).
    pub full_text: bool,
}

impl Searcher {
    fn new(index: SearchIndex, site: &Site, full_text: bool) -> Searcher {
        let by_slug: HashMap<&str, usize> =
            site.catalog.articles.iter().enumerate().map(|(i, a)| (a.slug.as_str(), i)).collect();
        let docs = (0..index.len()).map(|d| index.slug(d).and_then(|s| by_slug.get(s).copied())).collect();
        Searcher { index, docs, full_text }
    }

    /// The full index if it matches the catalog, else a metadata-only one.
    fn choose(fetched: Option<SearchIndex>, site: &Site) -> Searcher {
        if let Some(index) = fetched {
            let s = Searcher::new(index, site, true);
            if s.docs.len() == site.catalog.articles.len() && s.docs.iter().all(Option::is_some) {
                return s;
            }
        }
        Searcher::new(SearchIndex::from_articles(&site.catalog.articles), site, false)
    }
}

impl Searcher {
    /// Every result of `state`'s search, ranked, as positions in `catalog.articles`.
    pub fn ranked(&self, state: &SearchState) -> Vec<usize> {
        let found = self.index.search(&state.query(), state.sort, 0, self.index.len());
        found.hits.iter().filter_map(|h| self.docs.get(h.doc).copied().flatten()).collect()
    }
}

/// When `url` (a list URL, as `scroll::last_list` keeps it) is a search results page
/// and the index is loaded: its results in order (for the article page's prev/next).
pub fn results_for_list_url(base: &Base, url: &str) -> Option<Vec<usize>> {
    let (path, query) = url.split_once('?')?;
    if path.trim_end_matches('/') != base.path {
        return None;
    }
    let state = SearchState::from_query_string(query);
    if state.q.trim().is_empty() {
        return None;
    }
    let searcher = use_context::<SearchContext>()?.ready.get_untracked()?;
    Some(searcher.ranked(&state))
}

/// The app-wide search index, loaded on demand (provided by `App`).
#[derive(Clone, Copy)]
pub struct SearchContext {
    pub ready: RwSignal<Option<Arc<Searcher>>>,
    started: StoredValue<bool>,
    url: StoredValue<String>,
    site: SiteResource,
}

impl SearchContext {
    pub fn new(base: &Base, site: SiteResource) -> SearchContext {
        SearchContext {
            ready: RwSignal::new(None),
            started: StoredValue::new(false),
            url: StoredValue::new(base.search_index_url()),
            site,
        }
    }

    /// Starts loading the index (once); `ready` is set when it can answer.
    pub fn ensure(&self) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        let this = *self;
        leptos::task::spawn_local(async move {
            let url = this.url.get_value();
            let fetched = match loader::fetch_bytes(&url).await {
                Ok(bytes) => SearchIndex::from_bytes(&bytes).ok(),
                Err(_) => None,
            };
            let SiteResource(res) = this.site;
            match res.await {
                Ok(site) => this.ready.set(Some(Arc::new(Searcher::choose(fetched, &site)))),
                // The catalog failed (its page shows the error): try again next time.
                Err(_) => this.started.set_value(false),
            }
        });
    }
}

fn html(el: Option<web_sys::Element>) -> Option<web_sys::HtmlElement> {
    el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// The search input in the header.
pub fn search_input() -> Option<web_sys::HtmlElement> {
    html(document().query_selector(".bs-search-input").ok().flatten())
}

/// Focuses the first result's title link; false when there is none.
pub fn focus_first_result() -> bool {
    match html(document().query_selector(".bs-results .bs-card-title a").ok().flatten()) {
        Some(a) => a.focus().is_ok(),
        None => false,
    }
}

/// Global keys: "/" focuses the search box (unless typing somewhere else);
/// ArrowDown/ArrowUp move between result links (ArrowUp from the first goes back to
/// the box). Enter on a focused result link opens it (it is a plain link).
pub fn on_global_key(ev: &web_sys::KeyboardEvent) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
        return;
    }
    let active = document().active_element();
    let key = ev.key();
    if key == "/" {
        let typing = active.as_ref().is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.dyn_ref::<web_sys::HtmlElement>().is_some_and(|h| h.is_content_editable())
        });
        if !typing {
            if let Some(input) = search_input() {
                ev.prevent_default();
                let _ = input.focus();
            }
        }
        return;
    }
    if key != "ArrowDown" && key != "ArrowUp" {
        return;
    }
    let Some(active) = active else { return };
    let in_results = active.tag_name() == "A" && active.closest(".bs-results .bs-card-title").ok().flatten().is_some();
    if !in_results {
        return;
    }
    let Some(card) = active.closest("article.bs-card").ok().flatten() else { return };
    let sibling = if key == "ArrowDown" { card.next_element_sibling() } else { card.previous_element_sibling() };
    let target = match sibling {
        Some(s) => html(s.query_selector(".bs-card-title a").ok().flatten()),
        None if key == "ArrowUp" => search_input(),
        None => None,
    };
    ev.prevent_default();
    if let Some(t) = target {
        let _ = t.focus();
    }
}
