//! Work a keystroke starts that the reader does not need in the frame it paints.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::{request_animation_frame, set_timeout};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
    request_animation_frame(move || when_idle(f));
}

/// Runs `f` when the page is next idle (`requestIdleCallback` with a deadline; a
/// zero timeout where it does not exist: Safari only has it behind a flag). Each call
/// is a task of its own, so input arriving meanwhile is handled in between.
pub fn when_idle(f: impl FnOnce() + 'static) {
    let slot = Rc::new(Cell::new(Some(f)));
    let run = {
        let slot = Rc::clone(&slot);
        move || {
            if let Some(f) = slot.take() {
                f();
            }
        }
    };
    let callback: js_sys::Function = Closure::once_into_js(run.clone()).unchecked_into();
    let options = web_sys::IdleRequestOptions::new();
    options.set_timeout(IDLE_TIMEOUT_MS);
    if web_sys::window()
        .and_then(|w| {
            w.request_idle_callback_with_options(&callback, &options)
                .ok()
        })
        .is_none()
    {
        set_timeout(run, Duration::ZERO);
    }
}

thread_local! {
    /// Background jobs waiting for their turn, and whether `drain` is running.
    static JOBS: std::cell::RefCell<(std::collections::VecDeque<Job>, bool)> = Default::default();
}

type Job = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

/// Runs `job` after the ones queued before it, one at a time, each started when the
/// page is idle. For background work that comes in bursts (a results page's body
/// snippets: up to 20 fetches, each parsed and sanitized when it lands): run together
/// they would block typing for tens of milliseconds; queued, a keystroke waits for one
/// at most.
pub fn queue_when_idle(job: impl std::future::Future<Output = ()> + 'static) {
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
