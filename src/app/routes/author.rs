//! `/authors` and `/author/:name`.

use leptos::prelude::*;
use leptos_meta::Title;

use super::param;
use super::tag::facets_view;
use crate::app::components::card::{list_view, page_param};
use crate::app::components::status::with_shown;
use crate::app::i18n::{tr, use_i18n};
use crate::app::links::{self, Base};
use crate::app::lists::ListKind;
use crate::app::site::SITE_NAME;

#[component]
pub fn AuthorsPage() -> impl IntoView {
    let base = expect_context::<Base>();
    let i18n = use_i18n();
    let memory = crate::app::scroll::use_list_memory();
    Effect::new(move |_| memory.other_page_drawn());
    view! {
        <Title text=move || i18n.get().title(i18n.get().t().authors, SITE_NAME) />
        <header class="bs-page-head">
            <h1 class="bs-page-title">{tr(|m| m.authors)}</h1>
        </header>
        {with_shown(move |site| {
            let base = base.clone();
            facets_view(&site, true, |m| m.authors, move |a| base.to(&links::author(a)))
        })}
    }
}

#[component]
pub fn AuthorPage() -> impl IntoView {
    let base = expect_context::<Base>();
    with_shown(move |site| {
        let name = param("name");
        let page = page_param();
        view! {
            <Title text=format!("{name} · {SITE_NAME}") />
            <header class="bs-page-head">
                <p class="bs-kicker">
                    <a href=base.to("/authors")>{tr(|m| m.authors)}</a>
                </p>
                <h1 class="bs-page-title">{name.clone()}</h1>
            </header>
            {list_view(&site, ListKind::Author(name.clone()), page, |m| m.empty_author)}
        }
    })
}
