//! Compact binary form of a `SearchIndex`'s term tables, and splitting them into shards.
//!
//! A custom format rather than serde_json: the postings are already byte streams of
//! varints, which JSON would inflate ~3× as number arrays; this is close to the
//! in-memory size and decodes with a few copies. Everything is length-prefixed and
//! bounds-checked: garbage input gives a `CodecError`, never a panic or a huge
//! allocation.
//!
//! The per-document data (slugs, dates, tags, categories, authors) is not stored: the
//! app derives it from the catalog it already has, and the file records the number and
//! a hash of the catalog's slugs to check it belongs to that catalog.
//!
//! Sharding (for big sites, like Pagefind): the union of the fields' sorted term
//! dictionaries is cut into contiguous ranges of about equal posting bytes; shard `i`
//! holds every field's terms of range `i`. The base file keeps the field length
//! statistics and the first term of every shard, so a search knows which shard files a
//! query needs (`SearchIndex::missing_shards`) and the first search fetches the base
//! plus one or two shards. Range (not hash) sharding keeps all completions of a typed
//! prefix in one or two shards.

use super::index::{FieldStats, SearchIndex, Shard, TermIndex, FIELDS};
use super::postings::{get_varint, put_varint, TermTable};
use super::SearchIndexBuilder;
use crate::core::article::Article;
use crate::core::hash::{fnv1a, FNV_OFFSET};

const INDEX_MAGIC: &[u8; 4] = b"BSIX";
const SHARD_MAGIC: &[u8; 4] = b"BSSH";
const VERSION: u64 = 2;

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
    put_varint(&mut w, VERSION);
    put_varint(&mut w, split_id);
    put_varint(&mut w, i as u64);
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
        if r.take(4)? != INDEX_MAGIC {
            return err("not a Broadsheet search index");
        }
        if r.varint()? != VERSION {
            return err("unsupported index version");
        }
        let count = r.varint()?;
        let hash = r.varint()?;
        if count != index.docs.len() as u64 || hash != index.docs.slugs_hash() {
            return err("index was built for another catalog");
        }
        let mut stats = Vec::with_capacity(FIELDS.len());
        for _ in FIELDS {
            let lens = r.list(|r| r.u32())?;
            if lens.len() != index.docs.len() {
                return err("field statistics do not match the document count");
            }
            stats.push(FieldStats::new(lens));
        }
        let bounds = r.list(|r| r.string())?;
        if bounds.windows(2).any(|w| w[0] >= w[1]) {
            return err("shard directory is not sorted");
        }
        let split_id = r.varint()?;
        let shard_count = r.varint()? as usize;
        if shard_count != bounds.len() + 1 {
            return err("shard directory does not match the shard count");
        }
        let mut shards = Vec::with_capacity(shard_count.min(1 << 16));
        if r.remaining() == 0 {
            shards.resize(shard_count, None);
        } else {
            for _ in 0..shard_count {
                shards.push(match r.byte()? {
                    0 => None,
                    _ => Some(read_shard(&mut r)?),
                });
            }
        }
        index.terms = TermIndex {
            stats,
            bounds,
            shards,
            split_id,
        };
        Ok(index)
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
        let mut r = Reader::new(bytes);
        if r.take(4)? != SHARD_MAGIC {
            return err("not a Broadsheet search shard");
        }
        if r.varint()? != VERSION {
            return err("unsupported shard version");
        }
        if r.varint()? != self.terms.split_id {
            return err("shard belongs to another build of the index");
        }
        let i = r.varint()? as usize;
        let shard = read_shard(&mut r)?;
        match self.terms.shards.get_mut(i) {
            Some(slot) => {
                *slot = Some(shard);
                Ok(i)
            }
            None => err("shard number out of range for this index"),
        }
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
    fn full_tables(&self) -> Vec<TermTable> {
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
    }
}

/// The index of the first term ≥ `term` in `t` (`None` = the start).
fn lower_bound(t: &TermTable, term: Option<&str>) -> usize {
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
