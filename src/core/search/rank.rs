//! Matching and ranking: `SearchIndex::search`.
//!
//! Matching is exact where the reader expects exactness:
//! - a CJK run of 1 or 2 characters is one posting list (unigram / bigram);
//! - longer CJK runs and quoted phrases intersect the posting lists of a *cover* of
//!   their bigrams/words (offsets 0, 2, 4, … and the last), then verify positions:
//!   every element must sit at `start + offset`. Because the tokenizer skips a
//!   position between CJK characters that are not adjacent (`tokenize.rs`),
//!   consecutive bigram positions prove the characters are adjacent in the text, so
//!   the result equals a substring scan of the folded text — no false positives, no
//!   misses — without keeping the text in memory.
//! - Latin words match whole words, plus prefix completions for the word being typed
//!   and one-edit variants for words of 5+ letters.
//!
//! Ranking is BM25F: per-field term frequencies, length-normalised and weighted
//! (title ≫ tags/categories > excerpt > body), saturated once per term; the scores of
//! all required terms add up. Ties go to the newer article.

use std::cmp::Ordering;

use crate::core::order;

use super::facets::{self, Facets};
use super::index::{Field, SearchIndex, FIELDS};
use super::postings::{PositionIter, Posting, Postings, TermTable};
use super::query::{PhraseToken, Query, Term};
use super::tokenize::TokenKind;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// Field weights: a title hit outranks anything else; tags/categories beat the text.
fn field_weight(f: Field) -> f32 {
    match f {
        Field::Title => 10.0,
        Field::Taxonomy => 4.0,
        Field::Excerpt => 1.5,
        Field::Body => 1.0,
    }
}

/// Most dictionary words a prefix expands to (the most frequent are kept): a
/// one-letter prefix must not turn into a union of thousands of posting lists.
const MAX_PREFIX_TERMS: usize = 40;
/// Most spelling variants a fuzzy word expands to.
const MAX_FUZZY_TERMS: usize = 12;
const PREFIX_WEIGHT: f32 = 0.8;
const FUZZY_WEIGHT: f32 = 0.6;

/// Result order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first (newest first when browsing without a query).
    #[default]
    Relevance,
    Newest,
    Oldest,
}

/// One matching article.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// The document number (order the articles were added to the index).
    pub doc: usize,
    /// Relevance (0 when browsing).
    pub score: f32,
}

/// One page of results with facet counts over all results.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchResults {
    /// The requested page, in order.
    pub hits: Vec<Hit>,
    /// All results (every page) after filters.
    pub total: usize,
    pub facets: Facets,
    /// False when body shards the query needs are not loaded yet: the results so far
    /// come from metadata and loaded shards (`SearchIndex::missing_shards`).
    pub complete: bool,
    /// A word being typed (a prefix) that matches more dictionary words than a search
    /// expands it to (`MAX_PREFIX_TERMS`, fewer for one or two letters): only its most
    /// frequent completions were searched, and the reader is told so (more letters
    /// narrow it).
    pub cut_prefix: Option<String>,
}

/// A doc → score list, sorted by doc.
type Scored = Vec<(u32, f32)>;

impl SearchIndex {
    /// Runs `query`: matches, filters, facet counts, sorting, and the page
    /// `offset..offset + limit`.
    pub fn search(&self, query: &Query, sort: Sort, offset: usize, limit: usize) -> SearchResults {
        self.run(query, sort, offset, limit, true)
    }

    /// `search` without facet counts (`facets` left empty): ranked results only, for
    /// callers that show no facets (the API, a search-as-you-type dropdown).
    pub fn search_ranked(
        &self,
        query: &Query,
        sort: Sort,
        offset: usize,
        limit: usize,
    ) -> SearchResults {
        self.run(query, sort, offset, limit, false)
    }

