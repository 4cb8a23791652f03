//! The frame around every page: header (site name, search box, drawer toggle) and the
//! sidebar (category tree + browse links) that is a drawer on phones.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::catnav::CategoryTree;
use crate::app::boot::{later, stage};
use crate::app::i18n::{tr, Messages};
use crate::app::links::Base;
use crate::app::search::{self, SearchContext};
use crate::app::site::{ShownSite, SITE_NAME};
use crate::core::search::SearchState;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let base = expect_context::<Base>();
    let drawer = RwSignal::new(false);
    let loc = use_location();
    // Any navigation closes the drawer.
    Effect::new(move |_| {
        loc.pathname.track();
        loc.search.track();
        drawer.set(false);
    });
    let esc = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && drawer.get_untracked() {
            drawer.set(false);
        }
        search::on_global_key(&ev);
    });
    on_cleanup(move || esc.remove());
    crate::app::focus::follow_navigation();
    let home = base.home();
    view! {
        <div class="bs-app" class:bs-drawer-open=move || drawer.get()>
            // With <base href>, "#bs-main" would point at the app root: move focus here instead.
            <a class="bs-skip" href="#bs-main" on:click=skip_to_main>{tr(|m| m.skip_to_content)}</a>
            <header class="bs-header">
                <div class="bs-header-inner">
                    {later(stage::SEARCH, move || view! {
                        <button
                            type="button"
                            class="bs-drawer-toggle"
                            aria-controls="bs-sidebar"
                            aria-expanded=move || drawer.get().to_string()
                            on:click=move |_| drawer.update(|d| *d = !*d)
                        >
                            <span class="bs-burger" aria-hidden="true"></span>
                            <span class="bs-visually-hidden">{tr(|m| m.categories)}</span>
                        </button>
                        <a class="bs-brand" href=home>
                            <span class="bs-brand-mark" aria-hidden="true">"B"</span>
                            <span class="bs-brand-name">{SITE_NAME}</span>
                        </a>
                        <SearchBox />
                    })}
                    {later(stage::SWITCHES, || view! {
                        <super::language::LanguageSwitch />
                        <super::theme::ThemeSwitch />
                    })}
                </div>
            </header>
            <div class="bs-shell">
                <aside class="bs-sidebar" id="bs-sidebar">
                    {later(stage::FRAME, || view! { <Sidebar /> })}
                </aside>
                <div class="bs-backdrop" aria-hidden="true" on:click=move |_| drawer.set(false)></div>
                <main class="bs-main" id="bs-main" tabindex="-1">{later(stage::PAGE, children)}</main>
            </div>
            <footer class="bs-footer">
                // rel="external": the router leaves the link to the browser (atom.xml is a
                // file of the site, not a route).
                {later(stage::FRAME, move || view! {
                    <p>
                        {SITE_NAME}" · "{tr(|m| m.footer)}" · "
                        <a class="bs-feed-link" href=format!("{}atom.xml", base.href) type="application/atom+xml" rel="external">{tr(|m| m.feed)}</a>
                    </p>
                    <super::pictures::PicturesSetting />
                })}
            </footer>
        </div>
    }
}

#[component]
fn Sidebar() -> impl IntoView {
    let base = expect_context::<Base>();
    let shown = expect_context::<ShownSite>();
    let loc = use_location();
    let link = move |route: &'static str, label: fn(&'static Messages) -> &'static str| {
        let href = base.to(route);
        let here = href.clone();
        let pages = format!("{}/page/", base.path);
        let current = move || {
            let p = loc.pathname.get();
            let active = if route == "/" {
                // The latest list's own pages (`/page/2`) too.
                p == here || p.starts_with(&pages)
            } else {
                p == here || p.starts_with(&format!("{here}/"))
            };
            active.then_some("page")
        };
        view! {
            <li>
                <a class="bs-browse-link" href=href aria-current=current>{tr(label)}</a>
            </li>
        }
    };
    view! {
        <nav class="bs-browse" aria-label=tr(|m| m.browse)>
            <ul>
                {link("/", |m| m.latest)}
                {link("/tags", |m| m.tags)}
                {link("/authors", |m| m.authors)}
                {link("/archive", |m| m.archive)}
            </ul>
        </nav>
        <super::open_files::OpenFiles />
        {move || match shown.0.get() {
            Some(Ok(site)) => view! { <CategoryTree tree=site.tree.clone() /> }.into_any(),
            Some(Err(_)) => ().into_any(),
            None => view! { <div class="bs-skeleton bs-cats-loading" aria-hidden="true"></div> }.into_any(),
        }}
    }
}

