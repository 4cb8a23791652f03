//! Article lists: cards, paging, the category path shown on a card.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

use super::thumb::Thumb;
use crate::app::api;
use crate::app::boot::{later, stage};
use crate::app::components::status::{CatalogError, ListSkeleton};
use crate::app::i18n::{time_view, tr, use_i18n, Messages};
use crate::app::links::{self, Base};
use crate::app::lists::ListKind;
use crate::app::scroll::use_list_memory;
use crate::app::site::Site;
use crate::core::article::Article;
use crate::core::search::{contains_match, highlight, snippet, Query, Segment, SNIPPET_CHARS};

/// How long a search result card waits before fetching its body for a snippet.
const SNIPPET_DELAY_MS: u64 = 250;

/// Articles per list page.
pub const PAGE_SIZE: usize = 20;

/// One list item: `<article class="bs-card">` whose title links to the article.
#[component]
pub fn ArticleCard(article: Article) -> impl IntoView {
    let base = expect_context::<Base>();
    let memory = use_list_memory();
    let href = base.to(&links::article(&article.slug));
    let label = article.thumb_label();
    let i18n = use_i18n();
    let date = time_view("bs-date", article.date.clone());
    let author = article.author.clone();
    let cat = article.categories.first().cloned();
    let cat_view = cat.map(|path| {
        let href = base.to(&links::category(&path));
        view! { <a class="bs-card-cat" href=href>{path.join(" › ")}</a> }
    });
    let minutes = article.reading_minutes;
    // The article's language on its own words (title, excerpt), not on the card's
    // labels: fonts, and the voice a screen reader reads them in.
    let lang = article.lang();
    view! {
        <article class="bs-card">
            <Thumb image=article.thumbnail.clone() label=label seed=article.title.clone() />
            <div class="bs-card-body">
                <h2 class="bs-card-title" lang=lang.clone()>
                    <a href=href on:click=move |_| memory.remember_position()>
                        {article.title.clone()}
                    </a>
                </h2>
                <p class="bs-meta">
                    {date}
                    {author.map(|a| view! { <span class="bs-author">{a}</span> })}
                    {cat_view}
                    {(minutes > 0).then(|| view! { <span class="bs-minutes">{move || i18n.get().minutes(minutes)}</span> })}
                </p>
                <p class="bs-excerpt" lang=lang>{article.excerpt.clone()}</p>
            </div>
        </article>
    }
}

/// Text segments as text nodes, matches inside `<mark>` (never markup from the article).
fn marked(segments: Vec<Segment<'_>>) -> Vec<AnyView> {
    segments
        .into_iter()
        .map(|s| {
            let text = s.text.to_owned();
            if s.is_match {
                view! { <mark class="bs-mark">{text}</mark> }.into_any()
            } else {
                text.into_any()
            }
        })
        .collect()
}

