//! Where the articles come from, and the one catalog the pages show.
//!
//! - **Fetched sources.** `?src=<url>` (repeatable) names catalogs written by
//!   `broadsheet index` or single post files on any site that sends CORS headers;
//!   without `?src=`, the build's `<meta name="broadsheet-src" content="…">` tags do
//!   (index.html), and without those the bundled `articles/catalog.json`. `?src=`
//!   replaces the build's sources (as Docsify/mdBook readers expect); list the bundled
//!   catalog as one of them (`?src=articles/catalog.json`) to keep it. Each source
//!   loads on its own (`Slot`); the pages show every source loaded so far, merged in
//!   the order given (`core::sources::merge`: slugs stay distinct and deterministic),
//!   and a failed source shows its URL, the reason and Retry (`status::SourcesPanel`).
//! - **Local files** (`app::local`) replace the sources until they are closed.
//!
//! The `src` parameters stay in the address bar on every page (`KeepSources`), so an
//! article URL reloads (or is shared) with its sources.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use super::links::Base;
use super::local::{self, LocalSet};
use super::{loader, reader, Site};
use crate::core::catalog::Catalog;
use crate::core::sources::{self as core_sources, SourceKind};

#[derive(Clone)]
pub enum SlotState {
    Loading,
    /// The source's own catalog (paths absolute; the bundled one's relative to it, as
    /// built) with its full-text index if it has one: shown as is when it is the only
    /// source loaded, so a single source costs no copy.
    Loaded(Arc<Site>),
    Failed(String),
}

/// One source and how it is doing.
#[derive(Clone)]
pub struct Slot {
    /// The absolute URL (or the text as given, when it is not a loadable URL).
    pub url: String,
    /// Not an http(s) URL: Retry cannot help.
    pub invalid: bool,
    pub state: SlotState,
}

/// What the shown catalog is made of (compared to know when it changed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SiteKey {
    /// Nothing loaded yet, sources still loading.
    Waiting,
    /// The loaded parts, by identity, in source order.
    Parts(Vec<usize>),
    /// Every source failed.
    Failed,
    /// Opened files (their set's id).
    Local(u64),
}

/// The app's sources (provided by `App`).
#[derive(Clone, Copy)]
pub struct Sources {
    pub slots: RwSignal<Vec<Slot>>,
    /// Opened files, shown instead of the sources while set.
    pub local: RwSignal<Option<Arc<LocalSet>>>,
    /// How many files are being read ("Reading 63 files…"; worded when shown, in the
    /// language of the moment).
    pub reading: RwSignal<Option<usize>>,
    /// The last opened files could not be shown: none of these many is a post.
    pub notice: RwSignal<Option<usize>>,
    pub key: Memo<SiteKey>,
    /// The page URL's `src` values (kept in the URL); empty when the build chose.
    pub from_query: StoredValue<Vec<String>>,
    /// The bundled catalog's URL (not rebased: its paths stay relative to it).
    bundled: StoredValue<String>,
    /// The app's path prefix (`Base::path`).
    base_path: StoredValue<String>,
    cache: StoredValue<Option<(SiteKey, Arc<Site>)>>,
}

/// The page's sources, in order, before any has loaded: `?src=`, else the build's
/// `<meta name="broadsheet-src">`, else the bundled catalog. Also returns the page
/// URL's `src` values (kept in the URL).
fn initial_slots(base: &Base) -> (Vec<String>, Vec<Slot>) {
    let from_query = query_sources();
    let given = if !from_query.is_empty() {
        from_query.clone()
    } else {
        let meta = meta_sources();
        if meta.is_empty() {
            vec![base.catalog_url()]
        } else {
            meta
        }
    };
    let mut slots: Vec<Slot> = Vec::new();
    for g in given {
        let slot = match core_sources::resolve_source_url(&g, &base.href) {
            Ok(url) => Slot {
                url,
                invalid: false,
                state: SlotState::Loading,
            },
            Err(reason) => Slot {
                url: g.trim().to_owned(),
                invalid: true,
                state: SlotState::Failed(reason),
            },
        };
        if !slots.iter().any(|s| s.url == slot.url) {
            slots.push(slot);
        }
    }
    (from_query, slots)
}