    fn run(
        &self,
        query: &Query,
        sort: Sort,
        offset: usize,
        limit: usize,
        with_facets: bool,
    ) -> SearchResults {
        let mut ctx = Ctx::new(self);
        let matches = ctx.matches(query);
        let filter = facets::FilterSet::new(self, &query.filters);
        let facets = if with_facets && self.docs.has_columns() {
            facets::count(self, &matches, &filter)
        } else {
            Facets::default()
        };
        let mut hits: Vec<Hit> = matches
            .iter()
            .filter(|&&(doc, _)| filter.failing(doc) == 0)
            .map(|&(doc, score)| Hit {
                doc: doc as usize,
                score,
            })
            .collect();
        let total = hits.len();
        let sort = if query.is_browse() && sort == Sort::Relevance {
            Sort::Newest
        } else {
            sort
        };
        let cmp = |a: &Hit, b: &Hit| self.compare(a, b, sort);
        let end = offset.saturating_add(limit).min(hits.len());
        if offset >= hits.len() {
            hits.clear();
        } else {
            if end < hits.len() && end > 0 {
                hits.select_nth_unstable_by(end - 1, cmp);
                hits.truncate(end);
            }
            hits.sort_unstable_by(cmp);
            hits.drain(..offset);
        }
        SearchResults {
            hits,
            total,
            facets,
            complete: ctx.complete,
            cut_prefix: ctx.cut_prefix,
        }
    }

    /// Every document matching the query's terms and filters (unordered). For tests
    /// and recall measurements.
    pub fn matching_docs(&self, query: &Query) -> Vec<usize> {
        let mut ctx = Ctx::new(self);
        let filter = facets::FilterSet::new(self, &query.filters);
        ctx.matches(query)
            .into_iter()
            .filter(|&(d, _)| filter.failing(d) == 0)
            .map(|(d, _)| d as usize)
            .collect()
    }

    /// Body shards the query needs that are not loaded (fetch them, `load_shard`, and
    /// search again). Empty for unsharded indexes.
    pub fn missing_shards(&self, query: &Query) -> Vec<usize> {
        let mut need = Vec::new();
        for term in query.terms.iter().chain(&query.excluded) {
            match term {
                Term::Word { word, prefix, .. } => {
                    if *prefix {
                        need.extend(self.terms.shards_for_prefix(word));
                    } else {
                        need.push(self.terms.shard_of(word));
                    }
                }
                Term::Phrase(toks) => {
                    need.extend(
                        cover(toks)
                            .into_iter()
                            .map(|e| self.terms.shard_of(&e.term)),
                    );
                }
            }
        }
        need.sort_unstable();
        need.dedup();
        need.retain(|&s| self.terms.shards.get(s).is_some_and(Option::is_none));
        need
    }

