//! The inverted index of one field: a sorted term dictionary and compressed posting
//! lists (`TermTable`), and the builder that makes one.
//!
//! Layout, chosen for a small wasm heap and cheap (de)serialization:
//! - all term strings concatenated in sorted order + end offsets (no per-term
//!   allocation; binary search for lookups, a contiguous range for prefixes);
//! - all postings in one byte vector. Per term: a doc stream of
//!   `varint(doc delta) varint(tf) [varint(position bytes)]` followed by a position
//!   stream of `varint(position delta)`s. The position byte count in the doc stream
//!   lets a reader skip a document's positions without decoding them.
//!
//! Single CJK characters carry no positions (bigrams do; see `rank.rs`), which
//! roughly halves the CJK part of the index.

use std::collections::HashMap;
use std::ops::Range;

use super::normalize::is_search_cjk;

/// Appends `v` as LEB128.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a LEB128 value at `*at`, advancing it. `None` on truncated or overlong input.
///
/// Most values are one byte (document gaps of frequent terms, term frequencies, gaps
/// between nearby positions): that case is inlined into the decoding loops, which run
/// millions of times per second of typing; the app is otherwise built for size
/// (`opt-level = "z"`), which would leave every value to a call.
#[inline(always)]
pub fn get_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let b = *bytes.get(*at)?;
    if b < 0x80 {
        *at += 1;
        return Some(u64::from(b));
    }
    get_varint_long(bytes, at)
}

#[inline(never)]
fn get_varint_long(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    let mut shift = 0u32;
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        if shift >= 64 {
            return None;
        }
        v |= u64::from(b & 0x7F) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
}

/// Whether postings of `term` carry positions: everything but single CJK characters.
pub fn is_positional(term: &str) -> bool {
    let mut chars = term.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => !is_search_cjk(c),
        _ => true,
    }
}

/// A sorted term dictionary with posting lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermTable {
    pub(crate) term_text: String,
    /// `term i` = `term_text[term_ends[i-1]..term_ends[i]]`.
    pub(crate) term_ends: Vec<u32>,
    /// Per term: number of documents.
    pub(crate) doc_freq: Vec<u32>,
    /// Per term + 1: where its postings start in `postings` (last = end).
    pub(crate) post_starts: Vec<u32>,
    /// Per term: length of its doc stream (the position stream follows).
    pub(crate) doc_bytes: Vec<u32>,
    pub(crate) postings: Vec<u8>,
}

/// One document of a posting list.
#[derive(Debug, Clone, Copy)]
pub struct Posting<'a> {
    pub doc: u32,
    pub tf: u32,
    /// Delta-encoded positions (empty for non-positional terms).
    pub positions: &'a [u8],
}

impl TermTable {
    pub fn len(&self) -> usize {
        self.term_ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.term_ends.is_empty()
    }

    pub fn term(&self, i: usize) -> &str {
        let start = if i == 0 {
            0
        } else {
            self.term_ends.get(i - 1).copied().unwrap_or(0) as usize
        };
        let end = self.term_ends.get(i).copied().unwrap_or(0) as usize;
        self.term_text.get(start..end).unwrap_or("")
    }

    pub fn doc_freq(&self, i: usize) -> u32 {
        self.doc_freq.get(i).copied().unwrap_or(0)
    }

