//! A catalog → the static files that announce a site to the rest of the web: an Atom 1.0
//! feed (`atom.xml`), a sitemap (`sitemap.xml`) and, for a site at a host's root,
//! `robots.txt` pointing at the sitemap. Pure text in, text out: the CLI
//! (`broadsheet feed`) reads the posts and writes the files.
//!
//! Decisions, in the way Jekyll's jekyll-feed, Zola and Hexo's hexo-generator-feed make them:
//! - **Addresses** are absolute, built from one base URL (http/https, a folder: a
//!   missing trailing slash is added; sub-paths such as `https://you.github.io/repo/`
//!   work) plus the app's own routes (`core::routes`, percent-encoded exactly as the
//!   app's links are). The files belong at the base URL itself (the sitemap protocol
//!   lets a sitemap list only addresses below its own folder).
//! - **Entries** are the dated articles, newest first, at most `limit` (0 = all).
//!   Undated articles are left out of the feed, as Zola does: a feed is a stream in time
//!   and an undated post has no place in it (stamping it with the build time would
//!   announce it again on every build). The sitemap lists them, without `lastmod`.
//! - **Ids** are the article's address (`<base>article/<slug>`, as jekyll-feed and Zola
//!   do), the feed's id is the feed's own address. Slugs are stable, so ids are too, as
//!   long as the site does not move.
//! - **Dates** are RFC 3339. `published` is the post's date; `updated` its `updated:`
//!   when that is later, else the date. The feed's `updated` is the newest entry's, so
//!   an unchanged site produces a byte-identical feed; without entries it is the
//!   catalog's `generated` (which honours `SOURCE_DATE_EPOCH`).
//! - **Categories** (each level of each category path) and tags become `<category>`
//!   with the name as `term` and the page listing them as `scheme`, as Hexo's feed does;
//!   a category's `label` is its whole path (`金融 › 中证网 › 资讯`).
//! - **Text**: the excerpt is the `<summary>`; the full body, when the caller gives it,
//!   is `<content type="html">`: HTML that went through the same render + sanitize path
//!   as the app's, relative links and images resolved against the post file's address
//!   (`articles` URL, by default `<base>articles/`, where the app's bundled posts live),
//!   with `xml:base` set to the article's page for in-article `#anchors`.
//! - **Escaping**: everything written is escaped for XML, and characters XML 1.0 cannot
//!   carry (C0 controls but tab/newline/CR, U+FFFE, U+FFFF) are dropped, with DEL and
//!   the C1 controls, which XML 1.0 discourages and XML 1.1 refuses as literals.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use url::Url;

use crate::core::article::{Article, Post};
use crate::core::catalog::{year_month, Catalog, CategoryNode, Facet};
use crate::core::dates;
use crate::core::routes;
use crate::core::urls;

pub const FEED_FILE: &str = "atom.xml";
pub const SITEMAP_FILE: &str = "sitemap.xml";
pub const ROBOTS_FILE: &str = "robots.txt";
/// The feed's title when none is given: the app's name (`app::SITE_NAME`).
pub const DEFAULT_TITLE: &str = "Broadsheet";
/// Entries in the feed when no limit is given (jekyll-feed's 10, Hexo's 20: news sites
/// post more than blogs).
pub const DEFAULT_LIMIT: usize = 20;
/// Where the app's bundled posts are, below the site root (`app::links::Base`).
pub const ARTICLES_FOLDER: &str = "articles/";

pub const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
pub const MEDIA_NS: &str = "http://search.yahoo.com/mrss/";
pub const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
/// The sitemap protocol's limits per file: 50,000 URLs and 50 MiB uncompressed. Past
/// them the URLs are split over `sitemap-1.xml`, `sitemap-2.xml`, … and `sitemap.xml`
/// becomes the sitemap index listing them.
pub const SITEMAP_MAX_URLS: usize = 50_000;
pub const SITEMAP_MAX_BYTES: usize = 50 * 1024 * 1024;
/// "less than 2,048 characters": longer addresses are left out of the sitemap.
pub const SITEMAP_MAX_URL_CHARS: usize = 2047;

/// An absolute http(s) folder URL, ending in `/`: the site's root (`--base-url`) or the
/// folder post files are served from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteUrl(String);

