//! Loading, failure and "wait for the catalog" helpers.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::{Site, SiteResource};

/// Renders `f(site)` once the catalog is loaded; a skeleton while it loads; a message
/// with Retry when it failed. Signals read directly inside `f` re-run it.
pub fn with_site<V, F>(f: F) -> impl IntoView
where
    V: IntoView + 'static,
    F: Fn(Arc<Site>) -> V + Send + Sync + 'static,
{
    let SiteResource(res) = expect_context::<SiteResource>();
    move || match res.get() {
        None => view! { <ListSkeleton /> }.into_any(),
        Some(Err(e)) => view! { <CatalogError message=e /> }.into_any(),
        Some(Ok(site)) => f(site).into_any(),
    }
}

/// Placeholder cards while the catalog loads.
#[component]
pub fn ListSkeleton() -> impl IntoView {
    view! {
        <div class="bs-skeleton-list" aria-busy="true" aria-label="Loading articles">
            {(0..6)
                .map(|_| {
                    view! {
                        <div class="bs-skeleton-card">
                            <div class="bs-skeleton bs-skeleton-thumb"></div>
                            <div class="bs-skeleton-lines">
                                <div class="bs-skeleton bs-skeleton-line bs-w80"></div>
                                <div class="bs-skeleton bs-skeleton-line bs-w40"></div>
                                <div class="bs-skeleton bs-skeleton-line"></div>
                                <div class="bs-skeleton bs-skeleton-line bs-w60"></div>
                            </div>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Placeholder lines while an article body loads.
#[component]
pub fn BodySkeleton() -> impl IntoView {
    view! {
        <div class="bs-skeleton-body" aria-busy="true" aria-label="Loading the article">
            <div class="bs-skeleton bs-skeleton-line"></div>
            <div class="bs-skeleton bs-skeleton-line bs-w80"></div>
            <div class="bs-skeleton bs-skeleton-line"></div>
            <div class="bs-skeleton bs-skeleton-line bs-w60"></div>
            <div class="bs-skeleton bs-skeleton-line"></div>
            <div class="bs-skeleton bs-skeleton-line bs-w40"></div>
        </div>
    }
}

/// The catalog could not be loaded.
#[component]
pub fn CatalogError(message: String) -> impl IntoView {
    let SiteResource(res) = expect_context::<SiteResource>();
    view! {
        <section class="bs-error" role="alert">
            <h1 class="bs-error-title">"Could not load the articles"</h1>
            <p class="bs-error-message">{message}</p>
            <button type="button" class="bs-button bs-retry" on:click=move |_| res.refetch()>
                "Retry"
            </button>
        </section>
    }
}
