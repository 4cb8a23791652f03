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
use crate::app::i18n::{tr, use_i18n};
use crate::app::lists::ListKind;
use crate::app::search::{Found, SearchContext};
use crate::app::{frames, scroll, Site, SITE_NAME};
use crate::core::search::{SearchResults, SearchState};

/// Result cards drawn in the frame that answers a keystroke (about a screenful).
const FIRST_CARDS: usize = 6;

#[component]
pub fn Home() -> impl IntoView {
    let loc = use_location();
    let query = use_query_map();
    let search = expect_context::<SearchContext>();
    // The route's query map (not `use_location`): it stops updating once we navigate
    // away, so this page never redraws itself for the next page's URL.
    let state = Memo::new(move |_| {
        let mut st = SearchState::from_query_string(&query.read().to_query_string());
        // Text typed whose address is not written yet (SearchContext::type_ahead).
        if let Some(q) = search.typed.get() {
            st.q = q;
            st.page = 1;
        }
        st
    });
    // Any other change of address (a link, Back/Forward) ends a pending late write;
    // ours arrives with the typed text already shown.
    Effect::new(move |prev: Option<()>| {
        let url_q = query.read().get("q");
        if prev.is_some()
            && search
                .typed
                .with_untracked(|t| t.is_some() && t.as_deref() != url_q.as_deref().map(str::trim))
        {
            search.cancel_type_ahead();
        }
        // The list "back" returns to is this page's real address, written late.
        if prev.is_some() {
            scroll::set_last_list();
        }
    });
    // Only switching between the latest list and the results page redraws the page;
    // a keystroke updates the results page in place (see `Results`).
    let browsing =
        Memo::new(move |_| state.with(|s| s.q.trim().is_empty() && s.filters().is_empty()));
    let i18n = use_i18n();
    let body = with_site(move |site| {
        if browsing.get() {
            let total = site.catalog.articles.len();
            let page = Memo::new(move |_| state.with(|s| s.page));
            let list = move || {
                article_list(
                    ListKind::Latest { q: String::new() }.articles(&site.catalog),
                    page.get(),
                    |m| m.no_articles,
                )
            };
            return view! {
                <header class="bs-page-head">
                    <h1 class="bs-page-title">{tr(|m| m.latest)}</h1>
                    <p class="bs-page-sub">{move || i18n.get().articles(total)}</p>
                </header>
                {list}
            }
            .into_any();
        }
        search.ensure();
        view! { <Results site=site state=state pathname=loc.pathname.get_untracked() /> }.into_any()
    });
    view! {
        <Title text=SITE_NAME />
        {body}
    }
}

/// What the results page shows for one URL state (compared, so an unchanged answer,
/// e.g. a keystroke that only adds a space, redraws nothing).
#[derive(Clone, PartialEq)]
struct Shown {
    results: SearchResults,
    settled: bool,
    full_text: bool,
}

