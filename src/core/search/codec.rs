//! Compact binary form of a `SearchIndex`'s term tables, and splitting them into shards.
//!
//! A custom format rather than serde_json: the postings are already byte streams of
//! varints, which JSON would inflate ~3× as number arrays; this is close to the
//! in-memory size and decodes with a few copies. Everything is length-prefixed and
//! bounds-checked: garbage input gives a `CodecError`, never a panic or a huge
//! allocation.
//!
//! The per-document data (slugs, dates, tags, categories, authors) is not stored in
//! full: an app that has the catalog derives it from there, and the file records the
//! number and a hash of the catalog's slugs to check it belongs to that catalog. An
//! app that reads the site in pieces (no catalog) ranks and sorts with the base alone
//! (`SearchIndex::from_base`: since version 3 it holds the date order, a few bytes per
//! day of the site's archive) and counts facets once the facet columns arrive
//! (`facet_columns`, a file of the site data: `core::site_data`).
//!
//! Sharding (for big sites, like Pagefind): the union of the fields' sorted term
//! dictionaries is cut into contiguous ranges of about equal posting bytes; shard `i`
//! holds every field's terms of range `i`. The base file keeps the field length
//! statistics and the first term of every shard, so a search knows which shard files a
//! query needs (`SearchIndex::missing_shards`) and the first search fetches the base
//! plus one or two shards. Range (not hash) sharding keeps all completions of a typed
//! prefix in one or two shards.

use super::index::{CategoryEntry, DocTable, FieldStats, SearchIndex, Shard, TermIndex, FIELDS};
use super::postings::{get_varint, put_varint, TermTable};
use super::SearchIndexBuilder;
use crate::core::article::Article;
use crate::core::hash::{fnv1a, FNV_OFFSET};

const INDEX_MAGIC: &[u8; 4] = b"BSIX";
const SHARD_MAGIC: &[u8; 4] = b"BSSH";
const COLUMNS_MAGIC: &[u8; 4] = b"BSFC";
/// Version 3 added the date order to the base; version 2 bases still load with a
/// catalog. Shards did not change.
const VERSION: u64 = 3;
const SHARD_VERSION: u64 = 2;
const COLUMNS_VERSION: u64 = 1;

/// Whole-index size up to which the CLI writes one file: below it one request beats
/// several (measured in bench/crossover.rs; see the README's search section).
pub const SINGLE_FILE_MAX_BYTES: usize = 256 * 1024;
/// Target size of one body shard when split.
pub const SHARD_TARGET_BYTES: usize = 48 * 1024;

/// Why bytes could not be read as an index or shard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodecError(pub String);

impl std::fmt::Display for CodecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "search index: {}", self.0)
    }
}

impl std::error::Error for CodecError {}

fn err<T>(msg: &str) -> Result<T, CodecError> {
    Err(CodecError(msg.to_owned()))
}

/// A split index: one base file (always loaded) and body shard files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexFiles {
    pub base: Vec<u8>,
    pub shards: Vec<Vec<u8>>,
    /// 0 when not split.
    pub split_id: u64,
}

impl IndexFiles {
    /// The file name of shard `i` (see `SearchIndex::shard_file_name`).
    pub fn shard_file_name(&self, i: usize) -> String {
        shard_file_name(self.split_id, i)
    }
}

/// The file name of shard `i` of split `split_id`.
pub fn shard_file_name(split_id: u64, i: usize) -> String {
    format!("search-{:012x}-{i}.bin", split_id & 0xffff_ffff_ffff)
}

/// A split index written a shard at a time (`merge::merge_runs` hands them over): each
/// shard's tables go to `bodies` as they come, hashed on the way, since the split id
/// (in every shard's header and file name) is that hash and is known only at the end.
/// `finish` gives the base file and the split id; each shard file is then
/// `shard_header(id, i)` followed by body `i` (`sizes[i]` bytes of `bodies`, in order).
pub struct SplitWriter<W> {
    bodies: W,
    hash: u64,
    bounds: Vec<String>,
    sizes: Vec<u64>,
}

