//! `SearchIndex`: what a search runs over. Built from the catalog's articles (title,
//! tags, categories, author, excerpt) plus, optionally, each article's plain body
//! text (`RenderedBody.text`).
//!
//! Two parts: per-document data for filters, facets and sorting (`DocTable`, always
//! derived from the catalog's articles, so it never travels twice), and the term
//! tables of the four fields (`TermIndex`). The term tables are cut into shards by
//! term range (`codec.rs`), so the CLI can ship a big site's index as small files
//! fetched on demand, the way Pagefind does; in memory it is one shard unless it was
//! loaded split.

use std::collections::{HashMap, HashSet};

use crate::core::article::Article;
use crate::core::catalog::year_month;
use crate::core::hash::{fnv1a, FNV_OFFSET};

use super::postings::{Occurrences, RunBuilder, TermTable, TermTableBuilder};
use super::tokenize::{TokenKind, Tokenizer};

/// Where a term occurs. Ranking weights them (`rank.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    /// Tags, category names and the author.
    Taxonomy,
    Excerpt,
    Body,
}

/// The fields, in storage order (a shard holds one table per field).
pub(crate) const FIELDS: [Field; 4] = [Field::Title, Field::Taxonomy, Field::Excerpt, Field::Body];

/// Positions skipped between the values of a multi-valued field, so a phrase never
/// spans two tags.
const VALUE_GAP: u32 = 8;

/// Per-document token counts of a field (BM25 length normalisation).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FieldStats {
    pub doc_len: Vec<u32>,
    pub avg_len: f32,
}

impl FieldStats {
    pub(crate) fn new(doc_len: Vec<u32>) -> Self {
        let total: u64 = doc_len.iter().map(|&l| u64::from(l)).sum();
        let avg_len = if doc_len.is_empty() {
            1.0
        } else {
            (total as f32 / doc_len.len() as f32).max(1.0)
        };
        FieldStats { doc_len, avg_len }
    }

    pub(crate) fn len_of(&self, doc: u32) -> f32 {
        self.doc_len.get(doc as usize).copied().unwrap_or(0) as f32
    }
}

/// One term range of every field: `tables[f]` is field `FIELDS[f]`'s table.
pub(crate) type Shard = Vec<TermTable>;

/// The term tables of all fields: statistics always present; tables in range shards
/// that may be missing until fetched.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TermIndex {
    /// One per field, in `FIELDS` order.
    pub stats: Vec<FieldStats>,
    /// First term of each shard after the first (shard `i+1` starts at `bounds[i]`).
    pub bounds: Vec<String>,
    pub shards: Vec<Option<Shard>>,
    /// Identifies one split build (0 = not split): shard files carry it, so a shard
    /// from another build (a stale cache, a half-finished deploy) is refused.
    pub split_id: u64,
}

impl Default for TermIndex {
    /// One empty, loaded shard: an empty index is complete.
    fn default() -> Self {
        TermIndex {
            stats: vec![FieldStats::default(); FIELDS.len()],
            bounds: Vec::new(),
            shards: vec![Some(vec![TermTable::default(); FIELDS.len()])],
            split_id: 0,
        }
    }
}

impl TermIndex {
    /// Which shard holds `term` (range sharding: terms ≥ `bounds[i]` go right).
    pub(crate) fn shard_of(&self, term: &str) -> usize {
        self.bounds.partition_point(|b| b.as_str() <= term)
    }

    /// Field `f`'s table holding `term`, if its shard is loaded.
    pub(crate) fn table(&self, term: &str, f: usize) -> Option<&TermTable> {
        self.shards.get(self.shard_of(term))?.as_ref()?.get(f)
    }

    /// Shards that may hold terms starting with `prefix`.
    pub(crate) fn shards_for_prefix(&self, prefix: &str) -> std::ops::RangeInclusive<usize> {
        let first = self.shard_of(prefix);
        // The last shard whose first term still starts with the prefix.
        let last = first
            + self.bounds[first.min(self.bounds.len())..]
                .iter()
                .take_while(|b| b.starts_with(prefix))
                .count();
        first..=last
    }
}

