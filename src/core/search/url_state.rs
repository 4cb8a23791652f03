//! `SearchState` ⇄ URL query string: the one place that conversion happens, so a
//! filtered view is a shareable link and back/forward restores it.
//!
//! `q=投资&cat=金融&cat=中证网&tag=…&author=…&y=2021&m=4&sort=newest&page=2`, every
//! value percent-encoded (UTF-8). The category path is one `cat` per segment (a single
//! `cat=金融/中证网`, as people write links by hand, is read as a path too). Parsing
//! never fails: unknown keys, bad numbers and broken escapes are ignored or repaired.

use super::query::{Filters, Query};
use super::rank::Sort;
use crate::core::urls::decode_query_value;

/// Longest query text kept from a URL, in characters.
const MAX_Q_CHARS: usize = 1000;
/// Highest page number accepted (a link asking for page 10^12 gets the last pages'
/// worth of nothing, not an overflow).
const MAX_PAGE: usize = 100_000;

/// Everything a search view shows, as it lives in the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchState {
    /// The typed query.
    pub q: String,
    /// Category path filter, parent → child (empty = none).
    pub category: Vec<String>,
    pub tag: Option<String>,
    pub author: Option<String>,
    pub year: Option<i32>,
    /// 1–12.
    pub month: Option<u32>,
    pub sort: Sort,
    /// 1-based.
    pub page: usize,
}

impl Default for SearchState {
    fn default() -> Self {
        SearchState {
            q: String::new(),
            category: Vec::new(),
            tag: None,
            author: None,
            year: None,
            month: None,
            sort: Sort::Relevance,
            page: 1,
        }
    }
}

impl Sort {
    /// The URL spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Relevance => "relevance",
            Sort::Newest => "newest",
            Sort::Oldest => "oldest",
        }
    }

    pub fn parse(s: &str) -> Option<Sort> {
        match s {
            "relevance" => Some(Sort::Relevance),
            "newest" => Some(Sort::Newest),
            "oldest" => Some(Sort::Oldest),
            _ => None,
        }
    }
}

impl SearchState {
    /// Reads a URL query string (with or without the leading `?`).
    pub fn from_query_string(s: &str) -> SearchState {
        let mut st = SearchState::default();
        let s = s.strip_prefix('?').unwrap_or(s);
        // A fragment is not part of the query.
        let s = s.split('#').next().unwrap_or("");
        let mut seen: Vec<&str> = Vec::new();
        let mut cats: Vec<&str> = Vec::new();
        for pair in s.split('&') {
            let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
            if key == "cat" {
                cats.push(raw);
                continue;
            }
            // The first occurrence of a key wins; later ones are ignored.
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            match key {
                "q" => st.q = decode_query_value(raw).chars().take(MAX_Q_CHARS).collect(),
                "tag" => st.tag = non_empty(decode_query_value(raw)),
                "author" => st.author = non_empty(decode_query_value(raw)),
                "y" => {
                    st.year = decode_query_value(raw)
                        .trim()
                        .parse()
                        .ok()
                        .filter(|y| (1..=9999).contains(y))
                }
                "m" => {
                    st.month = decode_query_value(raw)
                        .trim()
                        .parse()
                        .ok()
                        .filter(|m| (1..=12).contains(m))
                }
                "sort" => st.sort = Sort::parse(decode_query_value(raw).trim()).unwrap_or_default(),
                "page" => {
                    st.page = decode_query_value(raw)
                        .trim()
                        .parse::<usize>()
                        .ok()
                        .filter(|&p| p >= 1)
                        .unwrap_or(1)
                        .min(MAX_PAGE)
                }
                _ => {}
            }
        }
        let segments: Vec<String> = match cats.as_slice() {
            // One value: a path written by hand, `/` between its segments.
            [one] => one.split('/').map(decode_query_value).collect(),
            // Repeated: one segment each (what `to_query_string` writes).
            many => many.iter().map(|raw| decode_query_value(raw)).collect(),
        };
        st.category = segments
            .into_iter()
            .map(|seg| seg.trim().to_owned())
            .filter(|seg| !seg.is_empty())
            .collect();
        st
    }

    /// Writes the URL query string (no leading `?`); defaults are left out, so the
    /// plain browse view is the empty string.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode(&self.q)));
        }
        // One `cat` per segment: the value survives decoding whole (a router's decoded
        // query map keeps the path), and a `/` inside a segment stays inside it.
        // Except a single segment holding a `/`: repeated empty, so it is not read
        // back as a hand-written path.
        for seg in &self.category {
            parts.push(format!("cat={}", encode(seg)));
        }
        if let [only] = self.category.as_slice() {
            if only.contains('/') {
                parts.push("cat=".to_owned());
            }
        }
        if let Some(t) = self.tag.as_deref().filter(|t| !t.is_empty()) {
            parts.push(format!("tag={}", encode(t)));
        }
        if let Some(a) = self.author.as_deref().filter(|a| !a.is_empty()) {
            parts.push(format!("author={}", encode(a)));
        }
        if let Some(y) = self.year {
            parts.push(format!("y={y}"));
        }
        if let Some(m) = self.month {
            parts.push(format!("m={m}"));
        }
        if self.sort != Sort::Relevance {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }

    /// The filters part.
    pub fn filters(&self) -> Filters {
        Filters {
            category: self.category.clone(),
            tag: self.tag.clone(),
            author: self.author.clone(),
            year: self.year,
            month: self.month,
        }
    }

    /// The parsed query with filters.
    pub fn query(&self) -> Query {
        Query::with_filters(&self.q, self.filters())
    }
}

fn non_empty(s: String) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// Percent-encodes everything but RFC 3986 unreserved characters (so `/`, `&`, `=`,
/// `+`, `#` and spaces are always escaped inside a value).
fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789ABCDEF"[usize::from(b & 15)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_and_unicode() {
        assert_eq!(
            encode("a b+c/d&e=f#中"),
            "a%20b%2Bc%2Fd%26e%3Df%23%E4%B8%AD"
        );
        assert_eq!(decode_query_value("a%20b+c%2"), "a b c%2");
        assert_eq!(decode_query_value("%FF%E4%B8%AD"), "\u{FFFD}中");
    }

    #[test]
    fn example_url() {
        let st = SearchState::from_query_string(
            "?q=%E6%8A%95%E8%B5%84&cat=金融/中证网&y=2021&m=4&sort=newest&page=2&zzz=1",
        );
        assert_eq!(st.q, "投资");
        assert_eq!(st.category, ["金融", "中证网"]);
        assert_eq!(
            (st.year, st.month, st.sort, st.page),
            (Some(2021), Some(4), Sort::Newest, 2)
        );
        assert_eq!(SearchState::from_query_string(&st.to_query_string()), st);
    }
}
