//! A set of sources loading side by side, and the one catalog they make. The site
//! (`app::sources`) and each embed widget (`app::embed`) hold one; it knows no router
//! and no views.
//!
//! Each source (a catalog written by `broadsheet index`, or one post file) loads on its
//! own (`Slot`); the site shown is every source loaded so far, merged in the order
//! given (`core::sources::merge`: slugs stay distinct and deterministic). A failed
//! source keeps its reason and can be retried alone. Loads run under the reactive
//! owner that created the set: when it goes (a widget is unmounted) they are dropped
//! and their requests aborted (`api`).

use std::sync::Arc;

use futures::channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local_scoped_with_cancellation;

use super::api;
use super::site::{Site, SiteId};
use crate::core::sources as core_sources;

#[derive(Clone)]
pub enum SlotState {
    Loading,
    /// The source's own catalog (paths absolute; the bundled one's relative to it, as
    /// built) with its full-text index if it has one: shown as is when it is the only
    /// source loaded, so a single source costs no copy.
    Loaded(Arc<Site>),
    Failed(String),
}

/// One source and how it is doing.
#[derive(Clone)]
pub struct Slot {
    /// The absolute URL (or the text as given, when it is not a loadable URL).
    pub url: String,
    /// Not an http(s) URL (or not allowed here): Retry cannot help.
    pub invalid: bool,
    /// The site's own catalog: merged first, so its articles keep their slugs.
    pub first_party: bool,
    pub state: SlotState,
}

impl Slot {
    /// A source to load from `url` (absolute).
    pub fn url(url: String) -> Slot {
        Slot {
            url,
            invalid: false,
            first_party: false,
            state: SlotState::Loading,
        }
    }

    /// A source already loaded (`site`, from `url`).
    pub fn loaded(url: String, site: Arc<Site>) -> Slot {
        Slot {
            url,
            invalid: false,
            first_party: false,
            state: SlotState::Loaded(site),
        }
    }

    /// A source that cannot be loaded: `given` as written, and why.
    pub fn invalid(given: &str, reason: String) -> Slot {
        Slot {
            url: given.trim().to_owned(),
            invalid: true,
            first_party: false,
            state: SlotState::Failed(reason),
        }
    }

    /// `given` resolved against the page's URL (`resolve_source_url`).
    pub fn resolve(given: &str, page: &str) -> Slot {
        match core_sources::resolve_source_url(given, page) {
            Ok(url) => Slot::url(url),
            Err(reason) => Slot::invalid(given, reason),
        }
    }
}

/// What the shown catalog is made of (compared to know when it changed).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Parts {
    /// Nothing loaded yet, sources still loading.
    Waiting,
    /// The loaded parts, in source order.
    Loaded(Vec<SiteId>),
    /// Every source failed: their reasons.
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct SourceSet {
    pub slots: RwSignal<Vec<Slot>>,
    /// The site's own catalog, whose paths stay relative to it (none in a widget).
    bundled: StoredValue<Option<String>>,
    /// Loads run under this owner (the one that made the set). Weak: the set lives in
    /// that owner, and a strong reference would keep it from ever being cleaned up.
    owner: StoredValue<Option<WeakOwner>>,
    site: Memo<Option<Result<Arc<Site>, String>>>,
}

impl SourceSet {
    /// The set of `slots` (in order, duplicates dropped); nothing loads before `load_all`.
    /// The site's own catalog (`bundled`) goes first whatever its place in `given`:
    /// merged sources keep the slugs of the first, and an article of the site must
    /// never be replaced at its own address by one from elsewhere claiming its slug
    /// (`/article/<slug>?src=<foreign>&src=articles/catalog.json`, issue 25).
    pub fn new(given: Vec<Slot>, bundled: Option<String>) -> SourceSet {
        let mut slots: Vec<Slot> = Vec::new();
        for mut slot in given {
            if !slots.iter().any(|s| s.url == slot.url) {
                slot.first_party = bundled.as_deref() == Some(slot.url.as_str());
                slots.push(slot);
            }
        }
        slots.sort_by_key(|s| !s.first_party);
        let slots = RwSignal::new(slots);
        let parts = Memo::new(move |_| slots.with(|s| parts_of(s)));
        let site = Memo::new(move |_| match parts.get() {
            Parts::Waiting => None,
            Parts::Failed(reasons) => Some(Err(reasons)),
            // Read untracked: `parts` says when the loaded sites changed.
            Parts::Loaded(_) => slots.with_untracked(|s| Some(Ok(merged(s)))),
        });
        SourceSet {
            slots,
            bundled: StoredValue::new(bundled),
            owner: StoredValue::new(Owner::current().map(|o| o.downgrade())),
            site,
        }
    }

    /// Starts loading every source that is waiting to. The future it returns
    /// resolves once each of them has answered (loaded or failed); dropping it changes
    /// nothing.
    pub fn load_all(self) -> impl std::future::Future<Output = ()> {
        let n = self.slots.with_untracked(Vec::len);
        let answers: Vec<_> = (0..n)
            .filter(|&i| {
                self.slots
                    .with_untracked(|s| matches!(s[i].state, SlotState::Loading))
            })
            .map(|i| self.load(i))
            .collect();
        async move {
            for answer in answers {
                let _ = answer.await;
            }
        }
    }

