//! Where the site's articles come from, and the one catalog its pages show.
//!
//! - **Fetched sources** (a `SourceSet`). `?src=<url>` (repeatable) names catalogs
//!   written by `broadsheet index` or single post files on any site that sends CORS
//!   headers; without `?src=`, the build's `<meta name="broadsheet-src" content="…">`
//!   tags do (index.html), and without those the site's own articles, read in pieces
//!   from `articles/site.json` (`app::shards`).
//!   `?src=` replaces the build's sources (as Docsify/mdBook readers expect); list the
//!   bundled catalog as one of them (`?src=articles/catalog.json`) to keep it. A failed
//!   source shows its URL, the reason and Retry (`status::SourcesPanel`).
//! - **Opened files** (`app::files`) replace the sources until they are closed.
//!
//! The `src` parameters stay in the address bar on every page (`KeepSources`), so an
//! article URL reloads (or is shared) with its sources.

use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use futures::future::{FutureExt, LocalBoxFuture, Shared};

use super::api;
use super::files::OpenedSet;
use super::i18n::document_locale;
use super::links::Base;
use super::site::{ShownSite, Site};
use super::source_set::{Slot, SourceSet};
use crate::core::routes;
use crate::core::sources as core_sources;

/// The site's sources (made by `app::start`, before the app is mounted, so they load
/// while the app starts; provided by `App`).
#[derive(Clone, Copy)]
pub struct Sources {
    pub set: SourceSet,
    /// Opened files, shown instead of the sources while set.
    pub opened: RwSignal<Option<Arc<OpenedSet>>>,
    /// How many files are being read ("Reading 63 files…"; worded when shown, in the
    /// language of the moment).
    pub reading: RwSignal<Option<usize>>,
    /// The last opened files could not be shown: none of these many is a post.
    pub notice: RwSignal<Option<usize>>,
    /// The page URL's `src` values (kept in the URL); empty when the build chose.
    pub from_query: StoredValue<Vec<String>>,
    shown: Memo<Option<Result<Arc<Site>, String>>>,
    /// When the shown site is read in pieces (`Site::shards`): the same articles
    /// loaded whole, for what needs every article at once (search, and the article
    /// page's neighbours in a search's results). Loaded on first need (`want_whole`).
    whole: RwSignal<Option<Result<Arc<Site>, String>>>,
    /// Their loading, once started (awaited by `whole_site`).
    whole_loading: StoredValue<Option<Shared<LocalBoxFuture<'static, ()>>>, LocalStorage>,
    complete: Memo<Option<Result<Arc<Site>, String>>>,
    /// What search runs over: the shown site when it is searched in pieces
    /// (`Site::searched_in_pieces`), else `complete`.
    searched: Memo<Option<Result<Arc<Site>, String>>>,
}

impl Sources {
    /// The page's sources, loading: `?src=`, else the build's
    /// `<meta name="broadsheet-src">`, else the bundled catalog.
    /// The second value resolves once each source has answered (`app::start` waits
    /// for it, a while, before mounting).
    pub fn start(base: &Base) -> (Sources, impl std::future::Future<Output = ()>) {
        let from_query = query_sources();
        let meta = meta_sources();
        // The site's own articles, read in pieces from their manifest (only what a
        // page shows is fetched); named sources are read whole.
        let (given, bundled) = if !from_query.is_empty() {
            (from_query.clone(), base.catalog_url())
        } else if !meta.is_empty() {
            (meta, base.catalog_url())
        } else {
            (vec![base.manifest_url()], base.manifest_url())
        };
        // The owner's `broadsheet-allow-src` decides which sites `?src=` may name (the
        // build's own choices, the meta sources, are not checked).
        let policy = (!from_query.is_empty()).then(allowed_sources);
        let slots = given
            .iter()
            .map(|g| {
                let slot = Slot::resolve(g, &base.href);
                match &policy {
                    Some(p) if !slot.invalid && slot.url != bundled && !p.allows(&slot.url) => {
                        let origin = core_sources::origin_of(&slot.url).to_owned();
                        Slot::invalid(g, document_locale().source_not_allowed(&origin))
                    }
                    _ => slot,
                }
            })
            .collect();
        let set = SourceSet::new(slots, Some(bundled));
        let answered = set.load_all();
        let opened = RwSignal::new(None::<Arc<OpenedSet>>);
        let base_path = base.path.clone();
        let shown = Memo::new(move |_| {
            if let Some(files) = opened.get() {
                return Some(Ok(Arc::clone(&files.site)));
            }
            let merged = set.site().get();
            // An article URL opened cold (`/article/<slug>?src=…`) waits, while sources
            // are still loading, until one of them brings that article: it would
            // otherwise show "not found" until its source arrived.
            let held = matches!(&merged, Some(Ok(site))
                if set.loading()
                    && address_article(&base_path).is_some_and(|slug| site.catalog.article(&slug).is_none()));
            if held {
                None
            } else {
                merged
            }
        });
        let sources = Sources::with(set, opened, from_query, shown);
        (sources, answered)
    }

