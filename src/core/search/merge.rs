//! A big site's index built without holding it: the indexer writes what it has
//! tokenized as sorted *runs* (one per field per batch of documents, see
//! `TermTableBuilder::write_run`) and these are merged term by term into the index's
//! shards, one shard in memory at a time (the way search engines build segments).
//!
//! Runs number documents as the indexer met them (the order post files are read in);
//! the index numbers them in catalog order (newest first), known only once every post
//! is read. The merge maps one to the other (`doc_of`) and sorts each term's postings
//! by the new numbers, so runs may come from any number of workers in any order.
//!
//! Work: reading every run once, plus a sort of each term's postings (n log n); memory:
//! one term's postings per field and the shard being filled.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, BufRead};

use super::index::FIELDS;
use super::postings::{get_varint, is_positional, put_varint, TermTable};

/// What `doc_of` holds for a run document that is not in the index.
pub const NO_DOC: u32 = u32::MAX;

/// One term of one run, as `write_run` wrote it.
#[derive(Debug)]
struct RunEntry {
    term: String,
    docs: Vec<u8>,
    positions: Vec<u8>,
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("index run: {msg}"))
}

/// A LEB128 value from a stream; `None` at a clean end of the stream.
fn read_varint(r: &mut impl BufRead) -> io::Result<Option<u64>> {
    let mut v: u64 = 0;
    let mut shift = 0u32;
    let mut first = true;
    loop {
        let byte = {
            let buf = r.fill_buf()?;
            match buf.first() {
                Some(&b) => b,
                None if first => return Ok(None),
                None => return Err(bad("truncated")),
            }
        };
        r.consume(1);
        first = false;
        if shift >= 64 {
            return Err(bad("overlong number"));
        }
        v |= u64::from(byte & 0x7F) << shift;
        if byte & 0x80 == 0 {
            return Ok(Some(v));
        }
        shift += 7;
    }
}

fn read_bytes(r: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let n = read_varint(r)?.ok_or_else(|| bad("truncated"))?;
    let n = usize::try_from(n).map_err(|_| bad("length out of range"))?;
    let mut out = Vec::new();
    // `take` bounds the read: a corrupt length cannot make us allocate it up front.
    io::Read::read_to_end(&mut io::Read::take(&mut *r, n as u64), &mut out)?;
    if out.len() != n {
        return Err(bad("truncated"));
    }
    Ok(out)
}

fn read_entry(r: &mut impl BufRead) -> io::Result<Option<RunEntry>> {
    let Some(len) = read_varint(r)? else {
        return Ok(None);
    };
    let mut term = Vec::new();
    io::Read::read_to_end(&mut io::Read::take(&mut *r, len), &mut term)?;
    let term = String::from_utf8(term).map_err(|_| bad("term is not UTF-8"))?;
    let _df = read_varint(r)?.ok_or_else(|| bad("truncated"))?;
    let docs = read_bytes(r)?;
    let positions = read_bytes(r)?;
    Ok(Some(RunEntry {
        term,
        docs,
        positions,
    }))
}

/// One field's runs merged: its terms in order, each with postings renumbered.
pub struct FieldMerger<R> {
    runs: Vec<R>,
    heads: Vec<Option<RunEntry>>,
    /// Smallest head term first (ties by run, so the merge is deterministic).
    queue: BinaryHeap<Reverse<(String, usize)>>,
}

/// One term's merged postings, encoded as a `TermTable` stores them.
pub struct Merged {
    pub term: String,
    pub df: u32,
    pub doc_bytes: u32,
    /// Doc stream then position stream.
    pub postings: Vec<u8>,
}

impl<R: BufRead> FieldMerger<R> {
    pub fn new(mut runs: Vec<R>) -> io::Result<Self> {
        let mut heads = Vec::with_capacity(runs.len());
        let mut queue = BinaryHeap::new();
        for (i, r) in runs.iter_mut().enumerate() {
            let head = read_entry(r)?;
            if let Some(e) = &head {
                queue.push(Reverse((e.term.clone(), i)));
            }
            heads.push(head);
        }
        Ok(FieldMerger { runs, heads, queue })
    }

    /// The next term to come out.
    pub fn peek(&self) -> Option<&str> {
        self.queue.peek().map(|Reverse((t, _))| t.as_str())
    }

