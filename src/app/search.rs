//! Full-text search in the app. The index of the site shown (`articles/search.bin`,
//! written by `broadsheet index`) is fetched and read once per site, right after the
//! first page is rendered (`App` calls `SearchContext::load`). A big site's index is split: `search.bin`
//! then holds only statistics and a shard directory, and the shards a query needs are
//! fetched as it is typed (each once), the results redrawing when they arrive. If the
//! index is missing, unreadable or out of step with the catalog, a metadata-only index
//! built from the catalog (titles, tags, categories, authors, excerpts) is used
//! instead, silently. State lives in the URL (`SearchState`): the home route `/?q=…`
//! shows the results.

use crate::core::limits::{FileKind, MAX_SHARDS_PER_QUERY};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, RwLock};

use futures::future::{FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::api;
use super::links::Base;
use super::shards::Shards;
use super::site::{ShownSite, Site, SiteId};
use super::sources::Sources;
use crate::core::article::Article;
use crate::core::search::{CodecError, Query, SearchIndex, SearchResults, SearchState, Sort};
use crate::core::site_data::Manifest;

/// Where a searcher's result cards come from.
enum Cards {
    /// The catalog the index was built for (document numbers are its positions).
    Catalog(Arc<Site>),
    /// The site's card blocks (a site read in pieces: document numbers are the site
    /// data's), fetched as results need them.
    Blocks(Arc<Shards>),
}

/// A loaded index. Document numbers are positions in the catalog (the index is built
/// in catalog order, and `from_bytes` checks it belongs to the catalog), which are the
/// site data's doc numbers for a site read in pieces.
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
    cards: Cards,
    /// Card blocks being fetched, and those that failed (their cards are left out).
    blocks_requested: Mutex<HashSet<usize>>,
    blocks_failed: Mutex<HashSet<usize>>,
    /// Slugs of documents, kept for `bs_search_all` (blocks come and go).
    slugs: Mutex<std::collections::HashMap<usize, String>>,
    /// The facet columns could not be loaded: filters and facets stay unanswered.
    facets_failed: std::sync::atomic::AtomicBool,
    /// Shards asked for that have not answered yet.
    shards_pending: std::sync::atomic::AtomicUsize,
}

impl Searcher {
    fn new(site: SiteId, index: SearchIndex, full_text: bool, dir: String, cards: Cards) -> Self {
        Searcher {
            site,
            index: RwLock::new(index),
            full_text,
            requested: Mutex::new(HashSet::new()),
            failed: Mutex::new(HashSet::new()),
            dir,
            cards,
            blocks_requested: Mutex::new(HashSet::new()),
            blocks_failed: Mutex::new(HashSet::new()),
            slugs: Mutex::default(),
            facets_failed: std::sync::atomic::AtomicBool::new(false),
            shards_pending: std::sync::atomic::AtomicUsize::new(0),
        }
    }