    /// Index of `term`, by binary search.
    pub fn find(&self, term: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.term(mid).cmp(term) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// Indices of all terms starting with `prefix` (a contiguous range: terms are sorted).
    pub fn prefix_range(&self, prefix: &str) -> Range<usize> {
        let lower = self.partition_point(|t| t < prefix);
        let upper = lower + self.partition_point_from(lower, |t| t.starts_with(prefix));
        lower..upper
    }

    fn partition_point(&self, pred: impl Fn(&str) -> bool) -> usize {
        self.partition_point_from(0, pred)
    }

    fn partition_point_from(&self, from: usize, pred: impl Fn(&str) -> bool) -> usize {
        let (mut lo, mut hi) = (from, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            if pred(self.term(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo - from
    }

    /// Term `i`'s doc stream and position stream, encoded.
    pub(crate) fn posting_bytes(&self, i: usize) -> (&[u8], &[u8]) {
        let start = self.post_starts.get(i).copied().unwrap_or(0) as usize;
        let end = self.post_starts.get(i + 1).copied().unwrap_or(0) as usize;
        let bytes = self.postings.get(start..end).unwrap_or(&[]);
        let doc_len = (self.doc_bytes.get(i).copied().unwrap_or(0) as usize).min(bytes.len());
        bytes.split_at(doc_len)
    }

    /// The posting list of term `i`.
    pub fn postings(&self, i: usize) -> Postings<'_> {
        let (docs, positions) = self.posting_bytes(i);
        Postings {
            docs,
            positions,
            positional: is_positional(self.term(i)),
            at: 0,
            pos_at: 0,
            doc: 0,
            first: true,
        }
    }

    /// Bytes of postings held (for size reports).
    pub fn postings_bytes(&self) -> usize {
        self.postings.len()
    }

    /// Approximate heap use in bytes.
    pub fn heap_bytes(&self) -> usize {
        self.term_text.capacity()
            + 4 * (self.term_ends.capacity()
                + self.doc_freq.capacity()
                + self.post_starts.capacity()
                + self.doc_bytes.capacity())
            + self.postings.capacity()
    }

    /// Appends a term after the last one (terms must come in order; `post_starts`
    /// must start with its 0). `postings`: its doc stream (`doc_bytes` long), then its
    /// position stream.
    pub(crate) fn push_term(&mut self, term: &str, df: u32, doc_bytes: u32, postings: &[u8]) {
        self.push_term_parts(term, df, doc_bytes, &[postings]);
    }

    /// `push_term` with the postings in pieces (a doc stream and its positions, copied
    /// once).
    pub(crate) fn push_term_parts(&mut self, term: &str, df: u32, doc_bytes: u32, parts: &[&[u8]]) {
        self.term_text.push_str(term);
        self.term_ends.push(self.term_text.len() as u32);
        self.doc_freq.push(df);
        self.doc_bytes.push(doc_bytes);
        for p in parts {
            self.postings.extend_from_slice(p);
        }
        self.post_starts.push(self.postings.len() as u32);
    }

    /// The terms `range` as a new table (used to cut a field into shards).
    pub fn slice(&self, range: Range<usize>) -> TermTable {
        let mut t = TermTable::default();
        t.post_starts.push(0);
        for i in range {
            let start = self.post_starts.get(i).copied().unwrap_or(0) as usize;
            let end = self.post_starts.get(i + 1).copied().unwrap_or(0) as usize;
            t.term_text.push_str(self.term(i));
            t.term_ends.push(t.term_text.len() as u32);
            t.doc_freq.push(self.doc_freq(i));
            t.doc_bytes
                .push(self.doc_bytes.get(i).copied().unwrap_or(0));
            t.postings
                .extend_from_slice(self.postings.get(start..end).unwrap_or(&[]));
            t.post_starts.push(t.postings.len() as u32);
        }
        t
    }
}

/// Iterates a posting list in document order.
pub struct Postings<'a> {
    docs: &'a [u8],
    positions: &'a [u8],
    positional: bool,
    at: usize,
    pos_at: usize,
    doc: u32,
    first: bool,
}

impl<'a> Iterator for Postings<'a> {
    type Item = Posting<'a>;

    #[inline]
    fn next(&mut self) -> Option<Posting<'a>> {
        let delta = get_varint(self.docs, &mut self.at)?;
        let tf = get_varint(self.docs, &mut self.at)?;
        let doc = if self.first {
            delta
        } else {
            u64::from(self.doc) + delta
        };
        self.first = false;
        self.doc = u32::try_from(doc).ok()?;
        let positions = if self.positional {
            let n = get_varint(self.docs, &mut self.at)? as usize;
            let end = self.pos_at.checked_add(n)?;
            let p = self.positions.get(self.pos_at..end)?;
            self.pos_at = end;
            p
        } else {
            &[]
        };
        Some(Posting {
            doc: self.doc,
            tf: u32::try_from(tf).unwrap_or(u32::MAX),
            positions,
        })
    }
}

/// A delta-encoded position list, decoded as it is read (phrase matching merges these
/// without materialising them).
#[derive(Debug, Clone)]
pub struct PositionIter<'a> {
    bytes: &'a [u8],
    at: usize,
    pos: u64,
}

impl<'a> PositionIter<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        PositionIter {
            bytes,
            at: 0,
            pos: 0,
        }
    }
}

impl Iterator for PositionIter<'_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        let d = get_varint(self.bytes, &mut self.at)?;
        self.pos = self.pos.saturating_add(d);
        Some(u32::try_from(self.pos).unwrap_or(u32::MAX))
    }
}

/// Decodes a delta-encoded position list.
pub fn decode_positions(bytes: &[u8], out: &mut Vec<u32>) {
    out.clear();
    let mut at = 0;
    let mut pos: u64 = 0;
    while let Some(d) = get_varint(bytes, &mut at) {
        pos = pos.saturating_add(d);
        out.push(u32::try_from(pos).unwrap_or(u32::MAX));
    }
}

