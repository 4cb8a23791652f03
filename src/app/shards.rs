//! Reading a site's data a piece at a time (format 2, `core::site_data`): the pages of
//! a site whose `site.json` was loaded ask here for the list page, article or
//! neighbours they show, and only the shards those need are fetched (each once, kept
//! for the next page). Loading only; no views.

use crate::core::limits::{human_bytes, FileKind};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use futures::future::try_join_all;

use super::fetch;
use super::lists::ListKind;
use crate::core::article::Article;
use crate::core::catalog::Facet;
use crate::core::site_data::{page_in_chunks, ListChunk, ListKey, Manifest};
use crate::core::sources::rebase_article;

/// Card blocks kept (20 articles each: about 5,000 articles, a few MB at most).
const BLOCKS_KEPT: usize = 256;
/// List chunks kept.
const CHUNKS_KEPT: usize = 64;
/// Slugs whose doc numbers are kept (those of the blocks kept, `BLOCKS_KEPT` × 20, and
/// more: looked up, or of blocks dropped since).
const DOCS_KEPT: usize = BLOCKS_KEPT * 64;

/// Fetched shards kept for the next page, the least recently used dropped first: a
/// page's own shards are used as it is drawn, so fetching the last ones it needs never
/// drops the first (dropping an arbitrary one did: a results page over a big site
/// could fetch its blocks in turn forever, each pushing out another).
struct Kept<K, V> {
    map: HashMap<K, (V, u64)>,
    /// Uses so far: each entry holds the number of its last use.
    clock: u64,
    max: usize,
}

impl<K: std::hash::Hash + Eq + Clone, V: Clone> Kept<K, V> {
    fn new(max: usize) -> Self {
        Kept {
            map: HashMap::new(),
            clock: 0,
            max: max.max(1),
        }
    }

    fn get(&mut self, k: &K) -> Option<V> {
        self.clock += 1;
        let e = self.map.get_mut(k)?;
        e.1 = self.clock;
        Some(e.0.clone())
    }

    fn insert(&mut self, k: K, v: V) {
        if self.map.len() >= self.max && !self.map.contains_key(&k) {
            // A scan of a few hundred entries, once per shard fetched.
            if let Some(old) = self.map.iter().min_by_key(|e| e.1 .1).map(|e| e.0.clone()) {
                self.map.remove(&old);
            }
        }
        self.clock += 1;
        self.map.insert(k, (v, self.clock));
    }
}

/// One page of a list: its articles, and where it is in the list.
#[derive(Clone, Debug, PartialEq)]
pub struct ListPage {
    /// How many articles the whole list has.
    pub total: usize,
    /// The page shown (the one asked for, or the last one when that is past the end).
    pub page: usize,
    pub articles: Vec<Article>,
}

/// The next step towards a list page.
enum Plan {
    /// Chunk `c` of this list must be fetched first.
    Need(ListKey, usize),
    /// The page's docs, in order.
    Page {
        total: usize,
        page: usize,
        docs: Vec<usize>,
    },
}

/// A site loaded as a manifest: the shards it names, fetched as pages need them.
pub struct Shards {
    pub manifest: Manifest,
    /// Another site's data: its manifest's URL, which its paths are rebased on.
    rebased: Option<String>,
    /// The folder of `site.json` (absolute, with its trailing slash): shard paths and
    /// article paths are relative to it.
    dir: String,
    /// Read from files (`on_disk`: the build writing pages) instead of fetched.
    on_disk: bool,
    blocks: Mutex<Kept<usize, Arc<Vec<Article>>>>,
    chunks: Mutex<Kept<(ListKey, usize), Arc<ListChunk>>>,
    /// Slug → doc of every article in a block fetched (and of slugs looked up): an
    /// article opened from a list is drawn at once, from the block its card came from.
    docs: Mutex<HashMap<String, usize>>,
    /// The tags and the authors (`facets`), once fetched: [tags, authors].
    facets: Mutex<[Option<Arc<Vec<Facet>>>; 2]>,
}

impl Shards {
    /// The site described by `manifest`, read from `manifest_url`; `rebased`: another
    /// site's, whose article paths and images become absolute URLs as its blocks arrive
    /// (`core::sources::rebase_article`).
    pub fn new(manifest: Manifest, manifest_url: &str, rebased: bool) -> Shards {
        let url = manifest_url
            .split(['?', '#'])
            .next()
            .unwrap_or(manifest_url);
        let dir = url
            .rsplit_once('/')
            .map(|(d, _)| format!("{d}/"))
            .unwrap_or_default();
        Shards {
            manifest,
            rebased: rebased.then(|| url.to_owned()),
            dir,
            on_disk: false,
            blocks: Mutex::new(Kept::new(BLOCKS_KEPT)),
            chunks: Mutex::new(Kept::new(CHUNKS_KEPT)),
            docs: Mutex::default(),
            facets: Mutex::default(),
        }
    }