    /// The full index if it matches the catalog, else a metadata-only one.
    fn choose(fetched: Option<Vec<u8>>, site: &Arc<Site>, dir: String) -> Searcher {
        let articles = &site.catalog.articles;
        let (index, full_text) =
            match fetched.and_then(|b| SearchIndex::from_bytes(&b, articles).ok()) {
                Some(index) => (index, true),
                None => (SearchIndex::from_articles(articles), false),
            };
        Searcher::new(
            site.id,
            index,
            full_text,
            dir,
            Cards::Catalog(Arc::clone(site)),
        )
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

    /// Shards of `missing` not asked for yet, marked as requested: at most
    /// `MAX_SHARDS_PER_QUERY` at a time. A crafted index can make one prefix need
    /// thousands; the next ones are claimed when the search re-runs after these have
    /// answered (issue 25).
    fn claim(&self, missing: Vec<usize>) -> Vec<usize> {
        let Ok(mut requested) = self.requested.lock() else {
            return Vec::new();
        };
        missing
            .into_iter()
            .filter(|&s| requested.insert(s))
            .take(MAX_SHARDS_PER_QUERY)
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

    /// Fetches `url` and reads it into the index with `load` (a shard, the facet
    /// columns).
    async fn fetch_into<T>(
        &self,
        url: &str,
        load: impl FnOnce(&mut SearchIndex, &[u8]) -> Result<T, CodecError>,
    ) -> Result<T, String> {
        let bytes = api::fetch_bytes(url, FileKind::Index).await?;
        let mut index = self
            .index
            .write()
            .map_err(|_| "index lock poisoned".to_owned())?;
        load(&mut index, &bytes).map_err(|e| e.to_string())
    }

    /// Whether filters and facet counts can be answered (or never will be: then they
    /// are answered as well as they can, without waiting).
    fn facets_ready(&self) -> bool {
        self.read(SearchIndex::has_facet_columns)
            || self
                .facets_failed
                .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The cards of `docs`, in order, from what is at hand: `None` for one still to be
    /// fetched (a card whose block failed is left out).
    pub fn cards(&self, docs: &[usize]) -> Vec<(usize, Option<Article>)> {
        match &self.cards {
            Cards::Catalog(site) => docs
                .iter()
                .filter_map(|&d| site.catalog.articles.get(d).map(|a| (d, Some(a.clone()))))
                .collect(),
            Cards::Blocks(shards) => {
                let failed = self.blocks_failed.lock().ok();
                let failed = |d: usize| {
                    failed
                        .as_ref()
                        .is_some_and(|f| f.contains(&shards.manifest.block_of(d)))
                };
                // Every card is looked up, even after a missing one: a look-up marks
                // its block as in use, so fetching the missing ones never drops it.
                docs.iter()
                    .filter_map(|&d| match shards.cached_doc(d) {
                        Some(a) => Some((d, Some(a))),
                        None if failed(d) => None,
                        None => Some((d, None)),
                    })
                    .collect()
            }
        }
    }

    /// The blocks holding the `docs` that are not `at_hand`, not asked for yet and
    /// not failed, marked as asked: at most `BLOCKS_AT_ONCE` (a caller asks again).
    fn claim_blocks(&self, docs: &[usize], at_hand: impl Fn(usize) -> bool) -> Vec<usize> {
        let Cards::Blocks(shards) = &self.cards else {
            return Vec::new();
        };
        let (Ok(mut requested), Ok(failed)) =
            (self.blocks_requested.lock(), self.blocks_failed.lock())
        else {
            return Vec::new();
        };
        let mut blocks: Vec<usize> = docs
            .iter()
            .filter(|&&d| !at_hand(d))
            .map(|&d| shards.manifest.block_of(d))
            .collect();
        blocks.sort_unstable();
        blocks.dedup();
        blocks.retain(|k| !failed.contains(k) && !requested.contains(k));
        blocks.truncate(BLOCKS_AT_ONCE);
        requested.extend(&blocks);
        blocks
    }

    /// The slugs of `docs`, in order; `None` while some are still to be fetched.
    fn slugs_of(&self, index: &SearchIndex, docs: &[usize]) -> Option<Vec<String>> {
        match &self.cards {
            Cards::Catalog(_) => Some(
                docs.iter()
                    .filter_map(|&d| index.slug(d).map(str::to_owned))
                    .collect(),
            ),
            Cards::Blocks(shards) => {
                let slugs = self.slugs.lock().ok()?;
                docs.iter()
                    .map(|&d| {
                        slugs
                            .get(&d)
                            .cloned()
                            .or_else(|| shards.cached_doc(d).map(|a| a.slug))
                    })
                    .collect()
            }
        }
    }

    fn has_slug(&self, doc: usize) -> bool {
        self.slugs.lock().is_ok_and(|s| s.contains_key(&doc))
    }
}

/// Card blocks fetched at once for one call (`bs_search_all` over a big site asks
/// again until it has them all, instead of a request per block at once).
const BLOCKS_AT_ONCE: usize = 32;

/// What a search view shows: the results and whether more may still arrive.
pub struct Found {
    pub results: SearchResults,
    /// The page's documents in order, each with its article when it is at hand (on a
    /// site read in pieces its card block may still be on its way); `None` while
    /// filters wait for the facet columns.
    pub cards: Option<Vec<(usize, Option<Article>)>>,
    /// False while shards the query needs are being fetched.
    pub settled: bool,
    /// Whether `results.facets` holds the counts (a site read in pieces has them once
    /// its facet columns are in).
    pub facets_ready: bool,
}

/// When `url` (a list URL, as `scroll::last_list` keeps it) is a search results page
/// and the index is loaded: its results in order (for the article page's prev/next).
pub fn results_for_list_url(base: &Base, site: SiteId, url: &str) -> Option<Vec<usize>> {
    let (path, query) = url.split_once('?')?;
    if path.trim_end_matches('/') != base.path {
        return None;
    }
    let state = SearchState::from_query_string(query);
    if state.q.trim().is_empty() {
        return None;
    }
    let ctx = use_context::<SearchContext>()?;
    let searcher = ctx.ready.get_untracked().filter(|s| s.site == site)?;
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
    /// The site searched (`Sources::searched`): the shown one, or its articles whole.
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
        let site = sources.searched();
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
            // A site read in pieces without a search index of its own is searched over
            // its articles loaded whole: the index loads once they are in (`new`
            // watches for them).
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
            let in_pieces = match site.shards.as_ref().filter(|_| site.searched_in_pieces()) {
                Some(shards) => Searcher::in_pieces(&site, Arc::clone(shards)).await,
                None => None,
            };
            let searcher = match in_pieces {
                Some(s) => s,
                None => match this.catalog_searcher(&site).await {
                    Some(s) => s,
                    None => return,
                },
            };
            // Another site is shown meanwhile: its own load decides.
            if this
                .site
                .loaded_untracked()
                .is_some_and(|s| s.id == site.id)
            {
                let searcher = Arc::new(searcher);
                this.ready.try_set(Some(Arc::clone(&searcher)));
                this.load_facet_columns(searcher);
            }
        }
        .boxed_local()
        .shared();
        self.loading.set_value(Some((id, loading.clone())));
        // It runs whether anyone awaits it or not.
        leptos::task::spawn_local(loading.clone());
        Some(loading)
    }

    /// The index of a site held whole (or, for one read in pieces whose index cannot
    /// be read alone, of the same articles loaded whole).
    async fn catalog_searcher(&self, site: &Arc<Site>) -> Option<Searcher> {
        let whole = if site.shards.is_some() {
            self.sources.whole_site().await?
        } else {
            Arc::clone(site)
        };
        let url = whole.index_url.clone().unwrap_or_default();
        let fetched = if url.is_empty() {
            None
        } else {
            api::fetch_bytes(&url, FileKind::Index).await.ok()
        };
        let mut searcher = Searcher::choose(fetched, &whole, dir_of(&url));
        searcher.site = site.id;
        Some(searcher)
    }

    /// A site read in pieces: its facet columns, fetched once its index is ready (the
    /// first results do not wait for them; filters and the facet panel do).
    fn load_facet_columns(&self, searcher: Arc<Searcher>) {
        let Cards::Blocks(shards) = &searcher.cards else {
            return;
        };
        if searcher.facets_ready() {
            return;
        }
        let url = shards.facets_url();
        let this = *self;
        leptos::task::spawn_local(async move {
            let loaded = searcher
                .fetch_into(&url, |index, bytes| index.load_facet_columns(bytes))
                .await;
            if let Err(e) = loaded {
                leptos::logging::warn!("search facets: {e}");
                searcher
                    .facets_failed
                    .store(true, std::sync::atomic::Ordering::Relaxed);
            }
            this.shards_loaded.try_update(|n| *n = n.wrapping_add(1));
        });
    }

    /// Runs a search (tracking `shards_loaded`, so a view re-runs as shards arrive) and
    /// starts fetching the shards and cards it still needs.
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
        let facets_ready = searcher.facets_ready();
        let results = searcher.read(|i| i.search(query, sort, offset, limit));
        let settled = results.complete || searcher.settled(query);
        let cards = if query.filters.is_empty() || facets_ready {
            let docs: Vec<usize> = results.hits.iter().map(|h| h.doc).collect();
            let cards = searcher.cards(&docs);
            let missing: Vec<usize> = cards
                .iter()
                .filter(|(_, a)| a.is_none())
                .map(|(d, _)| *d)
                .collect();
            self.fetch_blocks(searcher, &missing, |_| false);
            Some(cards)
        } else {
            None
        };
        Found {
            results,
            cards,
            settled,
            facets_ready,
        }
    }

