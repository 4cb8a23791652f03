//! The Leptos reading app: `App` + the router. Pages live in `routes/`, small pieces in
//! `components/`, loading data in `api` (no views), URL building in `links`.
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
//! `<meta name="broadsheet-src">`, or opened files) is `sources` (over a `source_set`,
//! which the embed widget uses too) and `files`; the pages only see `site::Site`, the
//! catalog merged from whatever is loaded, with where its bodies come from.

pub mod api;
pub mod boot;
pub mod browser;
pub mod components;
pub mod crash;
pub mod embed;
pub mod fetch;
pub mod files;
pub mod focus;
pub mod i18n;
pub mod links;
pub mod lists;
pub mod reader;
#[cfg(not(target_arch = "wasm32"))]
pub mod render;
pub mod routes;
pub mod scroll;
pub mod search;
pub mod shards;
pub mod site;
pub mod source_set;
pub mod sources;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::core::body::BodyFormat;
use components::layout::Layout;
use components::open_files::DropZone;
use components::status::SourcesPanel;
use links::Base;
use routes::{
    archive::{ArchivePage, MonthPage, YearPage},
    article::ArticlePage,
    author::{AuthorPage, AuthorsPage},
    category::CategoryPage,
    home::Home,
    not_found::NotFound,
    tag::{TagPage, TagsPage},
};
use search::SearchContext;
use site::SITE_NAME;
use sources::{KeepSources, Sources};

/// Runs when the wasm is instantiated. On the site's own pages (index.html and its
/// 404.html copy carry `<meta name="broadsheet" content="app">`) it mounts the app on
/// `<body>`. Anywhere else the wasm was loaded by `broadsheet-embed.js`, which mounts
/// widgets itself (`embed::bs_embed_mount`): the host page's body, history and scroll
/// behaviour are not ours to take.
pub fn start() {
    crash::install();
    if !links::is_app_page() {
        return;
    }
    // Leptos starts its executor when it mounts; the sources load before that.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // Over a static page the rest starts in a task of its own (`boot`): the
    // instantiation of the wasm is one already.
    let prerendered = browser::is_prerendered();
    leptos::task::spawn_local(async move {
        if prerendered {
            boot::next_task().await;
        }
        run(prerendered).await;
    });
}

/// The app's start proper (`start`): the sources, then the first frame.
async fn run(prerendered: bool) {
    let memory = scroll::install();
    let focus = focus::install();
    // The sources start loading now (usually answered from the manifest preload of
    // index.html), and the app is mounted once they have answered and the page's own
    // data is in (`prefetch_route`), so the first frame already holds the list rather
    // than an empty frame first: one layout and paint fewer before the articles show.
    // A slow source holds the page for MOUNT_WAIT at most; then the header and a
    // loading state show (a loading state that flashes by is worse than a short wait).
    //
    // A page written at build time (`broadsheet pages`) shows its content already: the
    // app waits longer there (PRERENDERED_WAIT) and also for an article's body (read
    // from the static copy), then draws the same page, hidden, over a few short tasks
    // (`boot`), and shows it and hides the static copy in one, so no frame shows both,
    // or neither.
    let base = Base::from_document();
    let (sources, answered) = Sources::start(&base);
    let ready = async {
        answered.await;
        prefetch_route(sources, &base, prerendered).await
    };
    let wait = if prerendered {
        PRERENDERED_WAIT
    } else {
        MOUNT_WAIT
    };
    let body = match futures::future::select(Box::pin(ready), Box::pin(sleep(wait))).await {
        futures::future::Either::Left((body, _)) => body,
        futures::future::Either::Right(_) => None,
    };
    // Over a static page the first frame is built in stages (`boot`), the
    // first of them in a task of its own.
    let staged = prerendered.then(boot::Boot::staged);
    if staged.is_some() {
        boot::next_task().await;
    }
    let started = Started {
        base,
        sources,
        memory,
        focus,
        body,
        boot: staged,
    };
    leptos::mount::mount_to_body(move || view! { <App started=started /> });
    match staged {
        Some(staged) => staged.run(browser::remove_prerendered).await,
        None => browser::remove_prerendered(),
    }
}

