//! The `<head>` of a page written at build time (`broadsheet pages`): what crawlers and
//! link previews read without running the app — `<title>`, the description, the
//! canonical address, Open Graph and Twitter cards, `rel=prev/next` on paged lists,
//! and JSON-LD (`BlogPosting` or `NewsArticle` with a `BreadcrumbList` for an article,
//! `WebSite` for the home page). Every value comes from untrusted posts: attributes
//! and text are escaped, JSON-LD is serialized by serde_json with `<`, `>` and `&`
//! written as `\u003c`…, so no string can close its `<script>` data block (which the
//! page's Content-Security-Policy never runs: it is data, not script).
//!
//! CLI only, like `feed` (addresses come from its `SiteUrl`).

use serde_json::{json, Value};

use super::article::Article;
use super::feed::{escape_attr, escape_text, FeedOptions};
use super::routes;

/// Longest description written (characters): search engines show about 160.
pub const DESCRIPTION_MAX: usize = 300;

/// What schema.org type an article page declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArticleType {
    /// A blog post (`BlogPosting`).
    #[default]
    Blog,
    /// A news story (`NewsArticle`: what news archives such as the seed's site are).
    News,
}

/// What an article page adds to a page's head.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleHead {
    pub kind: ArticleType,
    pub published: Option<String>,
    pub modified: Option<String>,
    pub author: Option<String>,
    /// The top-level category of the first category path.
    pub section: Option<String>,
    pub tags: Vec<String>,
    /// Name and absolute address of each level of the first category path.
    pub breadcrumbs: Vec<(String, String)>,
}

/// A page's head, ready to be written (`to_html`).
#[derive(Debug, Clone, PartialEq)]
pub struct PageHead {
    /// The whole `<title>` ("Title · Site").
    pub title: String,
    /// The page's own title (Open Graph, JSON-LD headline).
    pub headline: String,
    pub description: String,
    /// The page's absolute address.
    pub canonical: String,
    pub site_name: String,
    /// `lang` of `<html>`, when known.
    pub lang: Option<String>,
    /// Absolute http(s) address of the page's image.
    pub image: Option<String>,
    /// The previous and next pages of a paged list.
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The site's Atom feed.
    pub feed: String,
    /// The home page's own address (the first breadcrumb, `WebSite`'s url).
    pub home: String,
    pub article: Option<ArticleHead>,
}

impl PageHead {
    /// A list page (home, category, tag, author, archive, index pages): `route` is its
    /// address below the site root, `title` its heading.
    pub fn list(opts: &FeedOptions, route: &str, title: &str, description: &str) -> PageHead {
        let home = opts.site.join("");
        PageHead {
            title: page_title(title, &opts.title),
            headline: title.to_owned(),
            description: clip(description),
            canonical: opts.site.join(route),
            site_name: opts.title.clone(),
            lang: None,
            image: None,
            prev: None,
            next: None,
            feed: opts.feed_url(),
            home,
            article: None,
        }
    }

    /// An article's page.
    pub fn article(opts: &FeedOptions, a: &Article, kind: ArticleType) -> PageHead {
        let mut head = PageHead::list(opts, &routes::article(&a.slug), &a.title, &a.excerpt);
        head.lang = a.lang();
        head.image = a
            .cover
            .as_deref()
            .or(a.thumbnail.as_deref())
            .and_then(|i| opts.image_url(i));
        let first_path = a.categories.first().cloned().unwrap_or_default();
        let breadcrumbs = (1..=first_path.len())
            .map(|n| {
                let name = first_path[n - 1].clone();
                (name, opts.site.join(&routes::category(&first_path[..n])))
            })
            .collect();
        head.article = Some(ArticleHead {
            kind,
            published: a.date.clone(),
            modified: a.updated.clone().or_else(|| a.date.clone()),
            author: a.author.clone(),
            section: first_path.first().cloned(),
            tags: a.tags.clone(),
            breadcrumbs,
        });
        head
    }

