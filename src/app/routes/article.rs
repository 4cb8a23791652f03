//! `/article/:slug`: hero, the title (the page's only `<h1>`), meta, category paths,
//! tags, table of contents, the sanitized body, previous/next, back to the list.

use leptos::prelude::*;
use leptos_meta::Title;
use wasm_bindgen::JsCast;

use super::not_found::NotFound;
use super::param;
use crate::app::boot::{later, stage};
use crate::app::components::card::PAGE_SIZE;
use crate::app::components::catnav::CategoryPaths;
use crate::app::components::reading::{self, ImageZoom, ReadingProgress, ShareTools, Zoom};
use crate::app::components::status::{with_shown, BodySkeleton, CatalogError};
use crate::app::components::thumb::Hero;
use crate::app::i18n::{time_view, tr, use_i18n, Messages, Missing};
use crate::app::links::{self, Base};
use crate::app::lists::ListKind;
use crate::app::scroll::use_list_memory;
use crate::app::site::{Site, SiteId, SITE_NAME};
use crate::app::sources::Sources;
use crate::app::{api, search};
use crate::core::article::Article;
use crate::core::body::RenderedBody;
use crate::core::catalog::Catalog;
use crate::core::search::SearchState;

use std::sync::Arc;

/// A table of contents is shown from this many headings on.
const TOC_MIN: usize = 3;

/// The rendered body of the article `slug`, provided where it is known before the
/// page is drawn: a page rendered at build time (`render::page`), which cannot fetch.
#[derive(Clone)]
pub struct BodyAtHand {
    pub slug: String,
    pub body: Arc<RenderedBody>,
}

#[component]
pub fn ArticlePage() -> impl IntoView {
    let memory = use_list_memory();
    Effect::new(move |_| memory.other_page_drawn());
    with_shown(move |site| {
        let slug = param("slug");
        let Some(shards) = site.shards.clone() else {
            return match site.catalog.article(&slug).cloned() {
                Some(a) => {
                    view! { <ArticleView site=site.clone() article=a doc=None /> }.into_any()
                }
                None => view! { <NotFound what=Missing::Article /> }.into_any(),
            };
        };
        // A site read in pieces: opened from a list, its card's block has it (drawn at
        // once); else the slug's bucket, then the article's block.
        if let Some((doc, a)) = shards.cached_article(&slug) {
            return view! { <ArticleView site=site.clone() article=a doc=Some(doc) /> }.into_any();
        }
        let found = LocalResource::new(move || {
            let (shards, slug) = (Arc::clone(&shards), slug.clone());
            async move { shards.article(&slug).await }
        });
        let site = Arc::clone(&site);
        (move || match found.get() {
            None => view! { <BodySkeleton /> }.into_any(),
            Some(Err(e)) => view! { <CatalogError message=e /> }.into_any(),
            Some(Ok(None)) => view! { <NotFound what=Missing::Article /> }.into_any(),
            Some(Ok(Some((doc, a)))) => {
                view! { <ArticleView site=Arc::clone(&site) article=a doc=Some(doc) /> }.into_any()
            }
        })
        .into_any()
    })
}

