//! The one seam between the views and the browser.
//!
//! Views are functions of data: the same components render in the browser and
//! natively (pages written at build time). What a view needs from the browser *while
//! it renders* — the saved choices in storage, what the browser can do — is asked here:
//! natively the answer is neutral (nothing stored, nothing supported), so a page
//! rendered at build time is the page a first-time visitor's browser draws. Work a view
//! schedules for later (after the next paint, when the page is idle) goes through here
//! too. Everything else a view does with the browser (scrolling, focus, observers,
//! listeners) happens in effects and event handlers, which only ever run in the
//! browser.

use std::time::Duration;

use leptos::prelude::{document, request_animation_frame, set_timeout};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A value the reader saved in `localStorage` (unavailable storage — private modes,
/// sandboxed frames — holds nothing).
pub fn stored(key: &str) -> Option<String> {
    if !in_browser() {
        return None;
    }
    let storage = leptos::prelude::window().local_storage().ok().flatten()?;
    storage.get_item(key).ok().flatten()
}

/// Saves (`Some`) or forgets (`None`) a value in `localStorage`; when the browser
/// refuses (quota, privacy settings), the choice lasts for this page only.
pub fn store(key: &str, value: Option<&str>) {
    if !in_browser() {
        return;
    }
    if let Ok(Some(storage)) = leptos::prelude::window().local_storage() {
        let _ = match value {
            Some(v) => storage.set_item(key, v),
            None => storage.remove_item(key),
        };
    }
}

/// `navigator[name]` when it is a function (a capability: `share`, …).
pub fn navigator_fn(name: &str) -> Option<js_sys::Function> {
    if !in_browser() {
        return None;
    }
    let nav: JsValue = leptos::prelude::window().navigator().into();
    js_sys::Reflect::get(&nav, &name.into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()
}

/// Running in a browser (wasm32), not rendering natively.
pub const fn in_browser() -> bool {
    cfg!(target_arch = "wasm32")
}

/// Longest an idle callback may wait (the main thread never idles while someone
/// holds a key down): then it runs anyway.
const IDLE_TIMEOUT_MS: u32 = 120;

/// Runs `f` after the next frame (the one the keystroke's results are drawn into) has
/// been painted, when the page is idle.
///
/// Not a task queued from that frame's animation callback (`set_timeout`, a posted
/// message): it would run right behind the painted frame, ahead of whatever else that
/// frame queued, and not a callback of the following frame either: Chromium runs
/// those with rendering priority, ahead of ordinary tasks already waiting. Either way
/// 20–50 ms of follow-up work at 10,000 articles (the cards below the first screen,
/// the facet counts, the address) kept the page from answering anything else — the
/// next keystroke included — until it was done. Idle callbacks run after all of that.
pub fn after_next_paint(f: impl FnOnce() + 'static) {
    if in_browser() {
        request_animation_frame(move || when_idle(f));
    }
}

/// Runs `f` after the frame that paints the page's own content — a list, an article,
/// a page's empty or error state (the DOM contract's classes) — once the page is idle;
/// looked for at each frame, for `CONTENT_WAIT_MS` at most. Work meant for later (the
/// warm-up) then never competes with the data the page itself is fetching.
pub fn after_content_painted(f: impl FnOnce() + 'static) {
    if in_browser() {
        let until = js_sys::Date::now() + CONTENT_WAIT_MS;
        wait_for_content(until, Box::new(f));
    }
}

/// How long `after_content_painted` waits for the content.
const CONTENT_WAIT_MS: f64 = 10_000.0;

/// What `after_content_painted` waits for.
const CONTENT: &str = "#bs-main .bs-list, #bs-main .bs-body, #bs-main .bs-empty, \
    #bs-main .bs-notfound, #bs-main .bs-error, #bs-main .bs-facets, #bs-main .bs-archive, \
    #bs-main .bs-search-layout";

fn wait_for_content(until: f64, f: Box<dyn FnOnce()>) {
    let drawn = document().query_selector(CONTENT).ok().flatten().is_some();
    if drawn || js_sys::Date::now() > until {
        after_next_paint(f);
    } else {
        request_animation_frame(move || wait_for_content(until, f));
    }
}

/// Runs `f` when the page is next idle (`requestIdleCallback` with a deadline; a
/// zero timeout where it does not exist: Safari only has it behind a flag). Each call
/// is a task of its own, so input arriving meanwhile is handled in between.
pub fn when_idle(f: impl FnOnce() + 'static) {
    if !in_browser() {
        return;
    }
    let window = web_sys::window();
    let has_idle = window.as_ref().is_some_and(|w| {
        js_sys::Reflect::has(w, &JsValue::from_str("requestIdleCallback")).unwrap_or(false)
    });
    match window.filter(|_| has_idle) {
        Some(w) => {
            // Freed when it runs (and it always runs: IDLE_TIMEOUT_MS at the latest).
            let callback: js_sys::Function = Closure::once_into_js(f).unchecked_into();
            let options = web_sys::IdleRequestOptions::new();
            options.set_timeout(IDLE_TIMEOUT_MS);
            let _ = w.request_idle_callback_with_options(&callback, &options);
        }
        // No JS closure is made for this path: one made and never called would leak.
        None => set_timeout(f, Duration::ZERO),
    }
}

thread_local! {
    /// Background jobs waiting for their turn, and whether `drain` is running: one
    /// queue for the page (the main thread's idle time is one), like the browser's own.
    static JOBS: std::cell::RefCell<(std::collections::VecDeque<Job>, bool)> = Default::default();
}

type Job = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// Runs `job` after the ones queued before it, one at a time, each started when the
/// page is idle. For background work that comes in bursts (a results page's body
/// snippets: up to 20 fetches, each parsed and sanitized when it lands): run together
/// they would block typing for tens of milliseconds; queued, a keystroke waits for one
/// at most.
pub fn queue_when_idle(job: impl std::future::Future<Output = ()> + 'static) {
    if !in_browser() {
        return;
    }
    let start = JOBS.with(|j| {
        let mut j = j.borrow_mut();
        j.0.push_back(Box::pin(job));
        !std::mem::replace(&mut j.1, true)
    });
    if start {
        leptos::task::spawn_local(drain());
    }
}

async fn drain() {
    loop {
        let Some(job) = JOBS.with(|j| {
            let mut j = j.borrow_mut();
            let next = j.0.pop_front();
            j.1 = next.is_some();
            next
        }) else {
            return;
        };
        idle().await;
        job.await;
    }
}

/// Resolves in an idle callback (`when_idle`).
async fn idle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        when_idle(move || {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        })
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// The static copy of this page written at build time (`broadsheet pages`), if the
/// page is one: the app draws the same page and then removes it (`remove_prerendered`).
fn prerendered() -> Option<web_sys::Element> {
    if !in_browser() {
        return None;
    }
    document()
        .query_selector(".bs-prerendered[data-bs-prerendered]")
        .ok()
        .flatten()
}

/// The body of the article `slug` as the static copy of this page shows it, when it
/// shows that article (and not under another site's articles, `?src=`): the same
/// `RenderedBody` the app would fetch and render (the build renders it with the same
/// code and sanitizes it under the same policy, natively), so taking over an article
/// neither fetches nor sanitizes it again — for a Markdown post not even the post
/// reader's wasm is loaded. Only on the page's canonical address (see below). The
/// HTML is read back from the DOM the page shows: the policy allows no element whose
/// serialization parses back differently (no foreign content, raw-text, `template`
/// or `noscript` elements), and the takeover test checks the app's DOM equals the
/// static one.
pub fn static_body(slug: &str) -> Option<crate::core::body::RenderedBody> {
    let page = prerendered()?;
    let html = document().document_element()?;
    if html.has_attribute("data-bs-foreign") {
        return None;
    }
    // Its pictures' and links' addresses were resolved against the site's address at
    // build time (`BROADSHEET_BASE_URL`): only right where the page is served at its
    // canonical address (not, say, a build copied to another host or port).
    let canonical = document()
        .query_selector("link[rel=canonical]")
        .ok()??
        .get_attribute("href")?;
    let location = leptos::prelude::window().location();
    let here = format!("{}{}", location.origin().ok()?, location.pathname().ok()?);
    if canonical != here {
        return None;
    }
    let article = page.query_selector(".bs-article").ok()??;
    if article.get_attribute("data-slug").as_deref() != Some(slug) {
        return None;
    }
    let body = article.query_selector(".bs-body").ok()??;
    let mut toc = Vec::new();
    if let Ok(items) = article.query_selector_all(".bs-toc .bs-toc-item") {
        for i in 0..items.length() {
            let Some(item) = items
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let level = item
                .class_name()
                .split_whitespace()
                .find_map(|c| c.strip_prefix("bs-toc-l")?.parse::<u8>().ok())
                .unwrap_or(1);
            let link = item.query_selector("a").ok()??;
            let href = link.get_attribute("href").unwrap_or_default();
            let id = href.rsplit_once('#').map(|(_, id)| id).unwrap_or_default();
            let id = js_sys::decode_uri_component(id)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| id.to_owned());
            toc.push(crate::core::body::TocEntry {
                level,
                id,
                text: link.text_content().unwrap_or_default(),
            });
        }
    }
    Some(crate::core::body::RenderedBody {
        html: body.inner_html(),
        toc,
        text: crate::core::text::collapse_whitespace(&body.text_content().unwrap_or_default()),
    })
}

/// Whether this page was written at build time (its content is on screen already).
pub fn is_prerendered() -> bool {
    prerendered().is_some()
}

/// Removes the page's static copy, once the app has drawn the same page.
///
/// Hidden at once, then taken apart a few milliseconds at a time when the page is
/// idle: removing a rendered article's subtree in one go took 17–20 ms of one task
/// under Lighthouse's tracing (a long task on a phone four times slower).
pub fn remove_prerendered() {
    if let Some(el) = prerendered() {
        carry_over_search(&el);
        let _ = el.set_attribute("hidden", "");
        remove_in_pieces(el);
    }
}

/// What the reader typed into the static copy's search box while the app built its
/// frame (it is a working page meanwhile), put into the app's box with the focus and
/// the caret where they were; the box's input handler then runs, as for a keystroke:
/// the search starts.
fn carry_over_search(prerendered: &web_sys::Element) {
    let input = |el: Option<web_sys::Element>| el?.dyn_into::<web_sys::HtmlInputElement>().ok();
    let Some(typed) = input(
        prerendered
            .query_selector(".bs-search-input")
            .ok()
            .flatten(),
    ) else {
        return;
    };
    let focused = document().active_element().is_some_and(|a| a == **typed);
    let value = typed.value();
    if value.is_empty() && !focused {
        return;
    }
    let Some(app) = input(
        document()
            .query_selector("body > .bs-app .bs-search-input")
            .ok()
            .flatten(),
    ) else {
        return;
    };
    // Focused first: a search typed into a focused box keeps the focus there.
    if focused {
        let _ = app.focus();
    }
    if !value.is_empty() && app.value() != value {
        app.set_value(&value);
        if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        }) {
            let _ = app.dispatch_event(&ev);
        }
    }
    if focused {
        let caret = (typed.selection_start(), typed.selection_end());
        if let (Ok(Some(start)), Ok(Some(end))) = caret {
            let _ = app.set_selection_range(start, end);
        }
    }
}

/// Milliseconds of removal per task (`remove_prerendered`).
const REMOVE_SLICE_MS: f64 = 4.0;

fn remove_in_pieces(el: web_sys::Element) {
    when_idle(move || {
        let until = js_sys::Date::now() + REMOVE_SLICE_MS;
        // Leaves first (the last one, deepest): each removal detaches one node.
        while let Some(mut node) = el.last_child() {
            while let Some(child) = node.last_child() {
                node = child;
            }
            if let Some(parent) = node.parent_node() {
                let _ = parent.remove_child(&node);
            }
            if js_sys::Date::now() > until {
                return remove_in_pieces(el);
            }
        }
        el.remove();
    });
}
