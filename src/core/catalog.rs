//! A set of post files → `Catalog` (catalog.json, format version 1) and the views
//! readers browse by: category tree, tags, authors, archive.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::core::article::{read_post, Article, Post, ReadError};
use crate::core::order;

/// The catalog.json format version this code writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// A per-file problem: an error (file not shown) or a warning (shown, with a fallback).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileIssue {
    pub path: String,
    pub message: String,
}

/// catalog.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    pub version: u32,
    /// When it was generated (RFC 3339).
    pub generated: String,
    /// Newest first; undated articles last.
    pub articles: Vec<Article>,
    /// Files that could not be read.
    pub errors: Vec<FileIssue>,
    /// Files that were read with fallbacks (unparseable date, wrong types, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<FileIssue>,
    /// Drafts left out on purpose (`draft: true` / `published: false`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<String>,
}

impl Catalog {
    /// Builds a catalog from `(path relative to the catalog, file bytes)` pairs.
    /// One bad file never stops the others.
    pub fn build<I>(files: I, generated: String) -> Catalog
    where
        I: IntoIterator<Item = (String, Vec<u8>)>,
    {
        let mut files: Vec<(String, Vec<u8>)> = files.into_iter().collect();
        order::sort_by(&mut files, |a, b| a.0.cmp(&b.0));
        let mut builder = CatalogBuilder::default();
        for (path, bytes) in files {
            builder.add(&path, &bytes);
        }
        builder.finish(generated)
    }

    /// Parses catalog.json, refusing other format versions with a clear message.
    pub fn from_json(text: &str) -> Result<Catalog, String> {
        #[derive(Deserialize)]
        struct Version {
            version: Option<u32>,
        }
        // One pass over the text in the common case (a 10,000-article catalog is 5 MB
        // and every pass costs ~60 ms in the browser); the version is looked at on its
        // own only to explain a failure.
        let parsed: Result<Catalog, _> = serde_json::from_str(text);
        let version = match &parsed {
            Ok(c) => Some(c.version),
            Err(e) => {
                let head = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
                if head.starts_with('<') {
                    return Err("not a catalog: the server sent an HTML page (a wrong URL, or a server that answers every path with a page)".into());
                }
                if e.is_eof() {
                    return Err(format!(
                        "the catalog is cut off at line {} column {} (the transfer broke off, or the file is incomplete)",
                        e.line(),
                        e.column()
                    ));
                }
                serde_json::from_str::<Version>(text)
                    .map_err(|e| format!("not a Broadsheet catalog: {e}"))?
                    .version
            }
        };
        match version {
            Some(FORMAT_VERSION) => {}
            Some(other) => {
                return Err(format!(
                    "catalog format version {other} is not supported (expected {FORMAT_VERSION})"
                ))
            }
            None => return Err("not a Broadsheet catalog: no \"version\" field".into()),
        }
        Ok(parsed
            .map_err(|e| format!("invalid catalog: {e}"))?
            .normalized())
    }