/// An article's page; `doc`: its number, on a site read in pieces.
#[component]
fn ArticleView(site: Arc<Site>, article: Article, doc: Option<usize>) -> impl IntoView {
    let base = expect_context::<Base>();
    let i18n = use_i18n();
    // A page rendered at build time has its body at hand (`render::page`), and so
    // has the app taking over from one (`prefetch_route`): then it is not fetched.
    let at_hand = use_context::<BodyAtHand>()
        .filter(|b| b.slug == article.slug)
        .map(|b| b.body);
    let body = at_hand.is_none().then(|| {
        let (base, site, article) = (base.clone(), Arc::clone(&site), article.clone());
        LocalResource::new(move || api::load_body(base.clone(), Arc::clone(&site), article.clone()))
    });
    let memory = use_list_memory();
    // A site read in pieces whose articles are at hand whole by now (search loads
    // them) finds the neighbours there: a search's results are only there.
    let whole = use_context::<Sources>().and_then(|s| s.complete().loaded_untracked());
    let prevnext = match (&site.shards, doc, whole) {
        (Some(_), Some(_), Some(whole)) => {
            let (newer, older) = neighbours(&base, &whole, site.id, &article, memory.last_list());
            neighbour_links(&base, newer, older).into_any()
        }
        (Some(shards), Some(doc), None) => {
            let from = sharded_list(&base, memory.last_list());
            // From a search's results (searched in pieces): its neighbours there.
            let in_results = memory
                .last_list()
                .and_then(|u| search::results_for_list_url(&base, site.id, &u))
                .and_then(|docs| {
                    let i = docs.iter().position(|&d| d == doc)?;
                    Some((i.checked_sub(1).map(|j| docs[j]), docs.get(i + 1).copied()))
                });
            // Among all articles, with their blocks at hand (a page written at build
            // time, the app taking over from it): drawn at once.
            let at_hand = match (&from, in_results) {
                (None, None) => shards.cached_neighbours(doc),
                _ => None,
            };
            match at_hand {
                Some((newer, older)) => neighbour_links(&base, newer, older).into_any(),
                None => {
                    let shards = Arc::clone(shards);
                    let found = LocalResource::new(move || {
                        let (shards, from) = (Arc::clone(&shards), from.clone());
                        async move {
                            match in_results {
                                Some((newer, older)) => shards.articles_around(newer, older).await,
                                None => shards.neighbours(doc, from, PAGE_SIZE).await,
                            }
                        }
                    });
                    let base = base.clone();
                    (move || {
                        found
                            .get()
                            .and_then(Result::ok)
                            .map(|(newer, older)| neighbour_links(&base, newer, older))
                    })
                    .into_any()
                }
            }
        }
        _ => {
            let (newer, older) = neighbours(&base, &site, site.id, &article, memory.last_list());
            neighbour_links(&base, newer, older).into_any()
        }
    };
    let back_href = memory.last_list().unwrap_or_else(|| base.home());

    // "updated …" only when it is another day than the date.
    let day = |d: &Option<String>| d.as_deref().and_then(|d| d.get(..10)).map(str::to_owned);
    let updated = article
        .updated
        .clone()
        .filter(|_| day(&article.updated).is_some() && day(&article.updated) != day(&article.date));
    let date = time_view("bs-date", article.date.clone());
    let author = article.author.clone().map(|name| {
        let href = base.to(&links::author(&name));
        view! { <a class="bs-author" href=href>{name}</a> }
    });
    let crumbs = view! { <CategoryPaths paths=article.categories.clone() /> };
    let tags = (!article.tags.is_empty()).then(|| {
        view! {
            <ul class="bs-tags" aria-label=tr(|m| m.tags)>
                {article
                    .tags
                    .iter()
                    .map(|t| {
                        view! {
                            <li>
                                <a class="bs-tag" href=base.to(&links::tag(t))>{format!("#{t}")}</a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    });
    let minutes = article.reading_minutes;
    let page_href = base.to(&links::article(&article.slug));
    let title = article.title.clone();
    let article_ref = NodeRef::<leptos::html::Article>::new();
    let zoom = Zoom::new();
    // The article's language on its title and body (not on the page's own labels).
    let lang = article.lang();

    view! {
        <Title text=format!("{title} · {SITE_NAME}") />
        <div class="bs-article-page">
            <p class="bs-back-row">
                <a class="bs-back" href=back_href data-noscroll="" on:click=move |_| memory.request_restore()>
                    {tr(|m| m.back_to_list)}
                </a>
            </p>
            <ReadingProgress article=article_ref />
            <article class="bs-article" data-slug=article.slug.clone() node_ref=article_ref>
                <header class="bs-article-head">
                    {crumbs}
                    <h1 class="bs-article-title" lang=lang.clone()>{title.clone()}</h1>
                    <p class="bs-meta bs-article-meta">
                        {date}
                        {updated.map(|u| view! {
                            <span class="bs-updated">
                                {move || {
                                    let l = i18n.get();
                                    l.updated(&l.date(&u).unwrap_or_else(|| u.get(..10).unwrap_or(&u).to_owned()))
                                }}
                            </span>
                        })}
                        {author}
                        {(minutes > 0).then(|| view! { <span class="bs-minutes">{move || i18n.get().minutes_read(minutes)}</span> })}
                    </p>
                    {tags}
                    <ShareTools title=title.clone() />
                </header>
                <Hero image=article.cover.clone().or_else(|| article.thumbnail.clone()) />
                // The body, then the links below it, in tasks of their own (`boot`).
                {later(stage::after_route(0), move || {
                    move || match at_hand.clone().map(Ok).or_else(|| body.and_then(|b| b.get())) {
                        None => view! { <BodySkeleton /> }.into_any(),
                        Some(Err(e)) => view! {
                            <BodyError message=e on_retry=move || body.iter().for_each(|b| b.refetch()) />
                        }
                        .into_any(),
                        Some(Ok(r)) => view! { <Body rendered=r page_href=page_href.clone() lang=lang.clone() zoom=zoom /> }.into_any(),
                    }
                })}
            </article>
            {later(stage::after_route(1), move || view! {
                <nav class="bs-prevnext" aria-label=tr(|m| m.more_articles)>{prevnext}</nav>
                <ImageZoom zoom=zoom />
            })}
        </div>
    }
}

/// Links to the newer and older article.
fn neighbour_links(base: &Base, newer: Option<Article>, older: Option<Article>) -> impl IntoView {
    let neighbour =
        |a: Option<Article>, rel: &'static str, label: fn(&'static Messages) -> &'static str| {
            a.map(|a| {
                let href = base.to(&links::article(&a.slug));
                let class = format!("bs-neighbour bs-neighbour-{rel}");
                view! {
                    <a class=class rel=rel href=href>
                        <span class="bs-neighbour-label">{tr(label)}</span>
                        <span class="bs-neighbour-title">{a.title.clone()}</span>
                    </a>
                }
            })
        };
    (
        neighbour(newer, "prev", |m| m.newer),
        neighbour(older, "next", |m| m.older),
    )
}

/// On a site read in pieces: the list page the reader came from (`last_list`), when
/// it is a list (not search results): its neighbours are looked for there.
fn sharded_list(base: &Base, last_list: Option<String>) -> Option<(ListKind, usize)> {
    let url = last_list?;
    let kind = ListKind::from_url(base, &url)?;
    let page = url
        .split_once('?')
        .map(|(_, q)| SearchState::from_query_string(q).page)
        .unwrap_or(1);
    Some((kind, page))
}

/// The articles before and after `article` (newer, older) in the list the reader came
/// from (`last_list`) when it holds it: a search's ranked results, or a list page's
/// articles; else among all articles.
fn neighbours(
    base: &Base,
    site: &Site,
    searched: SiteId,
    article: &Article,
    last_list: Option<String>,
) -> (Option<Article>, Option<Article>) {
    let searched: Option<Vec<&Article>> = last_list
        .as_deref()
        .and_then(|u| search::results_for_list_url(base, searched, u))
        .map(|ids| {
            ids.into_iter()
                .filter_map(|i| site.catalog.articles.get(i))
                .collect()
        });
    let from = last_list
        .as_deref()
        .and_then(|u| ListKind::from_url(base, u));
    let mut list = searched.unwrap_or_else(|| {
        from.as_ref()
            .map(|k| k.articles(&site.catalog).collect())
            .unwrap_or_default()
    });
    if !list.iter().any(|a| a.slug == article.slug) {
        list = site.catalog.articles.iter().collect();
    }
    let (newer, older) = Catalog::neighbours(&list, &article.slug);
    (newer.cloned(), older.cloned())
}

#[component]
fn BodyError(message: String, on_retry: impl Fn() + Send + Sync + 'static) -> impl IntoView {
    view! {
        <div class="bs-error bs-body-error" role="alert">
            <p class="bs-error-title">{tr(|m| m.article_error)}</p>
            <p class="bs-error-message">{message}</p>
            <button type="button" class="bs-button bs-retry" on:click=move |_| on_retry()>
                {tr(|m| m.retry)}
            </button>
        </div>
    }
}

#[component]
fn Body(
    rendered: Arc<RenderedBody>,
    page_href: String,
    lang: Option<String>,
    zoom: Zoom,
) -> impl IntoView {
    let toc = (rendered.toc.len() >= TOC_MIN).then(|| {
        view! {
            <nav class="bs-toc" aria-label=tr(|m| m.contents)>
                <p class="bs-toc-title">{tr(|m| m.contents)}</p>
                <ol>
                    {rendered
                        .toc
                        .iter()
                        .map(|e| {
                            let class = format!("bs-toc-item bs-toc-l{}", e.level.clamp(1, 6));
                            let href = format!("{page_href}#{}", links::enc(&e.id));
                            let id = e.id.clone();
                            view! {
                                <li class=class>
                                    <a
                                        href=href
                                        on:click=move |ev| {
                                            if scroll_to_id(&id) {
                                                ev.prevent_default();
                                            }
                                        }
                                    >
                                        {e.text.clone()}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ol>
            </nav>
        }
    });
    // One of the two inner_html in the app (the other is the embed widget's expanded
    // article), both core::body's sanitized output.
    // Remote pictures held back as the reader chose (`pictures`); redrawn when the
    // choice changes.
    let source_html = rendered.html.clone();
    let html = move || {
        crate::app::components::pictures::hold(
            &source_html,
            crate::app::components::pictures::choice(),
        )
    };
    // Code blocks and tables too wide for the column scroll sideways; keyboard users
    // need to be able to focus them to scroll them (WCAG 2.1.1). Checked once drawn and
    // whenever the window is resized.
    let body_ref = NodeRef::<leptos::html::Div>::new();
    // Dropped with this page, which removes the listener.
    let broken_images = StoredValue::new_local(None::<reading::BrokenImageWatch>);
    Effect::new(move |_| {
        // Measured once on screen (not while the first frame is built hidden).
        if !crate::app::boot::shown() {
            return;
        }
        if let Some(div) = body_ref.get() {
            broken_images.set_value(Some(reading::watch_broken_images(&div)));
            // Once the frame that shows it is painted: measured in the frame's own
            // animation callback, the first frame over a static page (its whole layout,
            // forced from script) was a task of 42–50 ms at 4x slowdown, against 9–17 ms
            // when the browser lays it out itself.
            crate::app::browser::after_next_paint(move || focusable_if_scrolling(&div));
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        if let Some(div) = body_ref.get_untracked() {
            focusable_if_scrolling(&div);
        }
    });
    on_cleanup(move || resize.remove());
    view! {
        {toc}
        <div class="bs-body" lang=lang inner_html=html on:click=move |ev| on_body_click(ev, zoom) node_ref=body_ref></div>
    }
}

/// `tabindex="0"` on the body's `<pre>` and `<table>` elements that overflow (they
/// scroll: see the stylesheet), none on those that fit (no useless tab stops).
fn focusable_if_scrolling(body: &web_sys::HtmlElement) {
    let Ok(list) = body.query_selector_all("pre, table") else {
        return;
    };
    for i in 0..list.length() {
        let Some(el) = list
            .item(i)
            .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if el.scroll_width() > el.client_width() {
            let _ = el.set_attribute("tabindex", "0");
        } else {
            let _ = el.remove_attribute("tabindex");
        }
    }
}

/// A click on a body image enlarges it (`reading::Zoom`).
/// `<a href="#x">` inside a body would resolve against `<base href>` (the app root):
/// scroll to the anchor here instead.
fn on_body_click(ev: leptos::ev::MouseEvent, zoom: Zoom) {
    let Some(target) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    if zoom.on_click(&target) || crate::app::components::pictures::on_held_click(&target) {
        return;
    }
    let Ok(Some(a)) = target.closest("a[href^='#']") else {
        return;
    };
    let href = a.get_attribute("href").unwrap_or_default();
    let id = href.trim_start_matches('#');
    let id = js_sys::decode_uri_component(id)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| id.to_owned());
    if scroll_to_id(&id) {
        ev.prevent_default();
    }
}

fn scroll_to_id(id: &str) -> bool {
    match document().get_element_by_id(id) {
        Some(el) => {
            el.scroll_into_view();
            true
        }
        None => false,
    }
}
