//! Where things are: the app's base path, route hrefs, and the URLs of bundled files.
//! Every in-app link is built here so the sub-path (`/repo/`) is applied in one place.

use crate::core::article::Article;
use crate::core::urls;

/// The app's location, from `document.baseURI` (Trunk's `<base data-trunk-public-url>`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    /// Path prefix without the trailing slash: `""` at the root, `"/sub"` under /sub/.
    pub path: String,
    /// Absolute URL of the app's root, with a trailing slash.
    pub href: String,
}

impl Base {
    pub fn from_document() -> Base {
        let origin = leptos::prelude::window()
            .location()
            .origin()
            .unwrap_or_default();
        let href = leptos::prelude::document()
            .base_uri()
            .ok()
            .flatten()
            .unwrap_or_else(|| format!("{origin}/"));
        Base::from_href(&href)
    }

    /// `https://user.github.io/repo/` → path `/repo`.
    pub fn from_href(href: &str) -> Base {
        let href = match href.find(['?', '#']) {
            Some(i) => &href[..i],
            None => href,
        };
        // The directory of the base URL (a base may name a file).
        let dir = match href.rfind('/') {
            Some(i) => &href[..=i],
            None => href,
        };
        let after_scheme = dir.find("://").map(|i| i + 3).unwrap_or(0);
        let path = match dir[after_scheme..].find('/') {
            Some(i) => &dir[after_scheme + i..],
            None => "/",
        };
        Base {
            path: path.trim_end_matches('/').to_owned(),
            href: dir.to_owned(),
        }
    }

    /// For `<Router base>`.
    pub fn router_base(&self) -> String {
        self.path.clone()
    }

    /// An in-app href: `route` starts with `/` (`/article/x`).
    pub fn to(&self, route: &str) -> String {
        if route == "/" {
            format!("{}/", self.path)
        } else {
            format!("{}{}", self.path, route)
        }
    }

    pub fn home(&self) -> String {
        self.to("/")
    }

    pub fn catalog_url(&self) -> String {
        format!("{}articles/catalog.json", self.href)
    }

    /// The site data manifest written by `broadsheet index` next to catalog.json.
    pub fn manifest_url(&self) -> String {
        format!(
            "{}articles/{}",
            self.href,
            crate::core::site_data::MANIFEST_FILE
        )
    }

    /// The full-text search index written by `broadsheet index` next to catalog.json.
    pub fn search_index_url(&self) -> String {
        format!("{}articles/search.bin", self.href)
    }

    /// Absolute URL of an article's post file (also the base its relative links resolve
    /// against). Articles of a fetched source carry it as their path already
    /// (`core::sources::rebase`); bundled ones are next to the bundled catalog.
    pub fn article_file_url(&self, a: &Article) -> String {
        if is_http(&a.path) {
            return a.path.clone();
        }
        format!("{}articles/{}", self.href, a.fetch_path())
    }

    /// A front-matter image (http(s) URL or a path relative to catalog.json) as a URL.
    /// `blob:` URLs are images of opened files (`app::local`; catalogs from elsewhere
    /// never carry one: `core::sources::rebase` keeps only http(s)).
    pub fn image_url(&self, image: &str) -> String {
        if is_http(image) || image.starts_with("//") || image.starts_with("blob:") {
            image.to_owned()
        } else {
            urls::join(&self.catalog_url(), &urls::encode_path(image))
        }
    }
}

fn is_http(s: &str) -> bool {
    s.starts_with("http://") || s.starts_with("https://")
}

/// The site's own pages (index.html and its 404.html copy carry
/// `<meta name="broadsheet" content="app">`), as opposed to a host page embedding
/// widgets.
pub fn is_app_page() -> bool {
    leptos::prelude::document()
        .query_selector("meta[name='broadsheet'][content='app']")
        .ok()
        .flatten()
        .is_some()
}

/// Percent-encodes one path segment or query value (everything but unreserved bytes).
pub fn enc(s: &str) -> String {
    urls::encode_segment(s)
}

// Route paths are defined in the core (the feed and sitemap publish the same URLs).
pub use crate::core::routes::{archive, article, author, category, tag};

/// Page `page` of the list at `pathname` (the address bar's, under `base`): a path
/// (`/tag/x/page/2`, `core::routes::paged`) that a static host serves from its own
/// file; with a search text `?q=…&page=n` (results pages exist only in the app).
pub fn with_page(base: &Base, pathname: &str, q: Option<&str>, page: usize) -> String {
    if let Some(q) = q.filter(|q| !q.is_empty()) {
        let mut href = format!("{pathname}?q={}", enc(q));
        if page > 1 {
            href.push_str(&format!("&page={page}"));
        }
        return href;
    }
    let route = match pathname.strip_prefix(base.path.as_str()) {
        Some(r) if r.starts_with('/') => r,
        _ => "/",
    };
    base.to(&crate::core::routes::paged(
        crate::core::routes::split_page(route).0,
        page,
    ))
}
