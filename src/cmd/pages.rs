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

use std::path::PathBuf;
use std::sync::Arc;

use super::{in_parallel, progress_bar_for};
use crate::app::components::card::PAGE_SIZE;
use crate::app::i18n::Locale;
use crate::app::render;
use crate::app::routes::article::BodyAtHand;
use crate::app::site::Site;
use crate::core::article::{read_post, Article};
use crate::core::catalog::{Catalog, CategoryNode};
use crate::core::feed::FeedOptions;
use crate::core::page_head::{ArticleType, PageHead};
use crate::core::routes;
use crate::core::urls::percent_decode;

/// Marks a document written by this command (the app takes over from it; a template
/// that has it is refused: pages are made from the build's own shell).
pub const PRERENDERED: &str = "data-bs-prerendered";

/// Longest file-name segment written (bytes; most file systems allow 255).
const SEGMENT_MAX: usize = 200;

/// What to write.
pub(super) struct Options {
    /// The built site: its `index.html` is the template, pages are written next to it.
    pub site_dir: PathBuf,
    /// The folder holding catalog.json and the post files (default: SITE_DIR/articles).
    pub articles_dir: PathBuf,
    pub feed: FeedOptions,
    pub article_type: ArticleType,
    pub locale: Locale,
    pub quiet: bool,
}

/// One page to write: its address below the site root and its head.
struct Page {
    route: String,
    head: PageHead,
    /// The article shown, for an article page.
    article: Option<usize>,
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
    let catalog_path = opts.articles_dir.join("catalog.json");
    let json = std::fs::read_to_string(&catalog_path).map_err(|e| {
        format!(
            "cannot read {} (run `broadsheet index` first): {e}",
            catalog_path.display()
        )
    })?;
    let catalog =
        Catalog::from_json(&json).map_err(|e| format!("{}: {e}", catalog_path.display()))?;
    let site = Arc::new(Site::new(catalog));
    let pages = pages_of(&site, opts);
    let bar = progress_bar_for(pages.len(), opts.quiet, "writing pages");
    let base = opts.feed.site.as_str().to_owned();
    // Per page: whether it was written (else left to 404.html).
    let (written, _) = in_parallel(
        pages.len(),
        |_| (),
        |_, i| {
            let page = &pages[i];
            bar.inc(1);
            let Some(file) = file_of(&page.route) else {
                return Ok(false);
            };
            let body = page.article.and_then(|i| {
                let a = site.catalog.articles.get(i)?;
                Some(BodyAtHand {
                    slug: a.slug.clone(),
                    body: Arc::new(body_of(a, opts)?),
                })
            });
            let html =
                render::page_with_body(Arc::clone(&site), &base, &page.route, opts.locale, body);
            let doc = shell.document(&page.head, &html, opts.locale);
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

/// Every page of the site, with its head.
fn pages_of(site: &Site, opts: &Options) -> Vec<Page> {
    let f = &opts.feed;
    let l = opts.locale;
    let t = l.t();
    let catalog = &site.catalog;
    let newest = catalog
        .articles
        .iter()
        .take(5)
        .map(|a| a.title.as_str())
        .collect::<Vec<_>>()
        .join(" · ");
    let mut pages = Vec::new();
    // A list of `count` articles: one page per PAGE_SIZE (`/page/n` after the first),
    // chained by rel=prev/next; an index page (`paged` false) is one page.
    let mut list = |route: String, title: &str, description: &str, count: usize, paged: bool| {
        let last = if paged {
            count.div_ceil(PAGE_SIZE).max(1)
        } else {
            1
        };
        for n in 1..=last {
            let at = routes::paged(&route, n);
            let mut head = PageHead::list(f, &at, title, description);
            head.prev = (n > 1).then(|| f.site.join(&routes::paged(&route, n - 1)));
            head.next = (n < last).then(|| f.site.join(&routes::paged(&route, n + 1)));
            pages.push(Page {
                route: at,
                head,
                article: None,
            });
        }
    };
    // The home page describes itself by its newest titles.
    list(
        "/".to_owned(),
        &f.title,
        &newest,
        catalog.articles.len(),
        true,
    );
    let mut list = |route: String, title: &str, count: usize, paged: bool| {
        let description = format!("{} · {}", title, l.articles(count));
        list(route, title, &description, count, paged);
    };
    let mut stack: Vec<&CategoryNode> = site.tree.iter().collect();
    while let Some(node) = stack.pop() {
        list(
            routes::category(&node.path),
            &node.path.join(" › "),
            node.count,
            true,
        );
        stack.extend(node.children.iter());
    }
    list("/tags".to_owned(), t.tags, catalog.articles.len(), false);
    for tag in catalog.tags() {
        list(
            routes::tag(&tag.name),
            &format!("#{}", tag.name),
            tag.count,
            true,
        );
    }
    list(
        "/authors".to_owned(),
        t.authors,
        catalog.articles.len(),
        false,
    );
    for author in catalog.authors() {
        list(
            routes::author(&author.name),
            &author.name,
            author.count,
            true,
        );
    }
    list(
        routes::archive(None, None),
        t.archive,
        catalog.articles.len(),
        false,
    );
    for year in catalog.archive() {
        list(
            routes::archive(Some(year.year), None),
            &year.year.to_string(),
            year.count,
            true,
        );
        for m in &year.months {
            list(
                routes::archive(Some(year.year), Some(m.month)),
                &l.month_year(year.year, m.month),
                m.count,
                true,
            );
        }
    }
    for (i, a) in catalog.articles.iter().enumerate() {
        pages.push(Page {
            route: routes::article(&a.slug),
            head: PageHead::article(f, a, opts.article_type),
            article: Some(i),
        });
    }
    pages
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
