//! "Back to the list" keeps the list: which list URL the reader came from and where
//! it was scrolled. Opening an article from a list records both; the back link (and the
//! browser's Back button) asks the list to restore its position once it is drawn.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Default)]
struct Memory {
    positions: HashMap<String, f64>,
    last_list: Option<String>,
    restore_requested: bool,
    /// A `popstate` we dispatched ourselves (`push_url`), not a Back/Forward.
    synthetic_pop: bool,
}

thread_local! {
    static MEMORY: RefCell<Memory> = RefCell::new(Memory::default());
}

fn current_url() -> String {
    let loc = window().location();
    format!(
        "{}{}",
        loc.pathname().unwrap_or_default(),
        loc.search().unwrap_or_default()
    )
}

/// Called once at start: we restore list positions ourselves, and a Back/Forward
/// (popstate) returning to a list restores where it was.
pub fn install() {
    if let Ok(h) = window().history() {
        let _ = h.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    // Registered before the router's own listener, so the flag is set when the list redraws.
    let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {
        MEMORY.with(|m| {
            let mut m = m.borrow_mut();
            m.restore_requested = !m.synthetic_pop;
            m.synthetic_pop = false;
        });
    });
    let _ = window().add_event_listener_with_callback("popstate", cb.as_ref().unchecked_ref());
    cb.forget();
}

/// A list page is showing: it is the list "back" returns to.
pub fn remember_list_position() {
    let url = current_url();
    let y = window().scroll_y().unwrap_or(0.0);
    MEMORY.with(|m| {
        let mut m = m.borrow_mut();
        m.positions.insert(url.clone(), y);
        m.last_list = Some(url);
    });
}

/// The URL being drawn (the router's; the address bar changes after the new page is ready).
fn router_url() -> String {
    let loc = leptos_router::hooks::use_location();
    let search = loc.search.get_untracked();
    let path = loc.pathname.get_untracked();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

/// Marks the page being drawn as the list to go back to.
pub fn set_last_list() {
    let url = router_url();
    MEMORY.with(|m| m.borrow_mut().last_list = Some(url));
}

pub fn last_list() -> Option<String> {
    MEMORY.with(|m| m.borrow().last_list.clone())
}

pub fn request_restore() {
    MEMORY.with(|m| m.borrow_mut().restore_requested = true);
}

/// After a list is drawn: scroll back to where the reader left it, if asked to.
pub fn restore_if_requested() {
    let url = router_url();
    let y = MEMORY.with(|m| {
        let mut m = m.borrow_mut();
        if !std::mem::take(&mut m.restore_requested) {
            return None;
        }
        m.positions.get(&url).copied()
    });
    if let Some(y) = y {
        // Two frames: the first lays the list out, the second can scroll that far.
        request_animation_frame(move || {
            window().scroll_to_with_x_and_y(0.0, y);
            request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, y));
        });
    }
}

/// A page that is not a list was drawn: a pending restore no longer applies.
pub fn clear_restore() {
    MEMORY.with(|m| m.borrow_mut().restore_requested = false);
}

/// Click handler for links between views of the same page (search sort, facets,
/// filter chips): pushes the URL and lets the router follow it, as a link would.
///
/// Works around leptos_router 0.8.17, whose history bookkeeping (`path_stack`) is not
/// updated on Forward: after Back then Forward, a link to the entry you had gone Back
/// to is treated as "already there" and silently does nothing (see leptos issue #4324
/// for the Back half, fixed upstream). Plain left clicks only; modified clicks (new
/// tab, new window) stay the browser's.
pub fn follow_in_page(ev: web_sys::MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let Some(a) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    else {
        return;
    };
    let href = a.href();
    let Ok(history) = window().history() else {
        return;
    };
    if history
        .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&href))
        .is_err()
    {
        return; // let the router handle the click
    }
    ev.prevent_default();
    MEMORY.with(|m| m.borrow_mut().synthetic_pop = true);
    if let Ok(pop) = web_sys::PopStateEvent::new("popstate") {
        let _ = window().dispatch_event(&pop);
    }
}
