//! Full-text search in the app. The index of the site shown (`articles/search.bin`,
//! written by `broadsheet index`) is fetched and read once per site, right after the
//! first page is rendered (`App` calls `SearchContext::load`). A big site's index is split: `search.bin`
//! then holds only statistics and a shard directory, and the shards a query needs are
//! fetched as it is typed (each once), the results redrawing when they arrive. If the
//! index is missing, unreadable or out of step with the catalog, a metadata-only index
//! built from the catalog (titles, tags, categories, authors, excerpts) is used
//! instead, silently. State lives in the URL (`SearchState`): the home route `/?q=…`
//! shows the results.

use std::collections::HashSet;
use std::sync::{Arc, Mutex, RwLock};

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::api;
use super::links::Base;
use super::site::{ShownSite, Site, SiteId};
use super::sources::Sources;
use crate::core::search::{Query, SearchIndex, SearchResults, SearchState, Sort};

/// A loaded index. Document numbers are positions in `catalog.articles` (the index
/// is built in catalog order, and `from_bytes` checks it belongs to the catalog).
pub struct Searcher {
    /// The site it indexes (document numbers are its catalog's).
    site: SiteId,
    index: RwLock<SearchIndex>,
    /// Bodies are indexed (search.bin), not just metadata (the fallback).
    pub full_text: bool,
    /// Shards being fetched or that failed (never fetched twice).
    requested: Mutex<HashSet<usize>>,
    /// Shards that could not be fetched or read.
    failed: Mutex<HashSet<usize>>,
    /// The folder search.bin is in (shards are next to it).
    dir: String,
}

impl Searcher {
    /// The full index if it matches the catalog, else a metadata-only one.
    fn choose(fetched: Option<Vec<u8>>, site: &Site, dir: String) -> Searcher {
        let articles = &site.catalog.articles;
        let (index, full_text) =
            match fetched.and_then(|b| SearchIndex::from_bytes(&b, articles).ok()) {
                Some(index) => (index, true),
                None => (SearchIndex::from_articles(articles), false),
            };
        Searcher {
            site: site.id,
            index: RwLock::new(index),
            full_text,
            requested: Mutex::new(HashSet::new()),
            failed: Mutex::new(HashSet::new()),
            dir,
        }
    }

    /// Whether this is the index of site `id`.
    pub fn indexes(&self, id: SiteId) -> bool {
        self.site == id
    }

    fn read<T>(&self, f: impl FnOnce(&SearchIndex) -> T) -> T {
        match self.index.read() {
            Ok(i) => f(&i),
            Err(poisoned) => f(&poisoned.into_inner()),
        }
    }

    /// Shards `query` needs that are neither loaded nor failed, marked as requested.
    fn claim_missing(&self, query: &Query) -> Vec<usize> {
        let missing = self.read(|i| i.missing_shards(query));
        let Ok(mut requested) = self.requested.lock() else {
            return Vec::new();
        };
        missing
            .into_iter()
            .filter(|&s| requested.insert(s))
            .collect()
    }

    /// Whether every shard `query` needs is loaded or has failed (nothing to wait for).
    fn settled(&self, query: &Query) -> bool {
        let missing = self.read(|i| i.missing_shards(query));
        missing.is_empty()
            || self
                .failed
                .lock()
                .is_ok_and(|failed| missing.iter().all(|s| failed.contains(s)))
    }
}

/// What a search view shows: the results and whether more may still arrive.
pub struct Found {
    pub results: SearchResults,
    /// False while shards the query needs are being fetched.
    pub settled: bool,
}

/// When `url` (a list URL, as `scroll::last_list` keeps it) is a search results page
/// and the index is loaded: its results in order (for the article page's prev/next).
pub fn results_for_list_url(base: &Base, site: &Site, url: &str) -> Option<Vec<usize>> {
    let (path, query) = url.split_once('?')?;
    if path.trim_end_matches('/') != base.path {
        return None;
    }
    let state = SearchState::from_query_string(query);
    if state.q.trim().is_empty() {
        return None;
    }
    let ctx = use_context::<SearchContext>()?;
    let searcher = ctx.ready.get_untracked().filter(|s| s.site == site.id)?;
    let found = searcher.read(|i| i.search_ranked(&state.query(), state.sort, 0, i.len()));
    Some(found.hits.iter().map(|h| h.doc).collect())
}

