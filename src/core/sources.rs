//! Where articles come from: the parts that need no browser. Checking and classifying
//! source URLs (`?src=`), turning a fetched catalog or post file into a catalog whose
//! paths are absolute URLs, merging several sources into one catalog with distinct
//! slugs, and the paths and URLs of files opened locally.
//!
//! A fetched source's articles keep their origin in `Article::path`: it becomes the
//! absolute URL of the post file (the catalog's `path` resolved against the catalog's
//! URL), so bodies are fetched from where they live and relative images resolve there.

use crate::core::article::{read_post, Article, Post, ReadError};
use crate::core::catalog::{Catalog, CatalogBuilder, FileIssue};
use crate::core::urls::{self, percent_decode};
use crate::core::weburl::WebUrl;

/// File extensions read as posts (the CLI reads the same).
pub const POST_EXTENSIONS: [&str; 5] = ["md", "markdown", "html", "htm", "txt"];
/// Files of an opened folder shown through object URLs when a post refers to them.
pub const IMAGE_EXTENSIONS: [&str; 9] = [
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "bmp", "ico",
];
/// Relative URLs in a locally opened post resolve against this made-up origin (the
/// `.invalid` TLD never resolves), then `rewrite_local_urls` swaps the ones that name
/// an opened file for its object URL.
pub const LOCAL_ORIGIN: &str = "https://local.invalid/";

/// The lowercased extension of the last segment of `path` (no query, no fragment).
pub fn extension(path: &str) -> Option<String> {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let name = path.rsplit('/').next().unwrap_or(path);
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

pub fn is_post_path(path: &str) -> bool {
    extension(path).is_some_and(|e| POST_EXTENSIONS.contains(&e.as_str()))
}

pub fn is_image_path(path: &str) -> bool {
    extension(path).is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.as_str()))
}

/// Hidden files and folders and `node_modules` are skipped, as the CLI does.
pub fn is_skipped_path(path: &str) -> bool {
    path.split('/')
        .any(|s| s.starts_with('.') && s != "." && s != ".." || s == "node_modules")
}

/// What a source URL names, from its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `….json`: a catalog written by `broadsheet index`.
    Catalog,
    /// `.md`, `.markdown`, `.html`, `.htm`, `.txt`: one post file.
    Post,
    /// Anything else: decided by the content (`looks_like_catalog`).
    Unknown,
}

pub fn source_kind(url: &str) -> SourceKind {
    match extension(url).as_deref() {
        Some("json") => SourceKind::Catalog,
        Some(e) if POST_EXTENSIONS.contains(&e) => SourceKind::Post,
        _ => SourceKind::Unknown,
    }
}

/// Fetched bytes of unknown kind: a JSON object is taken for a catalog.
pub fn looks_like_catalog(bytes: &[u8]) -> bool {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// A source as written (`?src=` value, `<meta name="broadsheet-src">` content) →
/// absolute URL, resolved against the page's base URL. Only http(s), and no
/// `user:password@` (nothing that would send credentials). A folder URL (ending in `/`)
/// means the `catalog.json` in it.
pub fn resolve_source_url(given: &str, page_base: &str) -> Result<String, String> {
    let given = given.trim();
    if given.is_empty() {
        return Err("empty source URL".into());
    }
    let base = WebUrl::parse(page_base).map_err(|e| format!("bad page URL {page_base}: {e}"))?;
    let mut u = base.join(given).map_err(|e| format!("not a URL ({e})"))?;
    let scheme = u.scheme();
    if !matches!(scheme.as_str(), "http" | "https") {
        return Err(format!("only http(s) URLs can be loaded, not {scheme}:"));
    }
    if u.has_credentials() {
        return Err(
            "URLs with a user name or password are not loaded (no credentials are ever sent)"
                .into(),
        );
    }
    u.clear_fragment();
    let path = u.path();
    if path.ends_with('/') {
        u.set_path(&format!("{path}catalog.json"));
    }
    Ok(u.href())
}

/// Which sites a page may load articles from besides its own: the site owner's
/// `<meta name="broadsheet-allow-src" content="…">` — absent or `*`: any site;
/// `none`: none (`?src=` is refused); else the origins allowed, separated by spaces
/// or commas (`self` is the page's own origin). The site's own catalog is always
/// allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourcePolicy {
    Any,
    Origins(Vec<String>),
}

