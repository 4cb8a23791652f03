//! The embed widget's options and choices, without a browser: reading the options of
//! one widget (a `<div data-broadsheet data-…>` or an `embed.html?…` iframe URL),
//! picking its articles from a catalog, and the links into the full site.
//!
//! Options are attribute values as the host page's author wrote them, so everything
//! here is lenient (a bad limit falls back to the default, unknown layouts to the list)
//! except source URLs, which are checked like `?src=` (http(s) only, no credentials).

use crate::core::article::Article;
use crate::core::catalog::Catalog;
use crate::core::site_data::ListKey;
use crate::core::sources::resolve_source_url;
use crate::core::urls::encode_segment;

/// Articles listed when `data-limit` is missing or unreadable.
pub const DEFAULT_LIMIT: usize = 5;
/// Most articles one widget lists (a widget is a teaser, not the site).
pub const MAX_LIMIT: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Titles with date and category, one per line.
    List,
    /// Thumbnail, title, excerpt.
    Cards,
}

/// What a click on a title does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    /// Expands the article in place, inside the widget (the host page stays put).
    Inline,
    /// Follows the link to the article on the full site (in `link_target`).
    Site,
}

/// The colour scheme a widget uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// The host page's (its `color-scheme`, which follows the reader's system setting
    /// only when the host supports dark).
    Host,
    /// The reader's system setting, whatever the host supports.
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Host => "host",
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// One source of a widget: its absolute URL, or the text as given and why it cannot
/// be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbedSource {
    Url(String),
    Invalid { given: String, reason: String },
}

/// The options of one widget.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedOptions {
    pub sources: Vec<EmbedSource>,
    /// True when the widget reads the site's own bundled catalog (no `data-src`): links
    /// into the site then need no `?src=`.
    pub default_source: bool,
    /// Absolute URL of the full site's root, with a trailing slash.
    pub site: String,
    /// Category path (`Guide/Hosting`): that category and everything below it.
    pub category: Vec<String>,
    pub tag: Option<String>,
    pub author: Option<String>,
    pub limit: usize,
    pub layout: Layout,
    pub open: Open,
    /// Where links into the full site open (`_blank`, `_top`, `_self`, a frame name).
    pub link_target: String,
    pub theme: Theme,
    /// A heading above the list.
    pub title: Option<String>,
    /// Pictures from other sites (`data-remote-images`: `always`, `click`, `never`).
    pub remote_images: crate::core::images::RemoteImages,
}

/// A frame name or one of the `_blank`/`_self`/`_parent`/`_top` keywords; anything else
/// (empty, spaces, other `_` words) is not a target a link should be given.
fn valid_target(t: &str) -> bool {
    let t = t.trim();
    match t {
        "_blank" | "_self" | "_parent" | "_top" => true,
        _ => {
            !t.is_empty()
                && !t.starts_with('_')
                && t.len() <= 64
                && !t.chars().any(char::is_whitespace)
        }
    }
}

