//! `/tags` (all tags with counts) and `/tag/:tag`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;

use super::param;
use crate::app::components::card::{list_view, page_param};
use crate::app::components::status::{with_shown, CatalogError, ListSkeleton};
use crate::app::i18n::{tr, use_i18n, Messages};
use crate::app::links::{self, Base};
use crate::app::lists::ListKind;
use crate::app::site::{Site, SITE_NAME};
use crate::core::catalog::Facet;

/// A list of facets (tags, authors) as links with counts.
pub fn facet_cloud(
    facets: Vec<Facet>,
    label: fn(&'static Messages) -> &'static str,
    href: impl Fn(&str) -> String,
) -> AnyView {
    if facets.is_empty() {
        return view! { <p class="bs-empty">{tr(|m| m.nothing_yet)}</p> }.into_any();
    }
    let i18n = use_i18n();
    view! {
        <ul class="bs-facets" aria-label=tr(label)>
            {facets
                .into_iter()
                .map(|f| {
                    let link = href(&f.name);
                    let count = f.count;
                    view! {
                        <li>
                            <a class="bs-chip" href=link>
                                <span class="bs-facet-name">{f.name}</span>
                                " "
                                <span class="bs-count">{move || i18n.get().number(count)}</span>
                            </a>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// Every tag (`authors` false) or author of `site` as a `facet_cloud`: at once from a
/// site held whole; fetched (`tags.json`, `authors.json`) for a site read in pieces.
pub fn facets_view(
    site: &Site,
    authors: bool,
    label: fn(&'static Messages) -> &'static str,
    href: impl Fn(&str) -> String + Send + Sync + 'static,
) -> AnyView {
    let Some(shards) = site.shards.clone() else {
        let facets = if authors {
            site.catalog.authors()
        } else {
            site.catalog.tags()
        };
        return facet_cloud(facets, label, href);
    };
    if let Some(facets) = shards.cached_facets(authors) {
        return facet_cloud(facets.to_vec(), label, href);
    }
    let fetched = LocalResource::new(move || {
        let shards = Arc::clone(&shards);
        async move { shards.facets(authors).await }
    });
    let href = Arc::new(href);
    (move || match fetched.get() {
        None => view! { <ListSkeleton /> }.into_any(),
        Some(Err(e)) => view! { <CatalogError message=e /> }.into_any(),
        Some(Ok(facets)) => {
            let href = Arc::clone(&href);
            facet_cloud(facets.to_vec(), label, move |n| href(n))
        }
    })
    .into_any()
}

#[component]
pub fn TagsPage() -> impl IntoView {
    let base = expect_context::<Base>();
    let i18n = use_i18n();
    let memory = crate::app::scroll::use_list_memory();
    Effect::new(move |_| memory.other_page_drawn());
    view! {
        <Title text=move || i18n.get().title(i18n.get().t().tags, SITE_NAME) />
        <header class="bs-page-head">
            <h1 class="bs-page-title">{tr(|m| m.tags)}</h1>
        </header>
        {with_shown(move |site| {
            let base = base.clone();
            facets_view(&site, false, |m| m.tags, move |t| base.to(&links::tag(t)))
        })}
    }
}

#[component]
pub fn TagPage() -> impl IntoView {
    let base = expect_context::<Base>();
    with_shown(move |site| {
        let tag = param("tag");
        let page = page_param();
        view! {
            <Title text=format!("#{tag} · {SITE_NAME}") />
            <header class="bs-page-head">
                <p class="bs-kicker">
                    <a href=base.to("/tags")>{tr(|m| m.tags)}</a>
                </p>
                <h1 class="bs-page-title">{format!("#{tag}")}</h1>
            </header>
            {list_view(&site, ListKind::Tag(tag.clone()), page, |m| m.empty_tag)}
        }
    })
}
