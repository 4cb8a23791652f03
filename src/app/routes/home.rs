//! `/`: every article, newest first (`?page=` pages). With `?q=` it is the search
//! results page: the whole catalog searched (full text once `search.bin` is loaded),
//! ranked, matches marked; all its state (`q`, `sort`, `page`, filters) is the URL's
//! `SearchState`, so a search link opened cold shows the same results.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use crate::app::browser;
use crate::app::components::card::{list_view, pagination, SearchCard, PAGE_SIZE};
use crate::app::components::refine::{ActiveFilters, FacetPanel, SortLinks};
use crate::app::components::status::{with_searched, with_shown, ListSkeleton, SkeletonCard};
use crate::app::i18n::{tr, use_i18n};
use crate::app::lists::ListKind;
use crate::app::scroll::use_list_memory;
use crate::app::search::{Found, SearchContext};
use crate::app::site::{Site, SiteId, SITE_NAME};
use crate::core::article::Article;
use crate::core::search::{Query, SearchResults, SearchState};

/// Result cards drawn in the frame that answers a keystroke (about a screenful).
const FIRST_CARDS: usize = 6;

#[component]
pub fn Home() -> impl IntoView {
    let loc = use_location();
    let query = use_query_map();
    let params = use_params_map();
    let search = expect_context::<SearchContext>();
    let memory = use_list_memory();
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
            memory.list_moved();
        }
    });
    // Only switching between the latest list and the results page redraws the page;
    // a keystroke updates the results page in place (see `Results`).
    let browsing =
        Memo::new(move |_| state.with(|s| s.q.trim().is_empty() && s.filters().is_empty()));
    let i18n = use_i18n();
    let body = with_shown(move |site| {
        if browsing.get() {
            let total = site
                .shards
                .as_ref()
                .map_or(site.catalog.articles.len(), |s| s.manifest.articles);
            // `/page/n` (`?page=n` in earlier versions' links).
            let page = Memo::new(move |_| {
                params
                    .read()
                    .get("page")
                    .and_then(|p| p.parse::<usize>().ok())
                    .map_or_else(|| state.with(|s| s.page), |p| p.max(1))
            });
            let site = Arc::clone(&site);
            let list = move || {
                list_view(
                    &site,
                    ListKind::Latest { q: String::new() },
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
        // Results need every article at hand (a site read in pieces is loaded whole).
        let pathname = loc.pathname.get_untracked();
        with_searched(
            move |site| view! { <Results site=site state=state pathname=pathname.clone() /> },
        )
        .into_any()
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
    /// The page's documents, in order, with their articles once at hand (a card
    /// block on its way shows a placeholder card meanwhile).
    cards: Vec<(usize, Option<Article>)>,
    settled: bool,
    full_text: bool,
    /// Whether `results.facets` holds the counts.
    facets_ready: bool,
}

/// The results page's state for one visit: what the index answers for the URL state,
/// and how much of that answer is drawn yet.
#[derive(Clone, Copy)]
struct ResultsView {
    state: Memo<SearchState>,
    query: Memo<Query>,
    /// `None` until the index can answer.
    shown: Memo<Option<Shown>>,
    /// The documents of the page of results, in order, and whether each one's
    /// article is at hand.
    docs: Memo<Vec<(usize, bool)>>,
    /// Whether the index can answer (what switches the page from its skeleton; a memo,
    /// so a keystroke does not redraw the page, only what its answer changes).
    ready: Memo<bool>,
    /// Whether the page of results has any.
    has_hits: Memo<bool>,
    /// Bumped whenever the documents change (an answer to draw).
    generation: Memo<u32>,
    /// The generation whose cards are all drawn: a keystroke draws the first
    /// `FIRST_CARDS` in its frame, the rest follow once that frame is painted.
    drawn_for: RwSignal<u32>,
    /// Bumped when the facet panel is to be redrawn (a task after the cards).
    facets_for: RwSignal<u32>,
}

impl ResultsView {
    fn new(site: SiteId, state: Memo<SearchState>) -> ResultsView {
        let ctx = expect_context::<SearchContext>();
        let query = Memo::new(move |_| state.with(|s| s.query()));
        let shown = Memo::new(move |prev: Option<&Option<Shown>>| {
            // The index of this very site (document numbers are positions in its catalog).
            let searcher = ctx.ready.get().filter(|s| s.indexes(site))?;
            let (sort, page) = state.with(|s| (s.sort, s.page));
            let Found {
                results,
                cards,
                settled,
                facets_ready,
            } = query.with(|q| ctx.search(&searcher, q, sort, (page - 1) * PAGE_SIZE, PAGE_SIZE));
            match cards {
                Some(cards) => Some(Shown {
                    results,
                    cards,
                    settled,
                    full_text: searcher.full_text,
                    facets_ready,
                }),
                // Filters waiting for the facet columns (a site read in pieces): the
                // last answer stays, marked unsettled, until they are in.
                None => prev.cloned().flatten().map(|mut s| {
                    s.settled = false;
                    s
                }),
            }
        });
        let docs = Memo::new(move |_| {
            shown.with(|s| {
                s.as_ref()
                    .map(|s| {
                        s.cards
                            .iter()
                            .map(|(d, a)| (*d, a.is_some()))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        });
        let generation = Memo::new(move |prev: Option<&u32>| {
            docs.track();
            prev.map_or(0, |p| p.wrapping_add(1))
        });
        ResultsView {
            state,
            query,
            shown,
            docs,
            ready: Memo::new(move |_| shown.with(Option::is_some)),
            has_hits: Memo::new(move |_| docs.with(|d| !d.is_empty())),
            generation,
            drawn_for: RwSignal::new(u32::MAX),
            facets_for: RwSignal::new(0),
        }
    }

    fn ready(self) -> bool {
        self.ready.get()
    }

    /// Every shard the query needs is in (nothing more will arrive).
    fn settled(self) -> bool {
        self.shown.with(|s| s.as_ref().is_some_and(|s| s.settled))
    }

    fn total(self) -> usize {
        self.shown
            .with(|s| s.as_ref().map_or(0, |s| s.results.total))
    }

    fn has_hits(self) -> bool {
        self.has_hits.get()
    }

    /// Complete: every shard in and every card of the page drawn (none waiting for
    /// its card block).
    fn complete(self) -> bool {
        self.settled()
            && self.drawn_for.get() == self.generation.get()
            && self.docs.with(|d| d.iter().all(|(_, at_hand)| *at_hand))
    }

    /// The cards to draw now: all of them once the answer's frame is painted; before
    /// that the first `FIRST_CARDS` plus those already on the page that are still
    /// results (their DOM exists). Building, laying out and painting 20 new cards is
    /// most of a keystroke's cost; the reader sees the top of the list first anyway.
    fn cards(self) -> Memo<Vec<(usize, bool)>> {
        Memo::new(move |prev: Option<&Vec<(usize, bool)>>| {
            let full = self.drawn_for.get() == self.generation.get();
            self.docs.with(|d| {
                if full {
                    return d.clone();
                }
                d.iter()
                    .enumerate()
                    .filter(|(i, doc)| *i < FIRST_CARDS || prev.is_some_and(|p| p.contains(doc)))
                    .map(|(_, doc)| *doc)
                    .collect()
            })
        })
    }

    /// After each answer's frame is painted: the rest of the cards first, then the
    /// facet panel in a task of its own (a keystroke arriving meanwhile goes between
    /// them). The panel's `data-state` tells tests (and readers of the DOM contract)
    /// that the page is complete.
    fn draw_the_rest_after_paint(self) {
        Effect::new(move |_| {
            self.shown.track();
            let generation = self.generation.get_untracked();
            browser::after_next_paint(move || {
                self.drawn_for.try_set(generation);
                browser::when_idle(move || {
                    self.facets_for
                        .try_update(|n| *n = n.wrapping_add(1))
                        .unwrap_or(())
                });
            });
        });
    }
}

/// The results page (a skeleton until the index can answer). Built once per visit and
/// updated in place as the query changes: cards are keyed by article, so a card that
/// stays in the results keeps its DOM and only its marks change, which keeps typing
/// smooth on big sites.
#[component]
fn Results(site: Arc<Site>, state: Memo<SearchState>, pathname: String) -> impl IntoView {
    let ctx = expect_context::<SearchContext>();
    let memory = use_list_memory();
    let view = ResultsView::new(site.id, state);
    Effect::new(move |_| ctx.ensure());
    // Drawn for each address: the list "back" returns to, scrolled back if asked.
    Effect::new(move |_| {
        state.track();
        memory.list_drawn();
    });
    view.draw_the_rest_after_paint();
    move || {
        if !view.ready() {
            return view! {
                <header class="bs-page-head"><h1 class="bs-page-title">{tr(|m| m.search)}</h1></header>
                <ListSkeleton />
            }
            .into_any();
        }
        view! {
            <ResultsHead view=view pathname=pathname.clone() />
            <div class="bs-search-layout">
                <div class="bs-search-results">
                    <ResultCards view=view site=Arc::clone(&site) />
                    <NoResults view=view />
                    <ResultsPager view=view pathname=pathname.clone() />
                </div>
                <ResultsFacets view=view pathname=pathname.clone() />
            </div>
        }
        .into_any()
    }
}

/// Title, result count (with the page's completeness for tests and scripts), sort
/// links and active filters.
#[component]
fn ResultsHead(view: ResultsView, pathname: String) -> impl IntoView {
    let i18n = use_i18n();
    let state = view.state;
    let full_text = view
        .shown
        .with_untracked(|s| s.as_ref().is_some_and(|s| s.full_text));
    let title = move || {
        let l = i18n.get();
        state.with(|s| match s.q.trim() {
            "" => l.t().filtered.to_owned(),
            q => l.search_heading(q),
        })
    };
    let count = move || i18n.get().results(view.total());
    // Only the most frequent completions of the word being typed were searched.
    let cut = move || {
        view.shown
            .with(|s| s.as_ref().and_then(|s| s.results.cut_prefix.clone()))
            .map(|p| {
                let text = {
                    let p = p.clone();
                    move || i18n.get().prefix_cut(&p)
                };
                view! { <p class="bs-prefix-cut" data-prefix=p>{text}</p> }
            })
    };
    let tools = move || {
        let st = state.get();
        let locale = i18n.get();
        view! {
            <SortLinks state=st.clone() pathname=pathname.clone() locale=locale />
            <ActiveFilters state=st pathname=pathname.clone() locale=locale />
        }
    };
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
                data-complete=move || view.complete().to_string()
                data-full-text=full_text.to_string()
            >
                {count}
                {move || (!view.settled()).then(|| view! { <span class="bs-searching">{tr(|m| m.searching_full_text)}</span> })}
            </p>
            {cut}
            <div class="bs-search-bar">{tools}</div>
        </header>
    }
}

/// The result cards, keyed by article.
#[component]
fn ResultCards(view: ResultsView, site: Arc<Site>) -> impl IntoView {
    let cards = view.cards();
    let query = view.query;
    move || {
        let site = Arc::clone(&site);
        view.has_hits().then(|| {
            view! {
                <div
                    class="bs-list bs-results"
                    data-total=move || view.total().to_string()
                    data-page=move || view.state.with(|s| s.page).to_string()
                >
                    // Keyed by article and whether it is at hand: a placeholder is
                    // replaced by its card when the card block arrives.
                    <For
                        each=move || cards.get()
                        key=|card| *card
                        children=move |(doc, _)| {
                            let article = view.shown.with_untracked(|s| {
                                s.as_ref()?.cards.iter().find(|(d, _)| *d == doc).and_then(|(_, a)| a.clone())
                            });
                            match article {
                                Some(a) => view! { <SearchCard article=a site=Arc::clone(&site) query=query /> }.into_any(),
                                None => view! { <SkeletonCard /> }.into_any(),
                            }
                        }
                    />
                </div>
            }
        })
    }
}

/// What an empty page of results says.
#[component]
fn NoResults(view: ResultsView) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        (view.ready() && !view.has_hits()).then(|| {
            let l = i18n.get();
            let msg = view.state.with(|s| match (view.total(), s.q.trim()) {
                (0, "") => l.t().no_filter_match.to_owned(),
                (0, q) => l.no_match(q),
                _ => l.t().no_more_results.to_owned(),
            });
            view! { <p class="bs-empty bs-no-results">{msg}</p> }
        })
    }
}

#[component]
fn ResultsPager(view: ResultsView, pathname: String) -> impl IntoView {
    move || {
        let st = view.state.get();
        let pages = view.total().div_ceil(PAGE_SIZE).max(1);
        let pathname = pathname.clone();
        let page = st.page;
        let href = move |n: usize| {
            let mut st = st.clone();
            st.page = n;
            format!("{pathname}?{}", st.to_query_string())
        };
        view.has_hits().then(|| pagination(page, pages, href))
    }
}

/// The facet panel follows the results once their frame is painted: the cards a
/// keystroke brings are painted first, then the counts (every facet link's URL changes
/// with the query, so redrawing the panel costs as much as the cards).
#[component]
fn ResultsFacets(view: ResultsView, pathname: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        view.facets_for.track();
        let locale = i18n.get();
        let st = view.state.get_untracked();
        let facets = view.shown.with_untracked(|s| {
            s.as_ref()
                .map(|s| s.facets_ready.then(|| s.results.facets.clone()))
        });
        match facets.unwrap_or(Some(Default::default())) {
            Some(facets) => view! { <FacetPanel state=st facets=facets pathname=pathname.clone() locale=locale /> }.into_any(),
            // A site read in pieces: the counts follow once its facet columns are in.
            None => view! { <aside class="bs-refine" aria-busy="true"></aside> }.into_any(),
        }
    }
}
