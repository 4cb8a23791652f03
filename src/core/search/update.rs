//! An index updated in place after a few posts changed (`broadsheet index` on a folder
//! it indexed before): the earlier index's postings are renumbered into the new catalog
//! order and joined with the postings of the posts that were read again, term by term,
//! a shard at a time. No unchanged post is read or tokenized again.
//!
//! Documents kept keep their relative order (the catalog orders by date, then path:
//! neither changed for a post that was not touched), so renumbering keeps every posting
//! list sorted; an update that would break that is refused and the caller builds the
//! index from scratch. Work: one pass over the earlier postings (doc streams decoded,
//! position bytes copied), linear in the index's size.

use std::cmp::Ordering;
use std::fmt;
use std::ops::Range;

use super::codec::lower_bound;
use super::index::{SearchIndex, FIELDS};
use super::merge::NO_DOC;
use super::postings::{get_varint, is_positional, put_varint, TermTable};

/// Why an index cannot be updated in place (build it from scratch instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateError(pub String);

impl fmt::Display for UpdateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UpdateError {}

fn fail<T>(msg: &str) -> Result<T, UpdateError> {
    Err(UpdateError(msg.to_owned()))
}

/// Every field's terms in `range` (`None` ends: open), as new tables: one shard's part
/// of the postings of the posts read again.
pub fn tables_in_range(tables: &[TermTable], lo: Option<&str>, hi: Option<&str>) -> Vec<TermTable> {
    tables
        .iter()
        .map(|t| t.slice(term_range(t, lo, hi)))
        .collect()
}

fn term_range(t: &TermTable, lo: Option<&str>, hi: Option<&str>) -> Range<usize> {
    let start = lower_bound(t, lo);
    start..hi.map_or(t.len(), |h| lower_bound(t, Some(h))).max(start)
}

/// One shard's (or a whole index's) tables updated: `old`'s postings with documents
/// renumbered by `new_of` (old number → new, `NO_DOC`: the post is gone or was read
/// again), joined with `added`'s (numbered in the new order; none of them may also be
/// kept from `old`). Terms left with no document are dropped. One table per field.
pub fn update_tables(
    old: &[TermTable],
    added: &[TermTable],
    new_of: &[u32],
) -> Result<Vec<TermTable>, UpdateError> {
    if old.len() != FIELDS.len() || added.len() != FIELDS.len() {
        return fail("one table per field expected");
    }
    old.iter()
        .zip(added)
        .map(|(o, a)| update_table(o, a, new_of))
        .collect()
}

/// One posting: document, term frequency, delta-encoded positions.
type Entry<'a> = (u32, u32, &'a [u8]);

fn update_table(
    old: &TermTable,
    added: &TermTable,
    new_of: &[u32],
) -> Result<TermTable, UpdateError> {
    let mut out = TermTable {
        post_starts: vec![0],
        ..TermTable::default()
    };
    let mut kept: Vec<Entry<'_>> = Vec::new();
    let mut joined: Vec<Entry<'_>> = Vec::new();
    let mut enc = Encoded::default();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < added.len() {
        let order = match (i < old.len(), j < added.len()) {
            (true, true) => old.term(i).cmp(added.term(j)),
            (true, false) => Ordering::Less,
            _ => Ordering::Greater,
        };
        let term = if order == Ordering::Greater {
            added.term(j)
        } else {
            old.term(i)
        };
        if order == Ordering::Less {
            // Most terms: no new document, so no list to join; renumbered as bytes.
            i += 1;
            renumber_bytes(old, i - 1, new_of, &mut enc, &mut out)?;
            continue;
        }
        kept.clear();
        if order == Ordering::Equal {
            renumbered(old, i, new_of, &mut kept)?;
            i += 1;
        }
        joined.clear();
        let new: Vec<Entry<'_>> = added
            .postings(j)
            .map(|p| (p.doc, p.tf, p.positions))
            .collect();
        j += 1;
        join_sorted(&kept, &new, &mut joined)?;
        if joined.is_empty() {
            continue;
        }
        enc.encode(&joined, is_positional(term));
        out.push_term(term, joined.len() as u32, enc.doc_bytes(), &enc.bytes);
    }
    Ok(out)
}

