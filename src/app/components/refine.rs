//! The search results' controls: sort order, active filters (removable), and facets
//! (category tree, tags, authors, years/months) with live counts for the current query.
//! Every control is a plain link to another `SearchState` URL, so the router handles
//! it, the view is shareable, and back/forward restores it; choosing a filter always
//! returns to page 1.

use leptos::prelude::*;

use crate::app::i18n::Locale;
use crate::app::scroll::use_list_memory;
use crate::core::catalog::{CategoryNode, Facet, YearBucket};
use crate::core::search::{Facets, SearchState, Sort};

/// Tags and authors shown before "more" (the rest stay one click away).
const TOP_NAMES: usize = 12;

/// `state` with `change` applied, on page 1, as a link on the results page.
fn href(pathname: &str, state: &SearchState, change: impl FnOnce(&mut SearchState)) -> String {
    let mut st = state.clone();
    change(&mut st);
    st.page = 1;
    let qs = st.to_query_string();
    if qs.is_empty() {
        pathname.to_owned()
    } else {
        format!("{pathname}?{qs}")
    }
}

/// Sort links: relevance (only with a query), newest, oldest. The controls here are
/// redrawn with the results (and when the language changes): `locale` is a plain value.
#[component]
pub fn SortLinks(state: SearchState, pathname: String, locale: Locale) -> impl IntoView {
    let memory = use_list_memory();
    let t = locale.t();
    let browsing = state.q.trim().is_empty();
    // With no query, relevance means newest (the index sorts browse views by date).
    let current = if browsing && state.sort == Sort::Relevance {
        Sort::Newest
    } else {
        state.sort
    };
    let options: Vec<(Sort, &str)> = [
        (Sort::Relevance, t.relevance),
        (Sort::Newest, t.newest),
        (Sort::Oldest, t.oldest),
    ]
    .into_iter()
    .filter(|(s, _)| !(browsing && *s == Sort::Relevance))
    .collect();
    let links = options
        .into_iter()
        .map(|(sort, label)| {
            let link = href(&pathname, &state, |st| st.sort = sort);
            let is_current = sort == current;
            view! {
                <li>
                    <a
                        class="bs-sort-link"
                        href=link
                        on:click=move |ev| memory.follow_in_page(ev)
                        data-sort=sort.as_str()
                        aria-current=is_current.then_some("true")
                    >
                        {label}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="bs-sort" aria-label=t.sort_results>
            <span class="bs-sort-label">{t.sort}</span>
            <ul>{links}</ul>
        </nav>
    }
}

/// The filters in effect, each a chip whose link removes it.
#[component]
pub fn ActiveFilters(state: SearchState, pathname: String, locale: Locale) -> impl IntoView {
    let memory = use_list_memory();
    let mut chips: Vec<(String, String, &'static str)> = Vec::new();
    if !state.category.is_empty() {
        chips.push((
            state.category.join(" › "),
            href(&pathname, &state, |st| st.category.clear()),
            "category",
        ));
    }
    if let Some(t) = &state.tag {
        chips.push((
            format!("#{t}"),
            href(&pathname, &state, |st| st.tag = None),
            "tag",
        ));
    }
    if let Some(a) = &state.author {
        chips.push((
            a.clone(),
            href(&pathname, &state, |st| st.author = None),
            "author",
        ));
    }
    if let Some(y) = state.year {
        let label = match state.month {
            Some(m) => locale.month_year(y, m),
            None => locale.year(y),
        };
        chips.push((
            label,
            href(&pathname, &state, |st| {
                st.year = None;
                st.month = None;
            }),
            "date",
        ));
    }
    if chips.is_empty() {
        return ().into_any();
    }
    let items = chips
        .into_iter()
        .map(|(label, link, kind)| {
            let aria = locale.remove_filter(&label);
            view! {
                <li>
                    <a
                        class="bs-chip bs-active-filter"
                        data-filter=kind
                        href=link
                        aria-label=aria
                        on:click=move |ev| memory.follow_in_page(ev)
                    >
                        <span>{label}</span>
                        <span class="bs-chip-x" aria-hidden="true">"×"</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="bs-chips bs-active-filters">{items}</ul> }.into_any()
}

/// The facet panel.
#[component]
pub fn FacetPanel(
    state: SearchState,
    facets: Facets,
    pathname: String,
    locale: Locale,
) -> impl IntoView {
    let Facets {
        categories,
        tags,
        authors,
        years,
    } = facets;
    let (l, t) = (locale, locale.t());
    let cats = (!categories.is_empty()).then(|| {
        view! {
            <details class="bs-facet" data-facet="category" open>
                <summary>{t.category}</summary>
                {category_list(&categories, &state, &pathname, 0, l)}
            </details>
        }
    });
    let tag_list = name_list(
        &tags,
        ("tag", t.tags),
        &state,
        &pathname,
        state.tag.clone(),
        |st, v| st.tag = v,
        l,
    );
    let author_list = name_list(
        &authors,
        ("author", t.authors),
        &state,
        &pathname,
        state.author.clone(),
        |st, v| st.author = v,
        l,
    );
    let dates = (!years.is_empty()).then(|| {
        view! {
            <details class="bs-facet" data-facet="date" open>
                <summary>{t.date}</summary>
                {year_list(&years, &state, &pathname, l)}
            </details>
        }
    });
    // Which results the counts are for (the panel follows the results a frame later).
    let drawn_for = state.to_query_string();
    view! {
        <aside class="bs-refine" aria-label=t.refine_results data-state=drawn_for>
            {cats}
            {tag_list}
            {author_list}
            {dates}
        </aside>
    }
}

/// One facet value: a link that selects it (or clears it when it is selected).
fn facet_link(
    label: String,
    count: usize,
    link: String,
    selected: bool,
    l: Locale,
) -> impl IntoView {
    let memory = use_list_memory();
    view! {
        <a
            class="bs-facet-link"
            href=link
            aria-current=selected.then_some("true")
            on:click=move |ev| memory.follow_in_page(ev)
        >
            <span class="bs-facet-name">{label}</span>
            <span class="bs-count">{l.number(count)}</span>
        </a>
    }
}

fn category_list(
    nodes: &[CategoryNode],
    state: &SearchState,
    pathname: &str,
    depth: usize,
    l: Locale,
) -> AnyView {
    let items = nodes
        .iter()
        .map(|n| {
            let selected = state.category == n.path;
            // Inside the selected path (or its ancestors) the next level opens.
            let open = state.category.starts_with(&n.path);
            let path = n.path.clone();
            let link = href(pathname, state, move |st| {
                st.category = if selected { Vec::new() } else { path }
            });
            let children = (open && !n.children.is_empty() && depth < 8)
                .then(|| category_list(&n.children, state, pathname, depth + 1, l));
            view! {
                <li>
                    {facet_link(n.name.clone(), n.count, link, selected, l)}
                    {children}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="bs-facet-list">{items}</ul> }.into_any()
}

fn name_list(
    values: &[Facet],
    (kind, title): (&'static str, &'static str),
    state: &SearchState,
    pathname: &str,
    selected: Option<String>,
    set: fn(&mut SearchState, Option<String>),
    l: Locale,
) -> Option<AnyView> {
    if values.is_empty() {
        return None;
    }
    let item = move |f: &Facet, state: &SearchState, pathname: &str, selected: Option<&str>| {
        let is_sel = selected == Some(f.name.as_str());
        let value = (!is_sel).then(|| f.name.clone());
        let link = href(pathname, state, move |st| set(st, value));
        view! { <li>{facet_link(f.name.clone(), f.count, link, is_sel, l)}</li> }
    };
    // The selected value always shows, even when it is not among the top ones.
    let (mut top, mut rest): (Vec<&Facet>, Vec<Facet>) = (Vec::new(), Vec::new());
    for (i, f) in values.iter().enumerate() {
        if i < TOP_NAMES || selected.as_deref() == Some(f.name.as_str()) {
            top.push(f);
        } else {
            rest.push(f.clone());
        }
    }
    let top = top
        .into_iter()
        .map(|f| item(f, state, pathname, selected.as_deref()))
        .collect_view();
    // The rest is drawn only when opened: a big site has thousands of tags and authors,
    // and the panel is redrawn as the query is typed.
    let more = (!rest.is_empty()).then(|| {
        let n = rest.len();
        let opened = RwSignal::new(false);
        let (state, pathname) = (state.clone(), pathname.to_owned());
        let list = move || {
            opened.get().then(|| {
                let items = rest
                    .iter()
                    .map(|f| item(f, &state, &pathname, selected.as_deref()))
                    .collect_view();
                view! { <ul class="bs-facet-list">{items}</ul> }
            })
        };
        view! {
            <details class="bs-facet-more" on:toggle=move |_| opened.set(true)>
                <summary>{l.more(n)}</summary>
                {list}
            </details>
        }
    });
    Some(
        view! {
            <details class="bs-facet" data-facet=kind open>
                <summary>{title}</summary>
                <ul class="bs-facet-list">{top}</ul>
                {more}
            </details>
        }
        .into_any(),
    )
}

fn year_list(years: &[YearBucket], state: &SearchState, pathname: &str, l: Locale) -> AnyView {
    let items = years
        .iter()
        .map(|y| {
            let year = y.year;
            let selected = state.year == Some(year) && state.month.is_none();
            let link = href(pathname, state, move |st| {
                st.year = (!selected).then_some(year);
                st.month = None;
            });
            let months = (state.year == Some(year)).then(|| {
                let items = y
                    .months
                    .iter()
                    .map(|m| {
                        let month = m.month;
                        let sel = state.month == Some(month);
                        let link = href(pathname, state, move |st| {
                            st.year = Some(year);
                            st.month = (!sel).then_some(month);
                        });
                        view! { <li>{facet_link(l.month(month), m.count, link, sel, l)}</li> }
                    })
                    .collect_view();
                view! { <ul class="bs-facet-list">{items}</ul> }
            });
            view! {
                <li>
                    {facet_link(l.year(year), y.count, link, selected, l)}
                    {months}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="bs-facet-list">{items}</ul> }.into_any()
}
