//! Compact binary form of a `SearchIndex`, and splitting the body part into shards.
//!
//! A custom format rather than serde_json: the postings are already byte streams of
//! varints, which JSON would inflate ~3× as number arrays; this is close to the
//! in-memory size and decodes with a few copies. Everything is length-prefixed and
//! bounds-checked: garbage input gives a `CodecError`, never a panic or a huge
//! allocation.
//!
//! Sharding (for big sites, like Pagefind): the body's sorted term dictionary is cut
//! into `n` contiguous ranges of about equal posting bytes. The base file keeps the
//! metadata fields, body length statistics and the first term of every shard, so a
//! search knows which shard files a query needs (`SearchIndex::missing_shards`). Range
//! (not hash) sharding keeps all completions of a typed prefix in one or two shards.

use super::index::{BodyIndex, CategoryEntry, DocInfo, DocTable, FieldStats, SearchIndex};
use super::postings::{get_varint, put_varint, TermTable};

const INDEX_MAGIC: &[u8; 4] = b"BSIX";
const SHARD_MAGIC: &[u8; 4] = b"BSSH";
const VERSION: u64 = 1;

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
}

impl SearchIndex {
    /// The whole index (body shards that are loaded included) as one byte string.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Vec::new();
        self.write_base(&mut w, &self.body.bounds, self.body.shards.len());
        for shard in &self.body.shards {
            match shard {
                Some(t) => {
                    w.push(1);
                    write_table(&mut w, t);
                }
                None => w.push(0),
            }
        }
        w
    }

    /// Reads `to_bytes` output, or the `base` of `to_split_files` (its shards are then
    /// missing until `load_shard`).
    pub fn from_bytes(bytes: &[u8]) -> Result<SearchIndex, CodecError> {
        let mut r = Reader::new(bytes);
        if r.take(4)? != INDEX_MAGIC {
            return err("not a Broadsheet search index");
        }
        if r.varint()? != VERSION {
            return err("unsupported index version");
        }
        let names = r.list(|r| r.string())?;
        let categories = r.list(|r| {
            let name = r.u32()?;
            let parent = r.u32()?.checked_sub(1);
            Ok(CategoryEntry { name, parent })
        })?;
        let mut docs = DocTable::default();
        for d in r.list(|r| {
            let slug = r.string()?;
            let timestamp = match r.byte()? {
                0 => None,
                _ => Some(unzigzag(r.varint()?)),
            };
            let year_month = match r.byte()? {
                0 => None,
                _ => Some((i32::try_from(unzigzag(r.varint()?)).unwrap_or(0), r.u32()?)),
            };
            let author = r.u32()?.checked_sub(1);
            let tags = r.list(|r| r.u32())?;
            let categories = r.list(|r| r.u32())?;
            Ok(DocInfo { slug, timestamp, year_month, author, tags, categories })
        })? {
            docs.push(d);
        }
        let mut meta = Vec::new();
        let mut meta_stats = Vec::new();
        for _ in 0..3 {
            meta_stats.push(FieldStats::new(r.list(|r| r.u32())?));
            meta.push(read_table(&mut r)?);
        }
        let body_stats = FieldStats::new(r.list(|r| r.u32())?);
        let bounds = r.list(|r| r.string())?;
        let shard_count = r.varint()? as usize;
        if shard_count != bounds.len() + 1 {
            return err("shard directory does not match the shard count");
        }
        let mut shards = Vec::with_capacity(shard_count.min(4096));
        if r.remaining() == 0 {
            shards.resize(shard_count, None);
        } else {
            for _ in 0..shard_count {
                shards.push(match r.byte()? {
                    0 => None,
                    _ => Some(read_table(&mut r)?),
                });
            }
        }
        Ok(SearchIndex {
            docs,
            names,
            categories,
            meta,
            meta_stats,
            body: BodyIndex { stats: body_stats, bounds, shards },
        })
    }

    /// Splits the body into `shard_count` files (at least 1) plus a base file. Needs
    /// every body shard loaded (it is, for an index that was built, not loaded split).
    pub fn to_split_files(&self, shard_count: usize) -> IndexFiles {
        let full = self.full_body_table();
        let ranges = balanced_ranges(&full, shard_count.max(1));
        let bounds: Vec<String> = ranges.iter().skip(1).map(|r| full.term(r.start).to_owned()).collect();
        let mut base = Vec::new();
        self.write_base(&mut base, &bounds, ranges.len());
        let shards = ranges
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let mut w = SHARD_MAGIC.to_vec();
                put_varint(&mut w, VERSION);
                put_varint(&mut w, i as u64);
                write_table(&mut w, &full.slice(r));
                w
            })
            .collect();
        IndexFiles { base, shards }
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
        let i = r.varint()? as usize;
        let table = read_table(&mut r)?;
        match self.body.shards.get_mut(i) {
            Some(slot) => {
                *slot = Some(table);
                Ok(i)
            }
            None => err("shard number out of range for this index"),
        }
    }

    /// Number of body shards (1 when not split).
    pub fn shard_count(&self) -> usize {
        self.body.shards.len()
    }

    /// The loaded body shards joined back into one table.
    fn full_body_table(&self) -> TermTable {
        let mut shards = self.body.shards.iter().flatten();
        match (shards.next(), shards.next()) {
            (Some(only), None) => only.clone(),
            (None, _) => TermTable::default(),
            (Some(first), Some(second)) => {
                let mut t = first.slice(0..first.len());
                for s in std::iter::once(second).chain(shards) {
                    let part = s.slice(0..s.len());
                    let base = t.postings.len() as u32;
                    let text_base = t.term_text.len() as u32;
                    t.term_text.push_str(&part.term_text);
                    t.term_ends.extend(part.term_ends.iter().map(|e| e + text_base));
                    t.doc_freq.extend(&part.doc_freq);
                    t.doc_bytes.extend(&part.doc_bytes);
                    t.post_starts.extend(part.post_starts.iter().skip(1).map(|p| p + base));
                    t.postings.extend_from_slice(&part.postings);
                }
                t
            }
        }
    }

    fn write_base(&self, w: &mut Vec<u8>, bounds: &[String], shard_count: usize) {
        w.extend_from_slice(INDEX_MAGIC);
        put_varint(w, VERSION);
        put_varint(w, self.names.len() as u64);
        for n in &self.names {
            put_str(w, n);
        }
        put_varint(w, self.categories.len() as u64);
        for c in &self.categories {
            put_varint(w, u64::from(c.name));
            put_varint(w, c.parent.map_or(0, |p| u64::from(p) + 1));
        }
        put_varint(w, self.docs.len() as u64);
        for i in 0..self.docs.len() {
            let d = self.docs.get(i);
            put_str(w, &d.slug);
            match d.timestamp {
                Some(t) => {
                    w.push(1);
                    put_varint(w, zigzag(t));
                }
                None => w.push(0),
            }
            match d.year_month {
                Some((y, m)) => {
                    w.push(1);
                    put_varint(w, zigzag(i64::from(y)));
                    put_varint(w, u64::from(m));
                }
                None => w.push(0),
            }
            put_varint(w, d.author.map_or(0, |a| u64::from(a) + 1));
            put_u32s(w, &d.tags);
            put_u32s(w, &d.categories);
        }
        for (stats, table) in self.meta_stats.iter().zip(&self.meta) {
            put_u32s(w, &stats.doc_len);
            write_table(w, table);
        }
        put_u32s(w, &self.body.stats.doc_len);
        put_varint(w, bounds.len() as u64);
        for b in bounds {
            put_str(w, b);
        }
        put_varint(w, shard_count as u64);
    }
}