/// Term `i`'s posting list in `t` renumbered straight from its bytes and appended to
/// `out` (left out when no document is left): the doc stream re-encoded, the positions
/// of kept documents copied in runs (all of them in one copy when none is gone).
fn renumber_bytes(
    t: &TermTable,
    i: usize,
    new_of: &[u32],
    enc: &mut Encoded,
    out: &mut TermTable,
) -> Result<(), UpdateError> {
    let damaged = || UpdateError("damaged posting list".into());
    let (docs, positions) = t.posting_bytes(i);
    let positional = is_positional(t.term(i));
    enc.bytes.clear();
    enc.positions.clear();
    let (mut at, mut pos_at, mut doc) = (0usize, 0usize, 0u64);
    let mut last: Option<u32> = None;
    let (mut df, mut first, mut dropped) = (0u32, true, false);
    // Start of the run of positions being kept, not yet copied.
    let mut run_start = 0usize;
    while at < docs.len() {
        let delta = get_varint(docs, &mut at).ok_or_else(damaged)?;
        let tf = get_varint(docs, &mut at).ok_or_else(damaged)?;
        let plen = if positional {
            get_varint(docs, &mut at).ok_or_else(damaged)?
        } else {
            0
        };
        doc = if first { delta } else { doc + delta };
        first = false;
        let end = usize::try_from(plen)
            .ok()
            .and_then(|n| pos_at.checked_add(n))
            .filter(|&e| e <= positions.len())
            .ok_or_else(damaged)?;
        let Some(&new) = usize::try_from(doc).ok().and_then(|d| new_of.get(d)) else {
            return fail("the earlier index has documents its list does not");
        };
        if new == NO_DOC {
            enc.positions
                .extend_from_slice(&positions[run_start..pos_at]);
            run_start = end;
            dropped = true;
        } else {
            if last.is_some_and(|l| l >= new) {
                return fail("kept documents changed their order");
            }
            put_varint(&mut enc.bytes, u64::from(last.map_or(new, |l| new - l)));
            put_varint(&mut enc.bytes, tf);
            if positional {
                put_varint(&mut enc.bytes, plen);
            }
            last = Some(new);
            df += 1;
        }
        pos_at = end;
    }
    if df == 0 {
        return Ok(());
    }
    let doc_bytes = enc.bytes.len() as u32;
    let term = t.term(i);
    if dropped {
        enc.positions
            .extend_from_slice(&positions[run_start..pos_at]);
        out.push_term_parts(term, df, doc_bytes, &[&enc.bytes, &enc.positions]);
    } else {
        out.push_term_parts(term, df, doc_bytes, &[&enc.bytes, &positions[..pos_at]]);
    }
    Ok(())
}

/// Term `i`'s postings in `t` with documents renumbered, gone ones left out.
fn renumbered<'a>(
    t: &'a TermTable,
    i: usize,
    new_of: &[u32],
    out: &mut Vec<Entry<'a>>,
) -> Result<(), UpdateError> {
    let mut last: Option<u32> = None;
    for p in t.postings(i) {
        let Some(&new) = new_of.get(p.doc as usize) else {
            return fail("the earlier index has documents its list does not");
        };
        if new == NO_DOC {
            continue;
        }
        if last.is_some_and(|l| l >= new) {
            return fail("kept documents changed their order");
        }
        last = Some(new);
        out.push((new, p.tf, p.positions));
    }
    Ok(())
}

fn join_sorted<'a>(
    a: &[Entry<'a>],
    b: &[Entry<'a>],
    out: &mut Vec<Entry<'a>>,
) -> Result<(), UpdateError> {
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let take_a = j >= b.len() || (i < a.len() && a[i].0 < b[j].0);
        if i < a.len() && j < b.len() && a[i].0 == b[j].0 {
            return fail("a document both kept and read again");
        }
        if take_a {
            out.push(a[i]);
            i += 1;
        } else {
            out.push(b[j]);
            j += 1;
        }
        if out.len() > 1 && out[out.len() - 2].0 >= out[out.len() - 1].0 {
            return fail("postings out of order");
        }
    }
    Ok(())
}

/// A posting list encoded as `TermTable` holds it: the doc stream (delta, tf, and for
/// positional terms the length of the positions), then the position stream.
#[derive(Default)]
struct Encoded {
    bytes: Vec<u8>,
    positions: Vec<u8>,
    doc_len: usize,
}

