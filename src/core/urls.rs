//! URL checks and resolution for untrusted article content.
//!
//! Relative references in a post (`../thumbnails/x.png`, `<img src="a.png">`) are
//! written relative to the post file. We resolve them against a *base*: either an
//! absolute http(s) URL (a fetched source) or a path relative to the catalog (the
//! article's `path`, e.g. `blog-en/post.md`), in which case the result stays relative
//! to the catalog and may start with `../`.

use crate::core::weburl::WebUrl;

/// Schemes a link or image may use. Everything else (javascript:, vbscript:, data:,
/// file:, …) is dropped.
pub const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Browsers ignore ASCII tab/newline inside URLs and trim C0 controls and spaces at
/// the ends, so `java\tscript:` is `javascript:`. Do the same before looking at it.
fn browser_normalise(s: &str) -> String {
    s.trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// The scheme of `s` if it has one, lowercased (per the URL standard's grammar).
fn scheme_of(s: &str) -> Option<String> {
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// Resolves an untrusted link/image reference. `None` when the URL is unsafe.
pub fn resolve(reference: &str, base: &str) -> Option<String> {
    let r = browser_normalise(reference);
    if r.is_empty() {
        return None;
    }
    if r.contains('\\') && scheme_of(&r).is_none() {
        // Browsers read `\` as `/` in special URLs: `\\evil.com` is protocol-relative.
        return resolve(&r.replace('\\', "/"), base);
    }
    if let Some(scheme) = scheme_of(&r) {
        return SAFE_SCHEMES.contains(&scheme.as_str()).then_some(r);
    }
    if r.starts_with('#') {
        // An in-article anchor: as written.
        return Some(r);
    }
    if (r.starts_with("//") || r.starts_with('/')) && !is_web_url(base) {
        // Protocol-relative, or root-relative to the site that serves the catalog.
        return Some(r);
    }
    // Joined, then looked at again: `../javascript:alert(1)` against `posts/x.html`
    // walks out of the path and leaves `javascript:alert(1)` (issue 25). Against an
    // absolute base, `/x` and `//host/x` resolve against the post's own address.
    // A result kept relative to the catalog may start with `../`, which a later join
    // onto a shallower base drops: what follows must not be a scheme either.
    let joined = join(base, &r);
    let mut rest = joined.as_str();
    while let Some(r) = rest.strip_prefix("../").or_else(|| rest.strip_prefix("./")) {
        rest = r;
    }
    match scheme_of(rest) {
        Some(scheme) if !SAFE_SCHEMES.contains(&scheme.as_str()) => None,
        _ => Some(joined),
    }
}

/// An absolute http(s) URL.
fn is_web_url(s: &str) -> bool {
    matches!(scheme_of(s).as_deref(), Some("http" | "https"))
}

/// Resolves an image URL from front matter (thumbnail, headimg, cover): only http(s)
/// and relative references are accepted.
pub fn resolve_image(reference: &str, base: &str) -> Option<String> {
    let resolved = resolve(reference, base)?;
    match scheme_of(&resolved) {
        Some(s) if s == "http" || s == "https" => Some(resolved),
        Some(_) => None,
        None if resolved.starts_with('#') => None,
        None => Some(resolved),
    }
}

/// Joins a relative reference onto a base (absolute URL or catalog-relative path).
pub fn join(base: &str, reference: &str) -> String {
    if let Ok(base_url) = WebUrl::parse(base) {
        if matches!(base_url.scheme().as_str(), "http" | "https") {
            if let Ok(u) = base_url.join(reference) {
                return u.href();
            }
        }
    }
    // Path arithmetic that keeps leading `..` (the result is relative to the catalog).
    let (ref_path, suffix) = match reference.find(['?', '#']) {
        Some(i) => (&reference[..i], &reference[i..]),
        None => (reference, ""),
    };
    let dir = match base.rfind('/') {
        Some(i) => &base[..=i],
        None => "",
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in dir.split('/').chain(ref_path.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                if matches!(parts.last(), Some(p) if *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if ref_path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    out.push_str(suffix);
    out
}

/// Percent-decodes a path or URL piece; broken escapes stay literal; invalid UTF-8
/// becomes U+FFFD.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            ) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes a query-string value: `+` is a space (form encoding), then percent escapes.
pub fn decode_query_value(s: &str) -> String {
    percent_decode(&s.replace('+', " "))
}

/// Percent-encodes each segment of a catalog-relative path so it can be fetched
/// (file names contain spaces, `%`, `"`, `+`, `#`, `?`).
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes one path segment or query value: every byte but the unreserved ones.
pub fn encode_segment(seg: &str) -> String {
    let mut out = String::with_capacity(seg.len());
    for b in seg.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_images_resolve_against_the_article() {
        assert_eq!(
            resolve("../thumbnails/git.png", "2015-09-24-git.md").as_deref(),
            Some("../thumbnails/git.png")
        );
        assert_eq!(
            resolve("../thumbnails/git.png", "blog-en/post.md").as_deref(),
            Some("thumbnails/git.png")
        );
        assert_eq!(
            resolve("a.png", "blog/2020/post.md").as_deref(),
            Some("blog/2020/a.png")
        );
        assert_eq!(
            resolve("./img/a.png?x=1#y", "blog/post.md").as_deref(),
            Some("blog/img/a.png?x=1#y")
        );
        assert_eq!(
            resolve("a.png", "https://example.com/posts/x/post.md").as_deref(),
            Some("https://example.com/posts/x/a.png")
        );
        assert_eq!(
            resolve("../../../up.png", "https://example.com/a/post.md").as_deref(),
            Some("https://example.com/up.png")
        );
    }

    #[test]
    fn unsafe_schemes_are_refused() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "file:///etc/passwd",
        ] {
            assert_eq!(resolve(bad, "x.md"), None, "{bad:?}");
        }
    }

    #[test]
    fn a_joined_path_is_checked_again() {
        // Issue 25: the scheme was checked before joining, and `..` walked out of the
        // base's folder into a scheme.
        for bad in [
            "../javascript:alert(1)",
            "../../JavaScript:alert(1)",
            "x/../../vbscript:msgbox(1)",
            "../data:text/html,x",
        ] {
            assert_eq!(resolve(bad, "posts/x.html"), None, "{bad:?}");
            assert_eq!(resolve(bad, "x.md"), None, "{bad:?}");
        }
        assert_eq!(resolve("./javascript:alert(1)", "x.md"), None);
        assert_eq!(
            resolve("./javascript:alert(1)", "posts/x.html").as_deref(),
            Some("posts/javascript:alert(1)"),
            "a file name with a colon inside a folder is a path"
        );
        assert_eq!(
            resolve("../javascript/x.png", "posts/x.html").as_deref(),
            Some("javascript/x.png")
        );
    }

    #[test]
    fn root_relative_references_in_a_fetched_post_stay_on_its_origin() {
        // Issue 25: `/x` in a remote post meant the reader's site, not the post's.
        assert_eq!(
            resolve("/img/a.png", "https://other.example/blog/p.md").as_deref(),
            Some("https://other.example/img/a.png")
        );
        assert_eq!(
            resolve("//cdn.example/a.png", "https://other.example/p.md").as_deref(),
            Some("https://cdn.example/a.png")
        );
        assert_eq!(
            resolve("#s", "https://other.example/p.md").as_deref(),
            Some("#s")
        );
    }

    #[test]
    fn safe_ones_pass() {
        assert_eq!(
            resolve("https://a.b/c", "x.md").as_deref(),
            Some("https://a.b/c")
        );
        assert_eq!(
            resolve("mailto:a@b.c", "x.md").as_deref(),
            Some("mailto:a@b.c")
        );
        assert_eq!(resolve("#section", "x.md").as_deref(), Some("#section"));
        assert_eq!(
            resolve("//cdn.example/a.png", "x.md").as_deref(),
            Some("//cdn.example/a.png")
        );
        assert_eq!(resolve("/root.png", "a/x.md").as_deref(), Some("/root.png"));
        assert_eq!(
            resolve("\\\\evil.example/x", "x.md").as_deref(),
            Some("//evil.example/x")
        );
    }

    #[test]
    fn images_need_http_or_relative() {
        assert_eq!(resolve_image("mailto:a@b.c", "x.md"), None);
        assert_eq!(
            resolve_image("https://picsum.photos/400/300?random=2132", "x.md").as_deref(),
            Some("https://picsum.photos/400/300?random=2132")
        );
        assert_eq!(
            resolve_image("img/a.png", "d/x.md").as_deref(),
            Some("d/img/a.png")
        );
    }

    #[test]
    fn paths_are_encoded_per_segment() {
        assert_eq!(
            encode_path("新媒体/a b/%x\"+#?.md"),
            "%E6%96%B0%E5%AA%92%E4%BD%93/a%20b/%25x%22%2B%23%3F.md"
        );
    }
}
