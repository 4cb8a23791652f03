//! The Leptos reading app (wasm32 only): `App` + the router. Pages live in `routes/`,
//! small pieces in `components/`, fetching in `loader`, URL building in `links`.
//!
//! Routing: **path routes** (`/article/slug`), not hash routes (`#/article/slug`).
//! Path URLs are real, shareable, crawlable addresses and in-article `#anchors` keep
//! working. Deep-link reloads work on GitHub Pages because the build copies index.html
//! to 404.html (scripts/bundle-articles.sh): Pages answers any unknown path with it, the
//! app boots and routes on `location.pathname`. The sub-path (GitHub project pages live
//! at `/<repo>/`) comes from Trunk's `--public-url`, written into `<base href>`; we read
//! it from `document.baseURI` and give it to `<Router base>`.

//!
//! Where the articles come from (the bundled catalog, `?src=` URLs, the build's
//! `<meta name="broadsheet-src">`, or opened files) is `sources` and `local`; the
//! pages only see `Site`, the catalog merged from whatever is loaded.

pub mod components;
pub mod crash;
pub mod embed;
pub mod focus;
pub mod frames;
pub mod i18n;
pub mod links;
pub mod lists;
pub mod loader;
pub mod local;
pub mod reader;
pub mod routes;
pub mod scroll;
pub mod search;
pub mod sources;

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::core::catalog::{Catalog, CategoryNode};
use components::layout::Layout;
use components::status::SourcesPanel;
use links::Base;
use local::DropZone;
use routes::{
    archive::{ArchivePage, MonthPage, YearPage},
    article::ArticlePage,
    author::{AuthorPage, AuthorsPage},
    category::CategoryPage,
    home::Home,
    not_found::NotFound,
    tag::{TagPage, TagsPage},
};
use sources::{KeepSources, Sources};

/// The site's name (header and document titles).
pub const SITE_NAME: &str = "Broadsheet";

/// Runs when the wasm is instantiated. On the site's own pages (index.html and its
/// 404.html copy carry `<meta name="broadsheet" content="app">`) it mounts the app on
/// `<body>`. Anywhere else the wasm was loaded by `broadsheet-embed.js`, which mounts
/// widgets itself (`embed::bs_embed_mount`): the host page's body, history and scroll
/// behaviour are not ours to take.
pub fn start() {
    crash::install();
    if !is_app_page() {
        return;
    }
    scroll::install();
    focus::install();
    // Mount once the sources have answered (fetched meanwhile, usually from the
    // catalog preload of index.html), so the first frame already holds the list rather
    // than an empty frame first: one layout and paint fewer before the articles show.
    // A slow source holds the page for MOUNT_WAIT at most; then the header and a
    // loading state show (a loading state that flashes by is worse than a short wait).
    let mounted = Rc::new(Cell::new(false));
    let mount = move || {
        if !mounted.replace(true) {
            leptos::mount::mount_to_body(App);
        }
    };
    set_timeout(mount.clone(), MOUNT_WAIT);
    let base = Base::from_document();
    wasm_bindgen_futures::spawn_local(async move {
        sources::prefetch_initial(&base).await;
        mount();
    });
}

/// How long the mount waits for the sources (`start`).
const MOUNT_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// The site's own pages (index.html, 404.html), as opposed to a host page embedding
/// widgets.
pub(crate) fn is_app_page() -> bool {
    document()
        .query_selector("meta[name='broadsheet'][content='app']")
        .ok()
        .flatten()
        .is_some()
}

/// The loaded catalog plus views derived from it once (not per component).
pub struct Site {
    pub catalog: Catalog,
    pub tree: Vec<CategoryNode>,
    /// The full-text index of exactly this catalog, if there is one (a single
    /// catalog source's search.bin, or the one built over opened files).
    pub index_url: Option<String>,
}

impl Site {
    pub fn new(catalog: Catalog) -> Site {
        let tree = catalog.category_tree();
        Site {
            catalog,
            tree,
            index_url: None,
        }
    }

    pub fn with_index(mut self, index_url: Option<String>) -> Site {
        self.index_url = index_url;
        self
    }
}

/// The catalog shown: every source loaded so far merged, or the opened files; an
/// error only when every source failed. It changes as sources arrive.
#[derive(Clone, Copy)]
pub struct SiteResource(pub LocalResource<Result<Arc<Site>, String>>);

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(i18n::I18n::for_app());
    let base = Base::from_document();
    provide_context(base.clone());
    let sources = Sources::new(&base);
    provide_context(sources);
    let site = LocalResource::new(move || {
        sources.key.track();
        sources.site()
    });
    provide_context(SiteResource(site));
    let search = search::SearchContext::new(&base, SiteResource(site));
    provide_context(search);
    // A new catalog (another source arrived, files opened or closed): search starts
    // over with that catalog's own index, if it has one.
    let shown = StoredValue::new(None::<usize>);
    let bundled_index = base.search_index_url();
    Effect::new(move |_| {
        let Some(Ok(site)) = site.get() else { return };
        let id = Arc::as_ptr(&site) as usize;
        let before = shown.get_value();
        shown.set_value(Some(id));
        let first_is_bundled =
            before.is_none() && site.index_url.as_deref() == Some(bundled_index.as_str());
        if before != Some(id) && !first_is_bundled {
            loader::forget_texts();
            search.reset(site.index_url.clone());
        }
    });

    // Markdown articles need the post reader to be shown (src/app/reader.rs): load it
    // once the first page is painted and the page is idle, so that opening the first
    // one does not wait for its download. A site of HTML posts never loads it.
    Effect::new(move |_| {
        let Some(Ok(site)) = site.get() else { return };
        if site
            .catalog
            .articles
            .iter()
            .any(|a| a.format == crate::core::body::BodyFormat::Markdown)
        {
            frames::after_next_paint(reader::warm);
        }
    });

    view! {
        <Title text=SITE_NAME />
        <Router base=base.router_base()>
            <KeepSources />
            <DropZone />
            <Layout>
                <SourcesPanel />
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/category/*path") view=CategoryPage />
                    <Route path=path!("/tags") view=TagsPage />
                    <Route path=path!("/tag/:tag") view=TagPage />
                    <Route path=path!("/authors") view=AuthorsPage />
                    <Route path=path!("/author/:name") view=AuthorPage />
                    <Route path=path!("/archive") view=ArchivePage />
                    <Route path=path!("/archive/:year") view=YearPage />
                    <Route path=path!("/archive/:year/:month") view=MonthPage />
                    <Route path=path!("/article/:slug") view=ArticlePage />
                </Routes>
            </Layout>
        </Router>
    }
}