/// Cuts a table's terms into at most `n` ranges of roughly equal posting bytes.
fn balanced_ranges(t: &TermTable, n: usize) -> Vec<std::ops::Range<usize>> {
    let total = t.postings.len().max(1);
    let mut ranges = Vec::with_capacity(n);
    let mut start = 0;
    for i in 0..t.len() {
        let done = t.post_starts.get(i + 1).copied().unwrap_or(0) as usize;
        // Cut after term i once this shard reached its share of the bytes.
        if ranges.len() + 1 < n && done * n >= total * (ranges.len() + 1) {
            ranges.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < t.len() || ranges.is_empty() {
        ranges.push(start..t.len());
    }
    ranges
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
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
        let len = t.post_starts.get(i + 1).copied().unwrap_or(0).saturating_sub(t.post_starts.get(i).copied().unwrap_or(0));
        put_varint(w, u64::from(len));
    }
    put_varint(w, t.postings.len() as u64);
    w.extend_from_slice(&t.postings);
}

fn read_table(r: &mut Reader<'_>) -> Result<TermTable, CodecError> {
    let term_text = r.string()?;
    let n = r.count()?;
    let mut t = TermTable { term_text, ..TermTable::default() };
    let mut end = 0u32;
    for _ in 0..n {
        end = end.checked_add(r.u32()?).ok_or_else(|| CodecError("term offsets overflow".into()))?;
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
        start = start.checked_add(len).ok_or_else(|| CodecError("posting offsets overflow".into()))?;
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
        get_varint(self.b, &mut self.at).ok_or_else(|| CodecError("truncated or invalid number".into()))
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

    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Result<T, CodecError>) -> Result<Vec<T>, CodecError> {
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
    fn zigzag_round_trip() {
        for v in [0i64, 1, -1, i64::MAX, i64::MIN, 1_600_000_000] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(SearchIndex::from_bytes(b"").is_err());
        assert!(SearchIndex::from_bytes(b"BSIX\x01\xff\xff\xff\xff\x0f").is_err());
        let mut idx = SearchIndex::default();
        assert!(idx.load_shard(b"BSSH\x01\x00").is_err());
    }
}