/// For a site read in pieces: the data of the page being opened — its list page, or
/// its article — fetched before the mount, so that the first frame draws it (the
/// shards keep it) instead of a skeleton first. Search pages need every article and
/// are left to the page. On a page written at build time an article's body is fetched
/// too (returned, for `App` to hand to the article page): the static copy shows it,
/// and the app's first frame must not replace it with a placeholder.
async fn prefetch_route(
    sources: Sources,
    base: &Base,
    prerendered: bool,
) -> Option<routes::article::BodyAtHand> {
    let site = sources.shown().loaded_untracked()?;
    let location = window().location();
    let path = location.pathname().unwrap_or_default();
    let query = location.search().unwrap_or_default();
    let query = query.trim_start_matches('?');
    if let Some(slug) = path
        .strip_prefix(base.path.as_str())
        .and_then(crate::core::routes::article_slug)
    {
        let article = match &site.shards {
            Some(shards) => shards
                .prepare_article(&slug)
                .await
                .ok()
                .flatten()
                .map(|(_, a)| a),
            None => site.catalog.article(&slug).cloned(),
        };
        let article = article.filter(|_| prerendered)?;
        if let Some(body) = browser::static_body(&article.slug) {
            return Some(routes::article::BodyAtHand {
                slug: article.slug,
                body: std::sync::Arc::new(body),
            });
        }
        let body = api::load_body(base.clone(), std::sync::Arc::clone(&site), article.clone())
            .await
            .ok()?;
        return Some(routes::article::BodyAtHand {
            slug: article.slug,
            body,
        });
    }
    let shards = site.shards.clone()?;
    let state = crate::core::search::SearchState::from_query_string(query);
    if !state.q.trim().is_empty() || !state.filters().is_empty() {
        return None;
    }
    let route = path.strip_prefix(base.path.as_str()).unwrap_or("/");
    if matches!(route, "/tags" | "/authors") {
        let _ = shards.facets(route == "/authors").await;
        return None;
    }
    if let Some(kind) = lists::ListKind::from_url(base, &format!("{path}?{query}")) {
        // `/page/n`, or `?page=n` in earlier versions' links.
        let page = match crate::core::routes::split_page(route) {
            (_, 1) => state.page,
            (_, n) => n,
        };
        let _ = shards
            .list_page(&kind, page, components::card::PAGE_SIZE)
            .await;
    }
    None
}

/// Resolves after `d` (a browser timer).
async fn sleep(d: std::time::Duration) {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        d,
    );
    let _ = rx.await;
}

/// How long the mount waits for the sources (`start`).
const MOUNT_WAIT: std::time::Duration = std::time::Duration::from_millis(500);

/// How long the mount waits on a page written at build time, whose content is on
/// screen meanwhile (and whose links work without the app).
const PRERENDERED_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// What `start` set up before the app exists: the app's location, its sources
/// (already loading), and the navigation state its document listeners keep.
#[derive(Clone)]
pub struct Started {
    pub base: Base,
    pub sources: Sources,
    pub memory: scroll::ListMemory,
    pub focus: focus::FocusFollow,
    /// The body of the article page being opened, when fetched before the mount.
    pub body: Option<routes::article::BodyAtHand>,
    /// Over a static page: the first frame's stages (`boot`).
    pub boot: Option<boot::Boot>,
}

#[component]
pub fn App(started: Started) -> impl IntoView {
    let Started {
        base,
        sources,
        memory,
        focus,
        body,
        boot,
    } = started;
    if let Some(body) = body {
        provide_context(body);
    }
    if let Some(boot) = boot {
        provide_context(boot);
    }
    provide_meta_context();
    provide_context(i18n::I18n::for_app());
    provide_context(base.clone());
    provide_context(sources);
    provide_context(memory);
    provide_context(focus);
    provide_context(components::pictures::Pictures::saved());
    let shown = sources.shown();
    provide_context(shown);
    let search = SearchContext::new(sources);
    provide_context(search);
    warm_up(sources, search);

    // Over a static page, the router and the pages a task after this (`boot`).
    boot::later(boot::stage::ROUTER, move || view! { <Pages base=base /> })
}