impl<W: std::io::Write> SplitWriter<W> {
    pub fn new(bodies: W) -> Self {
        SplitWriter {
            bodies,
            hash: FNV_OFFSET,
            bounds: Vec::new(),
            sizes: Vec::new(),
        }
    }

    pub fn add(&mut self, shard: super::merge::MergedShard) -> std::io::Result<()> {
        let mut body = Vec::new();
        for t in &shard.tables {
            write_table(&mut body, t);
        }
        self.hash = fnv1a(self.hash, &body);
        self.bodies.write_all(&body)?;
        self.sizes.push(body.len() as u64);
        // Every shard but the first starts at a bound.
        self.bounds.extend(shard.first_term);
        Ok(())
    }

    /// The base file for `index` (its documents and statistics; its term tables are
    /// the shards written here), the split id and each shard body's size.
    pub fn finish(mut self, index: &SearchIndex) -> std::io::Result<(Vec<u8>, u64, Vec<u64>)> {
        self.bodies.flush()?;
        let split_id = self.hash.max(1);
        let mut base = Vec::new();
        index.write_base(&mut base, &self.bounds, self.sizes.len(), split_id);
        Ok((base, split_id, self.sizes))
    }
}

/// What precedes body `i` in shard file `i` of split `split_id` (see `SplitWriter`).
pub fn shard_header(split_id: u64, i: usize) -> Vec<u8> {
    let mut w = SHARD_MAGIC.to_vec();
    put_varint(&mut w, SHARD_VERSION);
    put_varint(&mut w, split_id);
    put_varint(&mut w, i as u64);
    w
}

/// Shard file `i` of split `split_id` holding `tables` (one per field), for a split
/// index written without a `SplitWriter` (an update knows its id before its shards).
pub fn shard_file(split_id: u64, i: usize, tables: &[TermTable]) -> Vec<u8> {
    let mut w = shard_header(split_id, i);
    for t in tables {
        write_table(&mut w, t);
    }
    w
}

/// Whether `name` is a shard file name of any build (`search-<12 hex>-<n>.bin`), so
/// the CLI can remove an earlier run's shards.
pub fn is_shard_file_name(name: &str) -> bool {
    name.strip_prefix("search-")
        .and_then(|r| r.strip_suffix(".bin"))
        .and_then(|r| r.split_once('-'))
        .is_some_and(|(id, n)| {
            id.len() == 12
                && id.bytes().all(|b| b.is_ascii_hexdigit())
                && !n.is_empty()
                && n.bytes().all(|b| b.is_ascii_digit())
        })
}

impl SearchIndex {
    /// The whole index (shards that are loaded included) as one byte string.
    pub fn to_bytes(&self) -> Vec<u8> {
        let t = &self.terms;
        let mut w = Vec::new();
        self.write_base(&mut w, &t.bounds, t.shards.len(), t.split_id);
        for shard in &t.shards {
            match shard {
                Some(tables) => {
                    w.push(1);
                    for table in tables {
                        write_table(&mut w, table);
                    }
                }
                None => w.push(0),
            }
        }
        w
    }

    /// Reads `to_bytes` output, or the `base` of `to_split_files` (its shards are then
    /// missing until `load_shard`), for the catalog `articles` it was built from (in
    /// the same order). An index of another catalog is an error.
    pub fn from_bytes(bytes: &[u8], articles: &[Article]) -> Result<SearchIndex, CodecError> {
        let mut index = SearchIndexBuilder::docs_only(articles);
        let mut r = Reader::new(bytes);
        let head = read_head(&mut r)?;
        if head.count != index.docs.len() || head.hash != index.docs.slugs_hash() {
            return err("index was built for another catalog");
        }
        // Dates come from the catalog (the file's date order is for readers without it).
        index.terms = read_terms(&mut r, &head)?;
        Ok(index)
    }

