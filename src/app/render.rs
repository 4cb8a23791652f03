//! Pages rendered natively, from data, by the app's own components (`Pages`): the
//! same markup the browser draws, as an HTML string. Nothing here touches a browser:
//! the components ask the seam (`app::browser`) what they need while rendering, and
//! effects, listeners and loads never run natively.

use crate::app::components::pictures::Pictures;
use crate::core::images::RemoteImages;
use std::sync::Arc;

use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos_meta::provide_meta_context;
use leptos_router::location::RequestUrl;

use super::i18n::{I18n, Locale};
use super::links::Base;
use super::routes::article::BodyAtHand;
use super::search::SearchContext;
use super::site::Site;
use super::sources::Sources;
use super::Pages;

/// The page at `path` (below the site's root: `/article/x`, `/category/a?page=2`) of
/// `site`, as published at `base` (the site root's absolute URL, with a trailing
/// slash), in `locale`: the HTML of the page's `<body>` content (the app's frame and
/// the route's view).
pub fn page(site: Arc<Site>, base: &str, path: &str, locale: Locale) -> String {
    page_with_body(site, base, path, locale, None)
}

/// `page`, with an article's rendered body at hand (an article page cannot fetch its
/// body natively: without it the page shows its loading placeholder).
pub fn page_with_body(
    site: Arc<Site>,
    base: &str,
    path: &str,
    locale: Locale,
    body: Option<BodyAtHand>,
) -> String {
    let base = Base::from_href(base);
    // A shared render context marks this as a render outside the browser: window
    // listeners are not added (Leptos's `is_server`).
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let html = owner.with(|| {
        provide_meta_context();
        provide_context(RequestUrl::new(&format!("{}{path}", base.path)));
        provide_context(I18n::fixed(locale));
        provide_context(base.clone());
        let sources = Sources::of(base.catalog_url(), site);
        provide_context(sources);
        let shown = sources.shown();
        provide_context(shown);
        provide_context(SearchContext::new(sources));
        // What a first-time reader gets; theme.js and style.css adjust the page to a
        // saved choice before it is drawn.
        provide_context(Pictures::fixed(RemoteImages::Always));
        if let Some(body) = body {
            provide_context(body);
        }
        view! { <Pages base=base /> }.to_html()
    });
    html
}