impl SiteUrl {
    /// Checks and normalises a base URL: http or https, a host, no credentials, query or
    /// fragment; a trailing slash is added (`https://x.github.io/repo` names the folder
    /// `repo/`). The host is lowercased (and IDNA-encoded), the path percent-encoded.
    pub fn parse(given: &str) -> Result<SiteUrl, String> {
        let t = given.trim();
        if t.is_empty() {
            return Err(
                "the base URL is empty: give the site's address, e.g. https://you.github.io/blog/"
                    .into(),
            );
        }
        let mut u = Url::parse(t).map_err(|e| {
            format!("{t:?} is not an absolute URL ({e}): give the site's full address, e.g. https://you.github.io/blog/")
        })?;
        if !matches!(u.scheme(), "http" | "https") {
            let hint = if t.contains("://") {
                ""
            } else {
                " (did you forget https://?)"
            };
            return Err(format!(
                "{t:?}: the base URL must be http:// or https://{hint}"
            ));
        }
        if u.host_str().is_none_or(str::is_empty) {
            return Err(format!("{t:?}: the base URL has no host"));
        }
        if !u.username().is_empty() || u.password().is_some() {
            return Err(format!(
                "{t:?}: the base URL must not contain a user name or password"
            ));
        }
        if u.query().is_some() || u.fragment().is_some() {
            return Err(format!(
                "{t:?}: the base URL must not have a ?query or #fragment"
            ));
        }
        if !u.path().ends_with('/') {
            let p = format!("{}/", u.path());
            u.set_path(&p);
        }
        Ok(SiteUrl(u.into()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The absolute URL of an app route (`/article/x`) or a file (`atom.xml`) below it.
    pub fn join(&self, route: &str) -> String {
        format!("{}{}", self.0, route.trim_start_matches('/'))
    }

    /// Whether this is a host's root (`https://x.example/`): only there does a
    /// `robots.txt` count.
    pub fn is_host_root(&self) -> bool {
        Url::parse(&self.0).is_ok_and(|u| u.path() == "/")
    }

    /// A reference relative to this folder (or absolute) as an absolute http(s) URL.
    fn resolve(&self, reference: &str) -> Option<String> {
        let base = Url::parse(&self.0).ok()?;
        let u = base.join(reference).ok()?;
        matches!(u.scheme(), "http" | "https").then(|| u.to_string())
    }
}

/// What the feed says about the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOptions {
    pub site: SiteUrl,
    /// Where the post files are served (their catalog paths are relative to it):
    /// relative links and images in bodies and thumbnails resolve against it.
    pub articles: SiteUrl,
    pub title: String,
    pub subtitle: Option<String>,
    /// The feed's author (Atom wants one for entries without their own): default the title.
    pub author: Option<String>,
    /// Most entries; 0 = every dated article.
    pub limit: usize,
}

impl FeedOptions {
    /// The defaults for a site: title "Broadsheet", 20 entries, posts at `<base>articles/`.
    pub fn new(site: SiteUrl) -> FeedOptions {
        let articles = SiteUrl(site.join(ARTICLES_FOLDER));
        FeedOptions {
            site,
            articles,
            title: DEFAULT_TITLE.to_owned(),
            subtitle: None,
            author: None,
            limit: DEFAULT_LIMIT,
        }
    }

    pub fn feed_url(&self) -> String {
        self.site.join(FEED_FILE)
    }

    /// The article's page in the app.
    pub fn article_url(&self, a: &Article) -> String {
        self.site.join(&routes::article(&a.slug))
    }

    /// The post file's own address (what its relative links are relative to).
    pub fn article_file_url(&self, a: &Article) -> String {
        if is_http(&a.path) {
            return a.path.clone();
        }
        self.articles
            .resolve(&urls::encode_path(&a.path))
            .unwrap_or_else(|| self.articles.join(&urls::encode_path(&a.path)))
    }

    /// The full body for `<content>`: rendered and sanitized as the app does, relative
    /// URLs made absolute against the post file's address.
    pub fn content_html(&self, post: &Post) -> String {
        post.render(&self.article_file_url(&post.article)).html
    }

    /// A front-matter image (http(s) URL or a path relative to the catalog) as an
    /// absolute URL, as `app::links::Base::image_url` resolves it.
    pub(crate) fn image_url(&self, image: &str) -> Option<String> {
        if is_http(image) || image.starts_with("//") {
            self.articles.resolve(image)
        } else {
            self.articles.resolve(&urls::encode_path(image))
        }
    }
}

fn is_http(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// An RFC 3339 date and its instant (for comparing).
type Stamp = (i64, String);

fn stamp(raw: Option<&str>) -> Option<Stamp> {
    let d = dates::parse_date(raw?)?;
    Some((d.timestamp(), dates::to_rfc3339(&d)))
}

/// `published` and `updated` of a dated article; `None` when it has no readable date.
fn article_stamps(a: &Article) -> Option<(Stamp, Stamp)> {
    let published = stamp(a.date.as_deref())?;
    let updated = match stamp(a.updated.as_deref()) {
        Some(u) if u.0 >= published.0 => u,
        _ => published.clone(),
    };
    Some((published, updated))
}

/// The article's last change, for the sitemap: `updated` if later, else `date`.
fn last_modified(a: &Article) -> Option<Stamp> {
    article_stamps(a).map(|(_, u)| u)
}

/// The articles the feed holds: dated ones, newest first (ties in catalog order), at
/// most `limit` (0 = all).
pub fn feed_entries(catalog: &Catalog, limit: usize) -> Vec<&Article> {
    let mut dated: Vec<(i64, &Article)> = catalog
        .articles
        .iter()
        .filter_map(|a| article_stamps(a).map(|(p, _)| (p.0, a)))
        .collect();
    // Stable: the catalog's own tie-break (title, path) survives.
    dated.sort_by_key(|(t, _)| std::cmp::Reverse(*t));
    let take = if limit == 0 { dated.len() } else { limit };
    dated.into_iter().take(take).map(|(_, a)| a).collect()
}

/// The Atom feed. `content(article)` gives an entry's full HTML body (from
/// `FeedOptions::content_html`), or `None` for a summary-only entry.
pub fn atom(
    catalog: &Catalog,
    opts: &FeedOptions,
    content: impl Fn(&Article) -> Option<String>,
) -> String {
    let entries = feed_entries(catalog, opts.limit);
    let updated = entries
        .iter()
        .filter_map(|a| article_stamps(a).map(|(_, u)| u))
        .max_by_key(|s| s.0)
        .or_else(|| stamp(Some(&catalog.generated)))
        .map_or_else(|| "1970-01-01T00:00:00Z".to_owned(), |s| s.1);
    let title = non_empty(&clean(&opts.title)).unwrap_or_else(|| DEFAULT_TITLE.to_owned());
    let author = opts
        .author
        .as_deref()
        .and_then(|a| non_empty(&clean(a)))
        .unwrap_or_else(|| title.clone());
    let feed_url = opts.feed_url();

    let mut x = String::with_capacity(4096 + entries.len() * 2048);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"{ATOM_NS}\" xmlns:media=\"{MEDIA_NS}\">");
    text_el(&mut x, 1, "id", &[], &feed_url);
    text_el(&mut x, 1, "title", &[("type", "text")], &title);
    if let Some(sub) = opts.subtitle.as_deref().and_then(|s| non_empty(&clean(s))) {
        text_el(&mut x, 1, "subtitle", &[("type", "text")], &sub);
    }
    text_el(&mut x, 1, "updated", &[], &updated);
    empty_el(
        &mut x,
        1,
        "link",
        &[
            ("rel", "self"),
            ("type", "application/atom+xml"),
            ("href", &feed_url),
        ],
    );
    empty_el(
        &mut x,
        1,
        "link",
        &[
            ("rel", "alternate"),
            ("type", "text/html"),
            ("href", opts.site.as_str()),
        ],
    );
    x.push_str("  <author>\n");
    text_el(&mut x, 2, "name", &[], &author);
    text_el(&mut x, 2, "uri", &[], opts.site.as_str());
    x.push_str("  </author>\n");
    text_el(
        &mut x,
        1,
        "generator",
        &[("version", env!("CARGO_PKG_VERSION"))],
        "Broadsheet",
    );
    for a in entries {
        entry(&mut x, a, opts, content(a));
    }
    x.push_str("</feed>\n");
    x
}

fn entry(x: &mut String, a: &Article, opts: &FeedOptions, content: Option<String>) {
    let Some((published, updated)) = article_stamps(a) else {
        return;
    };
    let url = opts.article_url(a);
    x.push_str("  <entry>\n");
    text_el(x, 2, "id", &[], &url);
    let title = non_empty(&clean(&a.title)).unwrap_or_else(|| a.slug.clone());
    text_el(x, 2, "title", &[("type", "text")], &title);
    empty_el(
        x,
        2,
        "link",
        &[("rel", "alternate"), ("type", "text/html"), ("href", &url)],
    );
    text_el(x, 2, "published", &[], &published.1);
    text_el(x, 2, "updated", &[], &updated.1);
    if let Some(name) = a.author.as_deref().and_then(|n| non_empty(&clean(n))) {
        x.push_str("    <author>\n");
        text_el(x, 3, "name", &[], &name);
        text_el(
            x,
            3,
            "uri",
            &[],
            &opts
                .site
                .join(&routes::author(a.author.as_deref().unwrap_or_default())),
        );
        x.push_str("    </author>\n");
    }
    let mut seen: HashSet<String> = HashSet::new();
    for path in &a.categories {
        for depth in 1..=path.len() {
            let prefix = &path[..depth];
            let scheme = opts.site.join(&routes::category(prefix));
            if !seen.insert(scheme.clone()) {
                continue;
            }
            let label = prefix.join(" › ");
            empty_el(
                x,
                2,
                "category",
                &[
                    ("term", &prefix[depth - 1]),
                    ("scheme", &scheme),
                    ("label", &label),
                ],
            );
        }
    }
    for t in &a.tags {
        let scheme = opts.site.join(&routes::tag(t));
        if seen.insert(scheme.clone()) {
            empty_el(x, 2, "category", &[("term", t), ("scheme", &scheme)]);
        }
    }
    if !a.excerpt.trim().is_empty() {
        text_el(x, 2, "summary", &[("type", "text")], &a.excerpt);
    }
    if let Some(html) = content {
        text_el(
            x,
            2,
            "content",
            &[("type", "html"), ("xml:base", &url)],
            html.trim(),
        );
    }
    if let Some(img) = a.thumbnail.as_deref().and_then(|t| opts.image_url(t)) {
        empty_el(x, 2, "media:thumbnail", &[("url", &img)]);
    }
    x.push_str("  </entry>\n");
}

/// One address of the sitemap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapUrl {
    pub loc: String,
    /// RFC 3339 (a W3C Datetime), when known.
    pub lastmod: Option<String>,
}

/// Every page of the site worth crawling, in this order: home, each article, each
/// category (tree order), the tag index and each tag, the author index and each
/// author, the archive, each year and month. `lastmod` of a list page is the newest
/// change among its articles. Addresses longer than the sitemap protocol allows are
/// returned separately.
pub fn sitemap_urls(catalog: &Catalog, site: &SiteUrl) -> (Vec<SitemapUrl>, Vec<String>) {
    let mut changes = ListChanges::default();
    let mut articles = Vec::with_capacity(catalog.articles.len());
    for a in &catalog.articles {
        let m = last_modified(a);
        articles.push(SitemapUrl {
            loc: site.join(&routes::article(&a.slug)),
            lastmod: m.as_ref().map(|s| s.1.clone()),
        });
        if let Some(m) = m {
            changes.record(a, &m);
        }
    }

    let mut urls = vec![SitemapUrl {
        loc: site.as_str().to_owned(),
        lastmod: lastmod(changes.newest.as_ref()),
    }];
    urls.extend(articles);
    push_category_urls(
        &catalog.category_tree(),
        site,
        &changes.categories,
        &mut urls,
    );
    push_facet_urls(
        &catalog.tags(),
        "/tags",
        routes::tag,
        site,
        &changes.tags,
        &mut urls,
    );
    push_facet_urls(
        &catalog.authors(),
        "/authors",
        routes::author,
        site,
        &changes.authors,
        &mut urls,
    );
    push_archive_urls(catalog, site, &changes, &mut urls);
    // Category, tag and author names may repeat an address only through odd data (a
    // tag list with the same tag twice is counted once already); keep the first.
    let mut seen = HashSet::new();
    urls.retain(|u| seen.insert(u.loc.clone()));
    let (ok, too_long): (Vec<SitemapUrl>, Vec<SitemapUrl>) = urls
        .into_iter()
        .partition(|u| u.loc.chars().count() <= SITEMAP_MAX_URL_CHARS);
    (ok, too_long.into_iter().map(|u| u.loc).collect())
}

/// The last change of each list page: the newest among the articles it lists.
#[derive(Default)]
struct ListChanges<'c> {
    /// The home page's: among all articles.
    newest: Option<Stamp>,
    /// Each category path's, counting its sub-categories' articles.
    categories: HashMap<&'c [String], Stamp>,
    tags: HashMap<&'c str, Stamp>,
    authors: HashMap<&'c str, Stamp>,
    years: HashMap<i32, Stamp>,
    months: HashMap<(i32, u32), Stamp>,
}

