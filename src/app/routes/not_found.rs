//! Unknown route or slug.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::app::links::Base;
use crate::app::SITE_NAME;

#[component]
pub fn NotFound(#[prop(optional, into)] what: Option<String>) -> impl IntoView {
    let base = expect_context::<Base>();
    let what = what.unwrap_or_else(|| "page".to_owned());
    crate::app::scroll::clear_restore();
    view! {
        <Title text=format!("Not found · {SITE_NAME}") />
        <section class="bs-notfound" data-bs-notfound="">
            <p class="bs-notfound-code" aria-hidden="true">"404"</p>
            <h1 class="bs-page-title">{format!("This {what} does not exist")}</h1>
            <p>"The link may be old, or the address mistyped."</p>
            <p>
                <a class="bs-button" href=base.home()>"Go to the latest articles"</a>
            </p>
        </section>
    }
}
