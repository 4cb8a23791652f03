//! The articles a page shows, as one value: the catalog (one source's, several merged,
//! or read from opened files), the views derived from it once, where its full-text
//! index is, and where its article bodies come from. Everything that loads or shows
//! articles takes a `Site`; nothing reads "the current files" from anywhere else.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use leptos::prelude::*;

use super::shards::Shards;
use crate::core::catalog::{Catalog, CategoryNode, YearBucket};

/// The site's name (header and document titles).
pub const SITE_NAME: &str = "Broadsheet";

/// A site's identity: every `Site` built gets a new one (another source arrived, files
/// were opened), so a view or an index made for one site is never used for another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SiteId(u64);

impl SiteId {
    fn next() -> SiteId {
        // Process-wide (every widget of a host page shares the wasm): ids never repeat.
        static NEXT: AtomicU64 = AtomicU64::new(1);
        SiteId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// Where article bodies come from.
pub enum Bodies {
    /// Fetched: each article's path is the absolute URL of its post file (catalogs
    /// from elsewhere are rebased on load), or a path relative to the bundled catalog
    /// next to the app (`links::Base::article_file_url`).
    Fetched,
    /// The files opened in this tab, in memory (nothing is uploaded).
    Opened(Arc<OpenedFiles>),
}

/// The opened post files and images that bodies are read from.
#[derive(Default)]
pub struct OpenedFiles {
    /// Post path → file bytes.
    pub posts: HashMap<String, Vec<u8>>,
    /// Image path → object URL (revoked when the files are closed: `revoke`).
    pub images: HashMap<String, String>,
    /// Post path → its article's slug (links between opened posts).
    pub slugs: HashMap<String, String>,
}

/// The loaded catalog plus views derived from it once (not per component).
pub struct Site {
    pub id: SiteId,
    pub catalog: Catalog,
    pub tree: Vec<CategoryNode>,
    /// The full-text index of exactly this catalog, if there is one (a single catalog
    /// source's search.bin, or the one built over opened files).
    pub index_url: Option<String>,
    pub bodies: Bodies,
    /// A site read in pieces (its `site.json`): `catalog` is empty, `tree` the
    /// manifest's, and pages ask the shards for what they show (`with_shown`);
    /// whatever needs every article at once uses the same articles loaded whole
    /// (`Sources::whole`).
    pub shards: Option<Arc<Shards>>,
    /// Plain body texts of search results shown (paging back and forth and retyping a
    /// query do not refetch them); they belong to this site's slugs.
    texts: Mutex<HashMap<String, Arc<str>>>,
}

/// Most body texts a site keeps (`Site::text` / `remember_text`).
const TEXTS_MAX: usize = 200;

impl Site {
    pub fn new(catalog: Catalog) -> Site {
        let tree = catalog.category_tree();
        Site {
            id: SiteId::next(),
            catalog,
            tree,
            index_url: None,
            bodies: Bodies::Fetched,
            shards: None,
            texts: Mutex::default(),
        }
    }

    /// A site read in pieces from its manifest.
    pub fn sharded(shards: Shards) -> Site {
        let tree = shards.manifest.category_tree();
        let mut site = Site::new(Catalog {
            version: crate::core::catalog::FORMAT_VERSION,
            generated: shards.manifest.generated.clone(),
            articles: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            skipped: Vec::new(),
        });
        site.tree = tree;
        site.shards = Some(Arc::new(shards));
        site
    }

    /// A site read in pieces whose build wrote a search index of its articles and their
    /// facet columns (`Manifest::search`): it is searched without being loaded whole.
    pub fn searched_in_pieces(&self) -> bool {
        self.shards
            .as_ref()
            .is_some_and(|s| s.manifest.search.is_some())
    }

    /// Years and months with counts (the archive page, a year's months).
    pub fn archive(&self) -> Vec<YearBucket> {
        match &self.shards {
            Some(s) => s.manifest.archive.clone(),
            None => self.catalog.archive(),
        }
    }

    pub fn with_index(mut self, index_url: Option<String>) -> Site {
        self.index_url = index_url;
        self
    }

    pub fn with_bodies(mut self, bodies: Bodies) -> Site {
        self.bodies = bodies;
        self
    }

    /// A body text remembered by `remember_text`.
    pub fn text(&self, slug: &str) -> Option<Arc<str>> {
        self.texts.lock().ok()?.get(slug).cloned()
    }

    pub fn remember_text(&self, slug: &str, text: Arc<str>) {
        if let Ok(mut texts) = self.texts.lock() {
            if texts.len() >= TEXTS_MAX {
                texts.clear();
            }
            texts.insert(slug.to_owned(), text);
        }
    }
}

/// Sites are the same when they are the same build (`id`): a memo of the shown site
/// only notifies when another catalog is shown.
impl PartialEq for Site {
    fn eq(&self, other: &Site) -> bool {
        self.id == other.id
    }
}

/// What the pages show: `None` while the first sources load, the merged catalog once
/// one is in (it changes as others arrive, or files are opened), or why nothing could
/// be loaded. Provided by whoever owns the sources (the app, a widget).
#[derive(Clone, Copy)]
pub struct ShownSite(pub Memo<Option<Result<Arc<Site>, String>>>);

impl ShownSite {
    /// The loaded site, tracked; `None` while loading or after a failure.
    pub fn loaded(self) -> Option<Arc<Site>> {
        self.0.get().and_then(Result::ok)
    }

    pub fn loaded_untracked(self) -> Option<Arc<Site>> {
        self.0.get_untracked().and_then(Result::ok)
    }
}
