//! The colour theme switch in the header: System → Light → Dark, one button that steps
//! through them. The choice is saved in localStorage and applied as `data-theme` on
//! `<html>` (no attribute: follow the system, the stylesheet's `prefers-color-scheme`
//! rules) plus the `color-scheme` meta tag. `public/theme.js` applies the saved choice
//! before the first paint, so the page never flashes the other theme; this component
//! only takes over from there.

use leptos::prelude::*;

use crate::app::browser;
use crate::app::i18n::{use_i18n, Messages};

/// The localStorage key (also read by public/theme.js).
const KEY: &str = "broadsheet-theme";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn parse(s: Option<&str>) -> Theme {
        match s {
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::System,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn label(self, m: &'static Messages) -> &'static str {
        match self {
            Theme::System => m.theme_system,
            Theme::Light => m.theme_light,
            Theme::Dark => m.theme_dark,
        }
    }

    fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

/// The saved choice: what theme.js applied.
fn saved() -> Theme {
    Theme::parse(browser::stored(KEY).as_deref())
}

fn save(theme: Theme) {
    browser::store(
        KEY,
        match theme {
            Theme::System => None,
            t => Some(t.as_str()),
        },
    );
}

/// Puts `theme` on the page (as theme.js does at load).
fn apply(theme: Theme) {
    let doc = document();
    if let Some(root) = doc.document_element() {
        let _ = match theme {
            Theme::System => root.remove_attribute("data-theme"),
            t => root.set_attribute("data-theme", t.as_str()),
        };
    }
    if let Ok(Some(meta)) = doc.query_selector("meta[name='color-scheme']") {
        let scheme = match theme {
            Theme::System => "light dark",
            t => t.as_str(),
        };
        let _ = meta.set_attribute("content", scheme);
    }
}

/// The header button. Its accessible name says the current choice ("Theme: Dark");
/// its title, what a click chooses next.
#[component]
pub fn ThemeSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let theme = RwSignal::new(saved());
    // What theme.js applied at load may be stale by now: another tab can have changed
    // the choice before this page's app started (and its storage listener with it).
    Effect::new(move |_| apply(theme.get_untracked()));
    // Another tab changed the theme: follow it.
    let other_tab = window_event_listener(leptos::ev::storage, move |ev| {
        if ev.key().is_none_or(|k| k == KEY) {
            let t = saved();
            apply(t);
            theme.set(t);
        }
    });
    on_cleanup(move || other_tab.remove());
    let on_click = move |_| {
        let t = theme.get_untracked().next();
        save(t);
        apply(t);
        theme.set(t);
    };
    let title = move || {
        let t = theme.get();
        let locale = i18n.get();
        locale.theme_title(t.label(locale.t()), t.next().label(locale.t()))
    };
    view! {
        <button
            type="button"
            class="bs-theme-toggle"
            data-theme-choice=move || theme.get().as_str()
            title=title
            on:click=on_click
        >
            {move || icon(theme.get())}
            <span class="bs-visually-hidden">{move || i18n.get().t().theme}": "</span>
            <span class="bs-theme-label">{move || theme.get().label(i18n.get().t())}</span>
        </button>
    }
}

/// Sun (light), moon (dark), half-filled circle (system). Decorative: the text names it.
fn icon(theme: Theme) -> AnyView {
    match theme {
        Theme::Light => view! {
            <svg class="bs-theme-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round">
                <circle cx="12" cy="12" r="4.5" />
                <path d="M12 2v2M12 20v2M2 12h2M20 12h2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
            </svg>
        }
        .into_any(),
        Theme::Dark => view! {
            <svg class="bs-theme-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="currentColor">
                <path d="M20.5 14.6A8.5 8.5 0 0 1 9.4 3.5a8.5 8.5 0 1 0 11.1 11.1z" />
            </svg>
        }
        .into_any(),
        Theme::System => view! {
            <svg class="bs-theme-icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2">
                <circle cx="12" cy="12" r="8.5" />
                <path d="M12 3.5a8.5 8.5 0 0 1 0 17z" fill="currentColor" stroke="none" />
            </svg>
        }
        .into_any(),
    }
}
