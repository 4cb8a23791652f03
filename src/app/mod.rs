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

pub mod components;
pub mod links;
pub mod lists;
pub mod loader;
pub mod routes;
pub mod scroll;
pub mod search;

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::core::catalog::{Catalog, CategoryNode};
use components::layout::Layout;
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

/// The site's name (header and document titles).
pub const SITE_NAME: &str = "Broadsheet";

/// Mounts the app on `<body>`.
pub fn start() {
    console_error_panic_hook::set_once();
    scroll::install();
    leptos::mount::mount_to_body(App);
}

/// The loaded catalog plus views derived from it once (not per component).
pub struct Site {
    pub catalog: Catalog,
    pub tree: Vec<CategoryNode>,
}

impl Site {
    pub fn new(catalog: Catalog) -> Site {
        let tree = catalog.category_tree();
        Site { catalog, tree }
    }
}

/// The catalog as loaded (or failed to load); `refetch()` retries.
#[derive(Clone, Copy)]
pub struct SiteResource(pub LocalResource<Result<Arc<Site>, String>>);

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let base = Base::from_document();
    provide_context(base.clone());
    let catalog_url = base.catalog_url();
    let site = LocalResource::new(move || loader::load_site(catalog_url.clone()));
    provide_context(SiteResource(site));
    provide_context(search::SearchContext::new(&base, SiteResource(site)));

    view! {
        <Title text=SITE_NAME />
        <Router base=base.router_base()>
            <Layout>
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