    /// Reads a base written since version 3 without the catalog: it ranks and sorts by
    /// date on its own; slugs are unknown (results are document numbers, the site
    /// data's) and facets are counted once `load_facet_columns` has run.
    pub fn from_base(bytes: &[u8]) -> Result<SearchIndex, CodecError> {
        let mut r = Reader::new(bytes);
        let head = read_head(&mut r)?;
        let Some(dates) = head.dates.clone() else {
            return err("index written before version 3 needs its catalog");
        };
        let terms = read_terms(&mut r, &head)?;
        Ok(SearchIndex {
            docs: DocTable::without_slugs(head.hash, dates),
            names: Vec::new(),
            categories: Vec::new(),
            terms,
        })
    }

    /// The facet columns (year and month, author, tags, categories of every document)
    /// as bytes, for an app that reads the site without its catalog.
    pub fn facet_columns(&self) -> Vec<u8> {
        let d = &self.docs;
        let mut w = COLUMNS_MAGIC.to_vec();
        put_varint(&mut w, COLUMNS_VERSION);
        put_varint(&mut w, d.len() as u64);
        put_varint(&mut w, d.slugs_hash());
        put_varint(&mut w, self.names.len() as u64);
        for n in &self.names {
            put_str(&mut w, n);
        }
        put_varint(&mut w, self.categories.len() as u64);
        for c in &self.categories {
            put_varint(&mut w, u64::from(c.name));
            put_varint(&mut w, c.parent.map_or(0, |p| u64::from(p) + 1));
        }
        // Year and month in runs: documents are in date order, so a month is one run.
        let mut runs: Vec<(u64, Option<(i32, u32)>)> = Vec::new();
        for i in 0..d.len() {
            let ym = d.year_month(i);
            match runs.last_mut() {
                Some((n, last)) if *last == ym => *n += 1,
                _ => runs.push((1, ym)),
            }
        }
        put_varint(&mut w, runs.len() as u64);
        for (n, ym) in runs {
            put_varint(&mut w, n);
            match ym {
                None => put_varint(&mut w, 0),
                Some((y, m)) => {
                    put_varint(&mut w, u64::from(m));
                    put_varint(&mut w, zigzag(i64::from(y)));
                }
            }
        }
        for i in 0..d.len() {
            put_varint(&mut w, d.author(i).map_or(0, |a| u64::from(a) + 1));
        }
        for i in 0..d.len() {
            put_ascending(&mut w, d.tags(i));
        }
        for i in 0..d.len() {
            put_ascending(&mut w, d.categories(i));
        }
        w
    }

