//! "Back to the list" keeps the list: which list URL the reader came from and where
//! it was scrolled. Opening an article from a list records both; the back link (and the
//! browser's Back button) asks the list to restore its position once it is drawn.
//!
//! The memory is one value (`ListMemory`), made by `install` before the router exists
//! (its popstate listener must run before the router's) and provided by the app;
//! views take it with `use_list_memory`.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[derive(Default)]
struct Memory {
    positions: HashMap<String, f64>,
    last_list: Option<String>,
    restore_requested: bool,
    /// A `popstate` we dispatched ourselves (`follow_in_page`), not a Back/Forward.
    synthetic_pop: bool,
}

/// Where lists were left (provided by `App`).
#[derive(Clone, Copy)]
pub struct ListMemory(StoredValue<Memory>);

/// The app's list memory; a fresh one where none is provided (a page rendered outside
/// the app remembers nothing).
pub fn use_list_memory() -> ListMemory {
    use_context::<ListMemory>().unwrap_or_else(|| ListMemory(StoredValue::new(Memory::default())))
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
pub fn install() -> ListMemory {
    let memory = ListMemory(StoredValue::new(Memory::default()));
    if let Ok(h) = window().history() {
        let _ = h.set_scroll_restoration(web_sys::ScrollRestoration::Manual);
    }
    // Registered before the router's own listener, so the flag is set when the list
    // redraws. Lives as long as the page.
    let cb = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
        memory.0.update_value(|m| {
            m.restore_requested = !m.synthetic_pop;
            m.synthetic_pop = false;
        });
    });
    let _ = window().add_event_listener_with_callback("popstate", cb.as_ref().unchecked_ref());
    cb.forget();
    memory
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

impl ListMemory {
    /// A list page is showing and a link of it is followed: it is the list "back"
    /// returns to, at this scroll position.
    pub fn remember_position(self) {
        let url = current_url();
        let y = window().scroll_y().unwrap_or(0.0);
        self.0.update_value(|m| {
            m.positions.insert(url.clone(), y);
            m.last_list = Some(url);
        });
    }

    pub fn last_list(self) -> Option<String> {
        self.0.with_value(|m| m.last_list.clone())
    }

    pub fn request_restore(self) {
        self.0.update_value(|m| m.restore_requested = true);
    }

    /// A list was drawn (call from an effect, inside the router): it is the list to go
    /// back to, and it scrolls back to where the reader left it, if asked to.
    pub fn list_drawn(self) {
        let url = router_url();
        let y = self.0.try_update_value(|m| {
            m.last_list = Some(url.clone());
            if !std::mem::take(&mut m.restore_requested) {
                return None;
            }
            m.positions.get(&url).copied()
        });
        if let Some(Some(y)) = y {
            // Two frames: the first lays the list out, the second can scroll that far.
            request_animation_frame(move || {
                window().scroll_to_with_x_and_y(0.0, y);
                request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, y));
            });
        }
    }

    /// The list page being drawn has a new address (written late by typing): it is the
    /// list to go back to.
    pub fn list_moved(self) {
        let url = router_url();
        self.0.update_value(|m| m.last_list = Some(url));
    }

    /// A page that is not a list was drawn (call from an effect): a pending restore no
    /// longer applies.
    pub fn other_page_drawn(self) {
        self.0.update_value(|m| m.restore_requested = false);
    }

    /// Click handler for links between views of the same page (search sort, facets,
    /// filter chips): pushes the URL and lets the router follow it, as a link would.
    ///
    /// Works around leptos_router 0.8.17, whose history bookkeeping (`path_stack`) is
    /// not updated on Forward: after Back then Forward, a link to the entry you had gone
    /// Back to is treated as "already there" and silently does nothing (see leptos issue
    /// #4324 for the Back half, fixed upstream). Plain left clicks only; modified clicks
    /// (new tab, new window) stay the browser's.
    pub fn follow_in_page(self, ev: web_sys::MouseEvent) {
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
        self.0.update_value(|m| m.synthetic_pop = true);
        if let Ok(pop) = web_sys::PopStateEvent::new("popstate") {
            let _ = window().dispatch_event(&pop);
        }
    }
}