impl<'c> ListChanges<'c> {
    /// Counts article `a`, last changed at `m`, on every list page it appears on.
    fn record(&mut self, a: &'c Article, m: &Stamp) {
        bump(&mut self.newest, m);
        for path in &a.categories {
            for depth in 1..=path.len() {
                bump_in(&mut self.categories, &path[..depth], m);
            }
        }
        for t in &a.tags {
            bump_in(&mut self.tags, t.as_str(), m);
        }
        if let Some(name) = a.author.as_deref() {
            bump_in(&mut self.authors, name, m);
        }
        if let Some((y, mo)) = year_month(a) {
            bump_in(&mut self.years, y, m);
            bump_in(&mut self.months, (y, mo), m);
        }
    }
}

/// A page's `lastmod`: its last change, when known.
fn lastmod(change: Option<&Stamp>) -> Option<String> {
    change.map(|s| s.1.clone())
}

/// An index page's `lastmod`: the newest change among the pages it lists.
fn newest_of<'s>(changes: impl Iterator<Item = &'s Stamp>) -> Option<String> {
    changes.max_by_key(|s| s.0).map(|s| s.1.clone())
}

/// Each category's page, in tree order (parents before their children).
fn push_category_urls(
    nodes: &[CategoryNode],
    site: &SiteUrl,
    changes: &HashMap<&[String], Stamp>,
    urls: &mut Vec<SitemapUrl>,
) {
    for n in nodes {
        urls.push(SitemapUrl {
            loc: site.join(&routes::category(&n.path)),
            lastmod: lastmod(changes.get(n.path.as_slice())),
        });
        push_category_urls(&n.children, site, changes, urls);
    }
}

