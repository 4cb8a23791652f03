//! The frame around every page: header (site name, search box, drawer toggle) and the
//! sidebar (category tree + browse links) that is a drawer on phones.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use super::catnav::CategoryTree;
use crate::app::links::{self, Base};
use crate::app::{SiteResource, SITE_NAME};

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
    });
    on_cleanup(move || esc.remove());
    view! {
        <div class="bs-app" class:bs-drawer-open=move || drawer.get()>
            // With <base href>, "#bs-main" would point at the app root: move focus here instead.
            <a class="bs-skip" href="#bs-main" on:click=skip_to_main>"Skip to content"</a>
            <header class="bs-header">
                <div class="bs-header-inner">
                    <button
                        type="button"
                        class="bs-drawer-toggle"
                        aria-controls="bs-sidebar"
                        aria-expanded=move || drawer.get().to_string()
                        on:click=move |_| drawer.update(|d| *d = !*d)
                    >
                        <span class="bs-burger" aria-hidden="true"></span>
                        <span class="bs-visually-hidden">"Categories"</span>
                    </button>
                    <a class="bs-brand" href=base.home()>
                        <span class="bs-brand-mark" aria-hidden="true">"B"</span>
                        <span class="bs-brand-name">{SITE_NAME}</span>
                    </a>
                    <SearchBox />
                </div>
            </header>
            <div class="bs-shell">
                <aside class="bs-sidebar" id="bs-sidebar">
                    <Sidebar />
                </aside>
                <div class="bs-backdrop" aria-hidden="true" on:click=move |_| drawer.set(false)></div>
                <main class="bs-main" id="bs-main" tabindex="-1">{children()}</main>
            </div>
            <footer class="bs-footer">
                <p>{SITE_NAME}" · posts read in your browser"</p>
            </footer>
        </div>
    }
}

#[component]
fn Sidebar() -> impl IntoView {
    let base = expect_context::<Base>();
    let SiteResource(res) = expect_context::<SiteResource>();
    let loc = use_location();
    let link = move |route: &'static str, label: &'static str| {
        let href = base.to(route);
        let here = href.clone();
        let current = move || {
            let p = loc.pathname.get();
            let active = if route == "/" { p == here } else { p == here || p.starts_with(&format!("{here}/")) };
            active.then_some("page")
        };
        view! {
            <li>
                <a class="bs-browse-link" href=href aria-current=current>{label}</a>
            </li>
        }
    };
    view! {
        <nav class="bs-browse" aria-label="Browse">
            <ul>
                {link("/", "Latest")}
                {link("/tags", "Tags")}
                {link("/authors", "Authors")}
                {link("/archive", "Archive")}
            </ul>
        </nav>
        {move || match res.get() {
            Some(Ok(site)) => view! { <CategoryTree tree=site.tree.clone() /> }.into_any(),
            Some(Err(_)) => ().into_any(),
            None => view! { <div class="bs-skeleton bs-cats-loading" aria-hidden="true"></div> }.into_any(),
        }}
    }
}

/// `<input type="search">`: filters the latest list by title; the text lives in `?q=`.
#[component]
fn SearchBox() -> impl IntoView {
    let base = expect_context::<Base>();
    let query = use_query_map();
    let loc = use_location();
    let navigate = use_navigate();
    let home = base.home();
    let on_input = move |ev: leptos::ev::Event| {
        let q = event_target_value(&ev);
        let on_home = loc.pathname.get_untracked() == home;
        let to = links::with_page(&home, Some(q.trim()), 1);
        navigate(&to, NavigateOptions { resolve: false, replace: on_home, scroll: false, ..Default::default() });
    };
    view! {
        <form class="bs-search" role="search" on:submit=|ev| ev.prevent_default()>
            <input
                type="search"
                class="bs-search-input"
                name="q"
                placeholder="Search titles…"
                aria-label="Search titles"
                autocomplete="off"
                prop:value=move || query.read().get("q").unwrap_or_default()
                on:input=on_input
            />
        </form>
    }
}

fn skip_to_main(ev: leptos::ev::MouseEvent) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("bs-main").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = main.focus();
        main.scroll_into_view();
    }
}