/// Builds a `TermTable` one document at a time (documents in increasing id order).
///
/// `S` hashes terms: the standard, randomly keyed hasher by default (the browser
/// builds indexes from other people's catalogs, which could be crafted to collide
/// under a fixed hash); the CLI, reading the site owner's own posts, uses a faster
/// one (`TermRuns`).
#[derive(Debug, Default)]
pub struct TermTableBuilder<S = std::hash::RandomState> {
    ids: HashMap<Box<str>, u32, S>,
    terms: Vec<TermAcc>,
    /// (term id, position) pairs of the current document.
    /// (term id << 32 | position) of the current document's occurrences: one integer
    /// sorts faster than a pair (sorting is a good part of indexing time).
    scratch: Vec<u64>,
}

#[derive(Debug, Default)]
struct TermAcc {
    docs: Vec<u8>,
    positions: Vec<u8>,
    last_doc: Option<u32>,
    df: u32,
}

impl<S: std::hash::BuildHasher> TermTableBuilder<S> {
    /// Records one occurrence of `term` at `pos` in the current document.
    pub fn occurrence(&mut self, term: &str, pos: u32) {
        let id = match self.ids.get(term) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.ids.insert(term.into(), id);
                self.terms.push(TermAcc::default());
                id
            }
        };
        self.scratch.push((u64::from(id) << 32) | u64::from(pos));
    }

    /// Closes the current document: its occurrences become postings of `doc`.
    pub fn finish_doc(&mut self, doc: u32) {
        self.scratch.sort_unstable();
        self.scratch.dedup();
        let mut i = 0;
        let mut pos_buf = Vec::new();
        while i < self.scratch.len() {
            let id = (self.scratch[i] >> 32) as u32;
            let mut j = i;
            while j < self.scratch.len() && (self.scratch[j] >> 32) as u32 == id {
                j += 1;
            }
            let Some(acc) = self.terms.get_mut(id as usize) else {
                break;
            };
            let delta = match acc.last_doc {
                Some(last) => doc.saturating_sub(last),
                None => doc,
            };
            put_varint(&mut acc.docs, u64::from(delta));
            put_varint(&mut acc.docs, (j - i) as u64);
            acc.last_doc = Some(doc);
            acc.df += 1;
            pos_buf.clear();
            let mut prev = 0u32;
            for &occ in &self.scratch[i..j] {
                let p = occ as u32;
                put_varint(&mut pos_buf, u64::from(p - prev));
                prev = p;
            }
            // Stored for every term here (the builder does not keep term shapes per id);
            // `finish` drops the positions of non-positional terms.
            put_varint(&mut acc.docs, pos_buf.len() as u64);
            acc.positions.extend_from_slice(&pos_buf);
            i = j;
        }
        self.scratch.clear();
    }

    /// Whether no document was added since the builder was made.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Writes what was added as a sorted run (`merge.rs`; the CLI writes runs with a
    /// `RunBuilder`, tested against this one): per term in byte order,
    /// `str(term) varint(df) bytes(doc stream) bytes(position stream)`, each `bytes`
    /// a varint length then the bytes. The doc stream is as `finish_doc` wrote it:
    /// the first delta is the document number itself, every entry carries its
    /// position byte count (dropped for non-positional terms when the runs are merged).
    #[cfg(test)]
    pub(crate) fn write_run(self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        let mut order: Vec<(Box<str>, u32)> = self.ids.into_iter().collect();
        order.sort_unstable();
        let mut buf = Vec::new();
        for (term, id) in order {
            let Some(acc) = self.terms.get(id as usize) else {
                continue;
            };
            buf.clear();
            put_varint(&mut buf, term.len() as u64);
            buf.extend_from_slice(term.as_bytes());
            put_varint(&mut buf, u64::from(acc.df));
            put_varint(&mut buf, acc.docs.len() as u64);
            buf.extend_from_slice(&acc.docs);
            put_varint(&mut buf, acc.positions.len() as u64);
            buf.extend_from_slice(&acc.positions);
            w.write_all(&buf)?;
        }
        Ok(())
    }

    pub fn finish(self) -> TermTable {
        let mut order: Vec<(Box<str>, u32)> = self.ids.into_iter().collect();
        order.sort_unstable();
        let mut terms = self.terms;
        let mut t = TermTable::default();
        t.post_starts.push(0);
        for (term, id) in order {
            let Some(acc) = terms.get_mut(id as usize) else {
                continue;
            };
            let acc = std::mem::take(acc);
            t.term_text.push_str(&term);
            t.term_ends.push(t.term_text.len() as u32);
            t.doc_freq.push(acc.df);
            if is_positional(&term) {
                t.doc_bytes.push(acc.docs.len() as u32);
                t.postings.extend_from_slice(&acc.docs);
                t.postings.extend_from_slice(&acc.positions);
            } else {
                let docs = strip_position_lengths(&acc.docs);
                t.doc_bytes.push(docs.len() as u32);
                t.postings.extend_from_slice(&docs);
            }
            t.post_starts.push(t.postings.len() as u32);
        }
        t.term_text.shrink_to_fit();
        t.postings.shrink_to_fit();
        t
    }
}

