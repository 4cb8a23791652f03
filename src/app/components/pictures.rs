//! Pictures from other sites, under the reader's control (issue 25, `core::images`):
//! "always" (the default), "on click" or "never", chosen in the footer and remembered
//! in localStorage (`public/theme.js` marks `<html data-bs-pictures>` from it before the
//! first paint, so a page written at build time does not fetch what the reader declined:
//! style.css hides those pictures, and lazy pictures that are not displayed are not
//! fetched). Widgets take it from their `data-remote-images` attribute instead (the
//! host's storage is not the reader's choice for this site).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::app::browser;
use crate::app::i18n::use_i18n;
use crate::core::images::{self, HeldWords, RemoteImages};

/// The localStorage key (also read by public/theme.js).
const KEY: &str = "broadsheet-pictures";

/// The choice in force, provided by `App` (and by each widget).
#[derive(Clone, Copy)]
pub struct Pictures(pub RwSignal<RemoteImages>);

impl Pictures {
    /// The reader's saved choice (the site), following other tabs.
    pub fn saved() -> Pictures {
        let choice = RwSignal::new(RemoteImages::parse(
            browser::stored(KEY).as_deref().unwrap_or(""),
        ));
        if browser::in_browser() {
            let other_tab = window_event_listener(leptos::ev::storage, move |ev| {
                if ev.key().is_none_or(|k| k == KEY) {
                    choice.set(RemoteImages::parse(
                        browser::stored(KEY).as_deref().unwrap_or(""),
                    ));
                }
            });
            on_cleanup(move || other_tab.remove());
        }
        Pictures(choice)
    }

    /// A fixed choice (a widget's attribute).
    pub fn fixed(choice: RemoteImages) -> Pictures {
        Pictures(RwSignal::new(choice))
    }
}

/// The choice in force where this is called (always, with none provided: pages
/// rendered at build time, which theme.js and style.css adjust).
pub fn choice() -> RemoteImages {
    use_context::<Pictures>().map_or(RemoteImages::Always, |p| p.0.get())
}

/// The page's origin (`scheme://host[:port]`); empty natively.
pub fn own_origin() -> String {
    if !browser::in_browser() {
        return String::new();
    }
    window().location().origin().unwrap_or_default()
}

/// Whether the picture at `url` (as the post gives it) is remote: marked so that
/// style.css can hide it before the app starts when the reader declined such pictures.
/// At build time the site's origin is unknown, so any absolute URL counts (a site's own
/// pictures are written relative).
pub fn is_remote(url: &str) -> bool {
    images::is_remote(url, &own_origin())
}

/// A sanitized body with its remote pictures held back as the choice says.
pub fn hold(html: &str, choice: RemoteImages) -> String {
    if choice == RemoteImages::Always {
        return html.to_owned();
    }
    let m = use_i18n().get_untracked().t();
    images::hold_remote(
        html,
        choice,
        &own_origin(),
        &HeldWords {
            show: m.picture_show,
            off: m.picture_off,
        },
    )
}

/// A click on a held picture's button (`.bs-img-held`) puts the picture in its place.
/// Returns whether the click was one.
pub fn on_held_click(target: &web_sys::Element) -> bool {
    let Ok(Some(button)) = target.closest("button.bs-img-held") else {
        return false;
    };
    let src = button.get_attribute("data-bs-src").unwrap_or_default();
    // The sanitizer vetted it; checked again, as anything read back from the DOM.
    let lower = src.trim_start().to_ascii_lowercase();
    if !(lower.starts_with("https:") || lower.starts_with("http:") || lower.starts_with("//")) {
        return true;
    }
    let Ok(img) = document().create_element("img") else {
        return true;
    };
    let _ = img.set_attribute(
        "alt",
        &button.get_attribute("data-bs-alt").unwrap_or_default(),
    );
    let _ = img.set_attribute("decoding", "async");
    let _ = img.set_attribute("referrerpolicy", "no-referrer");
    let _ = img.set_attribute("src", &src);
    let _ = button.replace_with_with_node_1(&img);
    true
}

/// The footer's setting: "Pictures from other sites: Always / On click / Never".
#[component]
pub fn PicturesSetting() -> impl IntoView {
    let i18n = use_i18n();
    let Some(Pictures(choice)) = use_context::<Pictures>() else {
        return ().into_any();
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(select) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        else {
            return;
        };
        let picked = RemoteImages::parse(&select.value());
        browser::store(
            KEY,
            (picked != RemoteImages::Always).then_some(picked.as_str()),
        );
        mark_page(picked);
        choice.set(picked);
    };
    view! {
        <label class="bs-pictures-setting">
            <span class="bs-pictures-label">{move || i18n.get().t().pictures_setting}</span>
            <select class="bs-pictures-select" on:change=on_change prop:value=move || choice.get().as_str()>
                {RemoteImages::ALL
                    .into_iter()
                    .map(|c| {
                        let label = move || {
                            let m = i18n.get().t();
                            match c {
                                RemoteImages::Always => m.pictures_always,
                                RemoteImages::OnClick => m.pictures_on_click,
                                RemoteImages::Never => m.pictures_never,
                            }
                        };
                        view! { <option value=c.as_str() selected=move || choice.get() == c>{label}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
    .into_any()
}

/// `<html data-bs-pictures>` as theme.js sets it at load.
fn mark_page(choice: RemoteImages) {
    if let Some(root) = document().document_element() {
        let _ = match choice {
            RemoteImages::Always => root.remove_attribute("data-bs-pictures"),
            c => root.set_attribute("data-bs-pictures", c.as_str()),
        };
    }
}