/// The index page of tags or authors (`index`) and each one's page (`route`); nothing
/// when there are none.
fn push_facet_urls(
    facets: &[Facet],
    index: &str,
    route: fn(&str) -> String,
    site: &SiteUrl,
    changes: &HashMap<&str, Stamp>,
    urls: &mut Vec<SitemapUrl>,
) {
    if facets.is_empty() {
        return;
    }
    urls.push(SitemapUrl {
        loc: site.join(index),
        lastmod: newest_of(changes.values()),
    });
    for f in facets {
        urls.push(SitemapUrl {
            loc: site.join(&route(&f.name)),
            lastmod: lastmod(changes.get(f.name.as_str())),
        });
    }
}

/// The archive, each year and each month; nothing when no article is dated.
fn push_archive_urls(
    catalog: &Catalog,
    site: &SiteUrl,
    changes: &ListChanges<'_>,
    urls: &mut Vec<SitemapUrl>,
) {
    let archive = catalog.archive();
    if archive.is_empty() {
        return;
    }
    urls.push(SitemapUrl {
        loc: site.join(&routes::archive(None, None)),
        lastmod: newest_of(changes.years.values()),
    });
    for y in &archive {
        urls.push(SitemapUrl {
            loc: site.join(&routes::archive(Some(y.year), None)),
            lastmod: lastmod(changes.years.get(&y.year)),
        });
        for m in &y.months {
            urls.push(SitemapUrl {
                loc: site.join(&routes::archive(Some(y.year), Some(m.month))),
                lastmod: lastmod(changes.months.get(&(y.year, m.month))),
            });
        }
    }
}