    /// [`Catalog::from_json`] over the fetched bytes: valid UTF-8 (every catalog the
    /// CLI writes) is parsed in one pass, without first copying or re-validating the
    /// whole file (about 40 ms of a 5 MB catalog's load in the browser); anything else
    /// takes the text path, which replaces bad bytes and explains failures.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Catalog, String> {
        if let Ok(c) = serde_json::from_slice::<Catalog>(bytes) {
            if c.version == FORMAT_VERSION {
                return Ok(c.normalized());
            }
        }
        Catalog::from_json(&String::from_utf8_lossy(bytes))
    }

    /// A catalog from elsewhere may be in any order or carry duplicate slugs.
    fn normalized(mut self) -> Catalog {
        use crate::core::limits::{MAX_ARTICLES_PER_SOURCE, MAX_WARNINGS};
        if self.articles.len() > MAX_ARTICLES_PER_SOURCE {
            let over = self.articles.len() - MAX_ARTICLES_PER_SOURCE;
            self.articles.truncate(MAX_ARTICLES_PER_SOURCE);
            self.warnings.push(FileIssue {
                path: String::new(),
                message: format!(
                    "this catalog lists more than {MAX_ARTICLES_PER_SOURCE} articles; {over} were left out"
                ),
            });
        }
        for a in &mut self.articles {
            if let Some(cut) = a.bound() {
                if self.warnings.len() < MAX_WARNINGS {
                    self.warnings.push(FileIssue {
                        path: a.path.clone(),
                        message: cut,
                    });
                }
            }
        }
        for list in [&mut self.errors, &mut self.warnings] {
            list.truncate(MAX_WARNINGS);
            for issue in list.iter_mut() {
                issue.path = crate::core::text::truncate_chars(&issue.path, 300);
                issue.message = crate::core::text::truncate_chars(&issue.message, 1_000);
            }
        }
        self.skipped.truncate(MAX_WARNINGS);
        assign_unique_slugs(&mut self.articles);
        if !is_newest_first(&self.articles) {
            sort_newest_first(&mut self.articles);
        }
        self
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("catalog serializes")
    }

    pub fn article(&self, slug: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.slug == slug)
    }

    /// Previous (newer) and next (older) article around `slug` in `list`.
    pub fn neighbours<'a>(
        list: &[&'a Article],
        slug: &str,
    ) -> (Option<&'a Article>, Option<&'a Article>) {
        match list.iter().position(|a| a.slug == slug) {
            Some(i) => (i.checked_sub(1).map(|j| list[j]), list.get(i + 1).copied()),
            None => (None, None),
        }
    }

    pub fn category_tree(&self) -> Vec<CategoryNode> {
        category_tree(&self.articles)
    }

    pub fn tags(&self) -> Vec<Facet> {
        facet(
            self.articles
                .iter()
                .flat_map(|a| a.tags.iter().cloned().collect::<HashSet<_>>()),
        )
    }

    pub fn authors(&self) -> Vec<Facet> {
        facet(self.articles.iter().filter_map(|a| a.author.clone()))
    }

    pub fn archive(&self) -> Vec<YearBucket> {
        archive(&self.articles)
    }

    /// Articles filed under `path` or any of its descendants.
    pub fn in_category<'a>(&'a self, path: &'a [String]) -> impl Iterator<Item = &'a Article> + 'a {
        self.articles
            .iter()
            .filter(move |a| a.categories.iter().any(|c| c.starts_with(path)))
    }

    pub fn with_tag<'a>(&'a self, tag: &'a str) -> impl Iterator<Item = &'a Article> + 'a {
        self.articles
            .iter()
            .filter(move |a| a.tags.iter().any(|t| t == tag))
    }

    pub fn by_author<'a>(&'a self, author: &'a str) -> impl Iterator<Item = &'a Article> + 'a {
        self.articles
            .iter()
            .filter(move |a| a.author.as_deref() == Some(author))
    }

    /// Articles dated in `year` (and `month`, 1–12, if given).
    pub fn in_period(&self, year: i32, month: Option<u32>) -> impl Iterator<Item = &Article> + '_ {
        self.articles.iter().filter(move |a| match year_month(a) {
            Some((y, m)) => y == year && month.is_none_or(|mm| mm == m),
            None => false,
        })
    }

    /// Merges another catalog (e.g. a second `?src=`), keeping slugs unique.
    pub fn merge(&mut self, other: Catalog) {
        self.articles.extend(other.articles);
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
        self.skipped.extend(other.skipped);
        assign_unique_slugs(&mut self.articles);
        sort_newest_first(&mut self.articles);
    }
}

/// Builds a catalog one file at a time (the CLI shows progress; the browser reads
/// dropped files as they arrive).
#[derive(Debug, Default)]
pub struct CatalogBuilder {
    articles: Vec<Article>,
    errors: Vec<FileIssue>,
    warnings: Vec<FileIssue>,
    skipped: Vec<String>,
}

impl CatalogBuilder {
    pub fn add(&mut self, path: &str, bytes: &[u8]) {
        self.add_read(path, read_post(path, bytes));
    }

    /// Adds the outcome of `read_post` (lets callers parse files in parallel).
    pub fn add_read(&mut self, path: &str, read: Result<Post, ReadError>) {
        match read {
            Ok(post) => {
                for w in post.warnings {
                    self.warnings.push(FileIssue {
                        path: path.to_owned(),
                        message: w,
                    });
                }
                self.articles.push(post.article);
            }
            Err(ReadError::Draft) => self.skipped.push(path.to_owned()),
            Err(e) => self.errors.push(FileIssue {
                path: path.to_owned(),
                message: e.to_string(),
            }),
        }
    }