/// Every page of the site: the router, the frame and the routes. Its data comes from
/// context (`Base`, `Sources`, `ShownSite`, `SearchContext`, `I18n`), provided by `App`
/// in the browser and by `render::page` natively.
#[component]
pub fn Pages(base: Base) -> impl IntoView {
    view! {
        <Title text=SITE_NAME />
        <Router base=base.router_base()>
            {boot::later(boot::stage::FRAME, || view! {
                <KeepSources />
                <DropZone />
            })}
            // Over a static page, the frame is drawn a task after the router (`boot`).
            {boot::later(boot::stage::SHELL, || view! {
                <Layout>
                    <SourcesPanel />
                    <Routes fallback=|| view! { <NotFound /> }>
                        // A list's page n is `<list>/page/n` (`core::routes::paged`); a
                        // category's is read from its path (`CategoryPage`).
                        <Route path=path!("/") view=Home />
                        <Route path=path!("/page/:page") view=Home />
                        <Route path=path!("/category/*path") view=CategoryPage />
                        <Route path=path!("/tags") view=TagsPage />
                        <Route path=path!("/tag/:tag") view=TagPage />
                        <Route path=path!("/tag/:tag/page/:page") view=TagPage />
                        <Route path=path!("/authors") view=AuthorsPage />
                        <Route path=path!("/author/:name") view=AuthorPage />
                        <Route path=path!("/author/:name/page/:page") view=AuthorPage />
                        <Route path=path!("/archive") view=ArchivePage />
                        <Route path=path!("/archive/:year") view=YearPage />
                        <Route path=path!("/archive/:year/page/:page") view=YearPage />
                        <Route path=path!("/archive/:year/:month") view=MonthPage />
                        <Route path=path!("/archive/:year/:month/page/:page") view=MonthPage />
                        <Route path=path!("/article/:slug") view=ArticlePage />
                    </Routes>
                </Layout>
            })}
        </Router>
    }
}

/// Up to this many articles, a site read in pieces that cannot be searched in pieces
/// (built before its manifest named a search index) is also loaded whole once the
/// first page is painted (about 1 MB of catalog.json, 0.3 MB gzip).
const WARM_WHOLE_MAX: usize = 2000;

/// Work the first page does not need but the next step will, done once the first page's
/// content is painted and the page is idle: the search index's base file (small:
/// statistics and a shard directory; then the first keystroke only waits for the
/// shards its terms need; a site read in pieces then fetches its facet columns) or,
/// for a small site read in pieces without an index of its own, its articles whole;
/// and, for a site with Markdown articles, the post reader (opening the first one
/// then does not wait for its download; a site of HTML posts never loads it).
/// When both are in, `<html data-bs-warm="done">` says so (tests wait for it before
/// they watch the network).
fn warm_up(sources: Sources, search: SearchContext) {
    let started = StoredValue::new(false);
    Effect::new(move |_| {
        if sources.shown().loaded().is_none() {
            return;
        }
        if started.get_value() {
            return;
        }
        started.set_value(true);
        browser::after_content_painted(move || {
            leptos::task::spawn_local(async move {
                // A site read in pieces: its index alone when it has one; else a
                // small one's articles whole too, for the index (the first search then
                // does not wait for them); a big one's only when a search or an index
                // page asks (megabytes a reader who only browses should not pay for).
                let pieces = sources.shown().loaded_untracked().and_then(|s| {
                    let m = &s.shards.as_ref()?.manifest;
                    Some((m.search.is_some(), m.articles > WARM_WHOLE_MAX, m.markdown))
                });
                let markdown = match pieces {
                    Some((true, _, markdown)) => {
                        if let Some(index) = search.load() {
                            index.await;
                        }
                        markdown
                    }
                    Some((false, true, markdown)) => markdown,
                    _ => {
                        let site = sources.whole_site().await;
                        if let Some(index) = search.load() {
                            index.await;
                        }
                        site.is_some_and(|site| {
                            site.catalog
                                .articles
                                .iter()
                                .any(|a| a.format == BodyFormat::Markdown)
                        })
                    }
                };
                if markdown {
                    reader::warm().await;
                }
                if let Some(html) = document().document_element() {
                    let _ = html.set_attribute("data-bs-warm", "done");
                }
            });
        });
    });
}
