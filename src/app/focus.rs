//! Keyboard and screen reader focus across route changes. A reader who follows a link
//! (or goes Back/Forward) lands on the new page's `<h1>`: the screen reader announces
//! it, and Tab continues from the top of the new content instead of from a link that
//! no longer exists. Focus moves only for navigations the reader asked for with a link
//! or the history buttons, never:
//! - on the first load (the page starts where browsers start it),
//! - for the URL updates of typing in the search box (every keystroke rewrites the home
//!   route's query; focus stays in the box),
//! - when focus is in the search box anyway.
//!
//! It never scrolls (`preventScroll`): the router scrolls new pages to the top and
//! `scroll.rs` restores list positions on Back, both after this.

use leptos::prelude::*;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

/// Where focus should follow, kept between the document's listeners (installed before
/// the router) and the layout's effect (`follow_navigation`).
#[derive(Default)]
struct Wanted {
    /// The path a navigation the reader started leads to: a link clicked or a history
    /// entry popped. Focus moves when the router draws that path next.
    path: Option<String>,
    /// The path whose heading was just focused, and when (ms).
    recent: Option<(String, f64)>,
}

/// Focus-follows-navigation (made by `install`, provided by the app).
#[derive(Clone, Copy)]
pub struct FocusFollow(StoredValue<Wanted>);

/// How long after moving focus a follow-up navigation to the same path (the `?src=`
/// parameters put back by `sources::KeepSources`) may put it back if the redraw lost it.
const FOLLOW_UP_MS: f64 = 1000.0;

/// The path of `href` (absolute, or relative to this page) as the browser writes it
/// (percent-encoded), so paths from links, the address bar and the router compare.
fn path_of(href: &str) -> Option<String> {
    let base = window().location().href().ok()?;
    web_sys::Url::new_with_base(href, &base)
        .ok()
        .map(|u| u.pathname())
}

/// Called once at start, before the router exists: our listeners must run before the
/// router's (its popstate handler redraws the page, and the effect below runs, before
/// listeners registered after it). They live as long as the page.
pub fn install() -> FocusFollow {
    let follow = FocusFollow(StoredValue::new(Wanted::default()));
    // Capture phase, before the router's own click handler turns the click into a
    // navigation: remember where the link goes.
    let click = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MouseEvent)>::new(
        move |ev: web_sys::MouseEvent| {
            let Some(target) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            else {
                return;
            };
            let Some(a) = target
                .closest("a[href]")
                .ok()
                .flatten()
                .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
            else {
                return;
            };
            let path = path_of(&a.href());
            follow.0.update_value(|w| w.path = path);
        },
    );
    let _ = document().add_event_listener_with_callback_and_bool(
        "click",
        click.as_ref().unchecked_ref(),
        true,
    );
    click.forget();
    // Back/Forward (and the in-page links of ListMemory::follow_in_page): the address
    // bar already shows where we go.
    let pop = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        let path = window().location().pathname().ok();
        follow.0.update_value(|w| w.path = path);
    });
    let _ = window().add_event_listener_with_callback("popstate", pop.as_ref().unchecked_ref());
    pop.forget();
    follow
}

/// Called by the layout (inside the router): moves focus once the page a link or
/// Back/Forward leads to is drawn. Nothing where the app did not install it.
pub fn follow_navigation() {
    let Some(follow) = use_context::<FocusFollow>() else {
        return;
    };
    let loc = use_location();
    Effect::new(move |_| {
        let path = loc.pathname.get();
        loc.search.track();
        let Some(path) = path_of(&path) else { return };
        // Whatever was asked for is answered (or overtaken) by this navigation.
        let asked = follow.0.try_update_value(|w| w.path.take()).flatten();
        let now = js_sys::Date::now();
        let follow_up = asked.is_none()
            && follow.0.with_value(|w| {
                w.recent
                    .as_ref()
                    .is_some_and(|(p, at)| *p == path && now - at < FOLLOW_UP_MS)
            });
        if asked.as_deref() != Some(path.as_str()) && !follow_up {
            return;
        }
        // After the router has drawn the new page.
        request_animation_frame(move || {
            // Focus went back to <body>: the element holding it was redrawn.
            let lost = document()
                .active_element()
                .is_none_or(|e| e.tag_name() == "BODY");
            if typing_in_search() || (follow_up && !lost) {
                return;
            }
            // A page whose data is still being fetched (an article of a site read in
            // pieces) draws its heading later: focus it then.
            when_heading_drawn(path.clone(), move || {
                if typing_in_search() {
                    return;
                }
                focus_heading();
                follow
                    .0
                    .update_value(|w| w.recent = Some((path, js_sys::Date::now())));
            });
        });
    });
}

/// How long a page may take to draw its heading before focus goes to `<main>`.
const HEADING_WAIT_MS: f64 = 5000.0;

/// Runs `then` once `#bs-main` holds an `<h1>` (at once if it does; else looked for
/// at each frame), or after `HEADING_WAIT_MS` — unless the reader has gone to another
/// page meanwhile.
fn when_heading_drawn(path: String, then: impl FnOnce() + 'static) {
    let until = js_sys::Date::now() + HEADING_WAIT_MS;
    check_heading(path, until, Box::new(then));
}

fn check_heading(path: String, until: f64, then: Box<dyn FnOnce()>) {
    let drawn = document()
        .query_selector("#bs-main h1")
        .ok()
        .flatten()
        .is_some();
    if drawn || js_sys::Date::now() > until {
        if path_of(&window().location().href().unwrap_or_default()) == Some(path) {
            then();
        }
        return;
    }
    request_animation_frame(move || check_heading(path, until, then));
}

fn typing_in_search() -> bool {
    document().active_element().is_some_and(|e| {
        e.matches("input, textarea, select, [contenteditable='true']")
            .unwrap_or(false)
    })
}

/// Focuses the page's `<h1>` (made focusable by script only: `tabindex="-1"`), or
/// `<main>` if the page has none, without scrolling.
fn focus_heading() {
    let doc = document();
    let target = doc
        .query_selector("#bs-main h1")
        .ok()
        .flatten()
        .or_else(|| doc.get_element_by_id("bs-main"));
    let Some(el) = target else { return };
    if !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    focus_without_scrolling(&el);
}

/// `el.focus({ preventScroll: true })`.
pub fn focus_without_scrolling(el: &web_sys::Element) {
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let opts = web_sys::FocusOptions::new();
        opts.set_prevent_scroll(true);
        let _ = el.focus_with_options(&opts);
    }
}