    /// Records a file that could not even be read (I/O error).
    pub fn add_error(&mut self, path: &str, message: String) {
        self.errors.push(FileIssue {
            path: path.to_owned(),
            message,
        });
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }

    pub fn finish(mut self, generated: String) -> Catalog {
        // Slugs depend on path order, not on the order files arrived in.
        order::sort_by(&mut self.articles, |a, b| a.path.cmp(&b.path));
        assign_unique_slugs(&mut self.articles);
        sort_newest_first(&mut self.articles);
        order::sort_by(&mut self.errors, |a, b| a.path.cmp(&b.path));
        Catalog {
            version: FORMAT_VERSION,
            generated,
            articles: self.articles,
            errors: self.errors,
            warnings: self.warnings,
            skipped: self.skipped,
        }
    }
}

/// Newest first; undated last; ties by title then path so the order is total.
pub fn sort_newest_first(articles: &mut [Article]) {
    order::sort_by_cached_key(articles, |a| {
        (
            std::cmp::Reverse(a.timestamp().map(|t| t as i128).unwrap_or(i128::MIN)),
            a.title.clone(),
            a.path.clone(),
        )
    });
}

/// `YYYY-MM-DDTHH:MM:SSZ` by its separators (the form the CLI writes dates in; such
/// strings order as their instants do).
fn utc_shape(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[19] == b'Z'
}

/// Whether `articles` is already in `sort_newest_first` order, decided cheaply for the
/// catalogs the CLI writes (dates normalised to `YYYY-MM-DDTHH:MM:SSZ`, which compare
/// as strings); any other date form answers false and the caller sorts.
pub fn is_newest_first(articles: &[Article]) -> bool {
    articles.windows(2).all(|w| {
        let (a, b) = (&w[0], &w[1]);
        let by_title = || (&a.title, &a.path) <= (&b.title, &b.path);
        match (a.date.as_deref(), b.date.as_deref()) {
            (Some(x), Some(y)) if utc_shape(x) && utc_shape(y) => x > y || (x == y && by_title()),
            (Some(x), None) => utc_shape(x),
            (None, None) => by_title(),
            _ => false,
        }
    })
}

/// Makes slugs unique. The first article (in current order) keeps its slug; later ones
/// get a suffix derived from their path, so the suffix does not change when unrelated
/// files are added.
pub fn assign_unique_slugs(articles: &mut [Article]) {
    // Catalogs the CLI wrote are clean and unique already: check that without
    // allocating (a copy of every slug cost ~30 ms of a 10,000-article load), and
    // with FxHash: SipHash took another ~29 ms of it. (Colliding slugs crafted
    // against FxHash would only slow this check down, in the reader's own tab.)
    {
        let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        seen.reserve(articles.len());
        if articles
            .iter()
            .all(|a| is_clean_slug(&a.slug) && seen.insert(a.slug.as_str()))
        {
            return;
        }
    }
    let mut seen: HashSet<String> = HashSet::with_capacity(articles.len());
    // The next number to try after each base: 20,000 articles claiming one slug from
    // one path once took 16.8 s, each trying `-2`, `-3`, … from the start (issue 25).
    let mut next: HashMap<String, usize> = HashMap::new();
    for a in articles.iter_mut() {
        a.slug = clean_slug(&a.slug);
        if seen.insert(a.slug.clone()) {
            continue;
        }
        let base = format!("{}-{}", a.slug, short_hash(&a.path));
        if seen.insert(base.clone()) {
            a.slug = base;
            continue;
        }
        let n = next.entry(base.clone()).or_insert(2);
        a.slug = loop {
            let candidate = format!("{base}-{n}");
            *n += 1;
            if seen.insert(candidate.clone()) {
                break candidate;
            }
        };
    }
}

/// Slugs from other catalogs are untrusted too: keep them URL-path safe.
fn clean_slug(s: &str) -> String {
    // Slugs the CLI wrote are clean already: skip the rebuild (10,000 of them on load).
    if is_clean_slug(s) {
        return s.to_owned();
    }
    let s = crate::core::text::slugify(s);
    if s.is_empty() {
        "article".to_owned()
    } else {
        s
    }
}

/// What `slugify` would leave unchanged: lowercase letters and digits (any script)
/// joined by single hyphens.
fn is_clean_slug(s: &str) -> bool {
    let char_ok = |c: char| {
        c == '-'
            || c.is_ascii_lowercase()
            || c.is_ascii_digit()
            || (!c.is_ascii() && c.is_alphanumeric() && c.to_lowercase().eq(std::iter::once(c)))
    };
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars().all(char_ok)
}

