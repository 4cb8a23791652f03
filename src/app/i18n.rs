//! The UI language in the app: one signal (`I18n`, provided by `App`) that every view
//! reads where it shows words, so switching redraws those text nodes and attributes
//! in place (no reload, no remount: the route, the scroll position, the search box and
//! loaded bodies stay). The words themselves are `core::i18n`.
//!
//! The language is the reader's choice remembered in localStorage (`broadsheet-lang`),
//! else the first of `navigator.languages` we have (`zh*` → Chinese, `en*` → English),
//! else English. `<html lang>` follows it (screen readers, fonts, hyphenation).

use leptos::prelude::*;

use super::browser;
use wasm_bindgen::JsValue;

pub use crate::core::i18n::{Locale, Messages, Missing};

/// The localStorage key of the reader's choice.
pub const STORAGE_KEY: &str = "broadsheet-lang";

#[derive(Clone, Copy)]
pub struct I18n(RwSignal<Locale>);

impl I18n {
    /// The app's language: the stored choice, else the browser's; `<html lang>` kept
    /// in step from now on.
    pub fn for_app() -> I18n {
        let locale = stored().unwrap_or_else(browser_locale);
        // Over a static page (in its article's language, or the build's) the page's
        // language changes once the app's frame is on screen, when the page is idle:
        // `<html lang>` restyles the whole document (8 ms under Lighthouse's tracing),
        // too much for one of the short tasks that build the frame (`boot`).
        let building = crate::app::boot::building();
        if !building {
            set_document_lang(locale);
        }
        let signal = RwSignal::new(locale);
        let deferred = StoredValue::new(building);
        Effect::new(move |_| {
            let locale = signal.get();
            if !crate::app::boot::shown() {
                return;
            }
            if deferred.get_value() {
                // Once the frame is shown, when the page is idle.
                deferred.set_value(false);
                browser::when_idle(move || set_document_lang(signal.get_untracked()));
            } else {
                set_document_lang(locale);
            }
        });
        I18n(signal)
    }

    /// A language that never changes (an embed widget: its host page's).
    pub fn fixed(locale: Locale) -> I18n {
        I18n(RwSignal::new(locale))
    }

    /// The current locale, tracked.
    pub fn get(self) -> Locale {
        self.0.get()
    }

    pub fn get_untracked(self) -> Locale {
        self.0.get_untracked()
    }

    /// The reader chose a language: show it and remember it.
    pub fn choose(self, locale: Locale) {
        browser::store(STORAGE_KEY, Some(locale.code()));
        self.0.set(locale);
    }
}

/// The language context (English where none was provided).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n::fixed(Locale::En))
}

/// A plain message as a reactive value for a view (text or attribute):
/// `{tr(|m| m.latest)}`, `aria-label=tr(|m| m.categories)`. A field read per redraw,
/// no allocation.
pub fn tr(
    pick: fn(&'static Messages) -> &'static str,
) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = use_i18n();
    move || pick(i18n.get().t())
}

/// The reader's remembered choice, if any (storage may be unavailable: private
/// modes, sandboxed frames).
fn stored() -> Option<Locale> {
    Locale::parse(&browser::stored(STORAGE_KEY)?)
}

/// `navigator.languages` (most preferred first), else `navigator.language`.
fn browser_locale() -> Locale {
    let navigator = js_sys::Reflect::get(&window(), &JsValue::from_str("navigator"))
        .unwrap_or(JsValue::UNDEFINED);
    let languages = js_sys::Reflect::get(&navigator, &JsValue::from_str("languages"))
        .unwrap_or(JsValue::UNDEFINED);
    let mut list: Vec<String> = if js_sys::Array::is_array(&languages) {
        js_sys::Array::from(&languages)
            .iter()
            .filter_map(|v| v.as_string())
            .collect()
    } else {
        Vec::new()
    };
    if list.is_empty() {
        if let Some(one) = js_sys::Reflect::get(&navigator, &JsValue::from_str("language"))
            .ok()
            .and_then(|v| v.as_string())
        {
            list.push(one);
        }
    }
    Locale::negotiate(list)
}

fn set_document_lang(locale: Locale) {
    if let Some(html) = document().document_element() {
        if html.get_attribute("lang").as_deref() != Some(locale.tag()) {
            let _ = html.set_attribute("lang", locale.tag());
        }
    }
}

/// The language of an element's content as HTML defines it: its own or its nearest
/// ancestor's `lang` (the host page's `<html lang>` for an embed widget). `None` when
/// none is set or it is one we have no strings for.
pub fn element_locale(el: &web_sys::Element) -> Option<Locale> {
    let owner = el.closest("[lang]").ok().flatten()?;
    Locale::parse(&owner.get_attribute("lang")?)
}

/// The page's current language for code outside the reactive tree (the crash
/// message): `<html lang>`, which the app keeps in step.
pub fn document_locale() -> Locale {
    document()
        .document_element()
        .and_then(|e| element_locale(&e))
        .unwrap_or_default()
}

/// `<time class="…" datetime="2021-04-30T21:34:00Z">Apr 30, 2021</time>`: the
/// machine-readable date stays as the catalog has it, the visible text follows the
/// language (one short string per redraw). `None` without a date.
pub fn time_view(class: &'static str, rfc3339: Option<String>) -> Option<impl IntoView> {
    let i18n = use_i18n();
    rfc3339.map(|d| {
        let text = {
            let d = d.clone();
            // A date the formatter cannot read (never one the catalog wrote) shows as given.
            move || {
                i18n.get()
                    .date(&d)
                    .unwrap_or_else(|| d.get(..10).unwrap_or(&d).to_owned())
            }
        };
        view! { <time class=class datetime=d>{text}</time> }
    })
}