/// `<input type="search">`: searches the whole catalog as you type; the results show
/// on the home route and the text (with sort, page, filters) lives in the URL query.
#[component]
fn SearchBox() -> impl IntoView {
    let base = expect_context::<Base>();
    let search = expect_context::<SearchContext>();
    let query = use_query_map();
    let loc = use_location();
    let navigate = use_navigate();
    let home = base.home();
    let action = home.clone();
    let input = NodeRef::<leptos::html::Input>::new();
    let go = {
        let home = home.clone();
        let navigate = navigate.clone();
        move |q: &str, replace: bool| {
            let on_home = loc.pathname.get_untracked() == home;
            // Keep sort/filters of the current search (home route only); a new text starts at page 1.
            let mut st = if on_home {
                SearchState::from_query_string(&loc.search.get_untracked())
            } else {
                SearchState::default()
            };
            st.q = q.to_owned();
            st.page = 1;
            let qs = st.to_query_string();
            let to = if qs.is_empty() {
                home.clone()
            } else {
                format!("{home}?{qs}")
            };
            navigate(
                &to,
                NavigateOptions {
                    resolve: false,
                    replace,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    };
    let on_input = {
        let go = go.clone();
        let home = home.clone();
        move |ev: leptos::ev::Event| {
            search.ensure();
            let q = event_target_value(&ev);
            let q = q.trim();
            let on_home = loc.pathname.get_untracked() == home;
            let url_q = if on_home {
                SearchState::from_query_string(&loc.search.get_untracked()).q
            } else {
                String::new()
            };
            let was_searching = !url_q.trim().is_empty();
            if was_searching && q == url_q.trim() {
                // The same search (a space typed before the next word, or a keystroke
                // undone): nothing to draw and nothing to write; a late write of the
                // keystroke before is void.
                search.cancel_type_ahead();
                return;
            }
            // History: the first keystroke of a new search pushes an entry (Back returns
            // to the page you were on); later keystrokes replace it, so Back does not
            // step through every prefix typed. Clearing the box replaces too.
            if on_home && !q.is_empty() {
                // On the home page (the latest list or the results): draw first, write
                // the address after the frame that shows the results (the router's
                // navigation and history.pushState cost ~10 ms of that frame). Keystrokes
                // typed before it coalesce into one write: one history entry.
                let go = go.clone();
                let home = home.clone();
                search.type_ahead(q.to_owned(), move |q| {
                    // A result opened before the late write (the keyboard flow: ↓ then
                    // Enter) must not be sent back to the results page.
                    if loc.pathname.get_untracked() == home {
                        go(q, was_searching)
                    }
                });
            } else {
                search.cancel_type_ahead();
                go(q, was_searching || (on_home && q.is_empty()));
            }
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            if let Some(input) = search::search_input() {
                use wasm_bindgen::JsCast;
                if let Ok(input) = input.dyn_into::<web_sys::HtmlInputElement>() {
                    input.set_value("");
                }
            }
            search.cancel_type_ahead();
            let searching = !SearchState::from_query_string(&loc.search.get_untracked())
                .q
                .trim()
                .is_empty();
            if loc.pathname.get_untracked() == home && searching {
                // A new entry, so Back brings the cleared search back.
                go("", false);
            }
        }
        "ArrowDown" if search::focus_first_result() => ev.prevent_default(),
        _ => {}
    };
    view! {
        // Without JavaScript (a page written at build time) a line saying that search
        // needs it stands in the box's place (style.css); the form, sent anyway, goes
        // to the home page (`/?q=…`, the results page once the app runs).
        <form class="bs-search" role="search" action=action on:submit=|ev| ev.prevent_default()>
            <input
                type="search"
                class="bs-search-input"
                name="q"
                placeholder=tr(|m| m.search_placeholder)
                aria-label=tr(|m| m.search_label)
                aria-keyshortcuts="/"
                autocomplete="off"
                node_ref=input
                prop:value=move || {
                    // The address holds the trimmed text: when it says what the box
                    // says, keep the box as typed (a space before the next word must
                    // survive the address being written between two keystrokes).
                    let q = query.read().get("q").unwrap_or_default();
                    match input.get_untracked() {
                        Some(el) if el.value().trim() == q.trim() => el.value(),
                        _ => q,
                    }
                }
                on:focus=move |_| search.ensure()
                on:input=on_input
                on:keydown=on_key
            />
            <noscript class="bs-search-nojs">{tr(|m| m.search_needs_js)}</noscript>
        </form>
    }
}

fn skip_to_main(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    if let Some(main) = document()
        .get_element_by_id("bs-main")
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = main.focus();
        main.scroll_into_view();
    }
}
