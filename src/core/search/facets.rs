//! Filters and live facet counts.
//!
//! Counts are "disjunctive": the counts of one facet are computed over the results of
//! the query and every *other* active filter. So with `tag=rust` selected the tag list
//! still shows how many results each other tag would give instead of collapsing to
//! one entry, while the category, author and date counts narrow to `rust`.
//!
//! The output reuses the catalog's browse types (`CategoryNode`, `Facet`,
//! `YearBucket`) so the UI renders search facets and catalog facets the same way.

use std::collections::BTreeMap;

use crate::core::catalog::{CategoryNode, Facet, MonthBucket, YearBucket};
use crate::core::order;

use super::index::SearchIndex;
use super::query::Filters;

/// Facet counts for a result set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets {
    /// Category tree; a parent counts each article once.
    pub categories: Vec<CategoryNode>,
    pub tags: Vec<Facet>,
    pub authors: Vec<Facet>,
    /// Years, newest first, each with its months.
    pub years: Vec<YearBucket>,
}

const CATEGORY: u8 = 1;
const TAG: u8 = 2;
const AUTHOR: u8 = 4;
const DATE: u8 = 8;

/// `None` = no such filter; `Some(None)` = a filter on a value no article has
/// (matches nothing, but is not ignored).
type Resolved = Option<Option<u32>>;

/// Filters resolved to the index's ids once per search.
pub(crate) struct FilterSet<'i> {
    index: &'i SearchIndex,
    category: Resolved,
    tag: Resolved,
    author: Resolved,
    year: Option<i32>,
    month: Option<u32>,
}

impl<'i> FilterSet<'i> {
    pub(crate) fn new(index: &'i SearchIndex, f: &Filters) -> Self {
        let name = |n: &str| index.names.iter().position(|x| x == n).map(|i| i as u32);
        FilterSet {
            index,
            category: (!f.category.is_empty()).then(|| index.category_node(&f.category)),
            tag: f.tag.as_deref().map(name),
            author: f.author.as_deref().map(name),
            year: f.year,
            month: f.year.and(f.month),
        }
    }

    fn is_empty(&self) -> bool {
        self.category.is_none()
            && self.tag.is_none()
            && self.author.is_none()
            && self.year.is_none()
    }

    /// Bit mask of the filters `doc` fails (0 = passes all).
    pub(crate) fn failing(&self, doc: u32) -> u8 {
        let docs = &self.index.docs;
        let i = doc as usize;
        if i >= docs.len() {
            return u8::MAX;
        }
        let mut mask = 0;
        if let Some(c) = self.category {
            if !c.is_some_and(|c| docs.categories(i).contains(&c)) {
                mask |= CATEGORY;
            }
        }
        if let Some(t) = self.tag {
            if !t.is_some_and(|t| docs.tags(i).contains(&t)) {
                mask |= TAG;
            }
        }
        if let Some(a) = self.author {
            if !(a.is_some() && docs.author(i) == a) {
                mask |= AUTHOR;
            }
        }
        if let Some(y) = self.year {
            let ok = docs
                .year_month(i)
                .is_some_and(|(yy, mm)| yy == y && self.month.is_none_or(|m| m == mm));
            if !ok {
                mask |= DATE;
            }
        }
        mask
    }
}