/// Where the indexer sends tokens: a `TermTableBuilder` (a whole index in memory) or a
/// `RunBuilder` (a batch written out as a run).
pub trait Occurrences {
    /// Records one occurrence of `term` at `pos` in the current document.
    fn occurrence(&mut self, term: &str, pos: u32);
    /// Closes the current document as document `doc`.
    fn finish_doc(&mut self, doc: u32);
}

impl<S: std::hash::BuildHasher> Occurrences for TermTableBuilder<S> {
    fn occurrence(&mut self, term: &str, pos: u32) {
        TermTableBuilder::occurrence(self, term, pos);
    }
    fn finish_doc(&mut self, doc: u32) {
        TermTableBuilder::finish_doc(self, doc);
    }
}

/// One field's terms of a batch of documents, kept as a flat list of occurrences and
/// turned into a run (the `write_run` format) in one go: a counting sort by term
/// groups them, in linear time and memory order, where a `TermTableBuilder` appends
/// to every term's own lists as it goes (scattered writes: most of the indexing time
/// of a big site). Terms are hashed with FxHash: the CLI reads the site owner's own
/// posts (see `TermTableBuilder` for why the browser does not).
#[derive(Default)]
pub struct RunBuilder {
    ids: rustc_hash::FxHashMap<Box<str>, u32>,
    /// (term id, document, position), in the order they came: per term, documents
    /// and then positions grow.
    occ: Vec<[u32; 3]>,
    /// Where the current document's occurrences start in `occ`.
    doc_start: usize,
}

impl Occurrences for RunBuilder {
    fn occurrence(&mut self, term: &str, pos: u32) {
        let next = self.ids.len() as u32;
        let id = match self.ids.get(term) {
            Some(&id) => id,
            None => {
                self.ids.insert(term.into(), next);
                next
            }
        };
        self.occ.push([id, 0, pos]);
    }

    fn finish_doc(&mut self, doc: u32) {
        for o in &mut self.occ[self.doc_start..] {
            o[1] = doc;
        }
        self.doc_start = self.occ.len();
    }
}

impl RunBuilder {
    /// Bytes held (the CLI writes a run when a batch reaches its budget).
    pub fn bytes(&self) -> usize {
        self.occ.capacity() * 12 + self.ids.capacity() * 40
    }

    pub fn is_empty(&self) -> bool {
        self.occ.is_empty()
    }