    /// Fetches the card blocks of `docs` (those not `at_hand`); each arrival re-runs
    /// the searches that wait for it.
    fn fetch_blocks(
        &self,
        searcher: &Arc<Searcher>,
        docs: &[usize],
        at_hand: impl Fn(usize) -> bool,
    ) {
        let Cards::Blocks(shards) = &searcher.cards else {
            return;
        };
        let blocks = searcher.claim_blocks(docs, at_hand);
        if blocks.is_empty() {
            return;
        }
        let (this, searcher, shards) = (*self, Arc::clone(searcher), Arc::clone(shards));
        // One task for them all, and one re-run when all are in: a re-run per block
        // would search again twenty times for one page of results.
        leptos::task::spawn_local(async move {
            let fetched =
                futures::future::join_all(blocks.iter().map(|&k| shards.block_slugs(k))).await;
            for (k, got) in blocks.iter().zip(fetched) {
                match got {
                    Ok(slugs) => {
                        if let Ok(mut known) = searcher.slugs.lock() {
                            known.extend(slugs);
                        }
                    }
                    Err(e) => {
                        leptos::logging::warn!("search cards {k}: {e}");
                        if let Ok(mut f) = searcher.blocks_failed.lock() {
                            f.insert(*k);
                        }
                    }
                }
            }
            // Asked again if a block is dropped from the cache later.
            if let Ok(mut r) = searcher.blocks_requested.lock() {
                for k in &blocks {
                    r.remove(k);
                }
            }
            this.shards_loaded.try_update(|n| *n = n.wrapping_add(1));
        });
    }