    /// The site data written in the folder `dir` (`site.json`'s), read from its files:
    /// the build renders each page from the shards it shows, as the app does, a page at
    /// a time (memory does not grow with the site). Its futures never wait: drive them
    /// with `futures::executor::block_on`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn on_disk(manifest: Manifest, dir: &std::path::Path) -> Shards {
        let mut shards = Shards::new(manifest, "", false);
        shards.dir = format!("{}/", dir.display());
        shards.on_disk = true;
        shards
    }

    /// The shard at `path` (below the manifest's folder), fetched or read from its
    /// file; `None` when there is none.
    async fn read(&self, path: &str) -> Result<Option<Vec<u8>>, String> {
        let url = format!("{}{path}", self.dir);
        if !self.on_disk {
            return fetch::fetch_optional(&url, FileKind::Piece).await;
        }
        read_file(&url)
    }

    /// `read`, for a shard the site must have.
    async fn read_required(&self, path: &str) -> Result<Vec<u8>, String> {
        self.read(path)
            .await?
            .ok_or_else(|| format!("{}{path} answered 404 Not Found", self.dir))
    }

    /// Whether this is another site's data (read through `?src=` or a widget's source).
    pub fn is_rebased(&self) -> bool {
        self.rebased.is_some()
    }

    /// The same articles as one catalog.json, when the build wrote it.
    pub fn catalog_url(&self) -> Option<String> {
        self.manifest
            .catalog
            .as_ref()
            .map(|c| format!("{}{c}", self.dir))
    }

    /// The full-text index written beside the manifest.
    pub fn index_url(&self) -> String {
        format!("{}search.bin", self.dir)
    }

    /// Card block `k` (fetched once).
    async fn block(&self, k: usize) -> Result<Arc<Vec<Article>>, String> {
        if let Some(b) = self.blocks.lock().ok().and_then(|mut b| b.get(&k)) {
            return Ok(b);
        }
        let bytes = self.read_required(&self.manifest.block_file(k)).await?;
        let mut block = self.manifest.read_block(k, &bytes)?;
        if let Some(url) = &self.rebased {
            for a in &mut block {
                rebase_article(a, url)
                    .map_err(|e| format!("card block {k}: {}: {}", e.path, e.message))?;
            }
        }
        let block = Arc::new(block);
        // Kept first: a slug map that fills up while this block's slugs go in keeps
        // those of the blocks kept (`remember_doc`), this one's too.
        if let Ok(mut blocks) = self.blocks.lock() {
            blocks.insert(k, Arc::clone(&block));
        }
        let first = k * self.manifest.block;
        for (i, a) in block.iter().enumerate() {
            self.remember_doc(&a.slug, first + i);
        }
        Ok(block)
    }

    /// Article `doc`, when its block is at hand.
    pub fn cached_doc(&self, doc: usize) -> Option<Article> {
        let k = self.manifest.block_of(doc);
        let block = self.blocks.lock().ok()?.get(&k)?;
        block.get(doc - k * self.manifest.block).cloned()
    }

    /// The slugs of card block `k`, fetched (or at hand), with their doc numbers.
    pub async fn block_slugs(&self, k: usize) -> Result<Vec<(usize, String)>, String> {
        let block = self.block(k).await?;
        let first = k * self.manifest.block;
        Ok(block
            .iter()
            .enumerate()
            .map(|(i, a)| (first + i, a.slug.clone()))
            .collect())
    }

    /// The facet columns file (`Manifest::facets_file`) and the search index's URL.
    pub fn facets_url(&self) -> String {
        format!("{}{}", self.dir, self.manifest.facets_file())
    }

    /// The articles `docs` (in that order), their blocks fetched side by side.
    pub async fn articles(&self, docs: &[usize]) -> Result<Vec<Article>, String> {
        let mut wanted: Vec<usize> = docs.iter().map(|&d| self.manifest.block_of(d)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let blocks = try_join_all(wanted.iter().map(|&k| self.block(k))).await?;
        let by_block: HashMap<usize, Arc<Vec<Article>>> = wanted.into_iter().zip(blocks).collect();
        docs.iter()
            .map(|&d| {
                let k = self.manifest.block_of(d);
                by_block
                    .get(&k)
                    .and_then(|b| b.get(d - k * self.manifest.block))
                    .cloned()
                    .ok_or_else(|| format!("article {d} is missing from its card block"))
            })
            .collect()
    }

    /// Chunk `c` of list `key`; `None` when the list has no such chunk (no such tag,
    /// or past its end).
    async fn chunk(&self, key: &ListKey, c: usize) -> Result<Option<Arc<ListChunk>>, String> {
        let id = (key.clone(), c);
        if let Some(ch) = self.chunks.lock().ok().and_then(|mut m| m.get(&id)) {
            return Ok(Some(ch));
        }
        let Some(bytes) = self.read(&self.manifest.list_file(key, c)).await? else {
            return Ok(None);
        };
        let chunk = Arc::new(self.manifest.read_list(key, c, &bytes)?);
        if let Ok(mut chunks) = self.chunks.lock() {
            chunks.insert(id, Arc::clone(&chunk));
        }
        Ok(Some(chunk))
    }

    /// Page `page` (1-based, `page_size` a page) of `kind`: past the end, the last page
    /// (as a list held whole shows it).
    pub async fn list_page(
        &self,
        kind: &ListKind,
        page: usize,
        page_size: usize,
    ) -> Result<ListPage, String> {
        self.page_of(list_key(kind), page, page_size).await
    }

    /// `list_page` of a list by its key (`None`: every article).
    pub async fn page_of(
        &self,
        key: Option<ListKey>,
        page: usize,
        page_size: usize,
    ) -> Result<ListPage, String> {
        // The chunks fetched for this page, kept here too (the cache may drop them).
        let mut fetched: HashMap<(ListKey, usize), Option<Arc<ListChunk>>> = HashMap::new();
        loop {
            match self.plan(key.as_ref(), page, page_size, &fetched)? {
                Plan::Need(key, c) => {
                    let chunk = self.chunk(&key, c).await?;
                    fetched.insert((key, c), chunk);
                }
                Plan::Page { total, page, docs } => {
                    let articles = self.articles(&docs).await?;
                    return Ok(ListPage {
                        total,
                        page,
                        articles,
                    });
                }
            }
        }
    }

    /// `list_page` from what is fetched already, or `None` (drawn at once: Back to a
    /// list, its next page when it was read before).
    pub fn cached_list_page(
        &self,
        kind: &ListKind,
        page: usize,
        page_size: usize,
    ) -> Option<ListPage> {
        let Ok(Plan::Page { total, page, docs }) =
            self.plan(list_key(kind).as_ref(), page, page_size, &HashMap::new())
        else {
            return None;
        };
        let mut blocks = self.blocks.lock().ok()?;
        let articles = docs
            .iter()
            .map(|&d| {
                let k = self.manifest.block_of(d);
                blocks.get(&k)?.get(d - k * self.manifest.block).cloned()
            })
            .collect::<Option<Vec<Article>>>()?;
        Some(ListPage {
            total,
            page,
            articles,
        })
    }

    /// The docs of page `page` of `kind`, or the chunk to fetch first (`fetched`: the
    /// chunks fetched so far, `None` for one the site does not have).
    fn plan(
        &self,
        key: Option<&ListKey>,
        page: usize,
        page_size: usize,
        fetched: &HashMap<(ListKey, usize), Option<Arc<ListChunk>>>,
    ) -> Result<Plan, String> {
        let page = page.max(1);
        let Some(key) = key.cloned() else {
            // Every article, newest first: docs in order.
            let total = self.manifest.articles;
            let page = page.min(total.div_ceil(page_size).max(1));
            let docs = ((page - 1) * page_size..(page * page_size).min(total)).collect();
            return Ok(Plan::Page { total, page, docs });
        };
        let chunk = |c: usize| -> Option<Option<Arc<ListChunk>>> {
            let id = (key.clone(), c);
            fetched.get(&id).cloned().or_else(|| {
                self.chunks
                    .lock()
                    .ok()
                    .and_then(|mut m| m.get(&id))
                    .map(Some)
            })
        };
        let chunk_size = self.manifest.chunk;
        let total = match self.known_total(&key) {
            Some(total) => total,
            None => {
                let first = (page - 1).saturating_mul(page_size) / chunk_size;
                match chunk(first) {
                    None => return Ok(Plan::Need(key, first)),
                    Some(Some(c)) => c.total,
                    Some(None) if first == 0 => 0,
                    // Past the end: the list's first chunk says how long it is.
                    Some(None) => match chunk(0) {
                        None => return Ok(Plan::Need(key, 0)),
                        Some(c) => c.map_or(0, |c| c.total),
                    },
                }
            }
        };
        let page = page.min(total.div_ceil(page_size).max(1));
        let Some((c, range)) = page_in_chunks(total, chunk_size, page_size, page) else {
            return Ok(Plan::Page {
                total,
                page,
                docs: Vec::new(),
            });
        };
        let chunk = match chunk(c) {
            None => return Ok(Plan::Need(key, c)),
            Some(None) => return Err("a list chunk is missing".to_owned()),
            Some(Some(chunk)) => chunk,
        };
        let docs = chunk
            .docs
            .get(range)
            .ok_or_else(|| "a list chunk is shorter than its total says".to_owned())?
            .iter()
            .map(|&d| d as usize)
            .collect();
        Ok(Plan::Page { total, page, docs })
    }

    /// Every tag (`authors` false) or author, with counts (`tags.json`, `authors.json`).
    pub async fn facets(&self, authors: bool) -> Result<Arc<Vec<Facet>>, String> {
        if let Some(kept) = self.cached_facets(authors) {
            return Ok(kept);
        }
        let file = if authors {
            self.manifest.authors_file()
        } else {
            self.manifest.tags_file()
        };
        let bytes = self.read_required(&file).await?;
        let facets = Arc::new(self.manifest.read_facets(&bytes)?);
        if let Ok(mut kept) = self.facets.lock() {
            kept[usize::from(authors)] = Some(Arc::clone(&facets));
        }
        Ok(facets)
    }

    /// `facets` when fetched already (the index page is then drawn at once: opened on
    /// its page written at build time, the start fetched them before the first frame).
    pub fn cached_facets(&self, authors: bool) -> Option<Arc<Vec<Facet>>> {
        self.facets.lock().ok()?[usize::from(authors)].clone()
    }

    /// How many articles a list has, when the manifest says (categories, years and
    /// months: a list it does not have is empty, and nothing is fetched for it).
    fn known_total(&self, key: &ListKey) -> Option<usize> {
        let m = &self.manifest;
        match key {
            ListKey::Category(path) => {
                let mut level = &m.categories;
                let mut count = 0;
                for name in path {
                    let node = level.iter().find(|n| &n.name == name);
                    let Some(node) = node else { return Some(0) };
                    count = node.count;
                    level = &node.children;
                }
                Some(count)
            }
            ListKey::Year(y) => Some(
                m.archive
                    .iter()
                    .find(|b| b.year == *y)
                    .map_or(0, |b| b.count),
            ),
            ListKey::Month(y, mo) => Some(
                m.archive
                    .iter()
                    .find(|b| b.year == *y)
                    .and_then(|b| b.months.iter().find(|x| x.month == *mo))
                    .map_or(0, |x| x.count),
            ),
            ListKey::Tag(_) | ListKey::Author(_) => None,
        }
    }

    fn remember_doc(&self, slug: &str, doc: usize) {
        if let Ok(mut docs) = self.docs.lock() {
            if docs.len() >= DOCS_KEPT {
                // Slugs looked up and those of dropped blocks are forgotten; every
                // article of a block still kept stays found (`cached_article`: a page
                // written at build time reads its article, then its neighbours' block,
                // and must still find the article when it is drawn).
                docs.clear();
                if let Ok(blocks) = self.blocks.lock() {
                    for (&k, (block, _)) in &blocks.map {
                        for (i, a) in block.iter().enumerate() {
                            docs.insert(a.slug.clone(), k * self.manifest.block + i);
                        }
                    }
                }
            }
            docs.insert(slug.to_owned(), doc);
        }
    }

    /// `article` from what is fetched already, or `None`.
    pub fn cached_article(&self, slug: &str) -> Option<(usize, Article)> {
        let doc = *self.docs.lock().ok()?.get(slug)?;
        let k = self.manifest.block_of(doc);
        let block = self.blocks.lock().ok()?.get(&k)?;
        let a = block.get(doc - k * self.manifest.block)?;
        (a.slug == slug).then(|| (doc, a.clone()))
    }

    /// The article `slug` names, with its doc number; `None` when there is none.
    pub async fn article(&self, slug: &str) -> Result<Option<(usize, Article)>, String> {
        if let Some(found) = self.cached_article(slug) {
            return Ok(Some(found));
        }
        let known = self.docs.lock().ok().and_then(|d| d.get(slug).copied());
        if let Some(doc) = known {
            let article = self.articles(&[doc]).await?.pop();
            if let Some(a) = article.filter(|a| a.slug == slug) {
                return Ok(Some((doc, a)));
            }
        }
        let Some(bytes) = self.read(&self.manifest.slug_file(slug)).await? else {
            return Ok(None);
        };
        let Some(doc) = self.manifest.find_slug(slug, &bytes)? else {
            return Ok(None);
        };
        // The block must agree (a stale or made-up bucket names another article).
        let article = self.articles(&[doc]).await?.pop();
        let found = article.filter(|a| a.slug == slug).map(|a| (doc, a));
        if found.is_some() {
            self.remember_doc(slug, doc);
        }
        Ok(found)
    }

    /// The articles before and after `doc` (newer, older) in `from` (a list and the
    /// page of it the reader came from) when that page holds it; else among all
    /// articles.
    pub async fn neighbours(
        &self,
        doc: usize,
        from: Option<(ListKind, usize)>,
        page_size: usize,
    ) -> Result<(Option<Article>, Option<Article>), String> {
        let in_list = match from.and_then(|(k, p)| list_key(&k).map(|key| (key, p))) {
            Some((key, page)) => self.neighbours_in(&key, doc, page, page_size).await?,
            None => None,
        };
        let (newer, older) = in_list.unwrap_or_else(|| self.around(doc));
        self.articles_around(newer, older).await
    }

    /// The docs before and after `doc` (newer, older) among all articles.
    fn around(&self, doc: usize) -> (Option<usize>, Option<usize>) {
        let older = (doc + 1 < self.manifest.articles).then_some(doc + 1);
        (doc.checked_sub(1), older)
    }

    /// `neighbours` among all articles (no list the reader came from), when their
    /// blocks are at hand: drawn at once.
    pub fn cached_neighbours(&self, doc: usize) -> Option<(Option<Article>, Option<Article>)> {
        // `None` when a neighbour there is is not at hand; `Some(None)`: none there.
        let cached = |d: Option<usize>| match d {
            Some(d) => self.cached_doc(d).map(Some),
            None => Some(None),
        };
        let (newer, older) = self.around(doc);
        Some((cached(newer)?, cached(older)?))
    }

    /// The article `slug` names and its neighbours among all articles, fetched: what
    /// its page shows first, which then draws at once (`cached_article`,
    /// `cached_neighbours`). The app taking over from a page written at build time,
    /// and the build writing that page, ask for it.
    pub async fn prepare_article(&self, slug: &str) -> Result<Option<(usize, Article)>, String> {
        let Some((doc, a)) = self.article(slug).await? else {
            return Ok(None);
        };
        let (newer, older) = self.around(doc);
        self.articles_around(newer, older).await?;
        Ok(Some((doc, a)))
    }

    /// The articles `newer` and `older` (doc numbers), fetched side by side.
    pub async fn articles_around(
        &self,
        newer: Option<usize>,
        older: Option<usize>,
    ) -> Result<(Option<Article>, Option<Article>), String> {
        let docs: Vec<usize> = newer.into_iter().chain(older).collect();
        let mut found = self.articles(&docs).await?.into_iter();
        let newer = newer.and_then(|_| found.next());
        let older = older.and_then(|_| found.next());
        Ok((newer, older))
    }

    /// `doc`'s neighbours (as doc numbers) in list `key`, looked for in the chunk of
    /// `page`; `None` when it is not there.
    async fn neighbours_in(
        &self,
        key: &ListKey,
        doc: usize,
        page: usize,
        page_size: usize,
    ) -> Result<Option<(Option<usize>, Option<usize>)>, String> {
        let chunk_size = self.manifest.chunk;
        let c = page.max(1).saturating_sub(1).saturating_mul(page_size) / chunk_size;
        let Some(chunk) = self.chunk(key, c).await? else {
            return Ok(None);
        };
        let Some(i) = chunk.docs.iter().position(|&d| d as usize == doc) else {
            return Ok(None);
        };
        let newer = match i.checked_sub(1) {
            Some(j) => Some(chunk.docs[j] as usize),
            None if c > 0 => self
                .chunk(key, c - 1)
                .await?
                .and_then(|p| p.docs.last().map(|&d| d as usize)),
            None => None,
        };
        let older = match chunk.docs.get(i + 1) {
            Some(&d) => Some(d as usize),
            None if chunk.first + chunk.docs.len() < chunk.total => self
                .chunk(key, c + 1)
                .await?
                .and_then(|n| n.docs.first().map(|&d| d as usize)),
            None => None,
        };
        Ok(Some((newer, older)))
    }
}