    /// Fetches source `i` and merges it in (or records why not); the receiver hears
    /// when it is done.
    fn load(self, i: usize) -> oneshot::Receiver<()> {
        let (done, answer) = oneshot::channel();
        let Some(url) = self
            .slots
            .with_untracked(|s| s.get(i).map(|s| s.url.clone()))
        else {
            return answer;
        };
        let bundled = self
            .bundled
            .with_value(|b| b.as_deref() == Some(url.as_str()));
        // The only source: a site's data may be read in pieces (merged sources need
        // every article at once).
        let alone = self.slots.with_untracked(Vec::len) == 1;
        let task = async move {
            let state = match api::load_part(&url, bundled, alone).await {
                Ok(site) => SlotState::Loaded(Arc::new(site)),
                Err(reason) => SlotState::Failed(reason),
            };
            self.slots.try_update(|s| {
                if let Some(slot) = s.get_mut(i) {
                    slot.state = state;
                }
            });
            let _ = done.send(());
        };
        match self.owner.get_value().map(|o| o.upgrade()) {
            Some(Some(owner)) => owner.with(|| spawn_local_scoped_with_cancellation(task)),
            // Its owner is gone: nothing would show the answer.
            Some(None) => {}
            None => leptos::task::spawn_local(task),
        }
        answer
    }

    /// Retry: fetches only source `i` again.
    pub fn retry(self, i: usize) {
        let can = self.slots.with_untracked(|s| {
            s.get(i)
                .is_some_and(|s| !s.invalid && matches!(s.state, SlotState::Failed(_)))
        });
        if can {
            self.slots.update(|s| s[i].state = SlotState::Loading);
            // Nobody waits for a retry's answer: the slots show it.
            drop(self.load(i));
        }
    }

    /// (loading, total) over the sources, tracked.
    pub fn progress(self) -> (usize, usize) {
        self.slots.with(|s| {
            (
                s.iter()
                    .filter(|s| matches!(s.state, SlotState::Loading))
                    .count(),
                s.len(),
            )
        })
    }

    /// Whether any source is still loading, tracked.
    pub fn loading(self) -> bool {
        self.progress().0 > 0
    }

    /// Every source loaded so far, merged (`None` while none has answered; an error
    /// when every one failed).
    pub fn site(self) -> Memo<Option<Result<Arc<Site>, String>>> {
        self.site
    }

    /// The sites of the sources loaded other than the site's own catalog, in order,
    /// each once, tracked (what the page names as the articles' origin).
    pub fn foreign_origins(self) -> Vec<String> {
        self.slots.with(|slots| {
            let mut origins: Vec<String> = Vec::new();
            for s in slots {
                if !s.first_party && matches!(s.state, SlotState::Loaded(_)) {
                    let o = core_sources::origin_of(&s.url).to_owned();
                    if !origins.contains(&o) {
                        origins.push(o);
                    }
                }
            }
            origins
        })
    }

    /// What was changed to read the articles of sources other than the site's own
    /// (cut to the limits, fallbacks; the catalog's warnings): (URL, warnings) of each
    /// loaded source that has some, tracked.
    pub fn foreign_warnings(self) -> Vec<(String, Vec<crate::core::catalog::FileIssue>)> {
        self.slots.with(|slots| {
            slots
                .iter()
                .filter(|s| !s.first_party)
                .filter_map(|s| match &s.state {
                    SlotState::Loaded(site) if !site.catalog.warnings.is_empty() => {
                        Some((s.url.clone(), site.catalog.warnings.clone()))
                    }
                    _ => None,
                })
                .collect()
        })
    }

    /// Failed sources: (index, URL, reason, whether Retry can help), tracked.
    pub fn failures(self) -> Vec<(usize, String, String, bool)> {
        self.slots.with(|slots| {
            slots
                .iter()
                .enumerate()
                .filter_map(|(i, slot)| match &slot.state {
                    SlotState::Failed(reason) => {
                        Some((i, slot.url.clone(), reason.clone(), !slot.invalid))
                    }
                    _ => None,
                })
                .collect()
        })
    }
}

fn parts_of(slots: &[Slot]) -> Parts {
    // Nothing is shown before the site's own catalog has answered: a foreign source
    // answering first would hold its slugs until then.
    if slots
        .iter()
        .any(|s| s.first_party && matches!(s.state, SlotState::Loading))
    {
        return Parts::Waiting;
    }
    let loaded: Vec<SiteId> = slots
        .iter()
        .filter_map(|s| match &s.state {
            SlotState::Loaded(site) => Some(site.id),
            _ => None,
        })
        .collect();
    if !loaded.is_empty() {
        Parts::Loaded(loaded)
    } else if slots.iter().any(|s| matches!(s.state, SlotState::Loading)) {
        Parts::Waiting
    } else {
        Parts::Failed(
            slots
                .iter()
                .filter_map(|s| match &s.state {
                    SlotState::Failed(r) => Some(format!("{}: {r}", s.url)),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }
}

/// The loaded parts as one site: a single one as it is (with its index); several
/// merged (none of their indexes fits the merged catalog).
fn merged(slots: &[Slot]) -> Arc<Site> {
    let parts: Vec<&Arc<Site>> = slots
        .iter()
        .filter_map(|s| match &s.state {
            SlotState::Loaded(site) => Some(site),
            _ => None,
        })
        .collect();
    match parts.as_slice() {
        [one] => Arc::clone(one),
        _ => Arc::new(Site::new(core_sources::merge(
            parts.iter().map(|p| &p.catalog),
        ))),
    }
}
