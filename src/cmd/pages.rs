//! `broadsheet pages`: an HTML document for the routes of a built site, so each
//! address shows its content before (and without) the app: the home list, every
//! category, tag and author, the tags, authors and archive indexes, each year and month
//! of the archive, and every article with its whole body. The body of each page is the
//! app's own components rendered natively (`app::render`, the markup the app draws);
//! its head (`core::page_head`) carries the title, description, canonical address,
//! Open Graph and Twitter cards and JSON-LD. The rest of each document is the build's
//! `index.html` (its scripts, styles and Content-Security-Policy), so the app starts on
//! every page as it does on index.html.
//!
//! Files go where a static host serves the app's addresses from: `/` → `index.html`,
//! `/article/x` → `article/x.html` (GitHub Pages, and `scripts/serve.mjs`, answer
//! `/a/b` with `a/b.html`: no redirect, the same URL). An address whose file name
//! could not be written as is (a segment with `/`, `\`, a leading `.`, or longer than
//! `SEGMENT_MAX` bytes) is left to `404.html`, which boots the app there as before.
//! The template is `404.html` (the build's copy of index.html, `scripts/bundle-articles.sh`),
//! else index.html: index.html itself becomes the home page, and running again reads
//! the unchanged 404.html.
//! Every page of a paged list is written (`/tag/x/page/2` → `tag/x/page/2.html`,
//! `core::routes::paged`), linked by rel=prev/next.
//!
//! Pages are drawn from the site data (`core::site_data`: `site.json` and its shards),
//! read as the app reads it (`app::shards`, from files): before a page is drawn, the
//! list chunk and card blocks it shows are read (an article: its block and its
//! neighbours'), and the components draw what is at hand. No page list is held either
//! (`Plan` works page `i` out when it is written): memory grows with the lists
//! (categories, tags, authors, months), not with the articles.

use std::path::PathBuf;
use std::sync::Arc;

use super::{in_parallel, progress_bar_for};
use crate::app::components::card::PAGE_SIZE;
use crate::app::i18n::Locale;
use crate::app::lists::ListKind;
use crate::app::render;
use crate::app::routes::article::BodyAtHand;
use crate::app::shards::Shards;
use crate::app::site::Site;
use crate::core::article::{read_post, Article};
use crate::core::catalog::CategoryNode;
use crate::core::feed::FeedOptions;
use crate::core::page_head::{ArticleType, PageHead};
use crate::core::routes;
use crate::core::site_data::{Manifest, MANIFEST_FILE};
use crate::core::urls::percent_decode;
use futures::executor::block_on;

/// Marks a document written by this command (the app takes over from it; a template
/// that has it is refused: pages are made from the build's own shell).
pub const PRERENDERED: &str = "data-bs-prerendered";

/// Longest file-name segment written (bytes; most file systems allow 255).
const SEGMENT_MAX: usize = 200;

/// What to write.
pub(super) struct Options {
    /// The built site: its `index.html` is the template, pages are written next to it.
    pub site_dir: PathBuf,
    /// The folder holding the site data (`site.json`) and the post files (default:
    /// SITE_DIR/articles).
    pub articles_dir: PathBuf,
    pub feed: FeedOptions,
    pub article_type: ArticleType,
    pub locale: Locale,
    pub quiet: bool,
}

/// One page to write.
struct Page {
    /// Its address below the site root.
    route: String,
    head: PageHead,
    /// An article page's body (`None` when its file cannot be read here).
    body: Option<BodyAtHand>,
}

/// A list of the site, written a page per `PAGE_SIZE` articles.
struct List {
    route: String,
    title: String,
    description: String,
    /// How many articles it has.
    count: usize,
    /// Whether it is cut into pages (an index page — tags, authors, archive — is one).
    paged: bool,
    /// What its pages show, read before each is drawn.
    shows: Shows,
}

/// The site data a list page draws from.
enum Shows {
    Articles(ListKind),
    /// Every tag (`false`) or author, with counts.
    Facets(bool),
    /// Only what the manifest holds (the archive's years and months).
    Manifest,
}