    /// Sources already loaded: `site`, from the catalog at `url` (pages rendered from
    /// data; nothing is fetched).
    pub fn of(url: String, site: Arc<Site>) -> Sources {
        let set = SourceSet::new(vec![Slot::loaded(url, site)], None);
        let shown = Memo::new(move |_| set.site().get());
        Sources::with(set, RwSignal::new(None), Vec::new(), shown)
    }

    fn with(
        set: SourceSet,
        opened: RwSignal<Option<Arc<OpenedSet>>>,
        from_query: Vec<String>,
        shown: Memo<Option<Result<Arc<Site>, String>>>,
    ) -> Sources {
        let whole = RwSignal::new(None);
        let complete = Memo::new(move |_| match shown.get() {
            Some(Ok(site)) if site.shards.is_some() => whole.get(),
            other => other,
        });
        let searched = Memo::new(move |_| match shown.get() {
            Some(Ok(site)) if site.searched_in_pieces() => Some(Ok(site)),
            _ => complete.get(),
        });
        Sources {
            searched,
            set,
            opened,
            reading: RwSignal::new(None),
            notice: RwSignal::new(None),
            from_query: StoredValue::new(from_query),
            shown,
            whole,
            whole_loading: StoredValue::new_local(None),
            complete,
        }
    }

    /// What the pages show (a site read in pieces, or whole).
    pub fn shown(self) -> ShownSite {
        ShownSite(self.shown)
    }

    /// The shown site with every article at hand: itself when it is whole; for a
    /// site read in pieces the same articles loaded whole, `None` until they are
    /// (`want_whole` starts that).
    pub fn complete(self) -> ShownSite {
        ShownSite(self.complete)
    }

    /// What search runs over (see `searched`): the shown site, or its articles whole.
    pub fn searched(self) -> ShownSite {
        ShownSite(self.searched)
    }

    /// Whether the shown site is read in pieces (tracked).
    pub fn sharded(self) -> bool {
        self.shown
            .with(|s| matches!(s, Some(Ok(site)) if site.shards.is_some()))
    }

    /// Whether the shown site is read in pieces and needs its articles whole to be
    /// searched (a build without `Manifest::search`) (tracked).
    pub fn search_needs_whole(self) -> bool {
        self.shown.with(
            |s| matches!(s, Some(Ok(site)) if site.shards.is_some() && !site.searched_in_pieces()),
        )
    }