/// Starts fetching the page's sources before the app is mounted (`app::start`), so
/// the first frame can already hold the list; `Sources` picks the answers up. Resolves
/// once every one has answered (or failed).
pub(crate) async fn prefetch_initial(base: &Base) {
    let (_, slots) = initial_slots(base);
    let urls: Vec<String> = slots
        .into_iter()
        .filter(|s| matches!(s.state, SlotState::Loading))
        .map(|s| s.url)
        .collect();
    for url in &urls {
        loader::prefetch(url);
    }
    for url in &urls {
        loader::prefetched(url).await;
    }
}

impl Sources {
    pub fn new(base: &Base) -> Sources {
        let (from_query, slots) = initial_slots(base);
        let slots = RwSignal::new(slots);
        let local = RwSignal::new(None::<Arc<LocalSet>>);
        let key = Memo::new(move |_| {
            if let Some(set) = local.get() {
                return SiteKey::Local(set.id);
            }
            slots.with(|slots| {
                let loaded: Vec<usize> = slots
                    .iter()
                    .filter_map(|s| match &s.state {
                        SlotState::Loaded(p) => Some(Arc::as_ptr(p) as usize),
                        _ => None,
                    })
                    .collect();
                if !loaded.is_empty() {
                    SiteKey::Parts(loaded)
                } else if slots.iter().any(|s| matches!(s.state, SlotState::Loading)) {
                    SiteKey::Waiting
                } else {
                    SiteKey::Failed
                }
            })
        });
        let sources = Sources {
            slots,
            local,
            reading: RwSignal::new(None),
            notice: RwSignal::new(None),
            key,
            from_query: StoredValue::new(from_query),
            bundled: StoredValue::new(base.catalog_url()),
            base_path: StoredValue::new(base.path.clone()),
            cache: StoredValue::new(None),
        };
        let n = sources.slots.with_untracked(Vec::len);
        for i in 0..n {
            if sources
                .slots
                .with_untracked(|s| matches!(s[i].state, SlotState::Loading))
            {
                sources.load(i);
            }
        }
        sources
    }

    /// Fetches source `i` and merges it in (or records why not).
    fn load(self, i: usize) {
        let Some(url) = self
            .slots
            .with_untracked(|s| s.get(i).map(|s| s.url.clone()))
        else {
            return;
        };
        let bundled = url == self.bundled.get_value();
        leptos::task::spawn_local(async move {
            let state = match load_part(&url, bundled).await {
                Ok(site) => SlotState::Loaded(Arc::new(site)),
                Err(reason) => SlotState::Failed(reason),
            };
            self.slots.update(|s| {
                if let Some(slot) = s.get_mut(i) {
                    slot.state = state;
                }
            });
            notify_changed();
        });
    }

    /// Retry: fetches only source `i` again.
    pub fn retry(self, i: usize) {
        let can = self.slots.with_untracked(|s| {
            s.get(i)
                .is_some_and(|s| !s.invalid && matches!(s.state, SlotState::Failed(_)))
        });
        if !can {
            return;
        }
        self.slots.update(|s| s[i].state = SlotState::Loading);
        notify_changed();
        self.load(i);
    }

    /// Opened files replace the sources (`None`: back to the sources). The previous
    /// set's object URLs are revoked.
    pub fn set_local(self, set: Option<Arc<LocalSet>>) {
        if let Some(old) = self.local.get_untracked() {
            old.revoke();
        }
        local::set_current(set.clone());
        self.local.set(set);
        notify_changed();
    }

    /// (loading, total) over the sources.
    pub fn progress(&self) -> (usize, usize) {
        self.slots.with(|s| {
            (
                s.iter()
                    .filter(|s| matches!(s.state, SlotState::Loading))
                    .count(),
                s.len(),
            )
        })
    }

    /// The catalog to show: once at least one source is in (or all failed).
    ///
    /// An article URL opened cold (`/article/<slug>?src=…`) waits, while sources are
    /// still loading, until one of them brings that article: it would otherwise show
    /// "not found" until its source arrived.
    pub async fn site(self) -> Result<Arc<Site>, String> {
        loop {
            let seen = CHANGES.with(Cell::get);
            let key = self.key.get_untracked();
            if key != SiteKey::Waiting {
                let built = self.build(key.clone());
                let hold = matches!(key, SiteKey::Parts(_))
                    && self.slots.with_untracked(|s| {
                        s.iter().any(|s| matches!(s.state, SlotState::Loading))
                    })
                    && built.as_ref().is_ok_and(|site| {
                        self.article_slug()
                            .is_some_and(|slug| site.catalog.article(&slug).is_none())
                    });
                if !hold {
                    return built;
                }
            }
            Changed(seen).await;
        }
    }

