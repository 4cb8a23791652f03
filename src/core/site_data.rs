//! Site data, format version 2: the catalog cut into the pieces a page needs, so that
//! what a page fetches does not grow with the site (docs/data-format.md describes the
//! files; this module writes them and reads them back).
//!
//! - `site.json`, the **manifest**: counts, the category tree, the archive by year and
//!   month, and the numbers a reader needs to find everything else. A few kB at any
//!   size (it grows with the number of categories and months, not articles).
//! - `broadsheet-data/<build>/cards/<k>.json`: the articles themselves (catalog entries, as in
//!   catalog.json) in **blocks** of `BLOCK`, in catalog order (newest first). An
//!   article's number ("doc") is its position in that order — the same numbers the
//!   search index uses — so page `p` of the home list is block `p - 1`.
//! - `broadsheet-data/<build>/lists/<key>-<c>.json`: every other list (a category with its
//!   descendants, a tag, an author, a year, a month) as the doc numbers of its
//!   articles, newest first, in **chunks** of `CHUNK` (fifty pages). The file name is a
//!   hash of the list's key, so a reader finds a tag's list from the tag's name alone.
//! - `broadsheet-data/<build>/slugs/<b>.json`: slug → doc, bucketed by a hash of the slug (an
//!   article page finds its article with two small fetches).
//! - `broadsheet-data/<build>/tags.json`, `authors.json` (names with counts, for the index pages
//!   and tag clouds) and `issues.json` (files that could not be read, warnings, drafts
//!   left out).
//!
//! Cards are written once, not copied into every list they belong to: a news archive's
//! article is in about seven lists (home, each level of its category, its tags, its
//! author, its month), and inline copies would make a 100,000-article site's data
//! ~400 MB instead of ~60 MB. A list page costs one chunk plus the blocks its twenty
//! articles are in (one to three for a big category, whose articles are close in time).
//!
//! Every shard names the build it belongs to; a reader that meets another build's
//! shard (a cache holding an old one) gets an error instead of wrong articles. The
//! build id is a hash of the articles and issues, so the same posts give the same
//! files.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::core::article::Article;
use crate::core::body::BodyFormat;
use crate::core::catalog::{
    year_month, Catalog, CategoryNode, Facet, FileIssue, YearBucket, FORMAT_VERSION,
};
use crate::core::hash::{fnv1a, FNV_OFFSET};
use crate::core::search::SearchIndexBuilder;

/// The format's name, in every manifest (tells it apart from a catalog).
pub const FORMAT: &str = "broadsheet-site";
/// The version this code writes and reads.
pub const VERSION: u32 = 2;
/// The manifest's file name, next to catalog.json.
pub const MANIFEST_FILE: &str = "site.json";
/// The folder every build's shards live in, next to the manifest.
pub const DATA_DIR: &str = "broadsheet-data";
/// Articles per card block: the app's list page size, so a home page is one block.
pub const BLOCK: usize = 20;
/// Doc numbers per list chunk (fifty pages of a list).
pub const CHUNK: usize = 1000;
/// Slugs per bucket, on average.
pub const SLUGS_PER_BUCKET: usize = 512;

/// `site.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always `FORMAT`.
    pub format: String,
    pub version: u32,
    /// When it was generated (RFC 3339).
    pub generated: String,
    /// The build the shards belong to (their folder: `broadsheet-data/<build>/`).
    pub build: String,
    /// How many articles there are (docs `0..articles`).
    pub articles: usize,
    /// Articles per card block.
    pub block: usize,
    /// Doc numbers per list chunk.
    pub chunk: usize,
    /// How many slug buckets there are.
    pub slug_buckets: usize,
    /// Whether any article's body is Markdown (the reader loads its Markdown renderer
    /// only then).
    pub markdown: bool,
    /// The category tree with counts (each article counted once per node).
    pub categories: Vec<TreeEntry>,
    /// Years (newest first) with their months (newest first) and counts.
    pub archive: Vec<YearBucket>,
    /// How many distinct tags and authors (the lists are in `tags.json`,
    /// `authors.json`).
    pub tags: usize,
    pub authors: usize,
    /// How many files could not be read, were read with warnings, or were left out
    /// as drafts (the lists are in `issues.json`).
    pub errors: usize,
    pub warnings: usize,
    pub skipped: usize,
    /// The same articles as one catalog.json (format 1), relative to the manifest,
    /// when the build wrote it: a reader may load it whole where that is cheaper.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// The key (the articles' slugs' hash, 16 hex digits) of the search index
    /// `search.bin` beside the manifest when it indexes these very articles: a reader
    /// then searches without the catalog, counting facets from `facets_file`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
}