/// FNV-1a of the path, 6 hex digits: deterministic across runs and platforms.
fn short_hash(s: &str) -> String {
    let h = crate::core::hash::fnv1a(crate::core::hash::FNV_OFFSET, s.as_bytes());
    format!("{:06x}", h & 0xFF_FFFF)
}

/// A node of the category tree. `count` counts each article once, however many of
/// its category paths pass through this node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CategoryNode {
    pub name: String,
    pub path: Vec<String>,
    pub count: usize,
    pub children: Vec<CategoryNode>,
}

impl CategoryNode {
    /// Finds the node at `path` in a forest.
    pub fn find<'a>(forest: &'a [CategoryNode], path: &[String]) -> Option<&'a CategoryNode> {
        let (first, rest) = path.split_first()?;
        let mut node = forest.iter().find(|n| &n.name == first)?;
        for name in rest {
            node = node.children.iter().find(|n| &n.name == name)?;
        }
        Some(node)
    }
}

/// The category forest with article counts, in one pass over the paths and without
/// recursion: a node per distinct prefix, found by (parent, name), counts each article
/// once however many of its paths pass through it (the node remembers the last article
/// it counted). Linear in the total length of the paths; a crafted 4,000-level path
/// once took 880 MB and overflowed the wasm stack here (issue 25; depth is also capped,
/// `limits::MAX_CATEGORY_DEPTH`).
pub fn category_tree(articles: &[Article]) -> Vec<CategoryNode> {
    struct Node<'a> {
        name: &'a str,
        parent: Option<usize>,
        count: usize,
        last: usize,
    }
    let mut nodes: Vec<Node<'_>> = Vec::new();
    let mut ids: HashMap<(Option<usize>, &str), usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        let mark = i + 1;
        for path in &a.categories {
            let mut parent = None;
            for name in path {
                let id = *ids.entry((parent, name.as_str())).or_insert_with(|| {
                    nodes.push(Node {
                        name,
                        parent,
                        count: 0,
                        last: 0,
                    });
                    nodes.len() - 1
                });
                let node = &mut nodes[id];
                if node.last != mark {
                    node.last = mark;
                    node.count += 1;
                }
                parent = Some(id);
            }
        }
    }
    drop(ids);
    // A child is always created after its parent: paths top-down in id order, nodes
    // bottom-up in reverse order.
    let mut paths: Vec<Vec<String>> = Vec::with_capacity(nodes.len());
    for n in &nodes {
        let mut p = n.parent.map(|q| paths[q].clone()).unwrap_or_default();
        p.push(n.name.to_owned());
        paths.push(p);
    }
    let mut children: Vec<Vec<CategoryNode>> = (0..nodes.len()).map(|_| Vec::new()).collect();
    let mut roots: Vec<CategoryNode> = Vec::new();
    for (id, path) in paths.into_iter().enumerate().rev() {
        let mut kids = std::mem::take(&mut children[id]);
        sort_level(&mut kids);
        let n = &nodes[id];
        let node = CategoryNode {
            name: n.name.to_owned(),
            path,
            count: n.count,
            children: kids,
        };
        match n.parent {
            Some(p) => children[p].push(node),
            None => roots.push(node),
        }
    }
    sort_level(&mut roots);
    roots
}

fn sort_level(nodes: &mut [CategoryNode]) {
    order::sort_by(nodes, |a, b| {
        order::by_count_then_name((a.count, &a.name), (b.count, &b.name))
    });
}

/// A tag or author with how many articles carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facet {
    pub name: String,
    pub count: usize,
}

