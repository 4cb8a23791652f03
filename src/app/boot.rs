//! The app's first frame over a page written at build time, drawn in short tasks.
//!
//! On such a page the reader already sees the content (and its links work): the app
//! only has to draw the same page and take the static copy away, in the same task, so
//! no frame shows both or neither (`start`). Drawing it in one go was one task of
//! 30–40 ms here (the first run of most of the app's code is also when the browser
//! compiles it), 120–160 ms on a phone four times slower: long enough to swallow a
//! tap, and what Lighthouse counted as the page's time to interactive (4.3 s). So the
//! frame is built hidden (`html[data-bs-booting]`, style.css), a part per task — the
//! frame, the search box, the header's switches, the sidebar and footer, then the
//! page's own content in parts (the router; the route's own content, such as a list's
//! heading or an article's head; a list's cards seven at a time, an article's body,
//! what follows it) — and a last short task shows it and hides the static copy
//! (`browser::remove_prerendered` takes that apart later, when the page is idle).
//! Input between the tasks reaches the static page, which is a working page.
//!
//! A part marked `later(stage, …)` is drawn once the frame's stage reaches `stage`
//! (once, untracked); a view that must stay reactive waits with `reached(stage)`.
//! Natively (pages written at build time) and on any other start there is no `Boot`
//! and everything is drawn at once: the same markup, in one piece.

use leptos::prelude::*;

/// Which part of the first frame is drawn now (`later`); provided by `start` while
/// the app builds its first frame over a static page.
#[derive(Clone, Copy)]
pub struct Boot(RwSignal<u8>);

/// The stages of the first frame, in order (each one task).
pub mod stage {
    /// The router (the app's contexts come first, at 0).
    pub const ROUTER: u8 = 1;
    /// The frame (`Layout`: header, sidebar, main, footer), empty.
    pub const SHELL: u8 = 2;
    /// The header: the drawer's toggle, the site's name, the search box.
    pub const SEARCH: u8 = 3;
    /// The header's language and theme switches.
    pub const SWITCHES: u8 = 4;
    /// The sidebar (category tree, browse links) and the footer.
    pub const FRAME: u8 = 5;
    /// The page's own content, in up to `PARTS` parts (`part`): first the router
    /// (the route matched), then the route's content (`ROUTE`: a list's heading, an
    /// article's head…), then the rest of it (a list's cards a few per task, an
    /// article's body…).
    pub const PAGE: u8 = 6;
    /// The route's own content (`status::site_view`, which every route's page goes
    /// through): in a task after the router's,
    /// which with it was the longest of the frame (7–14 ms on an article page here,
    /// against the 12.5 ms that Lighthouse's 4x slowdown counts as long).
    pub const ROUTE: u8 = PAGE + 1;
    /// How many stages the page's content may take.
    pub const PARTS: u8 = 5;
    /// The last stage.
    pub const LAST: u8 = PAGE + PARTS - 1;
    /// The frame is on screen (`shown`).
    pub const SHOWN: u8 = LAST + 1;

    /// The stage of the page content's part `i` (from 0; the last stage for any
    /// part past the last).
    pub fn part(i: usize) -> u8 {
        PAGE + u8::try_from(i).unwrap_or(u8::MAX).min(PARTS - 1)
    }

    /// The stage of part `i` (from 0) of a route's content after its own (`ROUTE`):
    /// a list's cards, an article's body and what follows it.
    pub fn after_route(i: usize) -> u8 {
        part(usize::from(ROUTE - PAGE) + 1 + i)
    }
}

/// The attribute on `<html>` that hides the app's frame while it is being built.
const BOOTING: &str = "data-bs-booting";

impl Boot {
    /// A frame built in stages: hidden until `run` has gone through them.
    pub fn staged() -> Self {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute(BOOTING, "");
        }
        Boot(RwSignal::new(0))
    }

    /// Goes through the stages, one task each, then shows the frame and removes the
    /// static copy (`done`) in one more task.
    pub async fn run(self, done: impl FnOnce()) {
        for n in 1..=stage::LAST {
            next_task().await;
            mark(n);
            self.0.set(n);
        }
        next_task().await;
        mark(stage::SHOWN);
        // Shown, then the static copy hidden, in the same task (no frame shows both or
        // neither); shown first, so that `done` can move the focus into the app's frame.
        if let Some(html) = document().document_element() {
            let _ = html.remove_attribute(BOOTING);
        }
        done();
        // What waited for the frame to be on screen, in a task of its own too.
        next_task().await;
        self.0.set(stage::SHOWN);
    }
}

/// A User Timing mark at the start of stage `n`'s task (`bs-boot-<n>`; the frame shown
/// at `stage::SHOWN`): the takeover's tasks are then named in a performance trace
/// (DevTools, `bench/takeover-trace.mjs`).
fn mark(n: u8) {
    if let Some(performance) = window().performance() {
        let _ = performance.mark(&format!("bs-boot-{n}"));
    }
}

/// Draws `view` now, or — while the first frame is built in stages — once the stage
/// `stage` is reached (see the module's comment). Type-erased (`AnyView`): the
/// staging code is in the wasm once, not once per kind of view (measured: 15 kB less
/// than a closure per view, 25 kB less than an `Either` per view).
pub fn later<V, F>(stage: u8, view: F) -> AnyView
where
    F: FnOnce() -> V + 'static,
    V: IntoAny + 'static,
{
    let reached = reached(stage);
    if untrack(reached) {
        return view().into_any();
    }
    let view: StoredValue<Option<Box<dyn FnOnce() -> AnyView>>, LocalStorage> =
        StoredValue::new_local(Some(Box::new(move || view().into_any())));
    (move || {
        if reached() {
            // Drawn once: untracked, so nothing it reads runs this again.
            view.try_update_value(Option::take).flatten().map(untrack)
        } else {
            None
        }
    })
    .into_any()
}

/// Whether the stage `stage` of the first frame is reached (tracked; it changes once,
/// from false to true): for a view drawn from then on that must stay reactive, which
/// `later` (drawn once, untracked) is not. Always true without a staged frame.
pub fn reached(stage: u8) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    let memo = use_context::<Boot>()
        .filter(|b| b.0.get_untracked() < stage)
        .map(|Boot(current)| Memo::new(move |_| current.get() >= stage));
    move || memo.is_none_or(|m| m.get())
}

/// Whether the app's frame is on screen (tracked): not while it is built hidden over
/// a static page. What measures the page's layout waits for it.
pub fn shown() -> bool {
    use_context::<Boot>().is_none_or(|b| b.0.get() >= stage::SHOWN)
}

/// Whether the app's frame is being built hidden now (untracked).
pub fn building() -> bool {
    !untrack(shown)
}

/// Resolves in a task of its own (a zero timer), after what is queued now: between two
/// stages the browser handles input and may paint.
pub async fn next_task() {
    super::sleep(std::time::Duration::ZERO).await;
}