/// A search result: an `ArticleCard` whose title and snippet mark the matched terms.
/// The snippet comes from the excerpt when the match is there; else the article's body
/// is fetched (full-text hits) and the snippet shows the match in context. `query` is
/// reactive: the results page keeps a card while it stays in the results and only its
/// marks and snippet follow the typing.
#[component]
pub fn SearchCard(article: Article, site: Arc<Site>, query: Memo<Query>) -> impl IntoView {
    let base = expect_context::<Base>();
    let memory = use_list_memory();
    let href = base.to(&links::article(&article.slug));
    let label = article.thumb_label();
    let date = time_view("bs-date", article.date.clone());
    let author = article.author.clone();
    let cat_view = article.categories.first().cloned().map(|path| {
        let href = base.to(&links::category(&path));
        view! { <a class="bs-card-cat" href=href>{path.join(" › ")}</a> }
    });
    let title_text = article.title.clone();
    let title = move || query.with(|q| marked(highlight(&title_text, q)));
    let excerpt_text = Arc::<str>::from(article.excerpt.as_str());
    let needs_body = {
        let excerpt_text = Arc::clone(&excerpt_text);
        Memo::new(move |_| query.with(|q| !q.terms.is_empty() && !contains_match(&excerpt_text, q)))
    };
    let body_text: RwSignal<Option<Arc<str>>> = RwSignal::new(None);
    let fetched = RwSignal::new(false);
    let scheduled = StoredValue::new(false);
    let (thumb, seed) = (article.thumbnail.clone(), article.title.clone());
    let lang = article.lang();
    Effect::new(move |_| {
        if !needs_body.get() || scheduled.get_value() {
            return;
        }
        scheduled.set_value(true);
        // Only once the card has stayed on screen a moment: while a query is being
        // typed results come and go, and fetching (and sanitizing) bodies for cards
        // about to vanish would slow the typing down.
        let (base, site, article) = (base.clone(), Arc::clone(&site), article.clone());
        set_timeout(
            move || {
                crate::app::browser::queue_when_idle(async move {
                    if fetched.try_get_untracked().is_none() {
                        return; // the card is gone
                    }
                    let text = api::load_text(base, site, article).await.ok();
                    let _ = body_text.try_set(text);
                    let _ = fetched.try_set(true);
                });
            },
            std::time::Duration::from_millis(SNIPPET_DELAY_MS),
        );
    });
    // `data-pending` until the body is in (tests and scripts can wait for it).
    let pending = move || (needs_body.get() && !fetched.get()).then_some("true");
    let excerpt = move || {
        query.with(|q| {
            // The body's snippet when the match is in the body (the snippet stops
            // tokenizing once it has its window), else the excerpt's.
            let body = if needs_body.get() {
                body_text.get()
            } else {
                None
            };
            match body
                .as_deref()
                .map(|t| snippet(t, q, SNIPPET_CHARS))
                .filter(|segs| segs.iter().any(|s| s.is_match))
            {
                Some(segs) => {
                    view! { <span class="bs-body-snippet">{marked(segs)}</span> }.into_any()
                }
                None => marked(snippet(&excerpt_text, q, SNIPPET_CHARS)).into_any(),
            }
        })
    };
    view! {
        <article class="bs-card bs-result">
            <Thumb image=thumb label=label seed=seed />
            <div class="bs-card-body">
                <h2 class="bs-card-title" lang=lang.clone()>
                    <a href=href on:click=move |_| memory.remember_position()>
                        {title}
                    </a>
                </h2>
                <p class="bs-meta">
                    {date}
                    {author.map(|a| view! { <span class="bs-author">{a}</span> })}
                    {cat_view}
                </p>
                <p class="bs-excerpt bs-snippet" data-pending=pending lang=lang>
                    {excerpt}
                </p>
            </div>
        </article>
    }
}

/// Which page of a list the address asks for (1-based): the route's `/page/n`, else
/// `?page=n` (the links of earlier versions). Call it where it should be tracked (a
/// page's render closure), not inside a component body (untracked).
pub fn page_param() -> usize {
    let params = use_params_map();
    let q = use_query_map();
    params
        .read()
        .get("page")
        .or_else(|| q.read().get("page"))
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1)
}

/// A page of a list of articles (`all` is the whole list, newest first) with paging.
/// Only the shown page is cloned, so 10,000-article lists stay cheap.
/// `empty` picks the message shown when the list has nothing.
pub fn article_list<'a>(
    all: impl Iterator<Item = &'a Article>,
    page: usize,
    empty: fn(&'static Messages) -> &'static str,
) -> AnyView {
    let all: Vec<&Article> = all.collect();
    let total = all.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let items: Vec<Article> = all
        .iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .map(|a| (*a).clone())
        .collect();
    list_page(total, page, items, empty)
}