fn facet(names: impl Iterator<Item = String>) -> Vec<Facet> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for n in names {
        *counts.entry(n).or_default() += 1;
    }
    let mut v: Vec<Facet> = counts
        .into_iter()
        .map(|(name, count)| Facet { name, count })
        .collect();
    order::sort_by(&mut v, |a, b| {
        order::by_count_then_name((a.count, &a.name), (b.count, &b.name))
    });
    v
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthBucket {
    pub month: u32,
    pub count: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearBucket {
    pub year: i32,
    pub count: usize,
    /// Newest month first.
    pub months: Vec<MonthBucket>,
}

/// Year and month as the author wrote them (in the date's own offset).
pub fn year_month(a: &Article) -> Option<(i32, u32)> {
    use chrono::Datelike;
    let raw = a.date.as_deref()?;
    if let Some(ym) = utc_year_month(raw) {
        return Some(ym);
    }
    let d = crate::core::dates::parse_catalog_date(raw)?;
    Some((d.year(), d.month()))
}

/// Year and month of a valid `YYYY-MM-DDTHH:MM:SSZ` (the form the CLI writes dates
/// in), read off the digits: the search index asks this of every article when it is
/// built, and chrono's general parser made that ~8 ms of a 10,000-article load.
/// Anything else (or an impossible date) is `None`, for `parse_date` to decide.
fn utc_year_month(s: &str) -> Option<(i32, u32)> {
    if !utc_shape(s) {
        return None;
    }
    let b = s.as_bytes();
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hh, mm, ss) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    let y = i32::try_from(y).ok()?;
    let valid = chrono::NaiveDate::from_ymd_opt(y, m, d).is_some() && hh < 24 && mm < 60 && ss < 60;
    valid.then_some((y, m))
}