impl EmbedOptions {
    /// Reads a widget's options. `attr(name)` gives an option by its name without the
    /// `data-` prefix (`"src"`, `"category"`, …). `page_url` is what relative source
    /// URLs resolve against (the host page's base URL); `site_url` is where the embed
    /// script lives, the full site's root unless `base-url` says otherwise.
    pub fn parse(
        attr: impl Fn(&str) -> Option<String>,
        page_url: &str,
        site_url: &str,
    ) -> EmbedOptions {
        let text = |name: &str| {
            attr(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let site = text("base-url")
            .and_then(|b| {
                resolve_source_url(&b, page_url)
                    .ok()
                    .map(|u| with_slash(&u))
            })
            .unwrap_or_else(|| with_slash(site_url));
        let given: Vec<String> = text("src")
            .map(|s| s.split_whitespace().map(str::to_owned).collect())
            .unwrap_or_default();
        let default_source = given.is_empty();
        let given = if default_source {
            // The site's own data, read in pieces (a few kB for a few articles).
            vec![format!(
                "{site}articles/{}",
                crate::core::site_data::MANIFEST_FILE
            )]
        } else {
            given
        };
        let mut sources: Vec<EmbedSource> = Vec::new();
        for g in given {
            let s = match resolve_source_url(&g, page_url) {
                Ok(url) => EmbedSource::Url(url),
                Err(reason) => EmbedSource::Invalid { given: g, reason },
            };
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
        let category = text("category")
            .map(|c| {
                c.split(['/', '›'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default();
        let limit = text("limit")
            .and_then(|l| l.parse::<usize>().ok())
            .filter(|&l| l > 0)
            .map_or(DEFAULT_LIMIT, |l| l.min(MAX_LIMIT));
        let layout = match text("layout").as_deref() {
            Some("cards") => Layout::Cards,
            _ => Layout::List,
        };
        let open = match text("open").as_deref() {
            Some("site") => Open::Site,
            _ => Open::Inline,
        };
        let link_target = text("link-target")
            .filter(|t| valid_target(t))
            .unwrap_or_else(|| "_blank".to_owned());
        let theme = match text("theme").as_deref() {
            Some("auto") => Theme::Auto,
            Some("light") => Theme::Light,
            Some("dark") => Theme::Dark,
            _ => Theme::Host,
        };
        EmbedOptions {
            sources,
            default_source,
            site,
            category,
            tag: text("tag"),
            author: text("author"),
            limit,
            layout,
            open,
            link_target,
            theme,
            title: text("title"),
            remote_images: crate::core::images::RemoteImages::parse(
                &text("remote-images").unwrap_or_default(),
            ),
        }
    }

    /// The one list the widget shows, for site data read in pieces: `Some(None)` every
    /// article, `Some(Some(key))` one category, tag or author; `None` when it filters
    /// by more than one (then it is picked from every article: `select`).
    pub fn list(&self) -> Option<Option<ListKey>> {
        let category =
            (!self.category.is_empty()).then(|| ListKey::Category(self.category.clone()));
        let tag = self.tag.clone().map(ListKey::Tag);
        let author = self.author.clone().map(ListKey::Author);
        let mut lists = [category, tag, author].into_iter().flatten();
        let first = lists.next();
        lists.next().is_none().then_some(first)
    }

    /// The articles to list, newest first (the catalog's order), at most `limit`.
    pub fn select<'a>(&self, catalog: &'a Catalog) -> Vec<&'a Article> {
        catalog
            .articles
            .iter()
            .filter(|a| {
                self.category.is_empty()
                    || a.categories.iter().any(|c| c.starts_with(&self.category))
            })
            .filter(|a| {
                self.tag
                    .as_ref()
                    .is_none_or(|t| a.tags.iter().any(|x| x == t))
            })
            .filter(|a| {
                self.author
                    .as_ref()
                    .is_none_or(|w| a.author.as_ref() == Some(w))
            })
            .take(self.limit)
            .collect()
    }

    /// `?src=…&src=…` that makes the full site read the widget's sources (empty when
    /// the widget reads the site's own catalog).
    fn src_query(&self) -> String {
        if self.default_source {
            return String::new();
        }
        let parts: Vec<String> = self
            .sources
            .iter()
            .filter_map(|s| match s {
                EmbedSource::Url(u) => Some(format!("src={}", encode_segment(u))),
                EmbedSource::Invalid { .. } => None,
            })
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// The article on the full site.
    pub fn article_href(&self, slug: &str) -> String {
        format!(
            "{}article/{}{}",
            self.site,
            encode_segment(slug),
            self.src_query()
        )
    }

    /// "More": the widget's category on the full site, or its home page.
    pub fn more_href(&self) -> String {
        let route = if self.category.is_empty() {
            String::new()
        } else {
            let segs: Vec<String> = self.category.iter().map(|s| encode_segment(s)).collect();
            format!("category/{}", segs.join("/"))
        };
        format!("{}{}{}", self.site, route, self.src_query())
    }
}

/// `https://x/y` → `https://x/y/` (a site root is a folder; query and fragment dropped).
fn with_slash(url: &str) -> String {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    // `resolve_source_url` turns a folder into its catalog.json: a base URL is a folder.
    let url = url.strip_suffix("catalog.json").unwrap_or(url);
    if url.ends_with('/') {
        url.to_owned()
    } else {
        format!("{url}/")
    }
}