    fn fetch_shards(&self, searcher: &Arc<Searcher>, query: &Query) {
        let missing = searcher.read(|i| i.missing_shards(query));
        self.fetch_shard_list(searcher, missing);
    }

    /// Fetches shards `wanted` that were not asked for yet; each arrival re-runs the
    /// searches that wait for it.
    fn fetch_shard_list(&self, searcher: &Arc<Searcher>, wanted: Vec<usize>) {
        let claimed = searcher.claim(wanted);
        // The searches re-run once per batch, not once per shard.
        searcher
            .shards_pending
            .fetch_add(claimed.len(), std::sync::atomic::Ordering::Relaxed);
        for shard in claimed {
            let this = *self;
            let searcher = Arc::clone(searcher);
            leptos::task::spawn_local(async move {
                let name = searcher.read(|i| i.shard_file_name(shard));
                let url = format!("{}{name}", searcher.dir);
                let loaded = searcher
                    .fetch_into(&url, |index, bytes| index.load_shard(bytes))
                    .await;
                if let Err(e) = loaded {
                    leptos::logging::warn!("search shard {shard}: {e}");
                    if let Ok(mut f) = searcher.failed.lock() {
                        f.insert(shard);
                    }
                }
                let left = searcher
                    .shards_pending
                    .fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
                if left == 1 {
                    this.shards_loaded.try_update(|n| *n = n.wrapping_add(1));
                }
            });
        }
    }
}

impl Searcher {
    /// The index of a site read in pieces, read without its catalog, when the
    /// site's `search.bin` is the one its manifest names (`Manifest::search`).
    async fn in_pieces(site: &Arc<Site>, shards: Arc<Shards>) -> Option<Searcher> {
        let url = shards.index_url();
        let bytes = api::fetch_bytes(&url, FileKind::Index).await.ok()?;
        let index = SearchIndex::from_base(&bytes).ok()?;
        let key = Manifest::search_key(index.len(), index.docs_hash());
        if shards.manifest.search.as_deref() != Some(key.as_str())
            || index.len() != shards.manifest.articles
        {
            leptos::logging::warn!("search.bin does not index this site.json's articles");
            return None;
        }
        Some(Searcher::new(
            site.id,
            index,
            true,
            dir_of(&url),
            Cards::Blocks(shards),
        ))
    }
}

/// The folder of `url` (with its trailing slash).
fn dir_of(url: &str) -> String {
    url.rsplit_once('/')
        .map(|(d, _)| format!("{d}/"))
        .unwrap_or_default()
}

thread_local! {
    /// The app's search, for the exported functions below.
    static API: std::cell::RefCell<Option<SearchContext>> = const { std::cell::RefCell::new(None) };
}

/// The loaded index and `q` parsed, once every shard `q` needs is in; `None` (JS
/// `null` for the callers) while the index or a shard is still loading (the call
/// starts that loading).
fn api_ready(q: &str) -> Option<(SearchContext, Arc<Searcher>, Query)> {
    let ctx = API.with(|api| *api.borrow())?;
    ctx.ensure();
    let searcher = ctx.ready.get_untracked()?;
    let query = Query::parse(q);
    ctx.fetch_shards(&searcher, &query);
    searcher.settled(&query).then_some((ctx, searcher, query))
}