/// Page `page` of the list `kind` of `site`: drawn at once from a site held whole;
/// for a site read in pieces, fetched (the list's chunk and its articles' blocks)
/// with a skeleton meanwhile.
pub fn list_view(
    site: &Site,
    kind: ListKind,
    page: usize,
    empty: fn(&'static Messages) -> &'static str,
) -> AnyView {
    let Some(shards) = site.shards.clone() else {
        return article_list(kind.articles(&site.catalog), page, empty);
    };
    // Fetched before (Back to a list): drawn at once, without a skeleton frame.
    if let Some(p) = shards.cached_list_page(&kind, page, PAGE_SIZE) {
        return list_page(p.total, p.page, p.articles, empty);
    }
    let fetched = LocalResource::new(move || {
        let (shards, kind) = (Arc::clone(&shards), kind.clone());
        async move { shards.list_page(&kind, page, PAGE_SIZE).await }
    });
    (move || match fetched.get() {
        None => view! { <ListSkeleton /> }.into_any(),
        Some(Err(e)) => view! { <CatalogError message=e /> }.into_any(),
        Some(Ok(p)) => list_page(p.total, p.page, p.articles, empty),
    })
    .into_any()
}

/// The markup of a list page: its cards and the pager.
fn list_page(
    total: usize,
    page: usize,
    items: Vec<Article>,
    empty: fn(&'static Messages) -> &'static str,
) -> AnyView {
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    // Once drawn: the list "back" returns to, scrolled back if asked.
    let memory = use_list_memory();
    Effect::new(move |_| memory.list_drawn());
    if items.is_empty() {
        return view! { <p class="bs-empty">{tr(empty)}</p> }.into_any();
    }
    // A few cards per task while the app's first frame is built (`boot`).
    let mut parts = Vec::new();
    let mut items = items.into_iter();
    loop {
        let part: Vec<Article> = items.by_ref().take(CARDS_PER_PART).collect();
        if part.is_empty() {
            break;
        }
        // After the route's own part (the list's heading, filters and pager, whose
        // code runs for the first time then).
        let at = stage::after_route(parts.len());
        parts.push(later(at, move || {
            part.into_iter()
                .map(|a| view! { <ArticleCard article=a /> })
                .collect_view()
        }));
    }
    view! {
        <div class="bs-list" data-total=total.to_string() data-page=page.to_string()>
            {parts}
        </div>
        <Pagination page=page pages=pages />
    }
    .into_any()
}

/// Cards drawn per task while the app's first frame is built (`boot`): a page's 20 in
/// the three parts after the route's own. (Drawn with the route, the first cards made
/// that the frame's longest task: 7.6–10.8 ms here on a list page at 10,000 articles,
/// near the 12.5 ms that Lighthouse's 4x slowdown counts as long.)
const CARDS_PER_PART: usize = 7;

#[component]
pub fn Pagination(page: usize, pages: usize) -> impl IntoView {
    let loc = use_location();
    let query = use_query_map();
    let base = expect_context::<Base>();
    let pathname = loc.pathname.get_untracked();
    let q = query.read_untracked().get("q");
    pagination(page, pages, move |n: usize| {
        links::with_page(&base, &pathname, q.as_deref(), n)
    })
}

/// The pager markup; `href(n)` is page n's URL.
pub fn pagination(page: usize, pages: usize, href: impl Fn(usize) -> String) -> AnyView {
    if pages <= 1 {
        return ().into_any();
    }
    // First, last, and a window around the current page.
    let mut shown: Vec<usize> = (1..=pages)
        .filter(|&n| n == 1 || n == pages || n.abs_diff(page) <= 2)
        .collect();
    shown.dedup();
    let mut items = Vec::new();
    let mut prev_n = 0;
    for n in shown {
        if n > prev_n + 1 {
            items.push(view! { <li class="bs-page-gap" aria-hidden="true">"…"</li> }.into_any());
        }
        prev_n = n;
        let current = (n == page).then_some("page");
        items.push(
            view! {
                <li>
                    <a class="bs-page-link" class:bs-current=n == page href=href(n) aria-current=current>
                        {n.to_string()}
                    </a>
                </li>
            }
            .into_any(),
        );
    }
    view! {
        <nav class="bs-pagination" aria-label=tr(|m| m.pages)>
            {(page > 1)
                .then(|| view! { <a class="bs-page-prev" rel="prev" href=href(page - 1)>{tr(|m| m.newer)}</a> })}
            <ol class="bs-pages">{items}</ol>
            {(page < pages)
                .then(|| view! { <a class="bs-page-next" rel="next" href=href(page + 1)>{tr(|m| m.older)}</a> })}
        </nav>
    }
    .into_any()
}