/// The results page (a skeleton until the index can answer). Built once per visit and
/// updated in place as the query changes: cards are keyed by article, so a card that
/// stays in the results keeps its DOM and only its marks change, which keeps typing
/// smooth on big sites.
#[component]
fn Results(site: Arc<Site>, state: Memo<SearchState>, pathname: String) -> impl IntoView {
    let ctx = expect_context::<SearchContext>();
    let i18n = use_i18n();
    let query = Memo::new(move |_| state.with(|s| s.query()));
    let shown = Memo::new(move |_| {
        let searcher = ctx.ready.get()?;
        let (sort, page) = state.with(|s| (s.sort, s.page));
        let Found { results, settled } =
            query.with(|q| ctx.search(&searcher, q, sort, (page - 1) * PAGE_SIZE, PAGE_SIZE));
        Some(Shown {
            results,
            settled,
            full_text: searcher.full_text,
        })
    });
    let ready = Memo::new(move |_| shown.with(Option::is_some));
    let settled = move || shown.with(|s| s.as_ref().is_some_and(|s| s.settled));
    let total = move || shown.with(|s| s.as_ref().map_or(0, |s| s.results.total));
    let docs = Memo::new(move |_| {
        shown.with(|s| {
            s.as_ref()
                .map(|s| s.results.hits.iter().map(|h| h.doc).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let has_hits = Memo::new(move |_| docs.with(|d| !d.is_empty()));
    // A keystroke that changes the results draws the first `FIRST_CARDS` cards (and
    // keeps the cards already on the page that are still results: their DOM exists);
    // the rest of the page follows a frame later, with the facet panel. Building,
    // laying out and painting 20 new cards is most of a keystroke's cost; the reader
    // sees the top of the list first anyway.
    let generation = Memo::new(move |prev: Option<&u32>| {
        docs.track();
        prev.map_or(0, |p| p.wrapping_add(1))
    });
    let drawn_for = RwSignal::new(u32::MAX);
    let cards_shown = Memo::new(move |prev: Option<&Vec<usize>>| {
        let full = drawn_for.get() == generation.get();
        docs.with(|d| {
            if full {
                return d.clone();
            }
            d.iter()
                .enumerate()
                .filter(|(i, doc)| *i < FIRST_CARDS || prev.is_some_and(|p| p.contains(doc)))
                .map(|(_, doc)| *doc)
                .collect()
        })
    });

    let title = move || {
        let l = i18n.get();
        state.with(|s| match s.q.trim() {
            "" => l.t().filtered.to_owned(),
            q => l.search_heading(q),
        })
    };
    let count = move || i18n.get().results(total());
    let tools = {
        let pathname = pathname.clone();
        move || {
            let st = state.get();
            let locale = i18n.get();
            scroll::set_last_list();
            scroll::restore_if_requested();
            view! {
                <SortLinks state=st.clone() pathname=pathname.clone() locale=locale />
                <ActiveFilters state=st pathname=pathname.clone() locale=locale />
            }
        }
    };
    let cards = {
        let site = Arc::clone(&site);
        move || {
            let site = Arc::clone(&site);
            has_hits.get().then(|| {
                view! {
                    <div
                        class="bs-list bs-results"
                        data-total=move || total().to_string()
                        data-page=move || state.with(|s| s.page).to_string()
                    >
                        <For
                            each=move || cards_shown.get()
                            key=|doc| *doc
                            children=move |doc| {
                                site.catalog.articles.get(doc).cloned().map(|a| view! { <SearchCard article=a query=query /> })
                            }
                        />
                    </div>
                }
            })
        }
    };
    let empty = move || {
        (ready.get() && !has_hits.get()).then(|| {
            let l = i18n.get();
            let msg = state.with(|s| match (total(), s.q.trim()) {
                (0, "") => l.t().no_filter_match.to_owned(),
                (0, q) => l.no_match(q),
                _ => l.t().no_more_results.to_owned(),
            });
            view! { <p class="bs-empty bs-no-results">{msg}</p> }
        })
    };
    let pager = {
        let pathname = pathname.clone();
        move || {
            let st = state.get();
            let pages = total().div_ceil(PAGE_SIZE).max(1);
            let pathname = pathname.clone();
            let page = st.page;
            let href = move |n: usize| {
                let mut st = st.clone();
                st.page = n;
                format!("{pathname}?{}", st.to_query_string())
            };
            has_hits.get().then(|| pagination(page, pages, href))
        }
    };
    // The facet panel follows the results once their frame is painted: the cards a
    // keystroke brings are painted first, then the counts (every facet link's URL
    // changes with the query, so redrawing the panel costs as much as the cards).
    let facets_for = RwSignal::new(0u32);
    Effect::new(move |_| {
        shown.track();
        let generation = generation.get_untracked();
        frames::after_next_paint(move || {
            // The rest of the cards first, the panel in a task of its own (a keystroke
            // arriving meanwhile goes between them): the panel's `data-state` tells
            // tests (and readers of the DOM contract) that the page is complete.
            drawn_for.try_set(generation);
            frames::when_idle(move || {
                facets_for
                    .try_update(|n| *n = n.wrapping_add(1))
                    .unwrap_or(())
            });
        });
    });
    let facets = move || {
        facets_for.track();
        let locale = i18n.get();
        let st = state.get_untracked();
        let facets = shown
            .with_untracked(|s| s.as_ref().map(|s| s.results.facets.clone()))
            .unwrap_or_default();
        view! { <FacetPanel state=st facets=facets pathname=pathname.clone() locale=locale /> }
    };
    move || {
        if !ready.get() {
            return view! {
                <header class="bs-page-head"><h1 class="bs-page-title">{tr(|m| m.search)}</h1></header>
                <ListSkeleton />
            }
            .into_any();
        }
        let full_text = shown.with_untracked(|s| s.as_ref().is_some_and(|s| s.full_text));
        view! {
            <header class="bs-page-head">
                <h1 class="bs-page-title">{title}</h1>
                <p
                    class="bs-page-sub bs-result-count"
                    role="status"
                    data-q=move || state.with(|s| s.q.clone())
                    data-state=move || state.with(|s| s.to_query_string())
                    // Complete: every shard in and every card of the page drawn (the
                    // cards below the first screen follow the painted frame).
                    data-complete=move || (settled() && drawn_for.get() == generation.get()).to_string()
                    data-full-text=full_text.to_string()
                >
                    {count}
                    {move || (!settled()).then(|| view! { <span class="bs-searching">{tr(|m| m.searching_full_text)}</span> })}
                </p>
                <div class="bs-search-bar">{tools.clone()}</div>
            </header>
            <div class="bs-search-layout">
                <div class="bs-search-results">{cards.clone()} {empty} {pager.clone()}</div>
                {facets.clone()}
            </div>
        }
        .into_any()
    }
}