/// A shard's file (`Shards::on_disk`), refused over the size a fetched one may have;
/// `None` when there is none.
fn read_file(path: &str) -> Result<Option<Vec<u8>>, String> {
    let limit = FileKind::Piece.max_bytes();
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read {path}: {e}")),
        Ok(m) if m.len() > limit as u64 => {
            return Err(format!(
                "{path}: {} is over the limit of {}",
                human_bytes(usize::try_from(m.len()).unwrap_or(usize::MAX)),
                human_bytes(limit)
            ))
        }
        Ok(_) => {}
    }
    std::fs::read(path)
        .map(Some)
        .map_err(|e| format!("cannot read {path}: {e}"))
}

/// The list file of `kind`; `None` for the list of every article (the card blocks
/// in order) — and for a title filter, which a list file cannot answer.
fn list_key(kind: &ListKind) -> Option<ListKey> {
    match kind {
        ListKind::Latest { .. } => None,
        ListKind::Category(path) => Some(ListKey::Category(path.clone())),
        ListKind::Tag(t) => Some(ListKey::Tag(t.clone())),
        ListKind::Author(a) => Some(ListKey::Author(a.clone())),
        ListKind::Period(y, None) => Some(ListKey::Year(*y)),
        ListKind::Period(y, Some(m)) => Some(ListKey::Month(*y, *m)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;

    /// The slug map is bounded: when it is cleared, the articles of the blocks still
    /// kept stay found (at 100,000 articles, 46 pages written at build time showed a
    /// loading placeholder: their article's slug was forgotten when their neighbours'
    /// block was read).
    #[test]
    fn the_articles_of_kept_blocks_stay_found_when_the_slug_map_is_full() {
        let files = (0..3).map(|i| {
            let text = format!(
                "---\ntitle: Post {i}\ndate: 2025-01-0{} 08:00:00\n---\nBody.\n",
                i + 1
            );
            (format!("p{i}.md"), text.into_bytes())
        });
        let catalog = Catalog::build(files, "2026-01-01T00:00:00Z".into());
        let manifest = crate::core::site_data::write(&catalog, None)
            .unwrap()
            .manifest;
        let shards = Shards::new(manifest, "https://example.org/articles/site.json", false);
        let block = Arc::new(catalog.articles.clone());
        for (i, a) in block.iter().enumerate() {
            shards.remember_doc(&a.slug, i);
        }
        shards.blocks.lock().unwrap().insert(0, Arc::clone(&block));
        for i in 0..DOCS_KEPT + 10 {
            shards.remember_doc(&format!("elsewhere-{i}"), 1000 + i);
        }
        for (i, a) in block.iter().enumerate() {
            assert_eq!(
                shards.cached_article(&a.slug).map(|(d, _)| d),
                Some(i),
                "{}",
                a.slug
            );
        }
        assert!(shards.docs.lock().unwrap().len() < DOCS_KEPT);
    }

    #[test]
    fn the_least_recently_used_entry_goes_first() {
        let mut k: Kept<i32, i32> = Kept::new(3);
        for i in 1..=3 {
            k.insert(i, i);
        }
        assert_eq!(k.get(&1), Some(1));
        k.insert(4, 4);
        assert_eq!(k.get(&2), None);
        assert_eq!(
            (k.get(&1), k.get(&3), k.get(&4)),
            (Some(1), Some(3), Some(4))
        );
    }

    /// A page that needs more entries than are free gets them all in one round of
    /// fetches: what it looked up is never what a fetch pushes out.
    #[test]
    fn a_page_of_a_full_cache_settles_in_one_round() {
        let mut k = Kept::new(8);
        for i in 100..108 {
            k.insert(i, i);
        }
        let page: Vec<u32> = vec![100, 1, 101, 2, 3, 102, 4, 5];
        for round in 0.. {
            assert!(round < 2, "still fetching after {round} rounds");
            let missing: Vec<u32> = page
                .iter()
                .copied()
                .filter(|p| k.get(p).is_none())
                .collect();
            if missing.is_empty() {
                break;
            }
            for m in missing {
                k.insert(m, m);
            }
        }
    }
}
