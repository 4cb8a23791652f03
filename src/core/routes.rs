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

/// A category page: one encoded segment per level (a `/` inside a name is `%2F`).
pub fn category(path: &[String]) -> String {
    let segs: Vec<String> = path.iter().map(|s| encode_segment(s)).collect();
    format!("{CATEGORY}{}", segs.join("/"))
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