    fn compare(&self, a: &Hit, b: &Hit, sort: Sort) -> Ordering {
        let ts = |h: &Hit| self.docs.timestamp(h.doc);
        // Newest first, undated last.
        let newer = |a: &Hit, b: &Hit| match (ts(a), ts(b)) {
            (Some(x), Some(y)) => y.cmp(&x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        let by_score = |a: &Hit, b: &Hit| b.score.partial_cmp(&a.score).unwrap_or(Ordering::Equal);
        let order = match sort {
            Sort::Relevance => by_score(a, b).then_with(|| newer(a, b)),
            Sort::Newest => newer(a, b).then_with(|| by_score(a, b)),
            Sort::Oldest => match (ts(a), ts(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
            .then_with(|| by_score(a, b)),
        };
        order.then_with(|| a.doc.cmp(&b.doc))
    }
}

/// One element of a phrase check: a term expected at `offset` from the match start.
#[derive(Debug, Clone, PartialEq)]
struct Element {
    term: String,
    offset: u32,
    /// Single CJK characters have no positions: they are only required in the document.
    positional: bool,
}

/// The elements that prove a phrase: each word; for each run of adjacent CJK
/// characters, bigrams at run offsets 0, 2, 4, … and the last one (together they
/// cover every character, and adjacency inside each bigram plus consecutive
/// positions between them covers every adjacent pair); a lone CJK character as a
/// containment-only element.
fn cover(toks: &[PhraseToken]) -> Vec<Element> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let t = &toks[i];
        if t.kind == TokenKind::Word {
            out.push(Element {
                term: t.text.clone(),
                offset: t.offset,
                positional: true,
            });
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < toks.len()
            && toks[j].kind == TokenKind::Cjk
            && toks[j].offset == toks[j - 1].offset + 1
        {
            j += 1;
        }
        let run = &toks[i..j];
        if run.len() == 1 {
            out.push(Element {
                term: t.text.clone(),
                offset: t.offset,
                positional: false,
            });
        } else {
            let last = run.len() - 2;
            let mut starts: Vec<usize> = (0..=last).step_by(2).collect();
            if starts.last() != Some(&last) {
                starts.push(last);
            }
            for k in starts {
                let term = format!("{}{}", run[k].text, run[k + 1].text);
                out.push(Element {
                    term,
                    offset: run[k].offset,
                    positional: true,
                });
            }
        }
        i = j;
    }
    out
}

/// A small bit set over document numbers.
struct DocSet(Vec<u64>);

impl DocSet {
    fn from_docs(n: usize, docs: impl Iterator<Item = u32>) -> DocSet {
        let mut bits = vec![0u64; n.div_ceil(64)];
        for d in docs {
            if let Some(w) = bits.get_mut(d as usize / 64) {
                *w |= 1 << (d % 64);
            }
        }
        DocSet(bits)
    }

    fn contains(&self, d: u32) -> bool {
        self.0
            .get(d as usize / 64)
            .is_some_and(|w| w & (1 << (d % 64)) != 0)
    }
}

/// Per-search scratch space and state.
struct Ctx<'i> {
    index: &'i SearchIndex,
    /// Weighted, length-normalised term frequency per doc (BM25F pseudo-tf).
    tfw: Vec<f32>,
    touched: Vec<u32>,
    /// Best variant score per doc for the current term.
    best: Vec<f32>,
    best_touched: Vec<u32>,
    complete: bool,
    /// A prefix whose completions were cut to the most frequent (`prefix_variants`).
    cut_prefix: Option<String>,
    /// Phrase start positions in the current document (reused between documents).
    starts: Vec<u32>,
}

impl<'i> Ctx<'i> {
    fn new(index: &'i SearchIndex) -> Self {
        let n = index.docs.len();
        Ctx {
            index,
            tfw: vec![0.0; n],
            touched: Vec::new(),
            best: vec![0.0; n],
            best_touched: Vec::new(),
            complete: true,
            cut_prefix: None,
            starts: Vec::new(),
        }
    }

    /// Docs matching all required terms and no excluded one, with summed scores.
    fn matches(&mut self, query: &Query) -> Scored {
        let n = self.index.docs.len();
        let mut result: Option<Scored> = None;
        // Cheap terms first, so the expensive verification of long phrases only looks
        // at documents that already match everything else.
        let mut terms: Vec<&Term> = query.terms.iter().collect();
        order::sort_by_cached_key(&mut terms, |t| match t {
            Term::Word { .. } => 0,
            Term::Phrase(p) => p.len(),
        });
        for term in terms {
            let allowed = result
                .as_ref()
                .map(|r| DocSet::from_docs(n, r.iter().map(|&(d, _)| d)));
            let scored = self.eval(term, allowed.as_ref(), true);
            result = Some(match result {
                None => scored,
                Some(prev) => intersect(&prev, &scored),
            });
            if result.as_ref().is_some_and(Vec::is_empty) {
                return Vec::new();
            }
        }
        let mut result = result.unwrap_or_else(|| (0..n as u32).map(|d| (d, 0.0)).collect());
        for term in &query.excluded {
            let allowed = DocSet::from_docs(n, result.iter().map(|&(d, _)| d));
            let hit = self.eval(term, Some(&allowed), false);
            let hit = DocSet::from_docs(n, hit.iter().map(|&(d, _)| d));
            result.retain(|&(d, _)| !hit.contains(d));
        }
        result
    }

    /// Scores one term over all fields. `expand` enables prefix/fuzzy variants
    /// (never for exclusions: excluding "secure" must not exclude "secret").
    fn eval(&mut self, term: &Term, allowed: Option<&DocSet>, expand: bool) -> Scored {
        match term {
            Term::Word {
                word,
                prefix,
                fuzzy,
            } => {
                let mut variants = vec![(word.clone(), 1.0)];
                if expand && *prefix {
                    variants.extend(self.prefix_variants(word));
                }
                if expand && *fuzzy {
                    variants.extend(self.fuzzy_variants(word));
                }
                for (v, weight) in variants {
                    let elements = [Element {
                        term: v,
                        offset: 0,
                        positional: true,
                    }];
                    self.score_variant(&elements, weight, allowed);
                }
            }
            Term::Phrase(toks) => {
                let elements = cover(toks);
                self.score_variant(&elements, 1.0, allowed);
            }
        }
        let mut out: Scored = self
            .best_touched
            .iter()
            .map(|&d| (d, self.best[d as usize]))
            .collect();
        for &d in &self.best_touched {
            self.best[d as usize] = 0.0;
        }
        self.best_touched.clear();
        out.sort_unstable_by_key(|&(d, _)| d);
        out
    }

    /// Adds one variant's BM25F scores (× `weight`) into `best` (max over variants).
    fn score_variant(&mut self, elements: &[Element], weight: f32, allowed: Option<&DocSet>) {
        let index = self.index;
        let terms = &index.terms;
        let mut missing = false;
        for (f, field) in FIELDS.iter().enumerate() {
            let Some(stats) = terms.stats.get(f) else {
                continue;
            };
            let matches = self.match_elements(
                elements,
                |term| {
                    let table = terms.table(term, f);
                    if table.is_none() {
                        missing = true;
                    }
                    table
                },
                allowed,
            );
            self.accumulate(&matches, field_weight(*field), stats);
        }
        if missing {
            self.complete = false;
        }

        // Saturate: BM25 with the union document frequency of this variant.
        let n = index.docs.len() as f32;
        let df = self.touched.len() as f32;
        let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
        for &d in &self.touched {
            let slot = d as usize;
            let tf = self.tfw[slot];
            self.tfw[slot] = 0.0;
            let s = weight * idf * tf * (K1 + 1.0) / (tf + K1);
            if self.best[slot] == 0.0 {
                self.best_touched.push(d);
            }
            if s > self.best[slot] {
                self.best[slot] = s;
            }
        }
        self.touched.clear();
    }

    fn accumulate(
        &mut self,
        matches: &[(u32, u32)],
        field_weight: f32,
        stats: &super::index::FieldStats,
    ) {
        for &(doc, tf) in matches {
            let Some(slot) = self.tfw.get_mut(doc as usize) else {
                continue;
            };
            let norm = 1.0 - B + B * stats.len_of(doc) / stats.avg_len;
            if *slot == 0.0 {
                self.touched.push(doc);
            }
            // Never exactly 0 for a match, or `touched` would record it twice.
            *slot += (field_weight * tf as f32 / norm.max(0.01)).max(f32::MIN_POSITIVE);
        }
    }

    /// Documents (and occurrence counts) where all `elements` occur at their offsets.
    /// `table_for` picks the table holding a term (meta field, or a body shard).
    fn match_elements<'t>(
        &mut self,
        elements: &[Element],
        mut table_for: impl FnMut(&str) -> Option<&'t TermTable>,
        allowed: Option<&DocSet>,
    ) -> Vec<(u32, u32)> {
        // Look every element up; a missing term means no match in this field.
        let mut lists: Vec<(Postings<'t>, &Element, u32)> = Vec::with_capacity(elements.len());
        for e in elements {
            let Some(table) = table_for(&e.term) else {
                return Vec::new();
            };
            let Some(i) = table.find(&e.term) else {
                return Vec::new();
            };
            lists.push((table.postings(i), e, table.doc_freq(i)));
        }
        // One element (a word, a lone CJK character or bigram): its postings are the
        // answer; no per-document intersection or position work.
        if lists.len() == 1 {
            let Some((postings, _, _)) = lists.pop() else {
                return Vec::new();
            };
            return postings
                .filter(|p| allowed.is_none_or(|a| a.contains(p.doc)))
                .map(|p| (p.doc, p.tf))
                .filter(|&(_, tf)| tf > 0)
                .collect();
        }
        // Rarest first: it drives the intersection.
        order::sort_by(&mut lists, |a, b| a.2.cmp(&b.2));
        let mut iters: Vec<(std::iter::Peekable<Postings<'t>>, &Element)> = lists
            .into_iter()
            .map(|(p, e, _)| (p.peekable(), e))
            .collect();
        let Some(((driver, driver_el), rest)) = iters.split_first_mut() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut current: Vec<Posting<'t>> = Vec::with_capacity(rest.len());
        // Reused for every document: thousands of documents go through here per query.
        let mut positional: Vec<(Posting<'t>, u32)> = Vec::with_capacity(rest.len() + 1);
        let starts = &mut self.starts;
        'docs: for p in driver.by_ref() {
            if allowed.is_some_and(|a| !a.contains(p.doc)) {
                continue;
            }
            current.clear();
            for (it, _) in rest.iter_mut() {
                while it.peek().is_some_and(|q| q.doc < p.doc) {
                    it.next();
                }
                match it.peek() {
                    Some(q) if q.doc == p.doc => current.push(*q),
                    Some(_) => continue 'docs,
                    None => break 'docs,
                }
            }
            positional.clear();
            positional.extend(
                std::iter::once((p, driver_el.offset, driver_el.positional))
                    .chain(
                        current
                            .iter()
                            .zip(rest.iter())
                            .map(|(q, (_, e))| (*q, e.offset, e.positional)),
                    )
                    .filter(|&(_, _, pos)| pos)
                    .map(|(q, off, _)| (q, off)),
            );
            let tf = match positional.as_slice() {
                // Only containment elements (lone CJK characters): the rarest one's count.
                [] => current
                    .iter()
                    .map(|q| q.tf)
                    .chain(std::iter::once(p.tf))
                    .min()
                    .unwrap_or(0),
                // One positional element: its frequency is the phrase frequency.
                [(q, _)] => q.tf,
                [(first, first_off), others @ ..] => {
                    starts.clear();
                    starts.extend(
                        PositionIter::new(first.positions)
                            .filter_map(|pos| pos.checked_sub(*first_off)),
                    );
                    for (q, off) in others {
                        // Both lists ascend: one merge pass keeps the starts whose
                        // element `q` is where the phrase needs it.
                        let mut at = PositionIter::new(q.positions).peekable();
                        starts.retain(|&s| {
                            let Some(want) = s.checked_add(*off) else {
                                return false;
                            };
                            while at.next_if(|&b| b < want).is_some() {}
                            at.peek() == Some(&want)
                        });
                        if starts.is_empty() {
                            break;
                        }
                    }
                    starts.len() as u32
                }
            };
            if tf > 0 {
                out.push((p.doc, tf));
            }
        }
        out
    }

    /// Dictionary words starting with `prefix` (not equal to it), most frequent first.
    fn prefix_variants(&mut self, prefix: &str) -> Vec<(String, f32)> {
        let mut found: Vec<(String, u32)> = Vec::new();
        let mut scan = |t: &TermTable| {
            for i in t.prefix_range(prefix) {
                if t.term(i) != prefix {
                    found.push((t.term(i).to_owned(), t.doc_freq(i)));
                }
            }
        };
        let terms = &self.index.terms;
        let mut missing = false;
        for s in terms.shards_for_prefix(prefix) {
            match terms.shards.get(s) {
                Some(Some(tables)) => tables.iter().for_each(&mut scan),
                _ => missing = true,
            }
        }
        if missing {
            self.complete = false;
        }
        let plen = prefix.chars().count() as f32;
        // Short prefixes are ambiguous and expand to huge unions: keep fewer words.
        let max = match prefix.chars().count() {
            0..=1 => MAX_PREFIX_TERMS / 8,
            2 => MAX_PREFIX_TERMS / 4,
            _ => MAX_PREFIX_TERMS,
        };
        let (terms, cut) = top_terms(found, max);
        if cut {
            self.cut_prefix = Some(prefix.to_owned());
        }
        terms
            .into_iter()
            .map(|t| {
                // Shorter completions are likelier what is being typed.
                let w = PREFIX_WEIGHT * (0.5 + 0.5 * plen / t.chars().count().max(1) as f32);
                (t, w)
            })
            .collect()
    }

    /// Dictionary words one edit from `word` that share its first letter (typos in the
    /// first letter are rare, and this keeps the scan to one letter's block of the
    /// sorted dictionary). Uses loaded shards only.
    fn fuzzy_variants(&self, word: &str) -> Vec<(String, f32)> {
        let Some(first) = word.chars().next() else {
            return Vec::new();
        };
        let mut buf = [0u8; 4];
        let first: &str = first.encode_utf8(&mut buf);
        let wlen = word.len();
        let mut found: Vec<(String, u32)> = Vec::new();
        let mut scan = |t: &TermTable| {
            for i in t.prefix_range(first) {
                let term = t.term(i);
                if term.len() + 1 >= wlen
                    && term.len() <= wlen + 1
                    && term != word
                    && within_one_edit(word, term)
                {
                    found.push((term.to_owned(), t.doc_freq(i)));
                }
            }
        };
        let terms = &self.index.terms;
        for s in terms.shards_for_prefix(first) {
            if let Some(Some(tables)) = terms.shards.get(s) {
                tables.iter().for_each(&mut scan);
            }
        }
        top_terms(found, MAX_FUZZY_TERMS)
            .0
            .into_iter()
            .map(|t| (t, FUZZY_WEIGHT))
            .collect()
    }
}

/// Merges duplicate terms (summing document frequencies) and keeps the `max` most
/// frequent.
/// The `max` most frequent distinct terms of `found`, and whether there were more.
fn top_terms(mut found: Vec<(String, u32)>, max: usize) -> (Vec<String>, bool) {
    // Typed sorts here (not core::order): this runs for every prefix query.
    found.sort_unstable();
    let mut merged: Vec<(String, u32)> = Vec::with_capacity(found.len());
    for (t, df) in found {
        match merged.last_mut() {
            Some((last, d)) if *last == t => *d += df,
            _ => merged.push((t, df)),
        }
    }
    merged.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let cut = merged.len() > max;
    merged.truncate(max);
    (merged.into_iter().map(|(t, _)| t).collect(), cut)
}

/// Damerau–Levenshtein distance ≤ 1 (one insertion, deletion, substitution or swap of
/// neighbours), on characters. ASCII words (nearly all candidates) compare as bytes
/// without allocating: this runs over a whole letter block of the dictionary.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        one_edit(a.as_bytes(), b.as_bytes())
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        one_edit(&a, &b)
    }
}

fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if short.len() == long.len() {
        if prefix == short.len() {
            return true;
        }
        let i = prefix;
        // Substitution at i, or swap of i and i+1.
        short[i + 1..] == long[i + 1..]
            || (i + 1 < short.len()
                && short[i] == long[i + 1]
                && short[i + 1] == long[i]
                && short[i + 2..] == long[i + 2..])
    } else {
        // Deletion from the longer one at `prefix`.
        short[prefix..] == long[prefix + 1..]
    }
}