impl List {
    fn pages(&self) -> usize {
        if self.paged {
            self.count.div_ceil(PAGE_SIZE).max(1)
        } else {
            1
        }
    }

    /// Page `n`'s head: chained to the pages before and after by rel=prev/next.
    fn head(&self, f: &FeedOptions, n: usize) -> PageHead {
        let at = routes::paged(&self.route, n);
        let mut head = PageHead::list(f, &at, &self.title, &self.description);
        head.prev = (n > 1).then(|| f.site.join(&routes::paged(&self.route, n - 1)));
        head.next = (n < self.pages()).then(|| f.site.join(&routes::paged(&self.route, n + 1)));
        head
    }
}

/// Every page of the site, in order: each list's pages, then every article by its
/// number (newest first). Pages are not held: page `i` is worked out when it is
/// written, so memory grows with the lists (categories, tags, authors, months), not
/// with the articles.
struct Plan {
    lists: Vec<List>,
    /// The index of each list's first page.
    starts: Vec<usize>,
    list_pages: usize,
    articles: usize,
}

/// Page `i` of a `Plan`.
enum PageAt<'a> {
    /// Page `n` (1-based) of a list.
    List(&'a List, usize),
    /// The article numbered `doc`.
    Article(usize),
}

impl Plan {
    fn new(lists: Vec<List>, articles: usize) -> Plan {
        let mut starts = Vec::with_capacity(lists.len());
        let mut list_pages = 0;
        for l in &lists {
            starts.push(list_pages);
            list_pages += l.pages();
        }
        Plan {
            lists,
            starts,
            list_pages,
            articles,
        }
    }

    fn len(&self) -> usize {
        self.list_pages + self.articles
    }

    fn at(&self, i: usize) -> PageAt<'_> {
        if i >= self.list_pages {
            return PageAt::Article(i - self.list_pages);
        }
        // The last list starting at or before `i`.
        let l = self.starts.partition_point(|&s| s <= i) - 1;
        PageAt::List(&self.lists[l], i - self.starts[l] + 1)
    }
}

pub(super) fn run(opts: &Options) -> Result<(), String> {
    // 404.html is the build's index.html as it was (the app's shell for addresses
    // that have no page), unlike index.html once the home page is written over it.
    let template_path = ["404.html", "index.html"]
        .iter()
        .map(|f| opts.site_dir.join(f))
        .find(|p| p.is_file())
        .unwrap_or_else(|| opts.site_dir.join("404.html"));
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| format!("cannot read {}: {e}", template_path.display()))?;
    let shell = Shell::parse(&template).map_err(|e| format!("{}: {e}", template_path.display()))?;
    // The site data (`core::site_data`), read a shard at a time as pages need it.
    let manifest_path = opts.articles_dir.join(MANIFEST_FILE);
    let manifest = std::fs::read(&manifest_path)
        .map_err(|e| {
            format!(
                "cannot read {} (run `broadsheet index` first): {e}",
                manifest_path.display()
            )
        })
        .and_then(|bytes| Manifest::from_json_bytes(&bytes))
        .map_err(|e| format!("{}: {e}", manifest_path.display()))?;
    let open = || Shards::on_disk(manifest.clone(), &opts.articles_dir);
    let plan = plan(&open(), opts)?;
    let bar = progress_bar_for(plan.len(), opts.quiet, "writing pages");
    let base = opts.feed.site.as_str().to_owned();
    // Per page: whether it was written (else left to 404.html). Each worker reads the
    // shards through its own site (its caches are bounded: `app::shards`).
    let (written, _) = in_parallel(
        plan.len(),
        |_| Arc::new(Site::sharded(open())),
        |site, i| {
            bar.inc(1);
            let Some(shards) = site.shards.as_deref() else {
                return Err("a site read in pieces has its shards".to_owned());
            };
            let Page { route, head, body } = prepare(shards, &plan, i, opts)?;
            let Some(file) = file_of(&route) else {
                return Ok(false);
            };
            let html = render::page_with_body(Arc::clone(site), &base, &route, opts.locale, body);
            let doc = shell.document(&head, &html, opts.locale);
            let path = opts.site_dir.join(&file);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            std::fs::write(&path, doc)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            Ok::<bool, String>(true)
        },
    )?;
    bar.finish_and_clear();
    if !opts.quiet {
        let n = written.iter().filter(|&&w| w).count();
        eprintln!(
            "{n} pages written under {} ({} addresses left to 404.html: their names cannot be files)",
            opts.site_dir.display(),
            written.len() - n
        );
    }
    Ok(())
}