fn archive(articles: &[Article]) -> Vec<YearBucket> {
    let mut by: BTreeMap<i32, BTreeMap<u32, usize>> = BTreeMap::new();
    for (y, m) in articles.iter().filter_map(year_month) {
        *by.entry(y).or_default().entry(m).or_default() += 1;
    }
    by.into_iter()
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
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(title: &str, date: &str, cats: &str, tags: &str) -> Vec<u8> {
        format!("---\ntitle: {title}\ndate: {date}\ncategories: {cats}\ntags: {tags}\nauthor: Ann\n---\nBody of {title}.")
            .into_bytes()
    }

    fn sample() -> Catalog {
        Catalog::build(
            vec![
                (
                    "a/one.md".to_string(),
                    post("One", "2021-01-05", "[A, B]", "[x, y]"),
                ),
                (
                    "b/one.md".to_string(),
                    post("One again", "2022-03-01", "[[A, C], D]", "[x]"),
                ),
                (
                    "c.md".to_string(),
                    post("Three", "2021-01-20", "[[A, B], [A, C]]", "[]"),
                ),
                ("d.md".to_string(), b"---\ntitle: Undated\n---\nx".to_vec()),
                ("bad.md".to_string(), b"---\ntitle: [oops\n---\n".to_vec()),
            ],
            "2026-01-01T00:00:00Z".into(),
        )
    }

    #[test]
    fn newest_first_undated_last() {
        let c = sample();
        let titles: Vec<&str> = c.articles.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, ["One again", "Three", "One", "Undated"]);
        assert_eq!(c.errors.len(), 1);
        assert_eq!(c.errors[0].path, "bad.md");
    }

    #[test]
    fn slugs_unique_and_deterministic() {
        let c = sample();
        let one = c.articles.iter().find(|a| a.path == "a/one.md").unwrap();
        let again = c.articles.iter().find(|a| a.path == "b/one.md").unwrap();
        assert_eq!(one.slug, "one");
        assert_eq!(again.slug, format!("one-{}", short_hash("b/one.md")));
        assert_eq!(sample(), sample());
        // Order of input does not matter.
        let mut files = vec![
            ("b/one.md".to_string(), post("x", "2020-01-01", "a", "b")),
            ("a/one.md".to_string(), post("y", "2020-01-01", "a", "b")),
        ];
        let c1 = Catalog::build(files.clone(), String::new());
        files.reverse();
        assert_eq!(c1, Catalog::build(files, String::new()));
    }

    #[test]
    fn tree_counts_each_article_once() {
        let c = sample();
        let tree = c.category_tree();
        let a = CategoryNode::find(&tree, &["A".to_string()]).unwrap();
        assert_eq!(a.count, 3); // "Three" has two paths under A but counts once
        assert_eq!(
            CategoryNode::find(&tree, &["A".into(), "B".into()])
                .unwrap()
                .count,
            2
        );
        assert_eq!(
            CategoryNode::find(&tree, &["A".into(), "C".into()])
                .unwrap()
                .count,
            2
        );
        assert_eq!(CategoryNode::find(&tree, &["D".into()]).unwrap().count, 1);
        assert_eq!(c.in_category(&["A".to_string()]).count(), 3);
    }

    #[test]
    fn year_month_reads_catalog_dates_like_the_date_parsers() {
        use chrono::Datelike;
        let general =
            |d: &str| crate::core::dates::parse_catalog_date(d).map(|d| (d.year(), d.month()));
        let post = |d: &str| crate::core::dates::parse_date(d).map(|d| (d.year(), d.month()));
        for d in [
            "2021-04-30T13:34:00Z",
            "1999-12-31T23:59:59Z",
            "2024-02-29T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2021-13-01T00:00:00Z",
            "2021-00-10T00:00:00Z",
            "2021-04-31T00:00:00Z",
            "2021-04-30T24:00:00Z",
            "2021-04-30T12:60:00Z",
            "2021-04-30T12:00:60Z",
            "2021-04-30T12:00:00+08:00",
            "2021-04-30 12:00:00Z",
            "0000-01-01T00:00:00Z",
            "２０２１-04-30T13:34:00Z",
            "2021-4-30T13:34:00Z",
        ] {
            let mut a = sample().articles[0].clone();
            a.date = Some(d.to_owned());
            assert_eq!(year_month(&a), general(d), "{d}");
            // What a catalog date says, a post's date parser says too.
            if general(d).is_some() {
                assert_eq!(general(d), post(d), "{d}");
            }
            if let Some(ym) = utc_year_month(d) {
                assert_eq!(Some(ym), general(d), "fast path for {d}");
            }
        }
        assert_eq!(utc_year_month("2021-04-30T13:34:00Z"), Some((2021, 4)));
    }

    #[test]
    fn tags_authors_archive() {
        let c = sample();
        assert_eq!(
            c.tags(),
            vec![
                Facet {
                    name: "x".into(),
                    count: 2
                },
                Facet {
                    name: "y".into(),
                    count: 1
                }
            ]
        );
        assert_eq!(
            c.authors(),
            vec![Facet {
                name: "Ann".into(),
                count: 3
            }]
        );
        let ar = c.archive();
        assert_eq!(ar[0].year, 2022);
        assert_eq!(ar[1].year, 2021);
        assert_eq!(ar[1].count, 2);
        assert_eq!(ar[1].months, vec![MonthBucket { month: 1, count: 2 }]);
        assert_eq!(c.in_period(2021, Some(1)).count(), 2);
    }

    #[test]
    fn json_round_trip_and_version_check() {
        let c = sample();
        let json = c.to_json();
        assert_eq!(Catalog::from_json(&json).unwrap(), c);
        assert!(Catalog::from_json("{\"version\":2,\"articles\":[]}")
            .unwrap_err()
            .contains("version 2"));
        assert!(Catalog::from_json("[]").is_err());
    }

    #[test]
    fn from_bytes_matches_from_text() {
        let c = sample();
        let json = c.to_json();
        assert_eq!(Catalog::from_json_bytes(json.as_bytes()).unwrap(), c);
        // Slugs from elsewhere are still cleaned and made unique on the fast path.
        let mut other = c.clone();
        other.articles[0].slug = "Same Slug".into();
        other.articles[1].slug = "same-slug".into();
        let back = Catalog::from_json_bytes(other.to_json().as_bytes()).unwrap();
        assert_eq!(back, Catalog::from_json(&other.to_json()).unwrap());
        assert_eq!(back.articles[0].slug, "same-slug");
        assert_ne!(back.articles[1].slug, "same-slug");
        // A bad byte inside a title: replaced, the catalog still reads.
        let mut bytes = json.clone().into_bytes();
        let at = bytes.windows(3).position(|w| w == b"One").unwrap();
        bytes[at] = 0xff;
        let read = Catalog::from_json_bytes(&bytes).unwrap();
        assert!(
            read.articles.iter().any(|a| a.title.contains('\u{fffd}')),
            "{:?}",
            read.articles.iter().map(|a| &a.title).collect::<Vec<_>>()
        );
        assert!(Catalog::from_json_bytes(b"{\"version\":2,\"articles\":[]}")
            .unwrap_err()
            .contains("version 2"));
        assert!(Catalog::from_json_bytes(b"<!doctype html>")
            .unwrap_err()
            .contains("HTML"));
    }

    #[test]
    fn neighbours() {
        let c = sample();
        let list: Vec<&Article> = c.articles.iter().collect();
        let (prev, next) = Catalog::neighbours(&list, &c.articles[1].slug);
        assert_eq!(prev.unwrap().title, "One again");
        assert_eq!(next.unwrap().title, "One");
    }
}