impl SourcePolicy {
    /// Reads the meta's content (`None`: no meta).
    pub fn parse(content: Option<&str>, page_origin: &str) -> SourcePolicy {
        let Some(content) = content else {
            return SourcePolicy::Any;
        };
        let mut origins = Vec::new();
        for word in content
            .split([' ', ',', '\t', '\n'])
            .filter(|w| !w.is_empty())
        {
            match word.to_ascii_lowercase().as_str() {
                "*" => return SourcePolicy::Any,
                "none" => {}
                "self" => origins.push(page_origin.to_owned()),
                w => {
                    // An origin as written, or any URL on it: normalized.
                    if let Ok(u) = WebUrl::parse(w) {
                        if matches!(u.scheme().as_str(), "http" | "https") {
                            origins.push(origin_of(&u.href()).to_owned());
                        }
                    }
                }
            }
        }
        SourcePolicy::Origins(origins)
    }

    /// Whether the absolute source URL `url` may be loaded.
    pub fn allows(&self, url: &str) -> bool {
        match self {
            SourcePolicy::Any => true,
            SourcePolicy::Origins(list) => list.iter().any(|o| o == origin_of(url)),
        }
    }
}

/// A catalog fetched from `catalog_url`, ready to merge: article paths become absolute
/// URLs of the post files, relative thumbnails/covers absolute image URLs (other
/// schemes dropped: the catalog is untrusted). An article whose path does not resolve
/// to an http(s) URL is moved to `errors`.
pub fn rebase(catalog: &mut Catalog, catalog_url: &str) {
    let mut bad = Vec::new();
    catalog
        .articles
        .retain_mut(|a| match rebase_article(a, catalog_url) {
            Ok(()) => true,
            Err(issue) => {
                bad.push(issue);
                false
            }
        });
    catalog.errors.extend(bad);
}

/// One article of a catalog (or site data) fetched from `catalog_url`, rebased as
/// `rebase` does; the issue when its path does not resolve to an http(s) URL.
pub fn rebase_article(a: &mut Article, catalog_url: &str) -> Result<(), FileIssue> {
    let file = urls::join(catalog_url, &urls::encode_path(&a.path));
    if !(file.starts_with("http://") || file.starts_with("https://")) {
        return Err(FileIssue {
            path: a.path.clone(),
            message: "the path is not inside an http(s) site".into(),
        });
    }
    // A post file lives where its catalog does: a foreign catalog's `//<this site>/x`
    // would otherwise make the reader fetch from the reader's own site (or, inside a
    // widget, the host page's) as if it were the post (issue 25).
    if origin_of(&file) != origin_of(&urls::join(catalog_url, "")) {
        return Err(FileIssue {
            path: crate::core::text::truncate_chars(&a.path, 300),
            message: "the path leaves the catalog's site; post files must be on the same site as their catalog".into(),
        });
    }
    a.path = file;
    a.thumbnail = a
        .thumbnail
        .take()
        .and_then(|i| rebase_image(&i, catalog_url));
    a.cover = a.cover.take().and_then(|i| rebase_image(&i, catalog_url));
    Ok(())
}

/// `scheme://host[:port]` of a normalized absolute URL (as `urls::join` writes them);
/// anything with user info stays in it, so it never equals a plain origin.
pub fn origin_of(url: &str) -> &str {
    let Some(i) = url.find("://") else { return url };
    let rest = &url[i + 3..];
    let end = rest.find(['/', '?', '#']).map_or(url.len(), |j| i + 3 + j);
    &url[..end]
}

/// The host of an absolute or protocol-relative URL, for naming a site to people: no
/// scheme, user info or path; the port kept (`127.0.0.1:8080`), lowercased.
pub fn host_of(url: &str) -> String {
    let after = url.find("//").map_or(url, |i| &url[i + 2..]);
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    authority
        .rsplit('@')
        .next()
        .unwrap_or(authority)
        .to_ascii_lowercase()
}

fn rebase_image(image: &str, catalog_url: &str) -> Option<String> {
    let lower = image.trim_start().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Some(image.trim().to_owned());
    }
    let joined = if image.starts_with("//") {
        urls::join(catalog_url, image)
    } else {
        urls::join(catalog_url, &urls::encode_path(image))
    };
    (joined.starts_with("http://") || joined.starts_with("https://")).then_some(joined)
}

