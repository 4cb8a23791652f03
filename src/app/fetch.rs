//! Fetching, and nothing else: every request is aborted when whoever asked for it goes
//! away — a page's resource (its reactive owner is cleaned up, as in Leptos's
//! `examples/hackernews`), or a task that is dropped (a widget unmounted:
//! `spawn_local_scoped_with_cancellation`). Every request is also given up after
//! `TIMEOUT`, refused over its size limit (`limits::FileKind`), and carries no
//! credentials unless it is for the site's own data (`first_party`). `api` (sources,
//! bodies) and `shards` (a site read in pieces) fetch through here.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use gloo_net::http::Request;
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use web_sys::{RequestCredentials, RequestMode, RequestRedirect, ResponseType};

use super::i18n::document_locale;
use crate::core::limits::{human_bytes, FileKind};

/// A source (catalog or post file) or article body that has not answered by then is
/// given up (the request is aborted).
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// An `AbortController` that aborts its request when dropped (the future that made
/// the request was dropped: nobody waits for the answer) or when the reactive owner
/// current at the request is cleaned up (the page or widget that asked is gone).
/// Aborting a request that already finished does nothing.
struct Abort(Option<web_sys::AbortController>);

impl Abort {
    fn new() -> Abort {
        let controller = web_sys::AbortController::new().ok();
        if let Some(c) = controller.clone() {
            let c = SendWrapper::new(c);
            on_cleanup(move || c.abort());
        }
        Abort(controller)
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(|c| c.signal())
    }
}

impl Drop for Abort {
    fn drop(&mut self) {
        if let Some(c) = &self.0 {
            c.abort();
        }
    }
}

/// Same-origin data requests (`fetch_optional`: list chunks, card blocks, search
/// shards) in flight at once; more wait their turn, first come first served. A prefix
/// query on a big site can need hundreds of shards: fired at once, they flood the host,
/// and Chromium fails what it cannot queue (`net::ERR_INSUFFICIENT_RESOURCES` at a few
/// thousand pending requests; a failed shard is not asked again). Twelve keeps HTTP/2
/// hosts busy and costs nothing on HTTP/1.1 (six connections per host).
const IN_FLIGHT: usize = 12;

struct Gate {
    free: usize,
    waiting: VecDeque<futures::channel::oneshot::Sender<()>>,
}

thread_local! {
    static GATE: RefCell<Gate> = const { RefCell::new(Gate { free: IN_FLIGHT, waiting: VecDeque::new() }) };
}

/// A place among the requests in flight, handed to the next waiter when dropped.
struct Permit;

impl Drop for Permit {
    fn drop(&mut self) {
        release();
    }
}

/// Hands a place on to the first waiter still waiting, or frees it.
fn release() {
    GATE.with(|g| {
        let mut g = g.borrow_mut();
        while let Some(next) = g.waiting.pop_front() {
            if next.send(()).is_ok() {
                return;
            }
        }
        g.free += 1;
    });
}

/// A waiter's ticket: dropped after its place was handed over but before it was
/// taken (the request was aborted meanwhile), it passes the place on.
struct Ticket(Option<futures::channel::oneshot::Receiver<()>>);

impl Drop for Ticket {
    fn drop(&mut self) {
        if let Some(mut rx) = self.0.take() {
            if let Ok(Some(())) = rx.try_recv() {
                release();
            }
        }
    }
}

async fn permit() -> Permit {
    let waiting = GATE.with(|g| {
        let mut g = g.borrow_mut();
        if g.free > 0 {
            g.free -= 1;
            None
        } else {
            let (tx, rx) = futures::channel::oneshot::channel();
            g.waiting.push_back(tx);
            Some(rx)
        }
    });
    if let Some(rx) = waiting {
        let mut ticket = Ticket(Some(rx));
        if let Some(rx) = ticket.0.as_mut() {
            // Err: the gate dropped the sender, which it never does while it lives.
            let _ = rx.await;
        }
        ticket.0 = None;
    }
    Permit
}

/// Plain fetch (data files: a search index and its shards, a site's pieces), refused
/// over `kind`'s size limit.
pub async fn fetch_bytes(url: &str, kind: FileKind) -> Result<Vec<u8>, String> {
    fetch_optional(url, kind)
        .await?
        .ok_or_else(|| format!("{url} answered 404 Not Found"))
}

