//! The app's routes as paths below the site root (`/article/<slug>`), each segment
//! percent-encoded. One definition for the app's links (`app::links` re-exports these)
//! and for the URLs the feed and sitemap publish (`core::feed`), so an address in a
//! feed reader or a search engine is exactly the one the app routes on.

use crate::core::urls::encode_segment;

pub fn article(slug: &str) -> String {
    format!("/article/{}", encode_segment(slug))
}

/// A category page: one encoded segment per level (a `/` inside a name is `%2F`).
pub fn category(path: &[String]) -> String {
    let segs: Vec<String> = path.iter().map(|s| encode_segment(s)).collect();
    format!("/category/{}", segs.join("/"))
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
}