/// A node of the manifest's category tree (its path is its place in the tree).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TreeEntry {
    pub name: String,
    pub count: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TreeEntry>,
}

impl TreeEntry {
    fn from_node(n: &CategoryNode) -> TreeEntry {
        TreeEntry {
            name: n.name.clone(),
            count: n.count,
            children: n.children.iter().map(TreeEntry::from_node).collect(),
        }
    }

    /// The tree as the catalog builds it (`Catalog::category_tree`), paths filled in.
    pub fn to_nodes(entries: &[TreeEntry], parent: &[String]) -> Vec<CategoryNode> {
        entries
            .iter()
            .map(|e| {
                let mut path = parent.to_vec();
                path.push(e.name.clone());
                CategoryNode {
                    name: e.name.clone(),
                    children: TreeEntry::to_nodes(&e.children, &path),
                    path,
                    count: e.count,
                }
            })
            .collect()
    }
}

/// A list of articles other than the home list (which is every doc in order).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ListKey {
    /// A category and its descendants.
    Category(Vec<String>),
    Tag(String),
    Author(String),
    Year(i32),
    Month(i32, u32),
}

impl ListKey {
    /// The key as written into the list's files: the kind, then its parts.
    pub fn parts(&self) -> Vec<String> {
        match self {
            ListKey::Category(path) => std::iter::once("category".to_owned())
                .chain(path.iter().cloned())
                .collect(),
            ListKey::Tag(t) => vec!["tag".into(), t.clone()],
            ListKey::Author(a) => vec!["author".into(), a.clone()],
            ListKey::Year(y) => vec!["year".into(), y.to_string()],
            ListKey::Month(y, m) => vec!["month".into(), y.to_string(), m.to_string()],
        }
    }

    /// The hash that names the list's files: FNV-1a over the parts, each preceded by
    /// its length (no separator a name could contain), as 16 hex digits.
    pub fn file_stem(&self) -> String {
        let mut h = FNV_OFFSET;
        for p in self.parts() {
            h = fnv1a(h, &(p.len() as u64).to_le_bytes());
            h = fnv1a(h, p.as_bytes());
        }
        format!("{h:016x}")
    }
}

impl Manifest {
    fn dir(&self) -> String {
        format!("{DATA_DIR}/{}", self.build)
    }

    /// How many card blocks there are.
    pub fn blocks(&self) -> usize {
        self.articles.div_ceil(self.block.max(1))
    }

    /// The card block holding `doc`.
    pub fn block_of(&self, doc: usize) -> usize {
        doc / self.block.max(1)
    }

    /// Card block `k`'s file, relative to the manifest.
    pub fn block_file(&self, k: usize) -> String {
        format!("{}/cards/{k}.json", self.dir())
    }

    /// Chunk `c` of list `key`'s file, relative to the manifest.
    pub fn list_file(&self, key: &ListKey, c: usize) -> String {
        format!("{}/lists/{}-{c}.json", self.dir(), key.file_stem())
    }

    /// The bucket `slug` is in.
    pub fn slug_bucket(&self, slug: &str) -> usize {
        slug_bucket(slug, self.slug_buckets)
    }

    /// The file of the bucket `slug` is in, relative to the manifest.
    pub fn slug_file(&self, slug: &str) -> String {
        format!("{}/slugs/{}.json", self.dir(), self.slug_bucket(slug))
    }