/// Per-article data for filters, facets and sorting.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocInfo {
    pub slug: String,
    pub timestamp: Option<i64>,
    /// Year and month (1–12), as written in the article's own offset.
    pub year_month: Option<(i32, u32)>,
    pub author: Option<u32>,
    pub tags: Vec<u32>,
    /// Every category node the article is filed under, ancestors included, once each.
    pub categories: Vec<u32>,
}

/// Per-article data stored column-wise: facet counting and sorting walk thousands of
/// documents per keystroke, and flat arrays keep that walk in cache (one `Vec` per
/// document made it pointer-chasing: ~3× slower at 10k results).
///
/// Built from articles it has every column. Read from a site's files without its
/// catalog (`SearchIndex::from_base`) it starts with the document count, the slugs'
/// hash and the date order only (what ranking and sorting need), no slugs; the facet
/// columns arrive later (`load_facet_columns`).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct DocTable {
    count: usize,
    /// The slugs' hash when the slugs are not held (read without the catalog).
    hash: Option<u64>,
    /// Whether the facet columns (year/month, author, tags, categories) are filled.
    columns: bool,
    slugs: Vec<String>,
    /// Larger is newer (`None`: undated): the timestamp, or minus the rank of the
    /// document's date among the site's dates when read without the catalog.
    timestamps: Vec<Option<i64>>,
    year_months: Vec<Option<(i32, u32)>>,
    authors: Vec<Option<u32>>,
    /// `tags[tag_ends[i-1]..tag_ends[i]]` are document i's tags; same for categories.
    tag_ends: Vec<u32>,
    tags: Vec<u32>,
    category_ends: Vec<u32>,
    categories: Vec<u32>,
}

impl DocTable {
    pub(crate) fn push(&mut self, d: DocInfo) {
        self.count += 1;
        self.columns = true;
        self.slugs.push(d.slug);
        self.timestamps.push(d.timestamp);
        self.push_columns(d.year_month, d.author, &d.tags, &d.categories);
    }

    /// `count` documents known by their slugs' hash and date keys only (`timestamps`,
    /// larger = newer), without facet columns.
    pub(crate) fn without_slugs(hash: u64, timestamps: Vec<Option<i64>>) -> DocTable {
        DocTable {
            count: timestamps.len(),
            hash: Some(hash),
            timestamps,
            ..DocTable::default()
        }
    }

    pub(crate) fn push_columns(
        &mut self,
        year_month: Option<(i32, u32)>,
        author: Option<u32>,
        tags: &[u32],
        categories: &[u32],
    ) {
        self.year_months.push(year_month);
        self.authors.push(author);
        self.tags.extend_from_slice(tags);
        self.tag_ends.push(self.tags.len() as u32);
        self.categories.extend_from_slice(categories);
        self.category_ends.push(self.categories.len() as u32);
    }

    /// Marks the facet columns filled (they must hold `len()` documents).
    pub(crate) fn set_columns_filled(&mut self) {
        self.columns = self.year_months.len() == self.count;
    }

    /// Empties the facet columns (before filling them again).
    pub(crate) fn clear_columns(&mut self) {
        self.columns = false;
        self.year_months.clear();
        self.authors.clear();
        self.tag_ends.clear();
        self.tags.clear();
        self.category_ends.clear();
        self.categories.clear();
    }

    pub(crate) fn has_columns(&self) -> bool {
        self.columns
    }

    pub(crate) fn len(&self) -> usize {
        self.count
    }

    pub(crate) fn slug(&self, i: usize) -> Option<&str> {
        self.slugs.get(i).map(String::as_str)
    }

    /// FNV-1a over the slugs in order: `search.bin` records it, so the app can tell
    /// whether an index file belongs to the catalog it loaded.
    pub(crate) fn slugs_hash(&self) -> u64 {
        if let Some(h) = self.hash {
            return h;
        }
        self.slugs
            .iter()
            .fold(FNV_OFFSET, |h, s| fnv1a(fnv1a(h, s.as_bytes()), b"\n"))
    }