/// Facet counts over `matches` (docs matching the query, before filters).
pub(crate) fn count(index: &SearchIndex, matches: &[(u32, f32)], filter: &FilterSet<'_>) -> Facets {
    let mut cats = vec![0usize; index.categories.len()];
    let mut tags = vec![0usize; index.names.len()];
    let mut authors = vec![0usize; index.names.len()];
    // (year, month) packed into one sortable key; counted by sorting, not a tree map.
    let mut periods: Vec<i64> = Vec::new();
    let docs = &index.docs;
    // Without filters every doc passes everything: skip the per-doc filter checks.
    let unfiltered = filter.is_empty();
    for &(doc, _) in matches {
        let i = doc as usize;
        if i >= docs.len() {
            continue;
        }
        let mask = if unfiltered { 0 } else { filter.failing(doc) };
        let passes_others = |own: u8| mask & !own == 0;
        if passes_others(CATEGORY) {
            for &c in docs.categories(i) {
                if let Some(n) = cats.get_mut(c as usize) {
                    *n += 1;
                }
            }
        }
        if passes_others(TAG) {
            for &t in docs.tags(i) {
                if let Some(n) = tags.get_mut(t as usize) {
                    *n += 1;
                }
            }
        }
        if passes_others(AUTHOR) {
            if let Some(n) = docs.author(i).and_then(|a| authors.get_mut(a as usize)) {
                *n += 1;
            }
        }
        if passes_others(DATE) {
            if let Some((y, m)) = docs.year_month(i) {
                periods.push(i64::from(y) * 16 + i64::from(m));
            }
        }
    }
    periods.sort_unstable();
    let mut dates: BTreeMap<i32, BTreeMap<u32, usize>> = BTreeMap::new();
    for run in periods.chunk_by(|a, b| a == b) {
        let key = run[0];
        let (y, m) = (key.div_euclid(16), key.rem_euclid(16));
        *dates
            .entry(y as i32)
            .or_default()
            .entry(m as u32)
            .or_default() += run.len();
    }
    Facets {
        categories: category_tree(index, &cats),
        tags: named_counts(index, &tags),
        authors: named_counts(index, &authors),
        years: dates
            .into_iter()
            .rev()
            .map(|(year, months)| YearBucket {
                year,
                count: months.values().sum(),
                months: months
                    .into_iter()
                    .rev()
                    .map(|(month, count)| MonthBucket { month, count })
                    .collect(),
            })
            .collect(),
    }
}

fn named_counts(index: &SearchIndex, counts: &[usize]) -> Vec<Facet> {
    let mut v: Vec<Facet> = counts
        .iter()
        .enumerate()
        .filter(|&(_, &c)| c > 0)
        .map(|(i, &count)| Facet {
            name: index.name(i as u32).to_owned(),
            count,
        })
        .collect();
    order::sort_by(&mut v, |a, b| {
        order::by_count_then_name((a.count, &a.name), (b.count, &b.name))
    });
    v
}

fn category_tree(index: &SearchIndex, counts: &[usize]) -> Vec<CategoryNode> {
    // children[p + 1] = nodes whose parent is p; children[0] = roots.
    let mut children: Vec<Vec<u32>> = vec![Vec::new(); index.categories.len() + 1];
    for (i, c) in index.categories.iter().enumerate() {
        if counts.get(i).copied().unwrap_or(0) == 0 {
            continue;
        }
        let slot = c.parent.map_or(0, |p| p as usize + 1);
        if let Some(list) = children.get_mut(slot) {
            list.push(i as u32);
        }
    }
    build_level(index, counts, &children, 0, 0)
}

fn build_level(
    index: &SearchIndex,
    counts: &[usize],
    children: &[Vec<u32>],
    slot: usize,
    depth: usize,
) -> Vec<CategoryNode> {
    // Depth-bounded: a corrupt (cyclic) parent table from disk must not recurse forever.
    if depth > 64 {
        return Vec::new();
    }
    let mut nodes: Vec<CategoryNode> = children
        .get(slot)
        .map(|ids| {
            ids.iter()
                .map(|&id| CategoryNode {
                    name: index
                        .categories
                        .get(id as usize)
                        .map(|c| index.name(c.name).to_owned())
                        .unwrap_or_default(),
                    path: index.category_path(id),
                    count: counts.get(id as usize).copied().unwrap_or(0),
                    children: build_level(index, counts, children, id as usize + 1, depth + 1),
                })
                .collect()
        })
        .unwrap_or_default();
    order::sort_by(&mut nodes, |a, b| {
        order::by_count_then_name((a.count, &a.name), (b.count, &b.name))
    });
    nodes
}