    /// Loads `facet_columns` output written for this index's documents.
    pub fn load_facet_columns(&mut self, bytes: &[u8]) -> Result<(), CodecError> {
        let mut r = Reader::new(bytes);
        if r.take(4)? != COLUMNS_MAGIC {
            return err("not Broadsheet facet columns");
        }
        if r.varint()? != COLUMNS_VERSION {
            return err("unsupported facet columns version");
        }
        let count = r.varint()?;
        if count != self.docs.len() as u64 || r.varint()? != self.docs.slugs_hash() {
            return err("facet columns were written for another catalog");
        }
        let names = r.list(|r| r.string())?;
        let mut categories: Vec<CategoryEntry> = Vec::new();
        let n = r.count()?;
        for id in 0..n {
            let name = r.u32()?;
            let parent = match r.u32()? {
                0 => None,
                // A parent comes before its children: no cycles.
                p if (p as usize) <= id => Some(p - 1),
                _ => return err("category parent out of order"),
            };
            if name as usize >= names.len() {
                return err("category name out of range");
            }
            categories.push(CategoryEntry { name, parent });
        }
        let count = count as usize;
        let mut year_months: Vec<Option<(i32, u32)>> = Vec::with_capacity(count);
        let runs = r.count()?;
        for _ in 0..runs {
            let n = r.varint()? as usize;
            let ym = match r.u32()? {
                0 => None,
                m if m <= 12 => {
                    let y = unzigzag(r.varint()?);
                    Some((
                        i32::try_from(y).map_err(|_| CodecError("year out of range".into()))?,
                        m,
                    ))
                }
                _ => return err("month out of range"),
            };
            if n > count - year_months.len() {
                return err("year and month runs longer than the documents");
            }
            year_months.extend(std::iter::repeat_n(ym, n));
        }
        if year_months.len() != count {
            return err("year and month runs shorter than the documents");
        }
        let mut authors = Vec::with_capacity(count);
        for _ in 0..count {
            authors.push(match r.u32()? {
                0 => None,
                a if (a as usize) <= names.len() => Some(a - 1),
                _ => return err("author out of range"),
            });
        }
        // Read whole before anything is replaced: bad bytes leave the index as it was.
        let mut tags = Flat::default();
        for _ in 0..count {
            tags.push(&mut r, names.len())?;
        }
        let mut cats = Flat::default();
        for _ in 0..count {
            cats.push(&mut r, categories.len())?;
        }
        let docs = &mut self.docs;
        docs.clear_columns();
        for (i, (ym, author)) in year_months.into_iter().zip(authors).enumerate() {
            docs.push_columns(ym, author, tags.get(i), cats.get(i));
        }
        docs.set_columns_filled();
        self.names = names;
        self.categories = categories;
        Ok(())
    }

    /// The base file of a split index whose shards (`bounds`, `split_id`) are
    /// written elsewhere (`shard_file`).
    pub fn split_base(&self, bounds: &[String], split_id: u64) -> Vec<u8> {
        let mut base = Vec::new();
        self.write_base(&mut base, bounds, bounds.len() + 1, split_id);
        base
    }

    /// Splits the term tables into `shard_count` shard files (at least 1) plus a base
    /// file. Needs every shard loaded (it is, for an index that was built, not loaded
    /// split).
    pub fn to_split_files(&self, shard_count: usize) -> IndexFiles {
        let fields = self.full_tables();
        let bounds = balanced_bounds(&fields, shard_count.max(1));
        let mut tables: Vec<Vec<u8>> = Vec::with_capacity(bounds.len() + 1);
        for i in 0..=bounds.len() {
            let lo = if i == 0 {
                None
            } else {
                bounds.get(i - 1).map(String::as_str)
            };
            let hi = bounds.get(i).map(String::as_str);
            let mut w = Vec::new();
            for t in &fields {
                let range = lower_bound(t, lo)..hi.map_or(t.len(), |h| lower_bound(t, Some(h)));
                write_table(&mut w, &t.slice(range));
            }
            tables.push(w);
        }
        // The id is a hash of the shards' content (never 0, which means "not split").
        let split_id = tables.iter().fold(FNV_OFFSET, |h, t| fnv1a(h, t)).max(1);
        let mut base = Vec::new();
        self.write_base(&mut base, &bounds, tables.len(), split_id);
        let shards = tables
            .into_iter()
            .enumerate()
            .map(|(i, table)| {
                let mut w = shard_header(split_id, i);
                w.extend_from_slice(&table);
                w
            })
            .collect();
        IndexFiles {
            base,
            shards,
            split_id,
        }
    }

    /// The files to publish for this index: one (`shards` empty) when the whole index
    /// is at most `SINGLE_FILE_MAX_BYTES`, else a base plus shards of about
    /// `SHARD_TARGET_BYTES`.
    pub fn to_files(&self) -> IndexFiles {
        let whole = self.to_bytes();
        if whole.len() <= SINGLE_FILE_MAX_BYTES {
            return IndexFiles {
                base: whole,
                shards: Vec::new(),
                split_id: 0,
            };
        }
        let postings: usize = self.full_tables().iter().map(|t| t.postings.len()).sum();
        self.to_split_files(postings.div_ceil(SHARD_TARGET_BYTES).max(2))
    }

