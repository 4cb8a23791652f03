//! Loading, failure and "wait for the catalog" helpers, and the sources panel (which
//! sources are loading or failed, opened files and the ones that could not be read).

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::i18n::{tr, use_i18n};
use crate::app::site::{ShownSite, Site};
use crate::app::sources::Sources;
use crate::core::catalog::FileIssue;
use crate::core::sources as core_sources;

/// Renders `f(site)` once the catalog is loaded whole (at least one source is in; a
/// site read in pieces is loaded whole for this page: `Sources::want_whole`); a
/// skeleton while it loads; every source's failure with Retry when all failed. Signals
/// read directly inside `f` re-run it; a new catalog (another source arrived, files
/// were opened) does too.
pub fn with_site<V, F>(f: F) -> impl IntoView
where
    V: IntoView + 'static,
    F: Fn(Arc<Site>) -> V + Send + Sync + 'static,
{
    let sources = expect_context::<Sources>();
    Effect::new(move |_| {
        // Tracked: a site read in pieces may be shown later (its source still loading).
        if sources.sharded() {
            let _ = sources.want_whole();
        }
    });
    // The memo notifies only when another site (`Site::id`) is shown.
    site_view(sources.complete(), f)
}

/// `with_site` for the search results page: the site search runs over
/// (`Sources::searched`): the shown one when it is searched in pieces, else every
/// article loaded whole.
pub fn with_searched<V, F>(f: F) -> impl IntoView
where
    V: IntoView + 'static,
    F: Fn(Arc<Site>) -> V + Send + Sync + 'static,
{
    let sources = expect_context::<Sources>();
    Effect::new(move |_| {
        if sources.search_needs_whole() {
            let _ = sources.want_whole();
        }
    });
    site_view(sources.searched(), f)
}

/// `with_site` for pages that can read a site in pieces (`Site::shards`): `f` gets the
/// site as shown, whole or not.
pub fn with_shown<V, F>(f: F) -> impl IntoView
where
    V: IntoView + 'static,
    F: Fn(Arc<Site>) -> V + Send + Sync + 'static,
{
    site_view(expect_context::<ShownSite>(), f)
}

/// `f(site)` once `site` is loaded, a skeleton before, the error if it failed. While
/// the app's first frame is built over a static page, in a task of its own
/// (`boot::stage::ROUTE`).
fn site_view<V, F>(ShownSite(site): ShownSite, f: F) -> impl IntoView
where
    V: IntoView + 'static,
    F: Fn(Arc<Site>) -> V + Send + Sync + 'static,
{
    // Not `boot::later`, which draws once: what `f` reads is tracked here (a route's
    // content is drawn again when, say, its page or query changes).
    let reached = crate::app::boot::reached(crate::app::boot::stage::ROUTE);
    move || match site.get() {
        None => view! { <ListSkeleton /> }.into_any(),
        Some(Err(e)) => view! { <CatalogError message=e /> }.into_any(),
        Some(Ok(site)) => reached().then(|| f(site).into_any()).into_any(),
    }
}

/// Placeholder cards while the catalog loads.
#[component]
pub fn ListSkeleton() -> impl IntoView {
    view! {
        <div class="bs-skeleton-list" aria-busy="true" aria-label=tr(|m| m.loading_articles)>
            {(0..6).map(|_| view! { <SkeletonCard /> }).collect_view()}
        </div>
    }
}

/// One placeholder card: a results page's card whose card block is on its way.
#[component]
pub fn SkeletonCard() -> impl IntoView {
    view! {
        <div class="bs-skeleton-card" aria-hidden="true">
            <div class="bs-skeleton bs-skeleton-thumb"></div>
            <div class="bs-skeleton-lines">
                <div class="bs-skeleton bs-skeleton-line bs-w80"></div>
                <div class="bs-skeleton bs-skeleton-line bs-w40"></div>
                <div class="bs-skeleton bs-skeleton-line"></div>
                <div class="bs-skeleton bs-skeleton-line bs-w60"></div>
            </div>
        </div>
    }
}

/// Placeholder lines while an article body loads.
#[component]
pub fn BodySkeleton() -> impl IntoView {
    view! {
        <div class="bs-skeleton-body" aria-busy="true" aria-label=tr(|m| m.loading_article)>
            <div class="bs-skeleton bs-skeleton-line"></div>
            <div class="bs-skeleton bs-skeleton-line bs-w80"></div>
            <div class="bs-skeleton bs-skeleton-line"></div>
            <div class="bs-skeleton bs-skeleton-line bs-w60"></div>
            <div class="bs-skeleton bs-skeleton-line"></div>
            <div class="bs-skeleton bs-skeleton-line bs-w40"></div>
        </div>
    }
}

/// No source could be loaded: each one's URL, reason and Retry.
#[component]
pub fn CatalogError(message: String) -> impl IntoView {
    let sources = use_context::<Sources>();
    let items = sources.map(|s| view! { <SourceErrors sources=s /> });
    // A source being retried: say so (its error is gone until it answers).
    let retrying = sources.map(|s| {
        move || s.set.loading().then(|| view! { <p class="bs-sources-progress" role="status" aria-busy="true">{tr(|m| m.loading)}</p> })
    });
    view! {
        <section class="bs-error" role="alert">
            <h1 class="bs-error-title">{tr(|m| m.catalog_error)}</h1>
            {if items.is_some() { None } else { Some(view! { <p class="bs-error-message">{message}</p> }) }}
            {items}
            {retrying}
        </section>
    }
}