    /// Starts loading the shown site's articles whole, if it is read in pieces (once);
    /// the loading, to await (`None` for a site held whole).
    pub fn want_whole(self) -> Option<Shared<LocalBoxFuture<'static, ()>>> {
        let shards = self
            .shown
            .get_untracked()
            .and_then(Result::ok)
            .and_then(|s| s.shards.clone())?;
        if let Some(loading) = self.whole_loading.get_value() {
            return Some(loading);
        }
        let whole = self.whole;
        let loading = async move {
            whole.try_set(Some(api::load_whole(&shards).await.map(Arc::new)));
        }
        .boxed_local()
        .shared();
        self.whole_loading.set_value(Some(loading.clone()));
        // It runs whether anyone awaits it or not.
        leptos::task::spawn_local(loading.clone());
        Some(loading)
    }

    /// The shown site's articles, whole: at once for a site held whole; for one read in
    /// pieces once they are loaded. `None` when they could not be, or no site is shown.
    pub async fn whole_site(self) -> Option<Arc<Site>> {
        if let Some(loading) = self.want_whole() {
            loading.await;
        }
        self.complete.get_untracked().and_then(Result::ok)
    }

    /// Opened files replace the sources (`None`: back to the sources). The previous
    /// set's object URLs are revoked.
    pub fn set_opened(self, set: Option<Arc<OpenedSet>>) {
        if let Some(old) = self.opened.get_untracked() {
            old.revoke();
        }
        self.opened.set(set);
    }
}

/// The slug of the address bar's article route, if it is one.
fn address_article(base_path: &str) -> Option<String> {
    let path = window().location().pathname().ok()?;
    routes::article_slug(path.strip_prefix(base_path)?)
}

/// `src` values of the page URL, in order.
fn query_sources() -> Vec<String> {
    let search = window().location().search().unwrap_or_default();
    match web_sys::UrlSearchParams::new_with_str(&search) {
        Ok(p) => p
            .get_all("src")
            .iter()
            .filter_map(|v| v.as_string())
            .filter(|v| !v.trim().is_empty())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The site owner's `<meta name="broadsheet-allow-src">` (`SourcePolicy`).
fn allowed_sources() -> core_sources::SourcePolicy {
    let content = document()
        .query_selector("meta[name='broadsheet-allow-src']")
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"));
    let origin = window().location().origin().unwrap_or_default();
    core_sources::SourcePolicy::parse(content.as_deref(), &origin)
}

/// `<meta name="broadsheet-src" content="…">` of index.html, in order.
fn meta_sources() -> Vec<String> {
    let Ok(list) = document().query_selector_all("meta[name='broadsheet-src']") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .filter_map(|e| e.get_attribute("content"))
        .filter(|c| !c.trim().is_empty())
        .collect()
}

/// Keeps the page URL's `src` parameters on every page (internal links and the search
/// box build URLs without them): after each navigation that dropped them, the URL is
/// replaced by the same one with them, so a reload or a shared link opens the same
/// sources. Renders nothing; must be inside the `Router`.
#[component]
pub fn KeepSources() -> impl IntoView {
    let sources = expect_context::<Sources>();
    let wanted = sources.from_query.get_value();
    if wanted.is_empty() {
        return;
    }
    let loc = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        let search = loc.search.get();
        let path = loc.pathname.get();
        let hash = loc.hash.get();
        if src_values(&search) == wanted {
            return;
        }
        let query = with_src(&search, &wanted);
        let hash = if hash.is_empty() || hash.starts_with('#') {
            hash
        } else {
            format!("#{hash}")
        };
        let url = format!("{path}?{query}{hash}");
        let navigate = navigate.clone();
        set_timeout(
            move || {
                navigate(
                    &url,
                    NavigateOptions {
                        resolve: false,
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                )
            },
            Duration::ZERO,
        );
    });
}

/// The `src` values of a query string (without `?`).
fn src_values(search: &str) -> Vec<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|p| {
            p.split_once('=')
                .filter(|(k, _)| *k == "src")
                .map(|(_, v)| crate::core::urls::decode_query_value(v))
        })
        .collect()
}

/// `search` with its `src` parameters replaced by `wanted` (after the others).
fn with_src(search: &str, wanted: &[String]) -> String {
    let mut parts: Vec<String> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && p.split('=').next() != Some("src"))
        .map(str::to_owned)
        .collect();
    parts.extend(
        wanted
            .iter()
            .map(|w| format!("src={}", super::links::enc(w))),
    );
    parts.join("&")
}