    pub fn tags_file(&self) -> String {
        format!("{}/tags.json", self.dir())
    }

    pub fn authors_file(&self) -> String {
        format!("{}/authors.json", self.dir())
    }

    pub fn issues_file(&self) -> String {
        format!("{}/issues.json", self.dir())
    }

    /// Every article's year and month, author, tags and categories, in the search
    /// index's binary form (`SearchIndex::load_facet_columns`).
    pub fn facets_file(&self) -> String {
        format!("{}/facets.bin", self.dir())
    }

    /// The `search` key of an index of `count` articles whose slugs hash to `hash`.
    pub fn search_key(count: usize, hash: u64) -> String {
        format!("{count}-{hash:016x}")
    }

    /// The category tree as `Catalog::category_tree` gives it.
    pub fn category_tree(&self) -> Vec<CategoryNode> {
        TreeEntry::to_nodes(&self.categories, &[])
    }

    /// Reads `site.json`, refusing other formats and versions with a clear message.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Manifest, String> {
        #[derive(Deserialize)]
        struct Head {
            format: Option<String>,
            version: Option<u32>,
        }
        let head: Head =
            serde_json::from_slice(bytes).map_err(|e| format!("not a site manifest: {e}"))?;
        if head.format.as_deref() != Some(FORMAT) {
            return Err(format!(
                "not a site manifest: \"format\" is not \"{FORMAT}\""
            ));
        }
        match head.version {
            Some(VERSION) => {}
            Some(v) => {
                return Err(format!(
                    "site data format version {v} is not supported (expected {VERSION})"
                ))
            }
            None => return Err("not a site manifest: no \"version\" field".into()),
        }
        let m: Manifest =
            serde_json::from_slice(bytes).map_err(|e| format!("invalid site manifest: {e}"))?;
        if m.block == 0 || m.chunk == 0 || m.slug_buckets == 0 {
            return Err(
                "invalid site manifest: block, chunk and slug_buckets must be positive".into(),
            );
        }
        if !m.build.bytes().all(|b| b.is_ascii_hexdigit()) || m.build.is_empty() {
            return Err("invalid site manifest: the build id is not hexadecimal".into());
        }
        Ok(m)
    }

    /// Reads card block `k`: its articles, doc `k * block` first.
    pub fn read_block(&self, k: usize, bytes: &[u8]) -> Result<Vec<Article>, String> {
        #[derive(Deserialize)]
        struct Block {
            build: String,
            first: usize,
            articles: Vec<Article>,
        }
        let b: Block =
            serde_json::from_slice(bytes).map_err(|e| format!("invalid card block {k}: {e}"))?;
        self.check_build(&b.build)?;
        let expected = (self.articles - (k * self.block).min(self.articles)).min(self.block);
        if b.first != k * self.block || b.articles.len() != expected {
            return Err(format!(
                "card block {k} does not hold the articles the manifest says"
            ));
        }
        Ok(b.articles)
    }

    /// Reads chunk `c` of list `key`.
    pub fn read_list(&self, key: &ListKey, c: usize, bytes: &[u8]) -> Result<ListChunk, String> {
        let chunk: ListChunk =
            serde_json::from_slice(bytes).map_err(|e| format!("invalid list chunk: {e}"))?;
        self.check_build(&chunk.build)?;
        if chunk.list != key.parts() || chunk.first != c * self.chunk {
            return Err(
                "a list chunk holds another list (a hash collision, or a stale file)".into(),
            );
        }
        if chunk.docs.len() > self.chunk || chunk.docs.iter().any(|&d| d as usize >= self.articles)
        {
            return Err("a list chunk holds doc numbers the manifest does not have".into());
        }
        Ok(chunk)
    }

    /// Reads a slug bucket and finds `slug` in it: its doc number, or `None`.
    pub fn find_slug(&self, slug: &str, bytes: &[u8]) -> Result<Option<usize>, String> {
        #[derive(Deserialize)]
        struct Bucket {
            build: String,
            slugs: Vec<(String, u32)>,
        }
        let b: Bucket =
            serde_json::from_slice(bytes).map_err(|e| format!("invalid slug bucket: {e}"))?;
        self.check_build(&b.build)?;
        Ok(b.slugs
            .into_iter()
            .find(|(s, _)| s == slug)
            .map(|(_, d)| d as usize)
            .filter(|&d| d < self.articles))
    }

    /// Reads `tags.json` or `authors.json`.
    pub fn read_facets(&self, bytes: &[u8]) -> Result<Vec<Facet>, String> {
        #[derive(Deserialize)]
        struct Facets {
            build: String,
            facets: Vec<Facet>,
        }
        let f: Facets =
            serde_json::from_slice(bytes).map_err(|e| format!("invalid facet list: {e}"))?;
        self.check_build(&f.build)?;
        Ok(f.facets)
    }

    /// Reads `issues.json`.
    pub fn read_issues(&self, bytes: &[u8]) -> Result<Issues, String> {
        let i: Issues =
            serde_json::from_slice(bytes).map_err(|e| format!("invalid issue list: {e}"))?;
        self.check_build(&i.build)?;
        Ok(i)
    }

    fn check_build(&self, build: &str) -> Result<(), String> {
        if build == self.build {
            Ok(())
        } else {
            Err(format!(
                "a data file of build {build} was served with the manifest of build {} (a stale cache?)",
                self.build
            ))
        }
    }
}