/// The percent-decoded last segment of a URL's path (`…/a%20b.md` → `a b.md`).
pub fn file_name(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    percent_decode(path.rsplit('/').next().unwrap_or(path))
}

/// One post file fetched from `url` → a one-article catalog (rebased onto `url`), or
/// the reason it cannot be shown.
pub fn post_catalog(url: &str, bytes: &[u8], generated: String) -> Result<Catalog, String> {
    let name = post_file_name(url);
    let read = read_post(&name, bytes);
    post_catalog_from(url, read, generated)
}

/// The name a post source is read under (`read_post`'s path): its file name, or
/// `post.md` for a URL without one.
pub fn post_file_name(url: &str) -> String {
    let name = file_name(url);
    if name.is_empty() {
        "post.md".to_owned()
    } else {
        name
    }
}

/// `post_catalog` for a post read elsewhere (the app's post reader) under
/// `post_file_name(url)`.
pub fn post_catalog_from(
    url: &str,
    read: Result<Post, ReadError>,
    generated: String,
) -> Result<Catalog, String> {
    let name = post_file_name(url);
    let mut builder = CatalogBuilder::default();
    match read {
        Ok(post) => builder.add_read(&name, Ok(post)),
        Err(ReadError::Draft) => {
            return Err("the post is a draft (draft: true or published: false)".into())
        }
        Err(e) => return Err(format!("not a readable post: {e}")),
    }
    let mut catalog = builder.finish(generated);
    // `name` is the file's own name, so the path resolves to the URL itself.
    rebase(&mut catalog, url);
    Ok(catalog)
}

/// Merges the catalogs of several sources, in the order the sources were given, into
/// one. Slugs stay unique and deterministic: articles of an earlier source keep theirs,
/// and a later article whose slug is taken gets `-<6 hex digits>` of its path — for a
/// fetched source the absolute URL of the post file, so the suffix names the source.
/// Newest first, as every catalog.
pub fn merge<'a>(parts: impl IntoIterator<Item = &'a Catalog>) -> Catalog {
    let mut parts = parts.into_iter();
    let Some(first) = parts.next() else {
        return Catalog {
            version: crate::core::catalog::FORMAT_VERSION,
            generated: String::new(),
            articles: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            skipped: Vec::new(),
        };
    };
    let mut merged = first.clone();
    for p in parts {
        merged.merge(p.clone());
    }
    merged
}

/// The folder every path starts with, when there is one (a folder was opened or
/// dropped): `hexo/a/x.md`, `hexo/y.md` → `hexo/`. Stripping it gives the paths the
/// CLI would write for that folder, so slugs match the CLI's.
pub fn common_folder<'a>(paths: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut common: Option<&str> = None;
    for p in paths {
        let (first, _) = p.split_once('/')?;
        match common {
            None => common = Some(first),
            Some(c) if c == first => {}
            Some(_) => return None,
        }
    }
    common.map(|c| format!("{c}/"))
}

/// The base a locally opened post's relative URLs resolve against.
pub fn local_base(path: &str) -> String {
    format!("{LOCAL_ORIGIN}{}", urls::encode_path(path))
}

/// A catalog-relative image path of a local post (its thumbnail after `read_post`
/// resolved it) when it names a file of the opened folder: `Some(path)`.
pub fn local_image_path(image: &str) -> Option<String> {
    let has_scheme = image.find(':').is_some_and(|c| !image[..c].contains('/'));
    if image.is_empty() || has_scheme || image.starts_with('/') || image.starts_with("..") {
        return None;
    }
    let path = image.split(['?', '#']).next().unwrap_or(image);
    let path = path.strip_prefix("./").unwrap_or(path);
    Some(percent_decode(path))
}

/// Where a local URL sits in a post's HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlUse {
    /// An `href`: something the reader navigates to.
    Link,
    /// Anything else the sanitizer keeps (`src`, `srcset`, `poster`): fetched as a
    /// picture or media, never opened as a document.
    Media,
}