fn bump(slot: &mut Option<Stamp>, s: &Stamp) {
    if slot.as_ref().is_none_or(|cur| s.0 > cur.0) {
        *slot = Some(s.clone());
    }
}

fn bump_in<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Stamp>, key: K, s: &Stamp) {
    match map.get_mut(&key) {
        Some(cur) if s.0 > cur.0 => *cur = s.clone(),
        Some(_) => {}
        None => {
            map.insert(key, s.clone());
        }
    }
}

/// The sitemap's files: `(file name, XML)`, `sitemap.xml` first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sitemap {
    pub files: Vec<(String, String)>,
    /// How many addresses the files list.
    pub urls: usize,
    /// Addresses left out for being longer than the protocol allows.
    pub too_long: Vec<String>,
}

/// `sitemap-<n>.xml`, the parts of a split sitemap (a re-run removes stale ones).
pub fn is_sitemap_part_name(name: &str) -> bool {
    name.strip_prefix("sitemap-")
        .and_then(|r| r.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The sitemap, within the protocol's limits per file.
pub fn sitemap(catalog: &Catalog, site: &SiteUrl) -> Sitemap {
    sitemap_with_limits(catalog, site, SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES)
}

/// `sitemap` with other per-file limits (tests split small catalogs with these).
pub fn sitemap_with_limits(
    catalog: &Catalog,
    site: &SiteUrl,
    max_urls: usize,
    max_bytes: usize,
) -> Sitemap {
    const HEAD: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    let open = format!("<urlset xmlns=\"{SITEMAP_NS}\">\n");
    const CLOSE: &str = "</urlset>\n";
    let (urls, too_long) = sitemap_urls(catalog, site);
    let count = urls.len();

    // Each part: its XML and its newest lastmod (for the index).
    let mut parts: Vec<(String, Option<Stamp>)> = Vec::new();
    let mut cur = String::new();
    let mut cur_n = 0;
    let mut cur_newest: Option<Stamp> = None;
    let overhead = HEAD.len() + open.len() + CLOSE.len();
    for u in &urls {
        let mut e = String::from("  <url>\n");
        text_el(&mut e, 2, "loc", &[], &u.loc);
        if let Some(m) = &u.lastmod {
            text_el(&mut e, 2, "lastmod", &[], m);
        }
        e.push_str("  </url>\n");
        if cur_n > 0 && (cur_n >= max_urls.max(1) || overhead + cur.len() + e.len() > max_bytes) {
            parts.push((std::mem::take(&mut cur), cur_newest.take()));
            cur_n = 0;
        }
        cur.push_str(&e);
        cur_n += 1;
        if let Some(s) = stamp(u.lastmod.as_deref()) {
            bump(&mut cur_newest, &s);
        }
    }
    parts.push((cur, cur_newest));
    let wrap = |body: &str| format!("{HEAD}{open}{body}{CLOSE}");

    let files = if parts.len() == 1 {
        vec![(SITEMAP_FILE.to_owned(), wrap(&parts[0].0))]
    } else {
        let mut index = format!("{HEAD}<sitemapindex xmlns=\"{SITEMAP_NS}\">\n");
        let mut files = Vec::with_capacity(parts.len() + 1);
        for (i, (body, newest)) in parts.iter().enumerate() {
            let name = format!("sitemap-{}.xml", i + 1);
            index.push_str("  <sitemap>\n");
            text_el(&mut index, 2, "loc", &[], &site.join(&name));
            if let Some(s) = newest {
                text_el(&mut index, 2, "lastmod", &[], &s.1);
            }
            index.push_str("  </sitemap>\n");
            files.push((name, wrap(body)));
        }
        index.push_str("</sitemapindex>\n");
        files.insert(0, (SITEMAP_FILE.to_owned(), index));
        files
    };
    Sitemap {
        files,
        urls: count,
        too_long,
    }
}

/// `robots.txt` allowing everything and naming the sitemap, for a site at its host's
/// root; `None` under a sub-path, where crawlers never look for one.
pub fn robots_txt(site: &SiteUrl) -> Option<String> {
    site.is_host_root().then(|| {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.join(SITEMAP_FILE)
        )
    })
}

/// Whether XML 1.0 may carry `c` as text (and it is not one of the discouraged
/// controls: DEL and C1).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// `s` without the characters XML cannot carry, whitespace trimmed.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| is_xml_char(c))
        .collect::<String>()
        .trim()
        .to_owned()
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// Escapes text content. `\r` is written as a reference: a literal one would be read
/// back as `\n`.
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars().filter(|&c| is_xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a double-quoted attribute value; tab, newline and CR as references, which
/// attribute-value normalisation would otherwise turn into spaces.
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars().filter(|&c| is_xml_char(c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
    out
}

fn open_tag(x: &mut String, indent: usize, name: &str, attrs: &[(&str, &str)]) {
    for _ in 0..indent {
        x.push_str("  ");
    }
    x.push('<');
    x.push_str(name);
    for (k, v) in attrs {
        let _ = write!(x, " {k}=\"{}\"", escape_attr(v));
    }
}

fn text_el(x: &mut String, indent: usize, name: &str, attrs: &[(&str, &str)], text: &str) {
    open_tag(x, indent, name, attrs);
    let _ = writeln!(x, ">{}</{name}>", escape_text(text));
}

fn empty_el(x: &mut String, indent: usize, name: &str, attrs: &[(&str, &str)]) {
    open_tag(x, indent, name, attrs);
    x.push_str("/>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_normalised() {
        let ok = |s: &str| SiteUrl::parse(s).unwrap().as_str().to_owned();
        assert_eq!(
            ok("https://you.github.io/repo"),
            "https://you.github.io/repo/"
        );
        assert_eq!(
            ok(" https://You.GitHub.io/repo/ "),
            "https://you.github.io/repo/"
        );
        assert_eq!(ok("http://127.0.0.1:8080"), "http://127.0.0.1:8080/");
        assert_eq!(
            ok("https://例子.测试/新闻"),
            "https://xn--fsqu00a.xn--0zwm56d/%E6%96%B0%E9%97%BB/"
        );
        for (bad, why) in [
            ("", "empty"),
            ("you.github.io/repo", "not an absolute URL"),
            ("localhost:8080", "forget https://"),
            ("ftp://x.example/", "http:// or https://"),
            ("javascript:alert(1)", "http:// or https://"),
            ("file:///srv/site/", "http:// or https://"),
            ("https://u:p@x.example/", "user name or password"),
            ("https://x.example/?a=1", "query"),
            ("https://x.example/#top", "fragment"),
            ("/repo/", "not an absolute URL"),
        ] {
            let e = SiteUrl::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad:?}: {e}");
        }
    }

    #[test]
    fn joins_and_roots() {
        let s = SiteUrl::parse("https://x.example/sub/").unwrap();
        assert_eq!(s.join("/article/a"), "https://x.example/sub/article/a");
        assert_eq!(s.join(FEED_FILE), "https://x.example/sub/atom.xml");
        assert!(!s.is_host_root() && robots_txt(&s).is_none());
        let r = SiteUrl::parse("https://x.example").unwrap();
        assert!(r.is_host_root());
        assert_eq!(
            robots_txt(&r).unwrap(),
            "User-agent: *\nAllow: /\n\nSitemap: https://x.example/sitemap.xml\n"
        );
    }

    #[test]
    fn escaping_drops_what_xml_cannot_carry() {
        assert_eq!(
            escape_text("a & <b> ]]> \u{1}\u{8}\u{b}\u{c}\u{7f}\u{85}\u{fffe}\u{ffff}z\r\n"),
            "a &amp; &lt;b&gt; ]]&gt; z&#xD;\n"
        );
        assert_eq!(
            escape_attr("\"x\" 'y'\t\n<&>"),
            "&quot;x&quot; 'y'&#x9;&#xA;&lt;&amp;&gt;"
        );
        assert_eq!(escape_text("嘀嗒 🚗 \u{e000}"), "嘀嗒 🚗 \u{e000}");
    }

    #[test]
    fn sitemap_part_names() {
        assert!(is_sitemap_part_name("sitemap-1.xml") && is_sitemap_part_name("sitemap-12.xml"));
        assert!(
            !is_sitemap_part_name("sitemap.xml")
                && !is_sitemap_part_name("sitemap-.xml")
                && !is_sitemap_part_name("sitemap-a.xml")
        );
    }
}