/// Whether fetched bytes are a site manifest rather than a catalog: its `"format"`
/// comes first (as written), so the start of the file decides.
pub fn looks_like_manifest(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    let head: Vec<u8> = head
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    head.starts_with(format!("{{\"format\":\"{FORMAT}\"").as_bytes())
}

/// The bucket of `slug` among `buckets`.
pub fn slug_bucket(slug: &str, buckets: usize) -> usize {
    (fnv1a(FNV_OFFSET, slug.as_bytes()) % buckets.max(1) as u64) as usize
}

/// One chunk of a list: docs `first..first + docs.len()` of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListChunk {
    pub build: String,
    /// The list's key (`ListKey::parts`).
    pub list: Vec<String>,
    /// How many articles the whole list has.
    pub total: usize,
    /// The position in the list of this chunk's first doc.
    pub first: usize,
    /// Doc numbers, ascending (newest first).
    pub docs: Vec<u32>,
}

/// `issues.json`: what the catalog's `errors`, `warnings` and `skipped` hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issues {
    pub build: String,
    pub errors: Vec<FileIssue>,
    pub warnings: Vec<FileIssue>,
    pub skipped: Vec<String>,
}

/// Where page `page` (1-based) of `page_size` of a list is: the chunk to fetch and the
/// range of its docs, or `None` past the end of a list of `total` articles.
pub fn page_in_chunks(
    total: usize,
    chunk: usize,
    page_size: usize,
    page: usize,
) -> Option<(usize, std::ops::Range<usize>)> {
    let start = page.checked_sub(1)?.checked_mul(page_size)?;
    if start >= total || chunk == 0 {
        return None;
    }
    let end = (start + page_size).min(total);
    let c = start / chunk;
    // A page never straddles two chunks when the chunk is a multiple of the page size
    // (as written); otherwise the page is cut at the chunk's end.
    let end = end.min((c + 1) * chunk);
    Some((c, start - c * chunk..end - c * chunk))
}

/// The files of a build: the manifest and every shard, paths relative to the manifest.
pub struct SiteFiles {
    pub manifest: Manifest,
    pub shards: Vec<(String, Vec<u8>)>,
}

impl SiteFiles {
    pub fn manifest_json(&self) -> String {
        serde_json::to_string(&self.manifest).expect("manifest serializes")
    }
}