/// The loading of one site's index, awaited by whoever needs it (shared: started once).
type Loading = (SiteId, Shared<LocalBoxFuture<'static, ()>>);

/// The app-wide search index, loaded on demand (provided by `App`).
#[derive(Clone, Copy)]
pub struct SearchContext {
    /// The index of the site shown, once it can answer.
    pub ready: RwSignal<Option<Arc<Searcher>>>,
    /// Bumped whenever a shard arrives (views that searched re-run).
    pub shards_loaded: RwSignal<u32>,
    /// The shown site with every article at hand (`Sources::complete`).
    site: ShownSite,
    sources: Sources,
    /// The index being loaded (or loaded) and for which site.
    loading: StoredValue<Option<Loading>, LocalStorage>,
    /// The search text typed on the results page whose address is not written yet
    /// (`type_ahead`): the results page shows it at once.
    pub typed: RwSignal<Option<String>>,
    /// Bumped per keystroke written late and by anything that cancels it.
    typed_generation: StoredValue<u32>,
    /// The index was asked for before the site's articles were at hand.
    wanted: StoredValue<bool>,
}

impl SearchContext {
    /// Search over `site`: when another site is shown (a source arrived, files were
    /// opened or closed), its own index replaces the last one (loaded at once if the
    /// last one had been).
    pub fn new(sources: Sources) -> SearchContext {
        let site = sources.complete();
        let ctx = SearchContext {
            ready: RwSignal::new(None),
            shards_loaded: RwSignal::new(0),
            site,
            sources,
            loading: StoredValue::new_local(None),
            typed: RwSignal::new(None),
            typed_generation: StoredValue::new(0),
            wanted: StoredValue::new(false),
        };
        API.with(|api| *api.borrow_mut() = Some(ctx));
        Effect::new(move |_| {
            let Some(site) = site.loaded() else { return };
            let started = ctx.loading.with_value(Option::is_some) || ctx.wanted.get_value();
            if ctx
                .ready
                .with_untracked(|r| r.as_ref().is_some_and(|r| r.site != site.id))
            {
                ctx.ready.set(None);
            }
            if started {
                ctx.ensure();
            }
        });
        ctx
    }

    /// A keystroke on the home page: its results are drawn from `typed` in this task,
    /// and the address (`write`, a router navigation with history.pushState or
    /// replaceState, several milliseconds in Chromium) is written once the frame that
    /// paints them is done. Keystrokes typed meanwhile coalesce: only the last one
    /// writes.
    pub fn type_ahead(&self, q: String, write: impl FnOnce(&str) + 'static) {
        self.typed_generation
            .update_value(|g| *g = g.wrapping_add(1));
        let mine = self.typed_generation.get_value();
        self.typed.set(Some(q.clone()));
        let this = *self;
        crate::app::browser::after_next_paint(move || {
            if this.typed_generation.try_get_value() != Some(mine) {
                return; // a later keystroke writes, or it was cancelled
            }
            write(&q);
            this.typed.try_set(None);
        });
    }

    /// Something else navigates (Esc, a link, Back): a late write must not follow it.
    pub fn cancel_type_ahead(&self) {
        self.typed_generation
            .update_value(|g| *g = g.wrapping_add(1));
        if self.typed.with_untracked(Option::is_some) {
            self.typed.set(None);
        }
    }

    /// Starts loading the shown site's index (once per site); `ready` is set when it
    /// can answer.
    pub fn ensure(&self) {
        let _ = self.load();
    }

    /// The loading of the shown site's index, to await (started if it was not):
    /// resolves once `ready` holds it. `None` while no site is shown.
    pub fn load(&self) -> Option<Shared<LocalBoxFuture<'static, ()>>> {
        let Some(site) = self.site.loaded_untracked() else {
            // A site read in pieces is searched over its articles loaded whole: the
            // index loads once they are in (`new` watches for them).
            if self.sources.want_whole().is_some() {
                self.wanted.set_value(true);
            }
            return None;
        };
        if let Some((id, loading)) = self.loading.get_value() {
            if id == site.id {
                return Some(loading);
            }
        }
        let this = *self;
        let id = site.id;
        let loading = async move {
            let url = site.index_url.clone().unwrap_or_default();
            let fetched = if url.is_empty() {
                None
            } else {
                api::fetch_bytes(&url).await.ok()
            };
            let dir = url
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default();
            // Another site is shown meanwhile: its own load decides.
            if this
                .site
                .loaded_untracked()
                .is_some_and(|s| s.id == site.id)
            {
                this.ready
                    .try_set(Some(Arc::new(Searcher::choose(fetched, &site, dir))));
            }
        }
        .boxed_local()
        .shared();
        self.loading.set_value(Some((id, loading.clone())));
        // It runs whether anyone awaits it or not.
        leptos::task::spawn_local(loading.clone());
        Some(loading)
    }

    /// Runs a search (tracking `shards_loaded`, so a view re-runs as shards arrive) and
    /// starts fetching the shards it still needs.
    pub fn search(
        &self,
        searcher: &Arc<Searcher>,
        query: &Query,
        sort: Sort,
        offset: usize,
        limit: usize,
    ) -> Found {
        self.shards_loaded.track();
        self.fetch_shards(searcher, query);
        let results = searcher.read(|i| i.search(query, sort, offset, limit));
        let settled = results.complete || searcher.settled(query);
        Found { results, settled }
    }

    fn fetch_shards(&self, searcher: &Arc<Searcher>, query: &Query) {
        for shard in searcher.claim_missing(query) {
            let this = *self;
            let searcher = Arc::clone(searcher);
            leptos::task::spawn_local(async move {
                let name = searcher.read(|i| i.shard_file_name(shard));
                let url = format!("{}{name}", searcher.dir);
                let loaded = match api::fetch_bytes(&url).await {
                    Ok(bytes) => match searcher.index.write() {
                        Ok(mut index) => index.load_shard(&bytes).map_err(|e| e.to_string()),
                        Err(_) => Err("index lock poisoned".to_owned()),
                    },
                    Err(e) => Err(e),
                };
                if let Err(e) = loaded {
                    leptos::logging::warn!("search shard {shard}: {e}");
                    if let Ok(mut f) = searcher.failed.lock() {
                        f.insert(shard);
                    }
                }
                this.shards_loaded.update(|n| *n = n.wrapping_add(1));
            });
        }
    }
}