    /// The file name of shard `i`, next to the base file (`search.bin`). The split id
    /// is in the name, so caches never mix two builds' shards.
    pub fn shard_file_name(&self, i: usize) -> String {
        shard_file_name(self.terms.split_id, i)
    }

    /// Loads one shard file; returns its number.
    pub fn load_shard(&mut self, bytes: &[u8]) -> Result<usize, CodecError> {
        let (i, shard) = self.read_shard_file(bytes)?;
        match self.terms.shards.get_mut(i) {
            Some(slot) => {
                *slot = Some(shard);
                Ok(i)
            }
            None => err("shard number out of range for this index"),
        }
    }

    /// One shard file of this index read: its number and tables (one per field).
    pub fn read_shard_file(&self, bytes: &[u8]) -> Result<(usize, Vec<TermTable>), CodecError> {
        let mut r = Reader::new(bytes);
        if r.take(4)? != SHARD_MAGIC {
            return err("not a Broadsheet search shard");
        }
        if r.varint()? != SHARD_VERSION {
            return err("unsupported shard version");
        }
        if r.varint()? != self.terms.split_id {
            return err("shard belongs to another build of the index");
        }
        let i = r.varint()? as usize;
        if i >= self.terms.shards.len() {
            return err("shard number out of range for this index");
        }
        Ok((i, read_shard(&mut r)?))
    }

    /// Number of shards (1 when not split).
    pub fn shard_count(&self) -> usize {
        self.terms.shards.len()
    }

    /// Whether shard `i` is loaded.
    pub fn shard_loaded(&self, i: usize) -> bool {
        self.terms.shards.get(i).is_some_and(Option::is_some)
    }

    /// Each field's loaded shards joined back into one table.
    pub(crate) fn full_tables(&self) -> Vec<TermTable> {
        (0..FIELDS.len())
            .map(|f| {
                let mut parts = self.terms.shards.iter().flatten().filter_map(|s| s.get(f));
                let Some(first) = parts.next() else {
                    return TermTable::default();
                };
                let mut t = first.slice(0..first.len());
                for s in parts {
                    let part = s.slice(0..s.len());
                    let base = t.postings.len() as u32;
                    let text_base = t.term_text.len() as u32;
                    t.term_text.push_str(&part.term_text);
                    t.term_ends
                        .extend(part.term_ends.iter().map(|e| e + text_base));
                    t.doc_freq.extend(&part.doc_freq);
                    t.doc_bytes.extend(&part.doc_bytes);
                    t.post_starts
                        .extend(part.post_starts.iter().skip(1).map(|p| p + base));
                    t.postings.extend_from_slice(&part.postings);
                }
                t
            })
            .collect()
    }

    fn write_base(&self, w: &mut Vec<u8>, bounds: &[String], shard_count: usize, split_id: u64) {
        w.extend_from_slice(INDEX_MAGIC);
        put_varint(w, VERSION);
        put_varint(w, self.docs.len() as u64);
        put_varint(w, self.docs.slugs_hash());
        for f in 0..FIELDS.len() {
            match self.terms.stats.get(f) {
                Some(s) => put_u32s(w, &s.doc_len),
                None => put_u32s(w, &vec![0; self.docs.len()]),
            }
        }
        put_varint(w, bounds.len() as u64);
        for b in bounds {
            put_str(w, b);
        }
        put_varint(w, split_id);
        put_varint(w, shard_count as u64);
        self.write_dates(w);
    }

