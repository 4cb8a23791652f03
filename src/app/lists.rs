//! Which list a page shows, as one value: the list pages draw it, and the article page
//! walks it for previous/next (the list the reader came from, not always "latest").
//! URL ⇄ list conversion lives here.

use crate::app::links::Base;
use crate::core::article::Article;
use crate::core::catalog::Catalog;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListKind {
    /// Home: everything, newest first; `q` filters titles.
    Latest {
        q: String,
    },
    Category(Vec<String>),
    Tag(String),
    Author(String),
    Period(i32, Option<u32>),
}

impl ListKind {
    /// The articles of this list, newest first.
    pub fn articles<'a>(&'a self, c: &'a Catalog) -> Box<dyn Iterator<Item = &'a Article> + 'a> {
        match self {
            ListKind::Latest { q } => {
                let needle = q.trim().to_lowercase();
                Box::new(
                    c.articles.iter().filter(move |a| {
                        needle.is_empty() || a.title.to_lowercase().contains(&needle)
                    }),
                )
            }
            ListKind::Category(path) => Box::new(c.in_category(path)),
            ListKind::Tag(t) => Box::new(c.with_tag(t)),
            ListKind::Author(a) => Box::new(c.by_author(a)),
            ListKind::Period(y, m) => Box::new(c.in_period(*y, *m)),
        }
    }

    /// Reads a list URL (`/sub/category/a/b?page=2`) back; `None` for other pages.
    pub fn from_url(base: &Base, url: &str) -> Option<ListKind> {
        let (path, query) = url.split_once('?').unwrap_or((url, ""));
        let (path, _page) = crate::core::routes::split_page(path.strip_prefix(base.path.as_str())?);
        let segs: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect();
        let q = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "q")
            .map(|(_, v)| decode(&v.replace('+', " ")))
            .unwrap_or_default();
        match segs.split_first() {
            None => Some(ListKind::Latest { q }),
            Some((first, rest)) => match (first.as_str(), rest) {
                ("category", p) if !p.is_empty() => Some(ListKind::Category(p.to_vec())),
                ("tag", [t]) => Some(ListKind::Tag(t.clone())),
                ("author", [a]) => Some(ListKind::Author(a.clone())),
                ("archive", [y]) => Some(ListKind::Period(y.parse().ok()?, None)),
                ("archive", [y, m]) => {
                    Some(ListKind::Period(y.parse().ok()?, Some(m.parse().ok()?)))
                }
                _ => None,
            },
        }
    }
}

fn decode(s: &str) -> String {
    js_sys::decode_uri_component(s)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| s.to_owned())
}