/// The slugs of `docs` as a JS array, or `null` while some are fetched (a site read
/// in pieces knows them from its card blocks).
fn slugs_or_fetch(
    ctx: SearchContext,
    searcher: &Arc<Searcher>,
    docs: &[usize],
) -> Option<js_sys::Array> {
    match searcher.read(|i| searcher.slugs_of(i, docs)) {
        Some(slugs) => Some(slugs.iter().map(|s| JsValue::from_str(s)).collect()),
        None => {
            let s = Arc::clone(searcher);
            ctx.fetch_blocks(searcher, docs, move |d| s.has_slug(d));
            None
        }
    }
}

/// `{ total, slugs }`: the first `limit` results of `q` ranked, as the results page
/// gets them (without its facet counts); `null` while the index (or a shard `q`
/// needs, or a card block of the results on a site read in pieces) is loading. A
/// stable programmatic entry point (scripts, tests, benchmarks):
/// `window.wasmBindings.bs_search`.
#[wasm_bindgen]
pub fn bs_search(q: &str, limit: usize) -> JsValue {
    let Some((ctx, searcher, query)) = api_ready(q) else {
        return JsValue::NULL;
    };
    let (total, docs) = searcher.read(|i| {
        let results = i.search_ranked(&query, Sort::Relevance, 0, limit);
        let docs: Vec<usize> = results.hits.iter().map(|h| h.doc).collect();
        (results.total, docs)
    });
    let Some(slugs) = slugs_or_fetch(ctx, &searcher, &docs) else {
        return JsValue::NULL;
    };
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"total".into(), &(total as f64).into());
    let _ = js_sys::Reflect::set(&out, &"slugs".into(), &slugs);
    out.into()
}

/// Every matching slug of `q` (unranked order not guaranteed), or `null` while loading
/// (on a site read in pieces: until the card blocks of every match are read, a few at
/// a time; call again).
#[wasm_bindgen]
pub fn bs_search_all(q: &str) -> JsValue {
    let Some((ctx, searcher, query)) = api_ready(q) else {
        return JsValue::NULL;
    };
    let docs = searcher.read(|i| i.matching_docs(&query));
    match slugs_or_fetch(ctx, &searcher, &docs) {
        Some(slugs) => slugs.into(),
        None => JsValue::NULL,
    }
}

/// Every match of `q` as document numbers (unordered; a site read in pieces numbers
/// its documents as its card blocks do: block `k` holds `k * block ..`), or `null`
/// while a shard `q` needs is loading. Unlike `bs_search_all` it fetches no card: a
/// recall check at 100,000 articles needs every match of a frequent word, which is
/// most of the site's cards.
#[wasm_bindgen]
pub fn bs_search_all_docs(q: &str) -> JsValue {
    let Some((_, searcher, query)) = api_ready(q) else {
        return JsValue::NULL;
    };
    let docs: Vec<u32> = searcher
        .read(|i| i.matching_docs(&query))
        .into_iter()
        .filter_map(|d| u32::try_from(d).ok())
        .collect();
    js_sys::Uint32Array::from(docs.as_slice()).into()
}

/// Starts loading every shard of the index not loaded yet (through the same queue as
/// a query's shards) and says how far it is: `{ shards, loaded, failed }`, or `null`
/// while the index itself is loading. For benchmarks and tests that need the whole
/// index in memory, as the in-memory search libraries always hold theirs.
#[wasm_bindgen]
pub fn bs_load_every_shard() -> JsValue {
    let Some(ctx) = API.with(|api| *api.borrow()) else {
        return JsValue::NULL;
    };
    ctx.ensure();
    let Some(searcher) = ctx.ready.get_untracked() else {
        return JsValue::NULL;
    };
    let shards = searcher.read(SearchIndex::shard_count);
    let missing: Vec<usize> =
        searcher.read(|i| (0..shards).filter(|&s| !i.shard_loaded(s)).collect());
    ctx.fetch_shard_list(&searcher, missing);
    let loaded = searcher.read(|i| (0..shards).filter(|&s| i.shard_loaded(s)).count());
    let failed = searcher.failed.lock().map_or(0, |f| f.len());
    let out = js_sys::Object::new();
    for (k, v) in [("shards", shards), ("loaded", loaded), ("failed", failed)] {
        let _ = js_sys::Reflect::set(&out, &k.into(), &(v as f64).into());
    }
    out.into()
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