/// Page `i` of `plan`, ready to be drawn from `shards`: its address, its head, and
/// the shards it shows read (the app's components draw what is at hand at once).
fn prepare(shards: &Shards, plan: &Plan, i: usize, opts: &Options) -> Result<Page, String> {
    Ok(match plan.at(i) {
        PageAt::List(list, n) => {
            match &list.shows {
                Shows::Articles(kind) => {
                    block_on(shards.list_page(kind, n, PAGE_SIZE))?;
                    // What the list's view draws at once (else it would write its
                    // loading placeholder).
                    if shards.cached_list_page(kind, n, PAGE_SIZE).is_none() {
                        return Err(format!("{}: page {n} is not at hand", list.route));
                    }
                }
                Shows::Facets(authors) => {
                    block_on(shards.facets(*authors))?;
                }
                Shows::Manifest => {}
            }
            Page {
                route: routes::paged(&list.route, n),
                head: list.head(&opts.feed, n),
                body: None,
            }
        }
        PageAt::Article(doc) => {
            let a = block_on(shards.articles(&[doc]))?
                .pop()
                .ok_or_else(|| format!("article {doc} is missing"))?;
            block_on(shards.prepare_article(&a.slug))?;
            if shards.cached_article(&a.slug).is_none() || shards.cached_neighbours(doc).is_none() {
                return Err(format!("article {}: not at hand", a.slug));
            }
            Page {
                route: routes::article(&a.slug),
                head: PageHead::article(&opts.feed, &a, opts.article_type),
                body: body_of(&a, opts).map(|body| BodyAtHand {
                    slug: a.slug.clone(),
                    body: Arc::new(body),
                }),
            }
        }
    })
}

/// An article's body rendered and sanitized as the app renders it (relative links and
/// images resolved against the post file's address); `None` when its file cannot be
/// read here (an error on stderr: the page then shows the loading placeholder and the
/// app loads the body).
fn body_of(a: &Article, opts: &Options) -> Option<crate::core::body::RenderedBody> {
    if a.path.contains("://") {
        return None;
    }
    let file = opts.articles_dir.join(&a.path);
    let bytes = std::fs::read(&file)
        .map_err(|e| eprintln!("  error: {}: {e}", file.display()))
        .ok()?;
    let post = read_post(&a.path, &bytes)
        .map_err(|e| eprintln!("  error: {}: {e}", a.path))
        .ok()?;
    Some(post.render(&opts.feed.article_file_url(a)))
}