/// One `.bs-source-error` per failed source.
#[component]
fn SourceErrors(sources: Sources) -> impl IntoView {
    move || {
        sources
            .set
            .failures()
            .into_iter()
            .map(|(i, url, reason, can_retry)| {
                let data_src = url.clone();
                view! {
                    <div class="bs-source-error" role="alert" data-src=data_src>
                        <p class="bs-source-error-text">
                            <span class="bs-source-error-title">{tr(|m| m.could_not_load)}</span>
                            <code class="bs-source-url">{url}</code>
                            <span class="bs-source-reason">{tr(|m| m.reason_sep)}{reason}</span>
                        </p>
                        {can_retry.then(|| view! {
                            <button type="button" class="bs-button bs-retry bs-source-retry" on:click=move |_| sources.set.retry(i)>
                                {tr(|m| m.retry)}
                            </button>
                        })}
                    </div>
                }
            })
            .collect_view()
    }
}

/// Above the page: sources still loading ("Loading 2 of 3 sources…"), sources that
/// failed while others loaded (URL, reason, Retry), opened files (with Close) and the
/// files among them that could not be read. Nothing when all is well.
#[component]
pub fn SourcesPanel() -> impl IntoView {
    let sources = expect_context::<Sources>();
    let ShownSite(shown) = expect_context::<ShownSite>();
    let any_loaded = Memo::new(move |_| matches!(shown.get(), Some(Ok(_))));
    let i18n = use_i18n();
    let progress = move || {
        if sources.opened.with(Option::is_some) {
            return None;
        }
        let (loading, total) = sources.set.progress();
        (total > 1 && loading > 0).then(|| {
            view! {
                <p class="bs-sources-progress" role="status" aria-busy="true" data-loading=loading data-total=total>
                    {move || i18n.get().loading_sources(loading, total)}
                </p>
            }
        })
    };
    let failures = move || {
        let failed = !sources.set.failures().is_empty();
        // When nothing loaded, the page itself shows them (`CatalogError`).
        (failed && any_loaded.get() && sources.opened.with(Option::is_none)).then(|| {
            view! {
                <section class="bs-source-errors" aria-label=tr(|m| m.failed_sources)>
                    <SourceErrors sources=sources />
                </section>
            }
        })
    };
    // Articles from sites named by `?src=` are shown under this site's address: say
    // whose they are (issue 25), and what was cut or read with fallbacks in them (one
    // folded box per source: "12 notes on the articles from example.com").
    let from_elsewhere = move || {
        sources.opened.with(Option::is_none) && sources.from_query.with_value(|q| !q.is_empty())
    };
    let foreign = move || {
        let origins = if from_elsewhere() {
            sources.set.foreign_origins()
        } else {
            Vec::new()
        };
        (!origins.is_empty()).then(|| {
            let hosts: Vec<String> = origins.iter().map(|o| core_sources::host_of(o)).collect();
            let data = origins.join(" ");
            view! {
                <p class="bs-foreign-sources" role="note" data-origins=data>
                    {move || i18n.get().foreign_articles(&hosts.join(", "))}
                </p>
            }
        })
    };
    let warned = move || {
        let warned = if from_elsewhere() {
            sources.set.foreign_warnings()
        } else {
            Vec::new()
        };
        warned
            .into_iter()
            .map(|(url, issues)| {
                let host = core_sources::host_of(&url);
                let n = issues.len();
                view! {
                    <details class="bs-source-warnings" data-src=url data-count=n>
                        <summary>{move || i18n.get().source_notes(n, &host)}</summary>
                        <FileIssues issues=issues />
                    </details>
                }
            })
            .collect_view()
    };
    let reading = move || {
        sources.reading.get().map(|n| view! { <p class="bs-local-progress" role="status" aria-busy="true">{move || i18n.get().reading_files(n)}</p> })
    };
    let notice = move || {
        sources.notice.get().map(|n| view! { <p class="bs-local-notice" role="alert">{move || i18n.get().no_posts_opened(n)}</p> })
    };
    let local = move || {
        sources.opened.get().map(|set| {
            let count = set.site.catalog.articles.len();
            let errors = set.errors.clone();
            let file_errors = (!errors.is_empty()).then(|| {
                let n = errors.len();

                view! {
                    <section class="bs-file-errors" role="alert" data-count=n>
                        <h2 class="bs-file-errors-title">{move || i18n.get().files_unreadable(n)}</h2>
                        <FileIssues issues=errors />
                    </section>
                }
            });
            view! {
                <div class="bs-local-bar" data-articles=count>
                    <p class="bs-local-text">
                        {move || { let l = i18n.get(); l.showing_local(count, &set.label.text(l)) }}
                    </p>
                    <button type="button" class="bs-button bs-local-close" on:click=move |_| sources.set_opened(None)>
                        {tr(|m| m.close_files)}
                    </button>
                </div>
                {file_errors}
            }
        })
    };
    view! {
        <div class="bs-sources" aria-live="polite">
            {progress}
            {foreign}
            {warned}
            {failures}
            {reading}
            {notice}
            {local}
        </div>
    }
}

/// Files and what is wrong with them (path, reason): opened files that could not be
/// read, or what was cut in a source's articles.
#[component]
fn FileIssues(issues: Vec<FileIssue>) -> impl IntoView {
    view! {
        <ul class="bs-file-error-list">
            {issues
                .into_iter()
                .map(|e| {
                    let data_path = e.path.clone();
                    view! {
                        <li class="bs-file-error" data-path=data_path>
                            <code class="bs-file-error-path">{e.path}</code>
                            " "
                            <span class="bs-file-error-reason">{e.message}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
