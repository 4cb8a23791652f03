//! The app's routes as paths below the site root (`/article/<slug>`), each segment
//! percent-encoded. One definition for the app's links (`app::links` re-exports these)
//! and for the URLs the feed and sitemap publish (`core::feed`), so an address in a
//! feed reader or a search engine is exactly the one the app routes on.

use crate::core::urls::{encode_segment, percent_decode};

/// The article route's prefix.
const ARTICLE: &str = "/article/";

pub fn article(slug: &str) -> String {
    format!("{ARTICLE}{}", encode_segment(slug))
}

/// The slug of an article route (`/article/<slug>`, the path below the site root as
/// the address bar has it, percent-encoded); `None` for any other path.
pub fn article_slug(path: &str) -> Option<String> {
    let rest = path.strip_prefix(ARTICLE)?;
    (!rest.is_empty() && !rest.contains('/')).then(|| percent_decode(rest))
}

/// The category route's prefix.
const CATEGORY: &str = "/category/";

/// A category page: one encoded segment per level (a `/` inside a name is `%2F`). A
/// level named `page` is written `%70age`, so that a category path never reads as a
/// page of its parent's list (`/category/a/page/2`, `split_page`).
pub fn category(path: &[String]) -> String {
    let segs: Vec<String> = path
        .iter()
        .map(|s| {
            if s == PAGE_SEGMENT {
                "%70age".to_owned()
            } else {
                encode_segment(s)
            }
        })
        .collect();
    format!("{CATEGORY}{}", segs.join("/"))
}

/// The segment before a list's page number.
const PAGE_SEGMENT: &str = "page";

/// What `split_page` looks for: `/page/` then the number.
const PAGE_MARKER: &str = "/page/";

/// Page numbers past this are not read as pages (nine digits: no overflow anywhere).
const PAGE_DIGITS_MAX: usize = 9;

/// The address of page `page` of the list at `route` (a list's own address, `/` for the
/// home list): page 1 is the list's address, page n is `<route>/page/n`, a path (as
/// Hexo's `/page/2/`) that a static host serves from a file written at build time.
pub fn paged(route: &str, page: usize) -> String {
    match (page, route) {
        (0 | 1, _) => route.to_owned(),
        (n, "/" | "") => format!("/{PAGE_SEGMENT}/{n}"),
        (n, r) => format!("{}/{PAGE_SEGMENT}/{n}", r.trim_end_matches('/')),
    }
}

/// A list address (as the address bar has it, below the site root) split into the
/// list's own address and its page: `/tag/x/page/3` → (`/tag/x`, 3), `/page/2` →
/// (`/`, 2); an address without a page suffix is page 1 of itself.
pub fn split_page(path: &str) -> (&str, usize) {
    if let Some(at) = path.rfind(PAGE_MARKER) {
        let digits = &path[at + PAGE_MARKER.len()..];
        let number = (!digits.is_empty()
            && digits.len() <= PAGE_DIGITS_MAX
            && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse::<usize>().ok())
        .flatten();
        if let Some(n) = number {
            let list = if at == 0 { "/" } else { &path[..at] };
            return (list, n.max(1));
        }
    }
    (path, 1)
}

/// The category path of a category route as the address bar has it
/// (`/category/A/TCP%2FIP` → `["A", "TCP/IP"]`): split on the real `/`s, then each
/// segment percent-decoded. `None` for any other path.
pub fn category_path(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix(CATEGORY)?;
    Some(
        rest.split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect(),
    )
}

pub fn tag(t: &str) -> String {
    format!("/tag/{}", encode_segment(t))
}

pub fn author(a: &str) -> String {
    format!("/author/{}", encode_segment(a))
}

pub fn archive(year: Option<i32>, month: Option<u32>) -> String {
    match (year, month) {
        (Some(y), Some(m)) => format!("/archive/{y}/{m:02}"),
        (Some(y), None) => format!("/archive/{y}"),
        _ => "/archive".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded_one_by_one() {
        assert_eq!(article("嘀嗒"), "/article/%E5%98%80%E5%97%92");
        assert_eq!(
            category(&["A/B".into(), "c d".into()]),
            "/category/A%2FB/c%20d"
        );
        assert_eq!(tag("c++"), "/tag/c%2B%2B");
        assert_eq!(author("中证网"), "/author/%E4%B8%AD%E8%AF%81%E7%BD%91");
        assert_eq!(archive(Some(2021), Some(4)), "/archive/2021/04");
        assert_eq!(archive(Some(2021), None), "/archive/2021");
        assert_eq!(archive(None, None), "/archive");
    }

    #[test]
    fn list_pages_are_paths() {
        assert_eq!(paged("/", 1), "/");
        assert_eq!(paged("/", 2), "/page/2");
        assert_eq!(paged("/tag/x", 3), "/tag/x/page/3");
        assert_eq!(paged("/archive/2021/04", 1), "/archive/2021/04");
        for (route, n) in [
            ("/", 2),
            ("/tag/x", 3),
            ("/category/a/b", 12),
            ("/archive/2021/04", 2),
        ] {
            assert_eq!(split_page(&paged(route, n)), (route, n));
        }
        assert_eq!(split_page("/category/a"), ("/category/a", 1));
        assert_eq!(split_page("/category/a/page"), ("/category/a/page", 1));
        assert_eq!(split_page("/category/a/page/x"), ("/category/a/page/x", 1));
        assert_eq!(split_page("/page/0"), ("/", 1));
        // Too long to be a page number: an address like any other.
        let long = format!("/page/{}", "9".repeat(30));
        assert_eq!(split_page(&long), (long.as_str(), 1));
    }

    #[test]
    fn a_category_named_page_is_not_a_page_of_its_parent() {
        let path: Vec<String> = ["a", "page", "2"].map(String::from).to_vec();
        let route = category(&path);
        assert_eq!(route, "/category/a/%70age/2");
        assert_eq!(split_page(&route), (route.as_str(), 1));
        assert_eq!(category_path(&route), Some(path));
    }

    #[test]
    fn article_routes_read_back() {
        for slug in ["000-0c883d887ca44e44", "嘀嗒 出行", "a%b", "c++"] {
            assert_eq!(article_slug(&article(slug)).as_deref(), Some(slug));
        }
        assert_eq!(article_slug("/article/"), None);
        assert_eq!(article_slug("/article/a/b"), None);
        assert_eq!(article_slug("/tag/a"), None);
        assert_eq!(article_slug("/"), None);
    }

    #[test]
    fn category_routes_read_back() {
        let path = vec!["A".to_owned(), "TCP/IP".to_owned(), "中 文".to_owned()];
        assert_eq!(category_path(&category(&path)), Some(path));
        assert_eq!(category_path("/tag/a"), None);
    }
}