impl Encoded {
    fn encode(&mut self, entries: &[Entry<'_>], positional: bool) {
        self.bytes.clear();
        self.positions.clear();
        let mut last: Option<u32> = None;
        for &(doc, tf, pos) in entries {
            put_varint(&mut self.bytes, u64::from(last.map_or(doc, |l| doc - l)));
            put_varint(&mut self.bytes, u64::from(tf));
            if positional {
                put_varint(&mut self.bytes, pos.len() as u64);
                self.positions.extend_from_slice(pos);
            }
            last = Some(doc);
        }
        self.doc_len = self.bytes.len();
        self.bytes.extend_from_slice(&self.positions);
    }

    fn doc_bytes(&self) -> u32 {
        self.doc_len as u32
    }
}

impl SearchIndex {
    /// Every field's term tables when the whole index is loaded (a single-file index
    /// as read, or every shard loaded), else `None`.
    pub fn whole_tables(&self) -> Option<Vec<TermTable>> {
        if self.terms.shards.iter().any(Option::is_none) {
            return None;
        }
        Some(self.full_tables())
    }

    /// Field `f`'s token count of every document (`FIELDS` order), as the index's
    /// length statistics hold them.
    pub fn field_lengths(&self, f: usize) -> &[u32] {
        self.terms
            .stats
            .get(f)
            .map_or(&[], |s| s.doc_len.as_slice())
    }

    /// The shard bounds (shard `i + 1` starts at `bounds()[i]`) and the split id.
    pub fn split(&self) -> (&[String], u64) {
        (&self.terms.bounds, self.terms.split_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::search::postings::TermTableBuilder;

    type Doc<'a> = (u32, &'a [(&'a str, u32)]);

    fn table(docs: &[Doc<'_>]) -> TermTable {
        let mut b = TermTableBuilder::<std::hash::RandomState>::default();
        for &(doc, occ) in docs {
            for &(t, p) in occ {
                b.occurrence(t, p);
            }
            b.finish_doc(doc);
        }
        b.finish()
    }

    fn fields(t: TermTable) -> Vec<TermTable> {
        let mut v = vec![t];
        v.extend((1..FIELDS.len()).map(|_| table(&[])));
        v
    }

    /// Old documents 0..4; doc 1 is gone, doc 3 was read again (new text), and a new
    /// post arrives first: old 0, 2 become 1, 2 and the re-read doc is 3.
    #[test]
    fn an_update_equals_a_build_of_the_new_documents() {
        let old = table(&[
            (0, &[("alpha", 0), ("中", 1), ("mid", 5), ("mid", 9)]),
            (1, &[("alpha", 2), ("gone", 0), ("mid", 1)]),
            (2, &[("beta", 0), ("beta", 4), ("mid", 300)]),
            (3, &[("alpha", 1), ("old", 3)]),
        ]);
        let added = table(&[
            (0, &[("zeta", 0), ("alpha", 7)]),
            (3, &[("new", 0), ("中", 2)]),
        ]);
        let new_of = [1, NO_DOC, 2, NO_DOC];
        let got = update_tables(&fields(old), &fields(added), &new_of).unwrap();
        let want = table(&[
            (0, &[("zeta", 0), ("alpha", 7)]),
            (1, &[("alpha", 0), ("中", 1), ("mid", 5), ("mid", 9)]),
            (2, &[("beta", 0), ("beta", 4), ("mid", 300)]),
            (3, &[("new", 0), ("中", 2)]),
        ]);
        assert_eq!(got[0], want);
        assert_eq!(got[1], table(&[]));
    }

    #[test]
    fn order_breaking_or_foreign_numbers_are_refused() {
        let old = fields(table(&[(0, &[("a", 0)]), (1, &[("a", 0)])]));
        let none = fields(table(&[]));
        assert!(update_tables(&old, &none, &[1, 0]).is_err());
        assert!(update_tables(&old, &none, &[0]).is_err());
        let clash = fields(table(&[(1, &[("a", 0)])]));
        assert!(update_tables(&old, &clash, &[0, 1]).is_err());
        assert!(update_tables(&old, &none, &[0, 1]).is_ok());
    }

    #[test]
    fn ranges_split_a_table_between_terms() {
        let t = table(&[(0, &[("a", 0), ("b", 1), ("c", 2), ("d", 3)])]);
        let parts = [
            tables_in_range(std::slice::from_ref(&t), None, Some("b")),
            tables_in_range(std::slice::from_ref(&t), Some("b"), Some("bb")),
            tables_in_range(std::slice::from_ref(&t), Some("bb"), None),
        ];
        let terms: Vec<Vec<&str>> = parts
            .iter()
            .map(|p| (0..p[0].len()).map(|i| p[0].term(i)).collect())
            .collect();
        assert_eq!(terms, [vec!["a"], vec!["b"], vec!["c", "d"]]);
    }
}