/// `fetch_bytes`, with a 404 answered as `None` (a list the site does not have).
/// Without credentials unless `first_party`; given up after `TIMEOUT` like a source (a
/// host that never answers must not hold a place in the gate for ever).
pub async fn fetch_optional(url: &str, kind: FileKind) -> Result<Option<Vec<u8>>, String> {
    let abort = Abort::new();
    let _place = permit().await;
    let deadline = Deadline::new(&abort);
    let mut req = Request::get(url);
    if !first_party(url) {
        req = req.credentials(RequestCredentials::Omit);
    }
    let resp = req
        .abort_signal(abort.signal().as_ref())
        .send()
        .await
        .map_err(|e| match deadline.passed() {
            true => format!("{url}: {}", timeout_reason()),
            false => format!("could not reach {url} ({e})"),
        })?;
    if resp.status() == 404 {
        return Ok(None);
    }
    if !resp.ok() {
        return Err(format!(
            "{url} answered {} {}",
            resp.status(),
            resp.status_text()
        ));
    }
    within_limit(&resp, kind).map_err(|e| format!("{url}: {e}"))?;
    let bytes = resp.binary().await.map_err(|e| match deadline.passed() {
        true => format!("{url}: {}", timeout_reason()),
        false => format!("could not read {url} ({e})"),
    })?;
    checked_size(bytes, kind)
        .map(Some)
        .map_err(|e| format!("{url}: {e}"))
}

/// Aborts its request after `TIMEOUT`; cleared when dropped.
struct Deadline {
    timer: Option<leptos::prelude::TimeoutHandle>,
    passed: Rc<Cell<bool>>,
}

impl Deadline {
    fn new(abort: &Abort) -> Deadline {
        let passed = Rc::new(Cell::new(false));
        let (controller, flag) = (abort.0.clone(), Rc::clone(&passed));
        let timer = leptos::prelude::set_timeout_with_handle(
            move || {
                flag.set(true);
                if let Some(c) = controller {
                    c.abort();
                }
            },
            TIMEOUT,
        )
        .ok();
        Deadline { timer, passed }
    }

    fn passed(&self) -> bool {
        self.passed.get()
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(t) = self.timer.take() {
            t.clear();
        }
    }
}

/// Refuses an answer whose `Content-Length` is over `kind`'s limit before reading it.
/// (Compressed answers give the compressed length, or none: the length read is checked
/// again by `checked_size`.)
fn within_limit(resp: &gloo_net::http::Response, kind: FileKind) -> Result<(), String> {
    let declared = resp
        .headers()
        .get("content-length")
        .and_then(|v| v.trim().parse::<usize>().ok());
    match declared {
        Some(n) if n > kind.max_bytes() => Err(too_large(n, kind)),
        _ => Ok(()),
    }
}

fn too_large(n: usize, kind: FileKind) -> String {
    document_locale().too_large(&human_bytes(n), &human_bytes(kind.max_bytes()))
}

fn checked_size(bytes: Vec<u8>, kind: FileKind) -> Result<Vec<u8>, String> {
    if bytes.len() > kind.max_bytes() {
        return Err(too_large(bytes.len(), kind));
    }
    Ok(bytes)
}

fn page_origin() -> String {
    leptos::prelude::window()
        .location()
        .origin()
        .unwrap_or_default()
}

/// The site's own data: under `<site root>/articles/` on a page of the site (not a
/// widget's host page). Only those requests may carry the reader's cookies for this
/// site (a site behind a login); anything a source named — another site, or another
/// path of this one (`?src=/uploads/x.json`, an article path of a foreign catalog) — is
/// fetched without credentials (issue 25).
fn first_party(url: &str) -> bool {
    thread_local! {
        static DATA_DIR: Option<String> = super::links::is_app_page()
            .then(|| leptos::prelude::document().base_uri().ok().flatten())
            .flatten()
            .map(|base| format!("{}articles/", base.split(['?', '#']).next().unwrap_or(&base)));
    }
    same_origin(url) && DATA_DIR.with(|d| d.as_deref().is_some_and(|d| url.starts_with(d)))
}