/// Every list of the site, from its manifest and its tags and authors files: the home
/// list, each category, the tags index and each tag, the authors index and each
/// author, the archive, each year and each month.
fn plan(shards: &Shards, opts: &Options) -> Result<Plan, String> {
    let f = &opts.feed;
    let l = opts.locale;
    let t = l.t();
    let m = &shards.manifest;
    let total = m.articles;
    let newest: Vec<usize> = (0..total.min(5)).collect();
    // The home page describes itself by its newest titles.
    let newest = block_on(shards.articles(&newest))?
        .iter()
        .map(|a| a.title.clone())
        .collect::<Vec<_>>()
        .join(" · ");
    let mut lists = vec![List {
        route: "/".to_owned(),
        title: f.title.clone(),
        description: newest,
        count: total,
        paged: true,
        shows: Shows::Articles(ListKind::Latest { q: String::new() }),
    }];
    let mut list = |route: String, title: String, count: usize, paged: bool, shows: Shows| {
        let description = format!("{} · {}", title, l.articles(count));
        lists.push(List {
            route,
            title,
            description,
            count,
            paged,
            shows,
        });
    };
    let mut stack: Vec<CategoryNode> = m.category_tree();
    stack.reverse();
    while let Some(node) = stack.pop() {
        list(
            routes::category(&node.path),
            node.path.join(" › "),
            node.count,
            true,
            Shows::Articles(ListKind::Category(node.path.clone())),
        );
        stack.extend(node.children.into_iter().rev());
    }
    list(
        "/tags".to_owned(),
        t.tags.to_owned(),
        total,
        false,
        Shows::Facets(false),
    );
    for tag in block_on(shards.facets(false))?.iter() {
        list(
            routes::tag(&tag.name),
            format!("#{}", tag.name),
            tag.count,
            true,
            Shows::Articles(ListKind::Tag(tag.name.clone())),
        );
    }
    list(
        "/authors".to_owned(),
        t.authors.to_owned(),
        total,
        false,
        Shows::Facets(true),
    );
    for author in block_on(shards.facets(true))?.iter() {
        list(
            routes::author(&author.name),
            author.name.clone(),
            author.count,
            true,
            Shows::Articles(ListKind::Author(author.name.clone())),
        );
    }
    list(
        routes::archive(None, None),
        t.archive.to_owned(),
        total,
        false,
        Shows::Manifest,
    );
    for year in &m.archive {
        list(
            routes::archive(Some(year.year), None),
            year.year.to_string(),
            year.count,
            true,
            Shows::Articles(ListKind::Period(year.year, None)),
        );
        for mo in &year.months {
            list(
                routes::archive(Some(year.year), Some(mo.month)),
                l.month_year(year.year, mo.month),
                mo.count,
                true,
                Shows::Articles(ListKind::Period(year.year, Some(mo.month))),
            );
        }
    }
    Ok(Plan::new(lists, total))
}

/// The file that a static host serves `route` from: `index.html` for `/`, else the
/// decoded path + `.html`; `None` when a segment cannot be a file name as is.
pub fn file_of(route: &str) -> Option<PathBuf> {
    // Decoded, a category level named "page" (written %70age) followed by a number
    // would be the file of a page of its parent's list: that address keeps 404.html.
    let decoded = percent_decode(route);
    if routes::split_page(&decoded).1 > 1 && routes::split_page(route).1 == 1 {
        return None;
    }
    let path = route.trim_start_matches('/');
    if path.is_empty() {
        return Some(PathBuf::from("index.html"));
    }
    let mut file = PathBuf::new();
    let segments: Vec<&str> = path.split('/').collect();
    for (i, seg) in segments.iter().enumerate() {
        let name = percent_decode(seg);
        let bad = name.is_empty()
            || name.starts_with('.')
            || name.contains(['/', '\\', '\0'])
            || name.len() > SEGMENT_MAX;
        if bad {
            return None;
        }
        if i + 1 == segments.len() {
            file.push(format!("{name}.html"));
        } else {
            file.push(name);
        }
    }
    Some(file)
}

/// The build's index.html cut where a page's own parts go.
struct Shell {
    /// Up to `<html`'s attributes (exclusive).
    before_html: String,
    /// From after `<html …>` to `</head>` (exclusive), without the template's title and
    /// description.
    head: String,
    /// `</head>` up to and including `<body…>`.
    body_open: String,
    /// After `<body…>`, without the "needs JavaScript" notice.
    rest: String,
}

impl Shell {
    fn parse(html: &str) -> Result<Shell, String> {
        if html.contains(PRERENDERED) {
            return Err(
                "this is a page written by `broadsheet pages`, not the build's index.html".into(),
            );
        }
        let lower = html.to_ascii_lowercase();
        let html_at = lower.find("<html").ok_or("no <html> tag")?;
        let html_end = lower[html_at..]
            .find('>')
            .ok_or("unterminated <html> tag")?
            + html_at
            + 1;
        let head_end = lower.find("</head>").ok_or("no </head>")?;
        let body_at = lower[head_end..].find("<body").ok_or("no <body>")? + head_end;
        let body_end = lower[body_at..]
            .find('>')
            .ok_or("unterminated <body> tag")?
            + body_at
            + 1;
        if html_end > head_end {
            return Err("<html> after </head>".into());
        }
        let mut head = html[html_end..head_end].to_owned();
        remove_element(&mut head, "<title", "</title>");
        remove_tag(&mut head, |tag| {
            let t = tag.to_ascii_lowercase();
            t.starts_with("<meta")
                && (t.contains("name=description") || t.contains("name=\"description\""))
        });
        defer_preloads(&mut head);
        let mut rest = html[body_end..].to_owned();
        remove_element(&mut rest, "<noscript", "</noscript>");
        Ok(Shell {
            before_html: html[..html_at].to_owned(),
            head,
            body_open: html[head_end..body_end].to_owned(),
            rest,
        })
    }