    pub(crate) fn timestamp(&self, i: usize) -> Option<i64> {
        self.timestamps.get(i).copied().flatten()
    }

    pub(crate) fn year_month(&self, i: usize) -> Option<(i32, u32)> {
        self.year_months.get(i).copied().flatten()
    }

    pub(crate) fn author(&self, i: usize) -> Option<u32> {
        self.authors.get(i).copied().flatten()
    }

    pub(crate) fn tags(&self, i: usize) -> &[u32] {
        range_of(&self.tag_ends, &self.tags, i)
    }

    pub(crate) fn categories(&self, i: usize) -> &[u32] {
        range_of(&self.category_ends, &self.categories, i)
    }

    fn heap_bytes(&self) -> usize {
        self.slugs.iter().map(|s| s.capacity() + 24).sum::<usize>()
            + self.timestamps.capacity() * 16
            + self.year_months.capacity() * 12
            + self.authors.capacity() * 8
            + 4 * (self.tag_ends.capacity()
                + self.tags.capacity()
                + self.category_ends.capacity()
                + self.categories.capacity())
    }
}

fn range_of<'a>(ends: &[u32], values: &'a [u32], i: usize) -> &'a [u32] {
    let start = if i == 0 {
        0
    } else {
        ends.get(i - 1).copied().unwrap_or(0) as usize
    };
    let end = ends.get(i).copied().unwrap_or(0) as usize;
    values.get(start..end).unwrap_or(&[])
}

/// A category tree node: a name and its parent node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CategoryEntry {
    pub name: u32,
    pub parent: Option<u32>,
}

/// The search index over a set of articles. Documents are numbered in the order they
/// were added (`Hit::doc` is that number).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchIndex {
    pub(crate) docs: DocTable,
    /// Interned tag, author and category names.
    pub(crate) names: Vec<String>,
    pub(crate) categories: Vec<CategoryEntry>,
    pub(crate) terms: TermIndex,
}

impl SearchIndex {
    /// An index of the articles' metadata only (no bodies).
    pub fn from_articles(articles: &[Article]) -> SearchIndex {
        let mut b = SearchIndexBuilder::default();
        for a in articles {
            b.add(a, None);
        }
        b.finish()
    }

    /// The index of `articles` (in catalog order) whose term tables were built
    /// elsewhere: `lens[f]` is field `FIELDS[f]`'s token count per article, `tables`
    /// its terms (one shard; empty = every shard missing until loaded).
    pub fn from_parts(
        articles: &[Article],
        lens: [Vec<u32>; 4],
        tables: Option<Vec<TermTable>>,
    ) -> SearchIndex {
        let mut index = SearchIndexBuilder::docs_only(articles);
        index.terms = TermIndex {
            stats: lens.into_iter().map(FieldStats::new).collect(),
            bounds: Vec::new(),
            shards: vec![tables],
            split_id: 0,
        };
        index
    }

