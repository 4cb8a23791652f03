//! `/`: every article, newest first (`?page=` pages). With `?q=` it is the search
//! results page: the whole catalog searched (full text once `search.bin` is loaded),
//! ranked, matches marked; all its state (`q`, `sort`, `page`, filters) is the URL's
//! `SearchState`, so a search link opened cold shows the same results.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_query_map};

use crate::app::components::card::{article_list, pagination, SearchCard, PAGE_SIZE};
use crate::app::components::refine::{ActiveFilters, FacetPanel, SortLinks};
use crate::app::components::status::{with_site, ListSkeleton};
use crate::app::lists::ListKind;
use crate::app::scroll;
use crate::app::search::{Found, SearchContext, Searcher};
use crate::app::{Site, SITE_NAME};
use crate::core::search::SearchState;

#[component]
pub fn Home() -> impl IntoView {
    let loc = use_location();
    let query = use_query_map();
    let search = expect_context::<SearchContext>();
    let body = with_site(move |site| {
        // The route's query map (not `use_location`): it stops updating once we navigate
        // away, so this page never redraws itself for the next page's URL.
        let state = SearchState::from_query_string(&query.read().to_query_string());
        if state.q.trim().is_empty() && state.filters().is_empty() {
            let total = site.catalog.articles.len();
            let list = ListKind::Latest { q: String::new() };
            return view! {
                <header class="bs-page-head">
                    <h1 class="bs-page-title">"Latest"</h1>
                    <p class="bs-page-sub">{format!("{total} articles")}</p>
                </header>
                {article_list(list.articles(&site.catalog), state.page, "No articles match.")}
            }
            .into_any();
        }
        search.ensure();
        let pathname = loc.pathname.get_untracked();
        results(&site, state, search.ready.get(), pathname)
    });
    view! {
        <Title text=SITE_NAME />
        {body}
    }
}

/// The results page (a skeleton until the index can answer).
fn results(site: &Site, state: SearchState, searcher: Option<Arc<Searcher>>, pathname: String) -> AnyView {
    let q = state.q.trim().to_owned();
    let state_q = state.q.clone();
    let state_qs = state.to_query_string();
    let Some(searcher) = searcher else {
        return view! {
            <header class="bs-page-head"><h1 class="bs-page-title">"Search"</h1></header>
            <ListSkeleton />
        }
        .into_any();
    };
    let query = state.query();
    let ctx = expect_context::<SearchContext>();
    let Found { results: found, settled } =
        ctx.search(&searcher, &query, state.sort, (state.page - 1) * PAGE_SIZE, PAGE_SIZE);
    let total = found.total;
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let articles: Vec<_> = found.hits.iter().filter_map(|h| site.catalog.articles.get(h.doc).cloned()).collect();
    let count = match total {
        1 => "1 result".to_owned(),
        n => format!("{n} results"),
    };
    let facets = found.facets;
    scroll::set_last_list();
    scroll::restore_if_requested();
    let tools_state = state.clone();
    let tools_path = pathname.clone();
    let list = if articles.is_empty() {
        let msg = match (total, q.is_empty()) {
            (0, false) => format!("No articles match “{q}”."),
            (0, true) => "No articles match these filters.".to_owned(),
            _ => "No more results.".to_owned(),
        };
        view! { <p class="bs-empty bs-no-results">{msg}</p> }.into_any()
    } else {
        let page = state.page;
        let href = move |n: usize| {
            let mut st = state.clone();
            st.page = n;
            format!("{pathname}?{}", st.to_query_string())
        };
        view! {
            <div class="bs-list bs-results" data-total=total.to_string() data-page=page.to_string()>
                {articles.into_iter().map(|a| view! { <SearchCard article=a query=query.clone() /> }).collect_view()}
            </div>
            {pagination(page, pages, href)}
        }
        .into_any()
    };
    let title = if q.is_empty() { "Filtered articles".to_owned() } else { format!("Search: “{q}”") };
    view! {
        <header class="bs-page-head">
            <h1 class="bs-page-title">{title}</h1>
            <p
                class="bs-page-sub bs-result-count"
                role="status"
                data-q=state_q
                data-state=state_qs
                data-complete=settled.to_string()
                data-full-text=searcher.full_text.to_string()
            >
                {count}
                {(!settled).then(|| view! { <span class="bs-searching">" · searching full text…"</span> })}
            </p>
            <div class="bs-search-bar">
                <SortLinks state=tools_state.clone() pathname=tools_path.clone() />
                <ActiveFilters state=tools_state.clone() pathname=tools_path.clone() />
            </div>
        </header>
        <div class="bs-search-layout">
            <div class="bs-search-results">{list}</div>
            <FacetPanel state=tools_state facets=facets pathname=tools_path />
        </div>
    }
    .into_any()
}