    /// The date order: for documents in catalog order (newest first, undated last)
    /// the sizes of the runs of equal dates (a site with one post a day: one number a
    /// day); for any other order each document's date rank.
    fn write_dates(&self, w: &mut Vec<u8>) {
        let d = &self.docs;
        let ts: Vec<Option<i64>> = (0..d.len()).map(|i| d.timestamp(i)).collect();
        // Newest first, undated last: each step goes to an older or equal date.
        let sorted = ts.windows(2).all(|p| match (p[0], p[1]) {
            (Some(a), Some(b)) => a >= b,
            (_, None) => true,
            (None, Some(_)) => false,
        });
        if sorted {
            put_varint(w, 0);
            let mut runs: Vec<u64> = Vec::new();
            for (i, t) in ts.iter().enumerate() {
                if t.is_none() {
                    break;
                }
                if i > 0 && ts[i - 1] == *t {
                    if let Some(n) = runs.last_mut() {
                        *n += 1;
                    }
                } else {
                    runs.push(1);
                }
            }
            put_varint(w, runs.len() as u64);
            for n in runs {
                put_varint(w, n);
            }
        } else {
            put_varint(w, 1);
            let mut distinct: Vec<i64> = ts.iter().flatten().copied().collect();
            distinct.sort_unstable_by(|a, b| b.cmp(a));
            distinct.dedup();
            for t in &ts {
                let rank = t.map_or(0, |t| distinct.partition_point(|&x| x > t) as u64 + 1);
                put_varint(w, rank);
            }
        }
    }
}

/// What every base starts with.
struct Head {
    count: usize,
    hash: u64,
    stats: Vec<FieldStats>,
    bounds: Vec<String>,
    split_id: u64,
    shard_count: usize,
    /// Date keys (larger = newer) from the date order (version 3).
    dates: Option<Vec<Option<i64>>>,
}

fn read_head(r: &mut Reader<'_>) -> Result<Head, CodecError> {
    if r.take(4)? != INDEX_MAGIC {
        return err("not a Broadsheet search index");
    }
    let version = r.varint()?;
    if version != VERSION && version != 2 {
        return err("unsupported index version");
    }
    let count = r.count()?;
    let hash = r.varint()?;
    let mut stats = Vec::with_capacity(FIELDS.len());
    for _ in FIELDS {
        let lens = r.list(|r| r.u32())?;
        if lens.len() != count {
            return err("field statistics do not match the document count");
        }
        stats.push(FieldStats::new(lens));
    }
    let bounds = r.list(|r| r.string())?;
    // Each shard may become a request: an index from elsewhere declaring 100,000 would
    // have a prefix query fetch them all (issue 25).
    if bounds.len() >= crate::core::limits::MAX_SHARDS {
        return err("index declares more shards than the limit");
    }
    if bounds.windows(2).any(|w| w[0] >= w[1]) {
        return err("shard directory is not sorted");
    }
    let split_id = r.varint()?;
    let shard_count = r.varint()? as usize;
    if shard_count != bounds.len() + 1 {
        return err("shard directory does not match the shard count");
    }
    let dates = if version >= 3 {
        Some(read_dates(r, count)?)
    } else {
        None
    };
    Ok(Head {
        count,
        hash,
        stats,
        bounds,
        split_id,
        shard_count,
        dates,
    })
}

/// `write_dates` read back as date keys: minus the rank (the newest date is 0).
fn read_dates(r: &mut Reader<'_>, count: usize) -> Result<Vec<Option<i64>>, CodecError> {
    let mut keys: Vec<Option<i64>> = Vec::with_capacity(count);
    match r.varint()? {
        0 => {
            let runs = r.count()?;
            for rank in 0..runs {
                let n = r.varint()? as usize;
                if n == 0 || n > count - keys.len() {
                    return err("date runs do not match the document count");
                }
                keys.extend(std::iter::repeat_n(Some(-(rank as i64)), n));
            }
            keys.resize(count, None);
        }
        1 => {
            for _ in 0..count {
                keys.push(match r.varint()? {
                    0 => None,
                    k => Some(1 - k as i64),
                });
            }
        }
        _ => return err("unknown date order"),
    }
    Ok(keys)
}