    /// A whole document: the page's language, head and rendered body in the shell.
    fn document(&self, head: &PageHead, body: &str, locale: Locale) -> String {
        let lang = head.lang.as_deref().unwrap_or(locale.tag());
        format!(
            "{}<html lang=\"{}\" {PRERENDERED}=\"\">{}\n{}{}<div class=\"bs-prerendered\" {PRERENDERED}=\"\">{body}</div>{}",
            self.before_html,
            crate::core::feed::escape_attr(lang),
            self.head,
            head.to_html(),
            self.body_open,
            self.rest
        )
    }
}

/// The shell's preloads of the app (its JS modules, its wasm, the site manifest) wait on
/// a page that shows its content without the app: `rel=…` becomes `data-bs-later=…`,
/// which public/boot.js turns back into `rel` once the page has loaded. Fetched at once,
/// the app's 400 kB would share a slow connection with the page's own pictures (and
/// Lighthouse counts every request started before the largest paint against it).
fn defer_preloads(head: &mut String) {
    let mut out = String::with_capacity(head.len());
    let mut rest = head.as_str();
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let Some(len) = rest[at..].find('>') else {
            break;
        };
        let tag = &rest[at..=at + len];
        out.push_str(&deferred_link(tag).unwrap_or_else(|| tag.to_owned()));
        rest = &rest[at + len + 1..];
    }
    out.push_str(rest);
    *head = out;
}

/// `tag` with its `rel` renamed, when it is a `<link rel=preload|modulepreload>`.
fn deferred_link(tag: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    if !lower.starts_with("<link") {
        return None;
    }
    let at = lower.find(" rel=")? + 1;
    let value_at = at + "rel=".len();
    let value = lower[value_at..]
        .trim_start_matches(['"', '\''])
        .split(|c: char| c == '"' || c == '\'' || c == '>' || c.is_ascii_whitespace())
        .next()?;
    if value != "preload" && value != "modulepreload" {
        return None;
    }
    Some(format!(
        "{} data-bs-later={}",
        &tag[..at - 1],
        &tag[value_at..]
    ))
}

/// Removes the first element from `open` (e.g. `<title`) to the end of `close`.
fn remove_element(html: &mut String, open: &str, close: &str) {
    let lower = html.to_ascii_lowercase();
    if let Some(at) = lower.find(open) {
        if let Some(end) = lower[at..].find(close) {
            html.replace_range(at..at + end + close.len(), "");
        }
    }
}