/// Docs in both lists, scores added.
fn intersect(a: &Scored, b: &Scored) -> Scored {
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(a.len().min(b.len()));
    while let (Some(&(da, sa)), Some(&(db, sb))) = (a.get(i), b.get(j)) {
        match da.cmp(&db) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                out.push((da, sa + sb));
                i += 1;
                j += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit() {
        assert!(within_one_edit("search", "serch"));
        assert!(within_one_edit("search", "saerch"));
        assert!(within_one_edit("search", "searcj"));
        assert!(within_one_edit("search", "searchs"));
        assert!(within_one_edit("search", "search"));
        assert!(!within_one_edit("search", "sarch1"));
        assert!(!within_one_edit("search", "sea"));
        assert!(within_one_edit("", "a"));
    }

    #[test]
    fn cover_of_cjk_runs() {
        let toks: Vec<PhraseToken> = "投资者情绪"
            .chars()
            .enumerate()
            .map(|(i, c)| PhraseToken {
                kind: TokenKind::Cjk,
                text: c.to_string(),
                offset: i as u32,
            })
            .collect();
        let c = cover(&toks);
        let got: Vec<(&str, u32)> = c.iter().map(|e| (e.term.as_str(), e.offset)).collect();
        assert_eq!(got, [("投资", 0), ("者情", 2), ("情绪", 3)]);
        let one = cover(&toks[..1]);
        assert!(!one[0].positional);
    }
}