    /// The next term with its postings from every run, documents renumbered by
    /// `doc_of` (run number → index number, `NO_DOC` to leave one out) and in order.
    pub fn next(&mut self, doc_of: &[u32]) -> io::Result<Option<Merged>> {
        let Some(Reverse((term, first))) = self.queue.pop() else {
            return Ok(None);
        };
        let mut parts = vec![self.advance(first)?];
        while self.peek() == Some(term.as_str()) {
            let Some(Reverse((_, i))) = self.queue.pop() else {
                break;
            };
            parts.push(self.advance(i)?);
        }
        // (new doc, tf, part, position byte range)
        let mut postings: Vec<(u32, u32, usize, usize, usize)> = Vec::new();
        for (p, e) in parts.iter().enumerate() {
            let (mut at, mut pos_at, mut doc) = (0usize, 0usize, 0u64);
            let mut first_doc = true;
            while at < e.docs.len() {
                let (Some(delta), Some(tf), Some(plen)) = (
                    get_varint(&e.docs, &mut at),
                    get_varint(&e.docs, &mut at),
                    get_varint(&e.docs, &mut at),
                ) else {
                    return Err(bad("corrupt doc stream"));
                };
                doc = if first_doc { delta } else { doc + delta };
                first_doc = false;
                let end = pos_at
                    .checked_add(plen as usize)
                    .filter(|&end| end <= e.positions.len())
                    .ok_or_else(|| bad("corrupt position stream"))?;
                let new = usize::try_from(doc)
                    .ok()
                    .and_then(|d| doc_of.get(d))
                    .copied()
                    .unwrap_or(NO_DOC);
                if new != NO_DOC {
                    let tf = u32::try_from(tf).unwrap_or(u32::MAX);
                    postings.push((new, tf, p, pos_at, end));
                }
                pos_at = end;
            }
        }
        postings.sort_unstable_by_key(|&(doc, ..)| doc);
        let positional = is_positional(&term);
        let mut docs = Vec::new();
        let mut positions = Vec::new();
        let mut last: Option<u32> = None;
        for &(doc, tf, p, start, end) in &postings {
            put_varint(&mut docs, u64::from(last.map_or(doc, |l| doc - l)));
            put_varint(&mut docs, u64::from(tf));
            if positional {
                put_varint(&mut docs, (end - start) as u64);
                positions.extend_from_slice(&parts[p].positions[start..end]);
            }
            last = Some(doc);
        }
        let doc_bytes = docs.len() as u32;
        docs.extend_from_slice(&positions);
        Ok(Some(Merged {
            term,
            df: postings.len() as u32,
            doc_bytes,
            postings: docs,
        }))
    }

    /// Takes run `i`'s head and reads its next entry into its place.
    fn advance(&mut self, i: usize) -> io::Result<RunEntry> {
        let next = read_entry(&mut self.runs[i])?;
        if let Some(e) = &next {
            self.queue.push(Reverse((e.term.clone(), i)));
        }
        std::mem::replace(&mut self.heads[i], next).ok_or_else(|| bad("merge out of step"))
    }
}

/// One shard of merged term tables: every field's terms from `first_term` (the shard
/// bound; `None` for the first shard) up to the next shard's.
pub struct MergedShard {
    pub first_term: Option<String>,
    pub tables: Vec<TermTable>,
}

fn empty_tables() -> Vec<TermTable> {
    FIELDS
        .iter()
        .map(|_| TermTable {
            post_starts: vec![0],
            ..TermTable::default()
        })
        .collect()
}