fn same_origin(url: &str) -> bool {
    let origin = page_origin();
    url.strip_prefix(origin.as_str())
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Fetches a source's catalog or post file (or an article body): aborted after
/// `TIMEOUT` (or when its asker goes away: `Abort`); to another origin without
/// credentials (`credentials: omit`); a failure explained for people (the reason only,
/// the caller shows the URL).
pub async fn fetch_source(url: &str, kind: FileKind) -> Result<Vec<u8>, String> {
    let abort = Abort::new();
    let deadline = Deadline::new(&abort);
    let cross_origin = !same_origin(url);
    let mut req = Request::get(url);
    if !first_party(url) {
        req = req.credentials(RequestCredentials::Omit);
    }
    let signal = abort.signal();
    // Aborted because the asker went away: nobody reads the answer, and probing for a
    // reason would only send more requests.
    let gave_up = || !deadline.passed() && signal.as_ref().is_some_and(|s| s.aborted());
    let resp = match req.abort_signal(signal.as_ref()).send().await {
        Ok(r) => r,
        Err(_) if deadline.passed() => return Err(timeout_reason()),
        Err(_) if gave_up() => return Err("the request was cancelled".into()),
        Err(_) => return Err(failure_reason(url, cross_origin).await),
    };
    if !resp.ok() {
        return Err(status_reason(resp.status(), &resp.status_text()));
    }
    within_limit(&resp, kind)?;
    match resp.binary().await {
        Ok(b) => checked_size(b, kind),
        Err(_) if deadline.passed() => Err(timeout_reason()),
        Err(e) => Err(document_locale().broke_off(&e.to_string())),
    }
}

// The reasons are worded in the page's language at the time of the failure (a reason
// already shown keeps its words if the language is switched later).

fn timeout_reason() -> String {
    document_locale().timed_out(TIMEOUT.as_secs())
}

pub fn status_reason(status: u16, text: &str) -> String {
    document_locale().http_status(status, text)
}

/// A fetch failed without a status: the browser does not say why. Probes tell the
/// usual causes apart: a second request in `no-cors` mode succeeds (with an unreadable
/// answer) when the server is there but sends no CORS headers; one that does not follow
/// redirects gets a redirect back when the server redirects in a loop (or somewhere
/// unreachable). Otherwise nothing answers.
async fn failure_reason(url: &str, cross_origin: bool) -> String {
    if cross_origin && probe(url, RequestRedirect::Follow).await.is_some() {
        return document_locale().no_cors().into();
    }
    if probe(url, RequestRedirect::Manual).await == Some(ResponseType::Opaqueredirect) {
        return document_locale().redirect_loop().into();
    }
    document_locale().no_connection().into()
}

/// A request without credentials, given up after 5 s: the answer's type, or `None`
/// when it failed. Following redirects it is a `no-cors` request; not following them it
/// cannot be (fetch refuses `no-cors` with `redirect: manual`), so a redirect without
/// CORS headers stays a plain failure.
async fn probe(url: &str, redirect: RequestRedirect) -> Option<ResponseType> {
    let abort = Abort::new();
    let timer = abort.0.clone().and_then(|c| {
        leptos::prelude::set_timeout_with_handle(move || c.abort(), Duration::from_secs(5)).ok()
    });
    let mode = if redirect == RequestRedirect::Follow {
        RequestMode::NoCors
    } else {
        RequestMode::Cors
    };
    let answer = Request::get(url)
        .mode(mode)
        .credentials(RequestCredentials::Omit)
        .redirect(redirect)
        .abort_signal(abort.signal().as_ref())
        .send()
        .await;
    if let Some(t) = timer {
        t.clear();
    }
    answer.ok().map(|r| r.type_())
}

#[cfg(test)]
mod tests {
    use futures::FutureExt;

    use super::*;

    /// Places taken now; the gate is per thread and each test runs on its own.
    fn take_all() -> Vec<Permit> {
        (0..IN_FLIGHT)
            .map(|_| permit().now_or_never().expect("a free place"))
            .collect()
    }

    #[test]
    fn a_request_past_the_limit_waits_for_a_place() {
        let mut held = take_all();
        let mut next = Box::pin(permit());
        assert!(
            next.as_mut().now_or_never().is_none(),
            "all places are taken"
        );
        held.pop();
        let got = next.as_mut().now_or_never();
        assert!(got.is_some(), "a freed place goes to the waiter");
        drop(held);
        assert_eq!(GATE.with(|g| g.borrow().free), IN_FLIGHT - 1);
        drop(got);
        assert_eq!(GATE.with(|g| g.borrow().free), IN_FLIGHT);
    }

    #[test]
    fn a_waiter_given_up_after_its_turn_came_passes_the_place_on() {
        let mut held = take_all();
        let mut first = Box::pin(permit());
        let mut second = Box::pin(permit());
        assert!(first.as_mut().now_or_never().is_none());
        assert!(second.as_mut().now_or_never().is_none());
        // The place is handed to `first`, whose request is aborted before it runs.
        held.pop();
        drop(first);
        assert!(
            second.as_mut().now_or_never().is_some(),
            "the place was not lost"
        );
        drop(held);
        drop(second);
        assert_eq!(GATE.with(|g| g.borrow().free), IN_FLIGHT);
    }
}
