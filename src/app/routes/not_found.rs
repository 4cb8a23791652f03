//! Unknown route or slug.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::i18n::{tr, use_i18n, Missing};
use crate::app::links::Base;
use crate::app::site::SITE_NAME;

#[component]
pub fn NotFound(#[prop(optional)] what: Missing) -> impl IntoView {
    let base = expect_context::<Base>();
    let i18n = use_i18n();
    let memory = crate::app::scroll::use_list_memory();
    Effect::new(move |_| memory.other_page_drawn());
    view! {
        <Title text=move || i18n.get().title(i18n.get().t().not_found, SITE_NAME) />
        <section class="bs-notfound" data-bs-notfound="">
            <p class="bs-notfound-code" aria-hidden="true">"404"</p>
            <h1 class="bs-page-title">{move || i18n.get().not_found(what)}</h1>
            <p>{tr(|m| m.not_found_hint)}</p>
            <p>
                <a class="bs-button" href=base.home()>{tr(|m| m.go_latest)}</a>
            </p>
        </section>
    }
}