/// Rewrites the `https://local.invalid/<path>` URLs in a local post's sanitized HTML:
/// `replace(path, use)` answers the new URL (an object URL of the opened file, or an
/// in-app link) or `None` to leave it. Replacements must be URL-safe text. Callers give
/// object URLs for `Media` only: a `blob:` link is a same-origin document, and an SVG
/// with script inside, opened by a click, would run (issue 25).
pub fn rewrite_local_urls(html: &str, replace: impl Fn(&str, UrlUse) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(LOCAL_ORIGIN) {
        let url_use = url_use_before(&rest[..i]);
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after
            .find(['"', '\'', '<', '>', ' ', '\t', '\n', '\r'])
            .unwrap_or(after.len());
        let url = &after[..end];
        let path = url[LOCAL_ORIGIN.len()..]
            .split(['?', '#'])
            .next()
            .unwrap_or("");
        let path = percent_decode(&path.replace("&amp;", "&"));
        match replace(&path, url_use) {
            Some(new) => out.push_str(&new),
            None => out.push_str(url),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Whether the attribute whose value starts after `before` is an `href` (serialized
/// sanitizer output: `name="`; in a `srcset` the URL may follow other candidates).
fn url_use_before(before: &str) -> UrlUse {
    let head = before.trim_end_matches(['"', '\'']);
    // The attribute value starts right after `=` (a `srcset` later candidate is after
    // `, ` instead: not a link either).
    let Some(name_end) = head.strip_suffix('=') else {
        return UrlUse::Media;
    };
    let name_start = name_end
        .rfind(|c: char| c.is_whitespace() || c == '<')
        .map_or(0, |i| i + 1);
    if name_end[name_start..].eq_ignore_ascii_case("href") {
        UrlUse::Link
    } else {
        UrlUse::Media
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_extensions() {
        assert_eq!(
            source_kind("https://a.example/posts/catalog.json"),
            SourceKind::Catalog
        );
        assert_eq!(
            source_kind("https://a.example/p/Hello.MD?x=1"),
            SourceKind::Post
        );
        assert_eq!(source_kind("https://a.example/feed"), SourceKind::Unknown);
        assert!(is_post_path("a/b.markdown") && !is_post_path("a/b.png") && !is_post_path(".md"));
        assert!(is_image_path("img/A.PNG"));
        assert!(
            is_skipped_path(".git/x.md")
                && is_skipped_path("a/node_modules/b.md")
                && is_skipped_path("a/.hidden.md")
        );
        assert!(!is_skipped_path("a/b.md") && !is_skipped_path("../a.md"));
        assert!(
            looks_like_catalog(b"\xEF\xBB\xBF \n{\"version\":1}")
                && !looks_like_catalog(b"---\ntitle: x\n---")
        );
    }

    #[test]
    fn source_urls_are_http_only_and_resolved() {
        let page = "http://127.0.0.1:8080/sub/";
        assert_eq!(
            resolve_source_url("articles/catalog.json", page).unwrap(),
            "http://127.0.0.1:8080/sub/articles/catalog.json"
        );
        assert_eq!(
            resolve_source_url("https://x.example/posts/", page).unwrap(),
            "https://x.example/posts/catalog.json"
        );
        assert_eq!(
            resolve_source_url("//x.example/a.md#frag", page).unwrap(),
            "http://x.example/a.md"
        );
        for bad in [
            "javascript:alert(1)",
            "data:application/json,{}",
            "file:///etc/passwd",
            "blob:http://x/y",
            "ftp://x/c.json",
        ] {
            assert!(resolve_source_url(bad, page).is_err(), "{bad}");
        }
        assert!(resolve_source_url("https://u:p@x.example/c.json", page)
            .unwrap_err()
            .contains("credentials"));
        assert!(resolve_source_url("  ", page).is_err());
    }

    fn post(title: &str, date: &str, thumb: &str) -> Vec<u8> {
        format!("---\ntitle: {title}\ndate: {date}\nthumbnail: {thumb}\n---\nBody.").into_bytes()
    }

    fn catalog(files: &[(&str, Vec<u8>)]) -> Catalog {
        Catalog::build(
            files.iter().map(|(p, b)| (p.to_string(), b.clone())),
            String::new(),
        )
    }

    #[test]
    fn rebase_makes_paths_and_images_absolute() {
        let mut c = catalog(&[
            ("posts/a b.md", post("A", "2021-01-01", "../img/a.png")),
            ("b.md", post("B", "2021-01-02", "javascript:alert(1)")),
        ]);
        // An untrusted catalog may carry anything.
        c.articles[0].cover = Some("data:image/png,xx".into());
        rebase(&mut c, "https://x.example/site/catalog.json");
        let a = c.articles.iter().find(|a| a.title == "A").unwrap();
        assert_eq!(a.path, "https://x.example/site/posts/a%20b.md");
        assert_eq!(
            a.thumbnail.as_deref(),
            Some("https://x.example/site/img/a.png")
        );
        let b = c.articles.iter().find(|a| a.title == "B").unwrap();
        assert_eq!(b.path, "https://x.example/site/b.md");
        assert_eq!(b.thumbnail, None);
        assert!(c
            .articles
            .iter()
            .all(|a| a.cover.as_deref().is_none_or(|c| c.starts_with("https://"))));
    }

    #[test]
    fn the_owner_chooses_which_sites_may_be_sources() {
        let page = "https://me.example";
        let any = SourcePolicy::parse(None, page);
        assert!(any.allows("https://anyone.example/catalog.json"));
        assert_eq!(SourcePolicy::parse(Some(" * "), page), SourcePolicy::Any);
        let none = SourcePolicy::parse(Some("none"), page);
        assert!(!none.allows("https://me.example/articles/catalog.json"));
        assert!(!none.allows("https://anyone.example/catalog.json"));
        let some = SourcePolicy::parse(
            Some("self, https://Friend.example/blog/  http://old.example:8080"),
            page,
        );
        assert!(some.allows("https://me.example/x/catalog.json"));
        assert!(some.allows("https://friend.example/other/catalog.json"));
        assert!(some.allows("http://old.example:8080/c.json"));
        assert!(
            !some.allows("https://old.example:8080/c.json"),
            "scheme counts"
        );
        assert!(!some.allows("https://friend.example.evil.example/c.json"));
        assert!(!some.allows("https://evil.example/?https://friend.example"));
        assert!(!SourcePolicy::parse(Some("javascript:x ftp://a"), page).allows("ftp://a/x"));
    }

    #[test]
    fn post_files_stay_on_their_catalogs_site() {
        let mut c = catalog(&[
            ("ok.md", post("Ok", "2021-01-01", "")),
            ("x.md", post("Away", "2021-01-02", "")),
            ("y.md", post("Abs", "2021-01-03", "")),
        ]);
        for a in &mut c.articles {
            match a.title.as_str() {
                "Away" => a.path = "//reader.example/private/x.md".into(),
                "Abs" => a.path = "https://reader.example/y.md".into(),
                _ => {}
            }
        }
        rebase(&mut c, "https://foreign.example:8443/feed/catalog.json");
        let titles: Vec<&str> = c.articles.iter().map(|a| a.title.as_str()).collect();
        // An absolute URL as a path is encoded into a path on the catalog's site.
        assert_eq!(titles, ["Abs", "Ok"]);
        assert!(c
            .articles
            .iter()
            .all(|a| a.path.starts_with("https://foreign.example:8443/feed/")));
        assert_eq!(c.errors.len(), 1);
        assert!(c
            .errors
            .iter()
            .all(|e| e.message.contains("leaves the catalog's site")));
        assert_eq!(origin_of("https://a.example:1/x?y"), "https://a.example:1");
        assert_eq!(origin_of("https://u@a.example/"), "https://u@a.example");
        assert_eq!(host_of("https://u:p@A.example:8443/x?y"), "a.example:8443");
        assert_eq!(host_of("//cdn.example/a.png"), "cdn.example");
    }

    #[test]
    fn a_single_post_becomes_a_catalog() {
        let url = "https://x.example/blog/2015-09-24-hello%20world.md";
        let c = post_catalog(
            url,
            b"---\ntitle: Hi\ncategories: [A]\n---\nText",
            String::new(),
        )
        .unwrap();
        assert_eq!(c.articles.len(), 1);
        assert_eq!(c.articles[0].path, url);
        assert_eq!(c.articles[0].categories, vec![vec!["A".to_string()]]);
        assert!(
            post_catalog(url, b"---\ntitle: [oops\n---\n", String::new())
                .unwrap_err()
                .contains("front matter")
        );
        assert!(
            post_catalog(url, b"---\ndraft: true\n---\nx", String::new())
                .unwrap_err()
                .contains("draft")
        );
        assert!(post_catalog(url, b"", String::new()).is_err());
    }

    #[test]
    fn merged_sources_get_distinct_deterministic_slugs() {
        let mut one = catalog(&[
            ("hello.md", post("Hello", "2021-01-01", "x.png")),
            ("only.md", post("Only", "2020-01-01", "x.png")),
        ]);
        let mut two = catalog(&[("hello.md", post("Hello again", "2022-01-01", "x.png"))]);
        rebase(&mut one, "https://one.example/catalog.json");
        rebase(&mut two, "https://two.example/catalog.json");
        let m = merge([&one, &two]);
        assert_eq!(m.articles.len(), 3);
        // Newest first; the first source keeps `hello`, the second gets a suffix from its URL.
        assert_eq!(m.articles[0].title, "Hello again");
        assert!(
            m.articles[0].slug.starts_with("hello-")
                && m.articles[0].slug.len() == "hello-".len() + 6
        );
        assert_eq!(m.articles[1].slug, "hello");
        let again = merge([&one, &two]);
        assert_eq!(m.articles, again.articles, "deterministic");
        // The same article from another host gets another suffix.
        let mut three = two.clone();
        three.articles[0].path = "https://three.example/hello.md".into();
        let m3 = merge([&one, &three]);
        assert_ne!(m3.articles[0].slug, m.articles[0].slug);
        let slugs: std::collections::HashSet<_> = m.articles.iter().map(|a| &a.slug).collect();
        assert_eq!(slugs.len(), 3);
        assert_eq!(
            merge([&one]).articles,
            one.articles,
            "one source is left as it is"
        );
        assert!(merge(std::iter::empty()).articles.is_empty());
    }

    #[test]
    fn local_folders_and_urls() {
        assert_eq!(
            common_folder(["hexo/a/x.md", "hexo/y.md"]).as_deref(),
            Some("hexo/")
        );
        assert_eq!(common_folder(["hexo/a/x.md", "y.md"]), None);
        assert_eq!(common_folder(["a/x.md", "b/y.md"]), None);
        assert_eq!(
            local_base("新/a b.md"),
            "https://local.invalid/%E6%96%B0/a%20b.md"
        );
        assert_eq!(
            local_image_path("img/a%20b.png?x").as_deref(),
            Some("img/a b.png")
        );
        assert_eq!(local_image_path("https://x/y.png"), None);
        assert_eq!(local_image_path("../up.png"), None);
        assert_eq!(percent_decode("%E6%96%B0%2"), "新%2");
    }

    #[test]
    fn local_urls_in_rendered_bodies_are_swapped() {
        let post = read_post("posts/p.md", b"---\ntitle: P\n---\n![a](<img/a b.png>) ![b](../up.png) [x](other.md) ![w](https://w.example/i.png)").unwrap();
        let html = post.render(&local_base("posts/p.md")).html;
        assert!(
            html.contains("https://local.invalid/posts/img/a%20b.png"),
            "{html}"
        );
        let out = rewrite_local_urls(&html, |p, _| {
            (p == "posts/img/a b.png").then(|| "blob:http://127.0.0.1/uuid".to_string())
        });
        assert!(out.contains("src=\"blob:http://127.0.0.1/uuid\""), "{out}");
        assert!(
            out.contains("https://local.invalid/up.png"),
            "unknown files stay"
        );
        assert!(out.contains("https://w.example/i.png"));
        assert_eq!(rewrite_local_urls("no urls", |_, _| None), "no urls");
    }

    #[test]
    fn local_links_are_told_from_local_pictures() {
        // Issue 25: `<a href="img/x.svg">` must not become a same-origin blob: document.
        let post = read_post(
            "p.md",
            b"---\ntitle: P\n---\n[open](img/x.svg) ![pic](img/x.svg) [post](other.md)",
        )
        .unwrap();
        let html = post.render(&local_base("p.md")).html;
        let seen = std::cell::RefCell::new(Vec::new());
        rewrite_local_urls(&html, |p, u| {
            seen.borrow_mut().push((p.to_owned(), u));
            None
        });
        assert_eq!(
            seen.into_inner(),
            [
                ("img/x.svg".to_owned(), UrlUse::Link),
                ("img/x.svg".to_owned(), UrlUse::Media),
                ("other.md".to_owned(), UrlUse::Link),
            ]
        );
        assert_eq!(url_use_before("<img srcset=\"a.png 1x, "), UrlUse::Media);
        assert_eq!(url_use_before("<a class=\"x\" HREF=\""), UrlUse::Link);
        assert_eq!(url_use_before("<video poster='"), UrlUse::Media);
    }
}