/// Cuts `catalog` into format-2 files. `catalog_file`: where the same catalog is
/// written whole, if it is (recorded in the manifest). Fails only when two lists' keys
/// hash alike (then no reader could tell their files apart).
pub fn write(catalog: &Catalog, catalog_file: Option<&str>) -> Result<SiteFiles, String> {
    let articles = &catalog.articles;
    // The blocks' article arrays first: the build id is their hash (and the issues').
    let blocks: Vec<String> = articles
        .chunks(BLOCK)
        .map(|b| serde_json::to_string(b).expect("articles serialize"))
        .collect();
    let issues_body =
        serde_json::to_string(&(&catalog.errors, &catalog.warnings, &catalog.skipped))
            .expect("issues serialize");
    let mut h = fnv1a(FNV_OFFSET, &FORMAT_VERSION.to_le_bytes());
    for b in &blocks {
        h = fnv1a(h, b.as_bytes());
    }
    h = fnv1a(h, issues_body.as_bytes());
    let build = format!("{:012x}", h & 0xFFFF_FFFF_FFFF);

    let slug_buckets = articles.len().div_ceil(SLUGS_PER_BUCKET).max(1);
    let tags = catalog.tags();
    let authors = catalog.authors();
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        generated: catalog.generated.clone(),
        build: build.clone(),
        articles: articles.len(),
        block: BLOCK,
        chunk: CHUNK,
        slug_buckets,
        markdown: articles.iter().any(|a| a.format == BodyFormat::Markdown),
        categories: catalog
            .category_tree()
            .iter()
            .map(TreeEntry::from_node)
            .collect(),
        archive: catalog.archive(),
        tags: tags.len(),
        authors: authors.len(),
        errors: catalog.errors.len(),
        warnings: catalog.warnings.len(),
        skipped: catalog.skipped.len(),
        catalog: catalog_file.map(str::to_owned),
        search: None,
    };
    let mut manifest = manifest;
    let docs = SearchIndexBuilder::docs_only(articles);
    manifest.search = Some(Manifest::search_key(articles.len(), docs.docs_hash()));

    let mut shards: Vec<(String, Vec<u8>)> = Vec::new();
    for (k, body) in blocks.iter().enumerate() {
        let file = format!(
            "{{\"build\":\"{build}\",\"first\":{},\"articles\":{body}}}",
            k * BLOCK
        );
        shards.push((manifest.block_file(k), file.into_bytes()));
    }
    drop(blocks);

    let lists = lists_of(articles);
    let mut stems: HashMap<String, &ListKey> = HashMap::with_capacity(lists.len());
    for (key, docs) in &lists {
        if let Some(other) = stems.insert(key.file_stem(), key) {
            return Err(format!(
                "the lists {:?} and {:?} hash to the same file name; rename one of them",
                other.parts(),
                key.parts()
            ));
        }
        for (c, part) in docs.chunks(CHUNK).enumerate() {
            let chunk = ListChunk {
                build: build.clone(),
                list: key.parts(),
                total: docs.len(),
                first: c * CHUNK,
                docs: part.to_vec(),
            };
            let json = serde_json::to_vec(&chunk).expect("list serializes");
            shards.push((manifest.list_file(key, c), json));
        }
    }

    let mut buckets: Vec<Vec<(&str, u32)>> = vec![Vec::new(); slug_buckets];
    for (doc, a) in articles.iter().enumerate() {
        buckets[slug_bucket(&a.slug, slug_buckets)].push((a.slug.as_str(), doc as u32));
    }
    for (b, slugs) in buckets.iter().enumerate() {
        let json = serde_json::to_vec(&serde_json::json!({ "build": build, "slugs": slugs }))
            .expect("slugs serialize");
        shards.push((format!("{}/slugs/{b}.json", manifest.dir()), json));
    }

    let facets = |facets: &[Facet]| {
        serde_json::to_vec(&serde_json::json!({ "build": build, "facets": facets }))
            .expect("facets serialize")
    };
    shards.push((manifest.facets_file(), docs.facet_columns()));
    drop(docs);
    shards.push((manifest.tags_file(), facets(&tags)));
    shards.push((manifest.authors_file(), facets(&authors)));
    let issues = Issues {
        build: build.clone(),
        errors: catalog.errors.clone(),
        warnings: catalog.warnings.clone(),
        skipped: catalog.skipped.clone(),
    };
    shards.push((
        manifest.issues_file(),
        serde_json::to_vec(&issues).expect("issues serialize"),
    ));
    Ok(SiteFiles { manifest, shards })
}