    /// Writes the batch as a run, byte for byte what a `TermTableBuilder` fed the same
    /// tokens writes (`TermTableBuilder::write_run`).
    pub fn write_run(self, w: &mut impl std::io::Write) -> std::io::Result<()> {
        let n = self.ids.len();
        // Counting sort by term id; stable, so each term keeps its documents and
        // positions in order.
        let mut starts = vec![0usize; n + 1];
        for o in &self.occ {
            starts[o[0] as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut sorted = vec![[0u32; 2]; self.occ.len()];
        for o in &self.occ {
            let at = &mut fill[o[0] as usize];
            sorted[*at] = [o[1], o[2]];
            *at += 1;
        }
        drop(self.occ);
        let mut order: Vec<(Box<str>, u32)> = self.ids.into_iter().collect();
        order.sort_unstable();
        let (mut buf, mut docs, mut positions, mut doc_pos) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (term, id) in order {
            let list = &sorted[starts[id as usize]..starts[id as usize + 1]];
            docs.clear();
            positions.clear();
            let mut df = 0u64;
            let mut last: Option<u32> = None;
            for group in list.chunk_by(|a, b| a[0] == b[0]) {
                let doc = group[0][0];
                doc_pos.clear();
                doc_pos.extend(group.iter().map(|o| o[1]));
                doc_pos.sort_unstable();
                doc_pos.dedup();
                put_varint(
                    &mut docs,
                    u64::from(last.map_or(doc, |l| doc.saturating_sub(l))),
                );
                put_varint(&mut docs, doc_pos.len() as u64);
                let before = positions.len();
                let mut prev = 0u32;
                for &p in &doc_pos {
                    put_varint(&mut positions, u64::from(p - prev));
                    prev = p;
                }
                put_varint(&mut docs, (positions.len() - before) as u64);
                last = Some(doc);
                df += 1;
            }
            buf.clear();
            put_varint(&mut buf, term.len() as u64);
            buf.extend_from_slice(term.as_bytes());
            put_varint(&mut buf, df);
            put_varint(&mut buf, docs.len() as u64);
            buf.extend_from_slice(&docs);
            put_varint(&mut buf, positions.len() as u64);
            buf.extend_from_slice(&positions);
            w.write_all(&buf)?;
        }
        Ok(())
    }
}

/// Rewrites a `(delta, tf, poslen)*` doc stream as `(delta, tf)*`.
pub(crate) fn strip_position_lengths(docs: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(docs.len());
    let mut at = 0;
    while let (Some(d), Some(tf), Some(_)) = (
        get_varint(docs, &mut at),
        get_varint(docs, &mut at),
        get_varint(docs, &mut at),
    ) {
        put_varint(&mut out, d);
        put_varint(&mut out, tf);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_and_reject_garbage() {
        let mut b = Vec::new();
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            put_varint(&mut b, v);
        }
        let mut at = 0;
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            assert_eq!(get_varint(&b, &mut at), Some(v));
        }
        assert_eq!(get_varint(&b, &mut at), None);
        assert_eq!(get_varint(&[0xFF; 20], &mut 0), None);
    }

    /// A run from a `RunBuilder` is byte for byte the run a `TermTableBuilder` fed
    /// the same tokens writes: Latin words, CJK characters, repeats at one position.
    #[test]
    fn run_builder_writes_what_a_table_builder_writes() {
        let words = ["zeta", "alpha", "中", "国", "中国", "alpha", "b", "zeta"];
        let mut a = TermTableBuilder::<std::hash::RandomState>::default();
        let mut b = RunBuilder::default();
        for doc in [0u32, 3, 4, 9, 200, 70_000] {
            for (i, w) in words.iter().enumerate() {
                // Documents differ: some words skipped, one position repeated.
                if (doc as usize + i).is_multiple_of(3) {
                    continue;
                }
                let pos = (i as u32 * 7 + doc) % 11;
                Occurrences::occurrence(&mut a, w, pos);
                Occurrences::occurrence(&mut b, w, pos);
                if i == 4 {
                    Occurrences::occurrence(&mut a, w, pos);
                    Occurrences::occurrence(&mut b, w, pos);
                }
            }
            Occurrences::finish_doc(&mut a, doc);
            Occurrences::finish_doc(&mut b, doc);
        }
        let (mut ra, mut rb) = (Vec::new(), Vec::new());
        a.write_run(&mut ra).unwrap();
        b.write_run(&mut rb).unwrap();
        assert!(!ra.is_empty());
        assert_eq!(ra, rb);
    }

    #[test]
    fn builds_sorted_dictionary_with_postings() {
        let mut b = TermTableBuilder::<std::hash::RandomState>::default();
        b.occurrence("zeta", 0);
        b.occurrence("alpha", 1);
        b.occurrence("alpha", 4);
        b.occurrence("中", 2);
        b.finish_doc(0);
        b.occurrence("alpha", 0);
        b.occurrence("中", 7);
        b.finish_doc(5);
        let t = b.finish();
        assert_eq!(
            (0..t.len()).map(|i| t.term(i)).collect::<Vec<_>>(),
            ["alpha", "zeta", "中"]
        );
        let alpha: Vec<(u32, u32, Vec<u32>)> = t
            .postings(0)
            .map(|p| {
                let mut v = Vec::new();
                decode_positions(p.positions, &mut v);
                (p.doc, p.tf, v)
            })
            .collect();
        assert_eq!(alpha, vec![(0, 2, vec![1, 4]), (5, 1, vec![0])]);
        let zh: Vec<(u32, u32, usize)> = t
            .postings(2)
            .map(|p| (p.doc, p.tf, p.positions.len()))
            .collect();
        assert_eq!(zh, vec![(0, 1, 0), (5, 1, 0)]);
        assert_eq!(t.prefix_range("al"), 0..1);
        assert_eq!(t.prefix_range("b"), 1..1);
        assert_eq!(t.find("zeta"), Some(1));
        assert_eq!(t.find("zet"), None);
        assert_eq!(t.slice(1..3).term(1), "中");
        assert_eq!(t.slice(1..3).postings(1).count(), 2);
    }
}
