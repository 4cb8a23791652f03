//! `/`: every article, newest first (`?q=` filters titles, `?page=` pages).

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::app::components::card::{article_list, page_param};
use crate::app::components::status::with_site;
use crate::app::lists::ListKind;
use crate::app::SITE_NAME;

#[component]
pub fn Home() -> impl IntoView {
    let query = use_query_map();
    let body = with_site(move |site| {
        let q = query.read().get("q").unwrap_or_default();
        let page = page_param();
        let total = site.catalog.articles.len();
        let list = ListKind::Latest { q: q.clone() };
        let heading = if q.trim().is_empty() {
            view! { <h1 class="bs-page-title">"Latest"</h1> <p class="bs-page-sub">{format!("{total} articles")}</p> }.into_any()
        } else {
            view! { <h1 class="bs-page-title">{format!("Titles with “{}”", q.trim())}</h1> }.into_any()
        };
        view! {
            <header class="bs-page-head">{heading}</header>
            {article_list(list.articles(&site.catalog), page, "No articles match.")}
        }
    });
    view! {
        <Title text=SITE_NAME />
        {body}
    }
}