thread_local! {
    /// The app's search, for the exported functions below.
    static API: std::cell::RefCell<Option<SearchContext>> = const { std::cell::RefCell::new(None) };
}

/// The loaded index and `q` parsed, once every shard `q` needs is in; `None` (JS
/// `null` for the callers) while the index or a shard is still loading (the call
/// starts that loading).
fn api_ready(q: &str) -> Option<(Arc<Searcher>, Query)> {
    let ctx = API.with(|api| *api.borrow())?;
    ctx.ensure();
    let searcher = ctx.ready.get_untracked()?;
    let query = Query::parse(q);
    ctx.fetch_shards(&searcher, &query);
    searcher.settled(&query).then_some((searcher, query))
}

/// `{ total, slugs }`: the first `limit` results of `q` ranked, as the results page
/// gets them (without its facet counts); `null` while the index (or a shard `q`
/// needs) is loading. A stable programmatic entry point (scripts, tests, benchmarks):
/// `window.wasmBindings.bs_search`.
#[wasm_bindgen]
pub fn bs_search(q: &str, limit: usize) -> JsValue {
    let Some((searcher, query)) = api_ready(q) else {
        return JsValue::NULL;
    };
    searcher.read(|i| {
        let results = i.search_ranked(&query, Sort::Relevance, 0, limit);
        let slugs: js_sys::Array = results
            .hits
            .iter()
            .filter_map(|h| i.slug(h.doc).map(JsValue::from_str))
            .collect();
        let out = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&out, &"total".into(), &(results.total as f64).into());
        let _ = js_sys::Reflect::set(&out, &"slugs".into(), &slugs);
        out.into()
    })
}

/// Every matching slug of `q` (unranked order not guaranteed), or `null` while loading.
#[wasm_bindgen]
pub fn bs_search_all(q: &str) -> JsValue {
    let Some((searcher, query)) = api_ready(q) else {
        return JsValue::NULL;
    };
    let arr: js_sys::Array = searcher.read(|i| {
        i.matching_docs(&query)
            .into_iter()
            .filter_map(|d| i.slug(d).map(JsValue::from_str))
            .collect()
    });
    arr.into()
}

/// Bytes of wasm linear memory (the index lives there, outside the JS heap).
#[wasm_bindgen]
pub fn bs_memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return (core::arch::wasm32::memory_size(0) * 65536) as f64;
    // Natively there is no wasm memory: the index lives in the process's heap.
    #[cfg(not(target_arch = "wasm32"))]
    0.0
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
    match html(
        document()
            .query_selector(".bs-results .bs-card-title a")
            .ok()
            .flatten(),
    ) {
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
                || el
                    .dyn_ref::<web_sys::HtmlElement>()
                    .is_some_and(|h| h.is_content_editable())
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
    let in_results = active.tag_name() == "A"
        && active
            .closest(".bs-results .bs-card-title")
            .ok()
            .flatten()
            .is_some();
    if !in_results {
        return;
    }
    let Some(card) = active.closest("article.bs-card").ok().flatten() else {
        return;
    };
    let sibling = if key == "ArrowDown" {
        card.next_element_sibling()
    } else {
        card.previous_element_sibling()
    };
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