    /// The slug of the address bar's article route, if it is one.
    fn article_slug(self) -> Option<String> {
        let path = window().location().pathname().ok()?;
        let rest = path
            .strip_prefix(self.base_path.get_value().as_str())?
            .strip_prefix("/article/")?;
        (!rest.is_empty() && !rest.contains('/')).then(|| crate::core::urls::percent_decode(rest))
    }

    fn build(self, key: SiteKey) -> Result<Arc<Site>, String> {
        if let Some((k, site)) = self.cache.get_value() {
            if k == key {
                return Ok(site);
            }
        }
        let site = match &key {
            SiteKey::Waiting => return Err("still loading".into()),
            SiteKey::Failed => {
                return Err(self.slots.with_untracked(|s| {
                    s.iter()
                        .filter_map(|s| match &s.state {
                            SlotState::Failed(r) => Some(format!("{}: {r}", s.url)),
                            _ => None,
                        })
                        .collect::<Vec<_>>()
                        .join("\n")
                }))
            }
            SiteKey::Local(_) => {
                let Some(set) = self.local.get_untracked() else {
                    return Err("no files are open".into());
                };
                Arc::clone(&set.site)
            }
            SiteKey::Parts(_) => {
                let parts: Vec<Arc<Site>> = self.slots.with_untracked(|s| {
                    s.iter()
                        .filter_map(|s| match &s.state {
                            SlotState::Loaded(p) => Some(Arc::clone(p)),
                            _ => None,
                        })
                        .collect()
                });
                match parts.as_slice() {
                    [one] => Arc::clone(one),
                    // Several catalogs: none of their indexes fits the merged one.
                    _ => Arc::new(Site::new(core_sources::merge(
                        parts.iter().map(|p| &p.catalog),
                    ))),
                }
            }
        };
        self.cache.set_value(Some((key, Arc::clone(&site))));
        Ok(site)
    }
}

/// Reads a source: a catalog, or one post file (by the URL's extension; otherwise a
/// JSON object is taken for a catalog).
pub(crate) async fn load_part(url: &str, bundled: bool) -> Result<Site, String> {
    let bytes = loader::fetch_source_once(url).await?;
    let kind = match core_sources::source_kind(url) {
        SourceKind::Unknown if core_sources::looks_like_catalog(&bytes) => SourceKind::Catalog,
        SourceKind::Unknown => SourceKind::Post,
        k => k,
    };
    match kind {
        SourceKind::Post => {
            let name = core_sources::post_file_name(url);
            let (read, _) = reader::read(&name, &bytes, None).await?;
            Ok(Site::new(core_sources::post_catalog_from(
                url,
                read,
                now(),
            )?))
        }
        _ => {
            let mut catalog = Catalog::from_json_bytes(&bytes)?;
            if !bundled {
                core_sources::rebase(&mut catalog, url);
            }
            let dir = url.split(['?', '#']).next().unwrap_or(url);
            let dir = dir.rsplit_once('/').map(|(d, _)| d).unwrap_or(dir);
            Ok(Site::new(catalog).with_index(Some(format!("{dir}/search.bin"))))
        }
    }
}

/// Now, RFC 3339 (a catalog's `generated`).
pub fn now() -> String {
    js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default()
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

thread_local! {
    static CHANGES: Cell<u64> = const { Cell::new(0) };
    static WAITING: RefCell<Vec<Waker>> = const { RefCell::new(Vec::new()) };
}

/// A source settled, was retried, or files were opened.
fn notify_changed() {
    CHANGES.with(|c| c.set(c.get().wrapping_add(1)));
    for w in WAITING.with(|w| std::mem::take(&mut *w.borrow_mut())) {
        w.wake();
    }
}

/// Resolves at the next `notify_changed` after the count `self.0`.
struct Changed(u64);

impl Future for Changed {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if CHANGES.with(Cell::get) != self.0 {
            return Poll::Ready(());
        }
        WAITING.with(|w| w.borrow_mut().push(cx.waker().clone()));
        Poll::Pending
    }
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