/// Merges each field's runs (`runs[f]` for field `FIELDS[f]`) into shards of about
/// `target_bytes` of postings (cut between two terms, so one term of every field is
/// in one shard; `usize::MAX`: one shard), handing each to `emit` as soon as it is
/// full. Terms with no document left after `doc_of` are dropped.
pub fn merge_runs<R: BufRead>(
    runs: Vec<Vec<R>>,
    doc_of: &[u32],
    target_bytes: usize,
    mut emit: impl FnMut(MergedShard) -> io::Result<()>,
) -> io::Result<()> {
    if runs.len() != FIELDS.len() {
        return Err(bad("one list of runs per field expected"));
    }
    let mut fields = runs
        .into_iter()
        .map(FieldMerger::new)
        .collect::<io::Result<Vec<_>>>()?;
    let mut shard = MergedShard {
        first_term: None,
        tables: empty_tables(),
    };
    let mut bytes = 0usize;
    while let Some(term) = fields
        .iter()
        .filter_map(FieldMerger::peek)
        .min()
        .map(str::to_owned)
    {
        if bytes >= target_bytes {
            let full = std::mem::replace(
                &mut shard,
                MergedShard {
                    first_term: Some(term.clone()),
                    tables: empty_tables(),
                },
            );
            emit(full)?;
            bytes = 0;
        }
        for (f, merger) in fields.iter_mut().enumerate() {
            if merger.peek() != Some(term.as_str()) {
                continue;
            }
            let Some(m) = merger.next(doc_of)? else {
                continue;
            };
            if m.df == 0 {
                continue;
            }
            bytes += m.postings.len();
            shard.tables[f].push_term(&m.term, m.df, m.doc_bytes, &m.postings);
        }
    }
    emit(shard)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::search::postings::TermTableBuilder;

    fn run(docs: &[(u32, &[(&str, u32)])]) -> Vec<u8> {
        let mut b = TermTableBuilder::<std::hash::RandomState>::default();
        for &(doc, occ) in docs {
            for &(t, p) in occ {
                b.occurrence(t, p);
            }
            b.finish_doc(doc);
        }
        let mut out = Vec::new();
        b.write_run(&mut out).unwrap();
        out
    }

    /// Two runs merged with a renumbering equal one builder fed in the new order.
    #[test]
    fn merged_runs_equal_one_build_in_the_new_order() {
        let a: &[(u32, &[(&str, u32)])] = &[(0, &[("beta", 0), ("中", 1)]), (2, &[("alpha", 3)])];
        let b: &[(u32, &[(&str, u32)])] =
            &[(1, &[("alpha", 0), ("alpha", 5)]), (3, &[("beta", 2)])];
        // Run numbers 0..4 become index numbers 3, 0, 2, (left out).
        let doc_of = [3, 0, 2, NO_DOC];
        let mut shards = Vec::new();
        let (ra, rb) = (run(a), run(b));
        let runs = vec![vec![&ra[..], &rb[..]], vec![], vec![], vec![]];
        merge_runs(runs, &doc_of, usize::MAX, |s| {
            shards.push(s);
            Ok(())
        })
        .unwrap();
        assert_eq!(shards.len(), 1);

        let mut want = TermTableBuilder::<std::hash::RandomState>::default();
        want.occurrence("alpha", 0);
        want.occurrence("alpha", 5);
        want.finish_doc(0);
        want.occurrence("alpha", 3);
        want.finish_doc(2);
        want.occurrence("beta", 0);
        want.occurrence("中", 1);
        want.finish_doc(3);
        assert_eq!(shards[0].tables[0], want.finish());
    }

    #[test]
    fn shards_are_cut_between_terms_and_never_split_one() {
        let docs: Vec<(u32, Vec<(String, u32)>)> = (0..50)
            .map(|d| (d, (0..20).map(|t| (format!("t{t:02}"), t)).collect()))
            .collect();
        let mut b = TermTableBuilder::<std::hash::RandomState>::default();
        for (doc, occ) in &docs {
            for (t, p) in occ {
                b.occurrence(t, *p);
            }
            b.finish_doc(*doc);
        }
        let mut bytes = Vec::new();
        b.write_run(&mut bytes).unwrap();
        let doc_of: Vec<u32> = (0..50).collect();
        let mut shards = Vec::new();
        let runs = vec![vec![&bytes[..]], vec![&bytes[..]], vec![], vec![]];
        merge_runs(runs, &doc_of, 400, |s| {
            shards.push(s);
            Ok(())
        })
        .unwrap();
        assert!(shards.len() > 3, "{} shards", shards.len());
        let firsts: Vec<_> = shards.iter().map(|s| s.first_term.clone()).collect();
        assert_eq!(firsts[0], None);
        for (i, s) in shards.iter().enumerate().skip(1) {
            let bound = s.first_term.as_deref().unwrap();
            // Every field's terms of the shard are ≥ its bound, those before are <.
            for f in 0..2 {
                assert_eq!(s.tables[f].term(0), bound);
                let prev = &shards[i - 1].tables[f];
                assert!(prev.term(prev.len() - 1) < bound);
            }
        }
        let total: usize = shards.iter().map(|s| s.tables[0].len()).sum();
        assert_eq!(total, 20);
    }

    #[test]
    fn corrupt_runs_are_errors_not_panics() {
        let good = run(&[(0, &[("word", 0)])]);
        for cut in 0..good.len() {
            let runs = vec![vec![&good[..cut]], vec![], vec![], vec![]];
            let r = merge_runs(runs, &[0], usize::MAX, |_| Ok(()));
            if cut > 0 {
                assert!(r.is_err(), "cut at {cut}");
            }
        }
        let runs = vec![vec![&[0x05, b'a'][..]], vec![], vec![], vec![]];
        assert!(merge_runs(runs, &[0], usize::MAX, |_| Ok(())).is_err());
    }
}