/// The term part of a base (and the shards stored in it, for a whole index).
fn read_terms(r: &mut Reader<'_>, head: &Head) -> Result<TermIndex, CodecError> {
    let shard_count = head.shard_count;
    let mut shards = Vec::with_capacity(shard_count.min(1 << 16));
    if r.remaining() == 0 {
        shards.resize(shard_count, None);
    } else {
        for _ in 0..shard_count {
            shards.push(match r.byte()? {
                0 => None,
                _ => Some(read_shard(r)?),
            });
        }
    }
    Ok(TermIndex {
        stats: head.stats.clone(),
        bounds: head.bounds.clone(),
        shards,
        split_id: head.split_id,
    })
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// A sorted id list as its count and gaps.
fn put_ascending(w: &mut Vec<u8>, ids: &[u32]) {
    put_varint(w, ids.len() as u64);
    let mut prev = 0;
    for (i, &id) in ids.iter().enumerate() {
        put_varint(w, u64::from(if i == 0 { id } else { id - prev }));
        prev = id;
    }
}

/// Lists of ids read one after another, stored flat.
#[derive(Default)]
struct Flat {
    values: Vec<u32>,
    ends: Vec<usize>,
}

impl Flat {
    /// Reads a `put_ascending` list of ids below `limit`.
    fn push(&mut self, r: &mut Reader<'_>, limit: usize) -> Result<(), CodecError> {
        let n = r.count()?;
        let mut id: u64 = 0;
        for k in 0..n {
            let gap = r.varint()?;
            id = if k == 0 { gap } else { id.saturating_add(gap) };
            if id >= limit as u64 {
                return err("id out of range");
            }
            self.values.push(id as u32);
        }
        self.ends.push(self.values.len());
        Ok(())
    }

    fn get(&self, i: usize) -> &[u32] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.values[start..self.ends[i]]
    }
}