    /// The JSON-LD blocks: the article and its breadcrumbs, or the site.
    pub fn json_ld(&self) -> Vec<Value> {
        let Some(a) = &self.article else {
            if self.canonical != self.home {
                return Vec::new();
            }
            return vec![json!({
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": self.site_name,
                "url": self.home,
            })];
        };
        let mut article = json!({
            "@context": "https://schema.org",
            "@type": match a.kind { ArticleType::Blog => "BlogPosting", ArticleType::News => "NewsArticle" },
            "headline": self.headline,
            "description": self.description,
            "mainEntityOfPage": self.canonical,
            "url": self.canonical,
            "publisher": { "@type": "Organization", "name": self.site_name, "url": self.home },
        });
        let fields = [
            ("datePublished", a.published.clone().map(Value::from)),
            ("dateModified", a.modified.clone().map(Value::from)),
            (
                "author",
                a.author
                    .clone()
                    .map(|n| json!({ "@type": "Person", "name": n })),
            ),
            ("image", self.image.clone().map(|i| json!([i]))),
            ("articleSection", a.section.clone().map(Value::from)),
            (
                "keywords",
                (!a.tags.is_empty()).then(|| Value::from(a.tags.clone())),
            ),
            ("inLanguage", self.lang.clone().map(Value::from)),
        ];
        if let Some(obj) = article.as_object_mut() {
            for (k, v) in fields {
                if let Some(v) = v {
                    obj.insert(k.to_owned(), v);
                }
            }
        }
        let mut out = vec![article];
        if !a.breadcrumbs.is_empty() {
            let home = (self.site_name.clone(), self.home.clone());
            let items: Vec<Value> = std::iter::once(&home)
                .chain(&a.breadcrumbs)
                .enumerate()
                .map(|(i, (name, url))| {
                    json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url })
                })
                .collect();
            out.push(json!({
                "@context": "https://schema.org",
                "@type": "BreadcrumbList",
                "itemListElement": items,
            }));
        }
        out
    }

    /// The head's tags, one per line (the `<title>` included).
    pub fn to_html(&self) -> String {
        let mut h = String::new();
        let mut line = |s: String| {
            h.push_str("  ");
            h.push_str(&s);
            h.push('\n');
        };
        line(format!("<title>{}</title>", escape_text(&self.title)));
        let meta = |attr: &str, key: &str, value: &str| {
            format!(r#"<meta {attr}="{key}" content="{}">"#, escape_attr(value))
        };
        if !self.description.is_empty() {
            line(meta("name", "description", &self.description));
        }
        line(format!(
            r#"<link rel="canonical" href="{}">"#,
            escape_attr(&self.canonical)
        ));
        for (rel, href) in [("prev", &self.prev), ("next", &self.next)] {
            if let Some(href) = href {
                line(format!(
                    r#"<link rel="{rel}" href="{}">"#,
                    escape_attr(href)
                ));
            }
        }
        let og_type = if self.article.is_some() {
            "article"
        } else {
            "website"
        };
        line(meta("property", "og:site_name", &self.site_name));
        line(meta("property", "og:type", og_type));
        line(meta("property", "og:title", &self.headline));
        if !self.description.is_empty() {
            line(meta("property", "og:description", &self.description));
        }
        line(meta("property", "og:url", &self.canonical));
        if let Some(img) = &self.image {
            line(meta("property", "og:image", img));
        }
        if let Some(a) = &self.article {
            if let Some(p) = &a.published {
                line(meta("property", "article:published_time", p));
            }
            if let Some(m) = &a.modified {
                line(meta("property", "article:modified_time", m));
            }
            if let Some(s) = &a.section {
                line(meta("property", "article:section", s));
            }
            for t in &a.tags {
                line(meta("property", "article:tag", t));
            }
        }
        let card = if self.image.is_some() {
            "summary_large_image"
        } else {
            "summary"
        };
        line(meta("name", "twitter:card", card));
        line(meta("name", "twitter:title", &self.headline));
        if !self.description.is_empty() {
            line(meta("name", "twitter:description", &self.description));
        }
        if let Some(img) = &self.image {
            line(meta("name", "twitter:image", img));
        }
        for block in self.json_ld() {
            line(format!(
                r#"<script type="application/ld+json">{}</script>"#,
                json_in_html(&block)
            ));
        }
        h
    }
}

/// "Title · Site", or the site's name alone for a page titled as the site.
fn page_title(title: &str, site: &str) -> String {
    if title.is_empty() || title == site {
        site.to_owned()
    } else {
        format!("{title} · {site}")
    }
}

/// A description: whitespace collapsed, at most `DESCRIPTION_MAX` characters.
fn clip(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let joined = words.join(" ");
    match joined.char_indices().nth(DESCRIPTION_MAX) {
        Some((at, _)) => format!("{}…", joined[..at].trim_end()),
        None => joined,
    }
}

/// JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` escaped
/// as JSON `\u` sequences (the same data to a JSON parser), so no string in it can end
/// the block or open a comment.
fn json_in_html(v: &Value) -> String {
    let s = v.to_string();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_end_its_block_and_reads_back_the_same() {
        let v = json!({ "headline": "</script><!-- a & b \u{2028} -->" });
        let s = json_in_html(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        assert!(!s.contains('\u{2028}'));
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }

    #[test]
    fn descriptions_are_one_line_and_clipped_on_a_character() {
        assert_eq!(clip("  a\n b\t\tc "), "a b c");
        let long = "字".repeat(DESCRIPTION_MAX + 10);
        let c = clip(&long);
        assert_eq!(c.chars().count(), DESCRIPTION_MAX + 1);
        assert!(c.ends_with('…'));
    }

    #[test]
    fn titles_name_the_site_once() {
        assert_eq!(page_title("Guide", "Broadsheet"), "Guide · Broadsheet");
        assert_eq!(page_title("Broadsheet", "Broadsheet"), "Broadsheet");
        assert_eq!(page_title("", "Broadsheet"), "Broadsheet");
    }
}