/// Removes the first tag (`<…>`) that `is` accepts.
fn remove_tag(html: &mut String, is: impl Fn(&str) -> bool) {
    let mut from = 0;
    while let Some(rel) = html[from..].find('<') {
        let at = from + rel;
        let Some(len) = html[at..].find('>') else {
            return;
        };
        if is(&html[at..=at + len]) {
            html.replace_range(at..=at + len, "");
            return;
        }
        from = at + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::Catalog;
    use crate::core::feed::SiteUrl;
    use crate::core::site_data;
    use std::path::Path;

    /// The demo's post files, plus 70 more (three categories, two tags, a month apart
    /// in turns) so that lists have several pages and neighbours sit across blocks.
    fn posts() -> Vec<(String, Vec<u8>)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("public/articles");
        let mut files = Vec::new();
        for e in walkdir::WalkDir::new(&root).into_iter().flatten() {
            let p = e.path();
            let post = p
                .extension()
                .is_some_and(|x| ["md", "html", "txt"].contains(&x.to_string_lossy().as_ref()));
            if post {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((rel, std::fs::read(p).unwrap()));
            }
        }
        assert!(files.len() >= 10, "the demo articles");
        for i in 0..70 {
            let text = format!(
                "---\ntitle: Generated {i}\ndate: 2025-{:02}-{:02} 08:00:00\ncategories: [Gen, Part {}]\ntags: [t{}]\nauthor: A{}\n---\nBody {i}.\n",
                1 + i % 12,
                1 + i % 28,
                i % 3,
                i % 2,
                i % 4
            );
            files.push((format!("gen/{i:02}.md"), text.into_bytes()));
        }
        files
    }

    #[test]
    fn every_page_drawn_from_the_site_data_is_the_page_of_the_whole_catalog() {
        let dir = std::env::temp_dir().join(format!("bs-pages-plan-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files = posts();
        for (path, bytes) in &files {
            let f = dir.join(path);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, bytes).unwrap();
        }
        let catalog = Catalog::build(files, "2026-01-01T00:00:00Z".into());
        let data = site_data::write(&catalog, None).unwrap();
        for (path, body) in &data.shards {
            let f = dir.join(path);
            std::fs::create_dir_all(f.parent().unwrap()).unwrap();
            std::fs::write(f, body).unwrap();
        }
        let opts = Options {
            site_dir: dir.clone(),
            articles_dir: dir.clone(),
            feed: FeedOptions::new(SiteUrl::parse("https://example.org/news/").unwrap()),
            article_type: ArticleType::Blog,
            locale: Locale::En,
            quiet: true,
        };
        let base = opts.feed.site.as_str().to_owned();
        let sharded = Arc::new(Site::sharded(Shards::on_disk(data.manifest.clone(), &dir)));
        let shards = sharded.shards.as_deref().unwrap();
        let whole = Arc::new(Site::new(catalog));
        let plan = plan(shards, &opts).unwrap();
        let n = whole.catalog.articles.len();
        assert_eq!(plan.articles, n);
        let mut routes = Vec::new();
        let mut drawn = 0;
        for i in 0..plan.len() {
            let page = prepare(shards, &plan, i, &opts).unwrap();
            let from_data = render::page_with_body(
                Arc::clone(&sharded),
                &base,
                &page.route,
                opts.locale,
                page.body.clone(),
            );
            let from_catalog = render::page_with_body(
                Arc::clone(&whole),
                &base,
                &page.route,
                opts.locale,
                page.body,
            );
            assert_eq!(from_data, from_catalog, "{}", page.route);
            // Drawn, not a loading placeholder: cards, or an article with its links on.
            if from_data.contains("bs-card") || from_data.contains("bs-prevnext") {
                drawn += 1;
            }
            routes.push(page.route);
        }
        // Every page once; the home list's pages, each category, tag and author.
        let unique: std::collections::HashSet<&String> = routes.iter().collect();
        assert_eq!(unique.len(), routes.len());
        for r in [
            "/",
            "/page/2",
            "/page/4",
            "/category/Gen/Part%202/page/2",
            "/tag/t1/page/2",
            "/author/A3",
            "/tags",
            "/authors",
            "/archive",
            "/archive/2025/03",
        ] {
            assert!(unique.contains(&r.to_owned()), "{r} is written");
        }
        let last = n.div_ceil(PAGE_SIZE);
        assert!(unique.contains(&format!("/page/{last}")), "{n} articles");
        assert!(
            !unique.contains(&format!("/page/{}", last + 1)),
            "{n} articles"
        );
        assert!(drawn > n, "{drawn} of {} pages drawn", routes.len());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_apps_preloads_wait_for_the_page() {
        let mut head = concat!(
            r#"<link href=/s.css rel=stylesheet><link as=fetch crossorigin href=articles/site.json rel=preload>"#,
            r#"<link crossorigin href="/app.js" integrity="sha384-x" rel="modulepreload"><link href=atom.xml rel=alternate>"#,
        )
        .to_owned();
        defer_preloads(&mut head);
        assert_eq!(
            head,
            concat!(
                r#"<link href=/s.css rel=stylesheet><link as=fetch crossorigin href=articles/site.json data-bs-later=preload>"#,
                r#"<link crossorigin href="/app.js" integrity="sha384-x" data-bs-later="modulepreload"><link href=atom.xml rel=alternate>"#,
            )
        );
    }
}
