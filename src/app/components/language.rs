//! The language switch in the header: a `<select>` of the UI languages, each named in
//! itself (English, 中文), its accessible name in the current language ("Language" /
//! "语言"). Choosing one redraws the words in place and remembers the choice
//! (`app::i18n`); the URL, the scroll position and the search stay as they are.

use leptos::prelude::*;

use crate::app::i18n::{tr, use_i18n, Locale};

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let on_change = move |ev: leptos::ev::Event| {
        if let Some(locale) = Locale::parse(&event_target_value(&ev)) {
            i18n.choose(locale);
        }
    };
    view! {
        <label class="bs-lang">
            <span class="bs-visually-hidden">{tr(|m| m.language)}</span>
            <select class="bs-lang-select" name="lang" on:change=on_change prop:value=move || i18n.get().code()>
                {Locale::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.code() lang=l.tag() selected=move || i18n.get() == l>
                                {l.name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