    /// Number of documents.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.len() == 0
    }

    /// The slug of document `doc` (as given by the article it was built from).
    pub fn slug(&self, doc: usize) -> Option<&str> {
        self.docs.slug(doc)
    }

    /// The hash of the slugs of the articles it indexes, in order (what an index file
    /// records to tell which catalog it belongs to).
    pub fn docs_hash(&self) -> u64 {
        self.docs.slugs_hash()
    }

    /// Whether filters and facet counts can be answered: always for an index built
    /// from articles; for one read without its catalog once `load_facet_columns` ran.
    pub fn has_facet_columns(&self) -> bool {
        self.docs.has_columns()
    }

    /// Whether any body text was indexed.
    pub fn has_body(&self) -> bool {
        self.terms
            .stats
            .get(3)
            .is_some_and(|s| s.doc_len.iter().any(|&l| l > 0))
    }

    /// Approximate heap bytes held by the index (for the memory budget).
    pub fn heap_bytes(&self) -> usize {
        let docs = self.docs.heap_bytes();
        let names: usize = self.names.iter().map(|n| n.capacity() + 24).sum();
        let terms: usize = self
            .terms
            .shards
            .iter()
            .flatten()
            .flatten()
            .map(TermTable::heap_bytes)
            .sum::<usize>()
            + self
                .terms
                .stats
                .iter()
                .map(|s| s.doc_len.capacity() * 4)
                .sum::<usize>();
        docs + names + terms + self.categories.capacity() * 8
    }

    pub(crate) fn name(&self, id: u32) -> &str {
        self.names
            .get(id as usize)
            .map(String::as_str)
            .unwrap_or("")
    }

    /// The category node at `path`, if any article is filed there.
    pub(crate) fn category_node(&self, path: &[String]) -> Option<u32> {
        let mut parent: Option<u32> = None;
        for seg in path {
            let found = self
                .categories
                .iter()
                .enumerate()
                .find(|(_, c)| c.parent == parent && self.name(c.name) == seg.as_str())
                .map(|(i, _)| i as u32)?;
            parent = Some(found);
        }
        parent
    }

    /// The path of category node `id`, root first.
    pub(crate) fn category_path(&self, id: u32) -> Vec<String> {
        let mut path = Vec::new();
        let mut cur = Some(id);
        // Bounded: a corrupt (cyclic) table from disk must not loop forever.
        while let Some(i) = cur {
            if path.len() > self.categories.len() {
                break;
            }
            let Some(c) = self.categories.get(i as usize) else {
                break;
            };
            path.push(self.name(c.name).to_owned());
            cur = c.parent;
        }
        path.reverse();
        path
    }
}

/// Builds a `SearchIndex` one article at a time (the CLI streams bodies through it
/// without holding them all).
#[derive(Debug, Default)]
pub struct SearchIndexBuilder {
    docs: DocTable,
    names: Vec<String>,
    name_ids: HashMap<String, u32>,
    categories: Vec<CategoryEntry>,
    category_ids: HashMap<(Option<u32>, u32), u32>,
    fields: [TermTableBuilder; 4],
    lens: [Vec<u32>; 4],
    bigram: String,
}

impl SearchIndexBuilder {
    /// Adds an article and, if known, its plain body text.
    pub fn add(&mut self, article: &Article, body_text: Option<&str>) {
        let doc = self.add_doc(article);
        let lens = add_terms(&mut self.fields, &mut self.bigram, doc, article, body_text);
        for (l, n) in self.lens.iter_mut().zip(lens) {
            l.push(n);
        }
    }

    /// Adds an article's filter/facet/sort data (no terms); returns its number.
    fn add_doc(&mut self, article: &Article) -> u32 {
        let doc = self.docs.len() as u32;
        let author = article.author.as_deref().map(|a| self.intern(a));
        let mut tags: Vec<u32> = article.tags.iter().map(|t| self.intern(t)).collect();
        tags.sort_unstable();
        tags.dedup();
        let mut categories: Vec<u32> = Vec::new();
        for path in &article.categories {
            let mut parent = None;
            for seg in path {
                let name = self.intern(seg);
                let next = self.categories.len() as u32;
                let id = *self.category_ids.entry((parent, name)).or_insert(next);
                if id == next {
                    self.categories.push(CategoryEntry { name, parent });
                }
                categories.push(id);
                parent = Some(id);
            }
        }
        categories.sort_unstable();
        categories.dedup();
        self.docs.push(DocInfo {
            slug: article.slug.clone(),
            timestamp: article.timestamp(),
            year_month: year_month(article),
            author,
            tags,
            categories,
        });

        doc
    }

    fn intern(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.name_ids.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_owned());
        self.name_ids.insert(name.to_owned(), id);
        id
    }

    pub fn finish(self) -> SearchIndex {
        let [a, b, c, d] = self.fields;
        let tables = vec![a.finish(), b.finish(), c.finish(), d.finish()];
        SearchIndex {
            docs: self.docs,
            names: self.names,
            categories: self.categories,
            terms: TermIndex {
                stats: self.lens.into_iter().map(FieldStats::new).collect(),
                bounds: Vec::new(),
                shards: vec![Some(tables)],
                split_id: 0,
            },
        }
    }

    /// The per-document part of the index of `articles`, with no term tables (the
    /// app gets those from `search.bin`).
    pub(crate) fn docs_only(articles: &[Article]) -> SearchIndex {
        let mut b = SearchIndexBuilder::default();
        for a in articles {
            b.add_doc(a);
        }
        SearchIndex {
            docs: b.docs,
            names: b.names,
            categories: b.categories,
            terms: TermIndex::default(),
        }
    }
}