/// Every list but the home list, with its docs in catalog order: each category with
/// its ancestors (an article under a/b and a/c is in `a` once), each tag (once per
/// article), author, year and month.
fn lists_of(articles: &[Article]) -> Vec<(ListKey, Vec<u32>)> {
    let mut lists: HashMap<ListKey, Vec<u32>> = HashMap::new();
    let mut order: Vec<ListKey> = Vec::new();
    let mut push = |key: ListKey, doc: u32| match lists.get_mut(&key) {
        Some(docs) => docs.push(doc),
        None => {
            order.push(key.clone());
            lists.insert(key, vec![doc]);
        }
    };
    let mut seen: HashSet<ListKey> = HashSet::new();
    for (doc, a) in articles.iter().enumerate() {
        let doc = doc as u32;
        seen.clear();
        let mut keys: Vec<ListKey> = Vec::new();
        for path in &a.categories {
            for i in 1..=path.len() {
                keys.push(ListKey::Category(path[..i].to_vec()));
            }
        }
        keys.extend(a.tags.iter().map(|t| ListKey::Tag(t.clone())));
        keys.extend(a.author.iter().map(|x| ListKey::Author(x.clone())));
        if let Some((y, m)) = year_month(a) {
            keys.push(ListKey::Year(y));
            keys.push(ListKey::Month(y, m));
        }
        for key in keys {
            if seen.insert(key.clone()) {
                push(key, doc);
            }
        }
    }
    order
        .into_iter()
        .map(|k| {
            let docs = lists.remove(&k).unwrap_or_default();
            (k, docs)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;

    fn post(title: &str, date: &str, cats: &str, tags: &str, author: &str) -> Vec<u8> {
        format!(
            "---\ntitle: {title}\ndate: {date}\ncategories: {cats}\ntags: {tags}\nauthor: {author}\n---\nBody of {title}."
        )
        .into_bytes()
    }

    /// 95 articles over three years, categories two deep, a few tags and authors, one
    /// undated, one unreadable.
    fn catalog() -> Catalog {
        let mut files = Vec::new();
        for i in 0..95 {
            let date = format!("20{:02}-{:02}-{:02}", 20 + i % 3, 1 + i % 12, 1 + i % 28);
            let cats = match i % 4 {
                0 => "[A, B]".to_owned(),
                1 => "[[A, C], [D]]".to_owned(),
                2 => "[[A, B], [A, C]]".to_owned(),
                _ => "[]".to_owned(),
            };
            let tags = format!("[t{}, t{}, t{}]", i % 5, i % 7, i % 5);
            files.push((
                format!("p/{i:03}.md"),
                post(
                    &format!("Post {i}"),
                    &date,
                    &cats,
                    &tags,
                    ["Ann", "Bo", "Cy"][i % 3],
                ),
            ));
        }
        files.push(("u.md".into(), b"---\ntitle: Undated\n---\nx".to_vec()));
        files.push(("bad.md".into(), b"---\ntitle: [oops\n---\n".to_vec()));
        Catalog::build(files, "2026-01-01T00:00:00Z".into())
    }

    fn files_of(site: &SiteFiles) -> HashMap<String, Vec<u8>> {
        site.shards.iter().cloned().collect()
    }

    /// A list read back page by page through the shards, as a reader does: the first
    /// chunk says how long the list is.
    fn list_via_shards(
        m: &Manifest,
        files: &HashMap<String, Vec<u8>>,
        key: &ListKey,
    ) -> Vec<String> {
        let total = m
            .read_list(key, 0, &files[&m.list_file(key, 0)])
            .unwrap()
            .total;
        let mut slugs = Vec::new();
        let mut page = 1;
        while let Some((c, range)) = page_in_chunks(total, m.chunk, BLOCK, page) {
            let chunk = m.read_list(key, c, &files[&m.list_file(key, c)]).unwrap();
            assert_eq!(chunk.total, total);
            for &doc in &chunk.docs[range] {
                let k = m.block_of(doc as usize);
                let block = m.read_block(k, &files[&m.block_file(k)]).unwrap();
                slugs.push(block[doc as usize - k * m.block].slug.clone());
            }
            page += 1;
        }
        slugs
    }

    #[test]
    fn every_list_reads_back_as_the_catalog_lists_it() {
        let c = catalog();
        let site = write(&c, Some("catalog.json")).unwrap();
        let m = Manifest::from_json_bytes(site.manifest_json().as_bytes()).unwrap();
        assert_eq!(m, site.manifest);
        let files = files_of(&site);
        let slugs = |it: &mut dyn Iterator<Item = &Article>| -> Vec<String> {
            it.map(|a| a.slug.clone()).collect()
        };

        // The home list: the blocks in order.
        let home: Vec<String> = (0..m.blocks())
            .flat_map(|k| m.read_block(k, &files[&m.block_file(k)]).unwrap())
            .map(|a| a.slug)
            .collect();
        assert_eq!(home, slugs(&mut c.articles.iter()));
        assert_eq!(m.blocks(), 5);

        for node in c
            .category_tree()
            .iter()
            .flat_map(|n| std::iter::once(n).chain(&n.children))
        {
            let key = ListKey::Category(node.path.clone());
            let expected = slugs(&mut c.in_category(&node.path));
            assert_eq!(expected.len(), node.count);
            assert_eq!(
                list_via_shards(&m, &files, &key),
                expected,
                "{:?}",
                node.path
            );
        }
        for t in c.tags() {
            assert_eq!(
                list_via_shards(&m, &files, &ListKey::Tag(t.name.clone())),
                slugs(&mut c.with_tag(&t.name))
            );
        }
        for a in c.authors() {
            assert_eq!(
                list_via_shards(&m, &files, &ListKey::Author(a.name.clone())),
                slugs(&mut c.by_author(&a.name))
            );
        }
        for y in c.archive() {
            assert_eq!(
                list_via_shards(&m, &files, &ListKey::Year(y.year)),
                slugs(&mut c.in_period(y.year, None))
            );
            for mo in &y.months {
                assert_eq!(
                    list_via_shards(&m, &files, &ListKey::Month(y.year, mo.month)),
                    slugs(&mut c.in_period(y.year, Some(mo.month)))
                );
            }
        }
        // No list nobody asked for, and none missing: the files are exactly the lists.
        let lists = files.keys().filter(|f| f.contains("/lists/")).count();
        let expected = c
            .category_tree()
            .iter()
            .map(|n| 1 + n.children.len())
            .sum::<usize>()
            + c.tags().len()
            + c.authors().len()
            + c.archive()
                .iter()
                .map(|y| 1 + y.months.len())
                .sum::<usize>();
        assert_eq!(lists, expected);
    }

    #[test]
    fn the_manifest_says_what_the_catalog_holds() {
        let c = catalog();
        let site = write(&c, None).unwrap();
        let m = &site.manifest;
        assert_eq!(m.articles, 96);
        assert_eq!(m.category_tree(), c.category_tree());
        assert_eq!(m.archive, c.archive());
        assert_eq!((m.tags, m.authors), (7, 3));
        assert_eq!((m.errors, m.skipped), (1, 0));
        assert!(m.markdown);
        assert_eq!(m.catalog, None);
        let files = files_of(&site);
        let issues = m.read_issues(&files[&m.issues_file()]).unwrap();
        assert_eq!(issues.errors, c.errors);
        assert_eq!(m.read_facets(&files[&m.tags_file()]).unwrap(), c.tags());
        assert_eq!(
            m.read_facets(&files[&m.authors_file()]).unwrap(),
            c.authors()
        );
    }

    #[test]
    fn every_slug_is_found_in_its_bucket() {
        let c = catalog();
        let site = write(&c, None).unwrap();
        let m = &site.manifest;
        let files = files_of(&site);
        for (doc, a) in c.articles.iter().enumerate() {
            assert_eq!(
                m.find_slug(&a.slug, &files[&m.slug_file(&a.slug)]).unwrap(),
                Some(doc)
            );
        }
        assert_eq!(
            m.find_slug("nope", &files[&m.slug_file("nope")]).unwrap(),
            None
        );
    }

    #[test]
    fn the_same_posts_give_the_same_files() {
        let a = write(&catalog(), None).unwrap();
        let mut later = catalog();
        later.generated = "2027-01-01T00:00:00Z".into();
        let b = write(&later, None).unwrap();
        assert_eq!(a.manifest.build, b.manifest.build);
        assert_eq!(a.shards, b.shards);
        // One article changed: another build.
        later.articles[3].title.push('!');
        assert_ne!(
            write(&later, None).unwrap().manifest.build,
            a.manifest.build
        );
    }

    #[test]
    fn shards_of_another_build_or_list_are_refused() {
        let c = catalog();
        let site = write(&c, None).unwrap();
        let files = files_of(&site);
        let mut other = site.manifest.clone();
        other.build = "0123456789ab".into();
        let m = &site.manifest;
        let err = other.read_block(0, &files[&m.block_file(0)]).unwrap_err();
        assert!(err.contains("stale cache"), "{err}");
        let key = ListKey::Tag("t1".into());
        let bytes = &files[&m.list_file(&key, 0)];
        assert!(m.read_list(&ListKey::Tag("t2".into()), 0, bytes).is_err());
        assert!(m.read_list(&key, 1, bytes).is_err());
        // A block that is not the one asked for.
        assert!(m.read_block(1, &files[&m.block_file(0)]).is_err());
    }

    #[test]
    fn manifests_of_other_formats_are_explained() {
        let err = Manifest::from_json_bytes(br#"{"version":1,"articles":[]}"#).unwrap_err();
        assert!(err.contains("format"), "{err}");
        let err =
            Manifest::from_json_bytes(br#"{"format":"broadsheet-site","version":3}"#).unwrap_err();
        assert!(err.contains("version 3 is not supported"), "{err}");
        let mut m = write(&catalog(), None).unwrap().manifest;
        m.block = 0;
        let json = serde_json::to_vec(&m).unwrap();
        assert!(Manifest::from_json_bytes(&json).is_err());
        m.block = BLOCK;
        m.build = "../../x".into();
        let json = serde_json::to_vec(&m).unwrap();
        assert!(Manifest::from_json_bytes(&json).is_err());
    }

    #[test]
    fn manifests_are_told_from_catalogs_by_their_start() {
        let m = write(&catalog(), None).unwrap();
        assert!(looks_like_manifest(m.manifest_json().as_bytes()));
        assert!(looks_like_manifest(
            b"{ \"format\" : \"broadsheet-site\", \"version\": 9 }"
        ));
        assert!(!looks_like_manifest(catalog().to_json().as_bytes()));
        assert!(!looks_like_manifest(b"{\"format\":\"other\"}"));
        assert!(!looks_like_manifest(b""));
    }

    #[test]
    fn pages_map_onto_chunks() {
        assert_eq!(page_in_chunks(45, 1000, 20, 1), Some((0, 0..20)));
        assert_eq!(page_in_chunks(45, 1000, 20, 3), Some((0, 40..45)));
        assert_eq!(page_in_chunks(45, 1000, 20, 4), None);
        assert_eq!(page_in_chunks(45, 1000, 20, 0), None);
        assert_eq!(
            page_in_chunks(50_000, 1000, 20, 2000),
            Some((39, 980..1000))
        );
        assert_eq!(page_in_chunks(50_000, 1000, 20, 51), Some((1, 0..20)));
        assert_eq!(page_in_chunks(usize::MAX, 1000, 20, usize::MAX), None);
    }
}