/// The index of the first term ≥ `term` in `t` (`None` = the start).
pub(crate) fn lower_bound(t: &TermTable, term: Option<&str>) -> usize {
    let Some(term) = term else { return 0 };
    let (mut lo, mut hi) = (0, t.len());
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if t.term(mid) < term {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// Shard boundaries (the first term of every shard after the first) cutting the union
/// of the tables' dictionaries into at most `n` ranges of roughly equal posting bytes.
fn balanced_bounds(tables: &[TermTable], n: usize) -> Vec<String> {
    let mut terms: Vec<(&str, usize)> = tables
        .iter()
        .flat_map(|t| {
            (0..t.len()).map(move |i| {
                let len = t.post_starts.get(i + 1).copied().unwrap_or(0)
                    - t.post_starts.get(i).copied().unwrap_or(0);
                (t.term(i), len as usize)
            })
        })
        .collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let total: usize = terms.iter().map(|t| t.1).sum::<usize>().max(1);
    let mut bounds: Vec<String> = Vec::new();
    let mut done = 0usize;
    let mut i = 0;
    while i < terms.len() {
        // All fields' entries of one term stay together.
        let term = terms[i].0;
        while i < terms.len() && terms[i].0 == term {
            done += terms[i].1;
            i += 1;
        }
        if bounds.len() + 1 < n && i < terms.len() && done * n >= total * (bounds.len() + 1) {
            bounds.push(terms[i].0.to_owned());
        }
    }
    bounds
}

fn read_shard(r: &mut Reader<'_>) -> Result<Shard, CodecError> {
    FIELDS.iter().map(|_| read_table(r)).collect()
}

fn put_str(w: &mut Vec<u8>, s: &str) {
    put_varint(w, s.len() as u64);
    w.extend_from_slice(s.as_bytes());
}

fn put_u32s(w: &mut Vec<u8>, v: &[u32]) {
    put_varint(w, v.len() as u64);
    for &x in v {
        put_varint(w, u64::from(x));
    }
}

fn write_table(w: &mut Vec<u8>, t: &TermTable) {
    put_str(w, &t.term_text);
    put_varint(w, t.len() as u64);
    let mut prev = 0;
    for &e in &t.term_ends {
        put_varint(w, u64::from(e.saturating_sub(prev)));
        prev = e;
    }
    for i in 0..t.len() {
        put_varint(w, u64::from(t.doc_freq(i)));
        put_varint(w, u64::from(t.doc_bytes.get(i).copied().unwrap_or(0)));
        let len = t
            .post_starts
            .get(i + 1)
            .copied()
            .unwrap_or(0)
            .saturating_sub(t.post_starts.get(i).copied().unwrap_or(0));
        put_varint(w, u64::from(len));
    }
    put_varint(w, t.postings.len() as u64);
    w.extend_from_slice(&t.postings);
}

fn read_table(r: &mut Reader<'_>) -> Result<TermTable, CodecError> {
    let term_text = r.string()?;
    let n = r.count()?;
    let mut t = TermTable {
        term_text,
        ..TermTable::default()
    };
    let mut end = 0u32;
    for _ in 0..n {
        end = end
            .checked_add(r.u32()?)
            .ok_or_else(|| CodecError("term offsets overflow".into()))?;
        if !t.term_text.is_char_boundary(end as usize) {
            return err("term offsets out of range");
        }
        t.term_ends.push(end);
    }
    t.post_starts.push(0);
    let mut start = 0u32;
    for _ in 0..n {
        t.doc_freq.push(r.u32()?);
        let doc_bytes = r.u32()?;
        let len = r.u32()?;
        if doc_bytes > len {
            return err("posting sizes inconsistent");
        }
        t.doc_bytes.push(doc_bytes);
        start = start
            .checked_add(len)
            .ok_or_else(|| CodecError("posting offsets overflow".into()))?;
        t.post_starts.push(start);
    }
    let len = r.count()?;
    if len != start as usize {
        return err("posting sizes do not add up");
    }
    t.postings = r.take(len)?.to_vec();
    Ok(t)
}

/// A bounds-checked cursor.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(b: &'a [u8]) -> Self {
        Reader { b, at: 0 }
    }

    fn remaining(&self) -> usize {
        self.b.len().saturating_sub(self.at)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CodecError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len());
        match end {
            Some(e) => {
                let s = &self.b[self.at..e];
                self.at = e;
                Ok(s)
            }
            None => err("truncated"),
        }
    }

    fn byte(&mut self) -> Result<u8, CodecError> {
        Ok(self.take(1)?[0])
    }

    fn varint(&mut self) -> Result<u64, CodecError> {
        get_varint(self.b, &mut self.at)
            .ok_or_else(|| CodecError("truncated or invalid number".into()))
    }

    fn u32(&mut self) -> Result<u32, CodecError> {
        u32::try_from(self.varint()?).map_err(|_| CodecError("number out of range".into()))
    }

    /// A length or count: never more than the bytes left (each item takes ≥ 1 byte),
    /// so garbage cannot ask for a giant allocation.
    fn count(&mut self) -> Result<usize, CodecError> {
        let n = self.varint()?;
        if n > self.remaining() as u64 {
            return err("count larger than the data");
        }
        Ok(n as usize)
    }

    fn string(&mut self) -> Result<String, CodecError> {
        let n = self.count()?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| CodecError("invalid UTF-8".into()))
    }

    fn list<T>(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<T, CodecError>,
    ) -> Result<Vec<T>, CodecError> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(item(self)?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_an_error() {
        assert!(SearchIndex::from_bytes(b"", &[]).is_err());
        assert!(SearchIndex::from_bytes(b"BSIX\x02\xff\xff\xff\xff\x0f", &[]).is_err());
        let mut idx = SearchIndex::default();
        assert!(idx.load_shard(b"BSSH\x02\x00").is_err());
    }
}