/// Feeds an article's terms, as document `doc`, to the four fields' builders; returns
/// each field's token count.
fn add_terms<O: Occurrences>(
    fields: &mut [O; 4],
    bigram: &mut String,
    doc: u32,
    article: &Article,
    body_text: Option<&str>,
) -> [u32; 4] {
    let mut taxonomy: Vec<&str> = article.tags.iter().map(String::as_str).collect();
    let mut seen = HashSet::new();
    taxonomy.extend(
        article
            .categories
            .iter()
            .flatten()
            .map(String::as_str)
            .filter(|s| seen.insert(*s)),
    );
    taxonomy.extend(article.author.as_deref());
    let body: &[&str] = match &body_text {
        Some(t) => std::slice::from_ref(t),
        None => &[],
    };
    let texts: [&[&str]; 4] = [
        &[article.title.as_str()],
        &taxonomy,
        &[article.excerpt.as_str()],
        body,
    ];
    let mut lens = [0u32; 4];
    for (i, texts) in texts.iter().enumerate() {
        lens[i] = index_texts(&mut fields[i], bigram, texts);
        fields[i].finish_doc(doc);
    }
    lens
}

/// The terms of a batch of articles, for an index built in runs (`merge.rs`): the CLI
/// tokenizes posts as it reads them, numbered in reading order, and writes each batch
/// out before the next, so a big site's index is never in memory whole.
#[derive(Default)]
pub struct TermRuns {
    fields: [RunBuilder; 4],
    bigram: String,
}

impl TermRuns {
    /// Adds an article as document `doc` (numbers must grow within a batch); returns
    /// each field's token count (the index's length statistics, `FIELDS` order).
    pub fn add(&mut self, doc: u32, article: &Article, body_text: Option<&str>) -> [u32; 4] {
        add_terms(&mut self.fields, &mut self.bigram, doc, article, body_text)
    }

    pub fn is_empty(&self) -> bool {
        self.fields.iter().all(RunBuilder::is_empty)
    }

    /// Bytes the batch holds.
    pub fn bytes(&self) -> usize {
        self.fields.iter().map(RunBuilder::bytes).sum()
    }

    /// Writes the batch as one run per field (`FIELDS` order) and empties it.
    pub fn write_runs<W: std::io::Write>(&mut self, out: [&mut W; 4]) -> std::io::Result<()> {
        let fields = std::mem::take(&mut self.fields);
        for (f, w) in fields.into_iter().zip(out) {
            f.write_run(w)?;
        }
        Ok(())
    }
}

/// Feeds the tokens of `texts` (one field's values) to `b`: words, CJK characters and
/// CJK bigrams of directly adjacent characters. Returns the token count.
fn index_texts<O: Occurrences>(b: &mut O, bigram: &mut String, texts: &[&str]) -> u32 {
    let mut pos = 0u32;
    let mut count = 0u32;
    for text in texts {
        let mut t = Tokenizer::starting_at(text, pos);
        let mut prev: Option<(char, u32)> = None;
        while let Some(tok) = t.next_token() {
            count += 1;
            b.occurrence(tok.text, tok.pos);
            match tok.kind {
                TokenKind::Cjk => {
                    let c = tok.text.chars().next().unwrap_or(' ');
                    if let Some((p, ppos)) = prev.filter(|&(_, ppos)| ppos + 1 == tok.pos) {
                        bigram.clear();
                        bigram.push(p);
                        bigram.push(c);
                        b.occurrence(bigram, ppos);
                    }
                    prev = Some((c, tok.pos));
                }
                TokenKind::Word => prev = None,
            }
        }
        pos = t.next_position() + VALUE_GAP;
    }
    count
}
