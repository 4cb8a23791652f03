//! Article body → safe HTML, table of contents and plain text.
//!
//! Markdown goes through pulldown-cmark (raw HTML inside it is kept for the
//! sanitizer); HTML bodies are used as HTML. Whatever the source, the result passes
//! through ammonia with an article allow-list before anyone sees it. Heading ids are
//! added *after* sanitizing so the table of contents always matches the output.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use pulldown_cmark::{html, Options, Parser};
use serde::{Deserialize, Serialize};

use crate::core::text::{collapse_whitespace, html_to_text, slugify, truncate_chars};
use crate::core::urls;

/// How the body is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyFormat {
    Markdown,
    Html,
}

/// One heading of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A body ready for the DOM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedBody {
    /// Sanitized HTML: safe to hand to `inner_html`.
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Plain text of the whole body (for excerpts, reading time, search).
    pub text: String,
}

/// Excerpt length in characters when the post has no `<!-- more -->` marker.
pub const EXCERPT_CHARS: usize = 160;

/// Decides Markdown vs HTML from the file extension and, for Markdown-ish extensions,
/// the body itself: RSS-fed Hexo sites write raw HTML into `.md` files, and running that
/// through Markdown would turn indented HTML into code blocks.
pub fn detect_format(path: &str, body: &str) -> BodyFormat {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if matches!(ext.as_str(), "html" | "htm" | "xhtml") {
        return BodyFormat::Html;
    }
    let head = body.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let tag: String = head
        .strip_prefix('<')
        .map(|r| r.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase())
        .unwrap_or_default();
    const BLOCK_TAGS: [&str; 22] = [
        "div", "p", "section", "article", "html", "body", "table", "figure", "style", "h1", "h2", "h3", "h4", "h5",
        "h6", "ul", "ol", "blockquote", "pre", "header", "main", "center",
    ];
    if BLOCK_TAGS.contains(&tag.as_str()) || head.starts_with("<!DOCTYPE") || head.starts_with("<!doctype") {
        BodyFormat::Html
    } else {
        BodyFormat::Markdown
    }
}

/// Finds Hexo's `<!-- more -->` marker (any spacing/case). Returns the byte range.
pub fn find_more_marker(body: &str) -> Option<(usize, usize)> {
    let lower = body.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<!--") {
        let start = from + i;
        let rest = &lower[start + 4..];
        let end = rest.find("-->")?;
        if rest[..end].trim() == "more" {
            return Some((start, start + 4 + end + 3));
        }
        from = start + 4;
    }
    None
}

/// Renders a body to sanitized HTML. `base` is what relative URLs resolve against: the
/// article's catalog-relative path or its absolute URL.
pub fn render(body: &str, format: BodyFormat, base: &str) -> RenderedBody {
    let raw_html: Cow<str> = match format {
        BodyFormat::Markdown => Cow::Owned(markdown_to_html(body)),
        BodyFormat::Html => Cow::Borrowed(body),
    };
    let clean = sanitize(&raw_html, base);
    let (html, toc) = add_heading_ids(&clean);
    let text = collapse_whitespace(&html_to_text(&html));
    RenderedBody { html, toc, text }
}

/// Plain-text excerpt: the part before `<!-- more -->` if present, else the first
/// ~160 characters of the text.
pub fn excerpt(body: &str, format: BodyFormat, full_text: &str) -> String {
    if let Some((start, _)) = find_more_marker(body) {
        let head = render(&body[..start], format, "");
        if !head.text.is_empty() {
            return truncate_chars(&head.text, EXCERPT_CHARS * 4);
        }
    }
    truncate_chars(full_text, EXCERPT_CHARS)
}

fn markdown_to_html(md: &str) -> String {
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let parser = Parser::new_ext(md, opts);
    let mut out = String::with_capacity(md.len() * 3 / 2);
    html::push_html(&mut out, parser);
    // pulldown-cmark aligns table cells with inline styles; styles are not allowed
    // through (strict CSP), so turn them into the `align` attribute.
    if out.contains("style=\"text-align: ") {
        for a in ["left", "center", "right"] {
            out = out.replace(&format!(" style=\"text-align: {a}\""), &format!(" align=\"{a}\""));
        }
    }
    out
}

/// Class names content may carry: code languages (for highlighting) and the ones
/// pulldown-cmark writes for footnotes and task lists. Nothing that could imitate
/// the app's own `bs-` classes.
fn allowed_class(token: &str) -> bool {
    let lang = token.strip_prefix("language-");
    match lang {
        Some(l) => !l.is_empty() && l.len() <= 32 && l.chars().all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c)),
        None => matches!(
            token,
            "footnote-definition" | "footnote-reference" | "footnote-definition-label" | "task-list-item" | "contains-task-list"
        ),
    }
}

fn sanitize(html: &str, base: &str) -> String {
    let tags: HashSet<&str> = [
        "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "center", "cite",
        "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
        "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img", "input", "ins", "kbd", "li",
        "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "span", "strike", "strong",
        "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var",
        "wbr",
    ]
    .into_iter()
    .collect();
    let mut tag_attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut allow = |tag: &'static str, attrs: &[&'static str]| {
        tag_attributes.entry(tag).or_default().extend(attrs.iter().copied());
    };
    allow("a", &["href", "hreflang"]);
    allow("img", &["src", "alt", "width", "height"]);
    allow("td", &["colspan", "rowspan", "align"]);
    allow("th", &["colspan", "rowspan", "align", "scope"]);
    allow("col", &["span"]);
    allow("colgroup", &["span"]);
    allow("ol", &["start", "reversed", "type"]);
    allow("li", &["value"]);
    allow("time", &["datetime"]);
    allow("blockquote", &["cite"]);
    allow("q", &["cite"]);
    allow("del", &["cite", "datetime"]);
    allow("ins", &["cite", "datetime"]);
    allow("details", &["open"]);
    allow("input", &["type", "checked"]);
    for t in ["code", "pre", "div", "span", "sup", "li", "ul", "ol", "section"] {
        allow(t, &["class"]);
    }
    let generic: HashSet<&str> = ["title", "lang", "dir", "id"].into_iter().collect();
    let base = base.to_owned();

    ammonia::Builder::default()
        .tags(tags)
        .tag_attributes(tag_attributes)
        .generic_attributes(generic)
        .url_schemes(urls::SAFE_SCHEMES.into_iter().collect())
        .url_relative(ammonia::UrlRelative::Custom(Box::new(ResolveAgainst(base))))
        .link_rel(Some("noopener noreferrer"))
        // Lazy images, and no Referer: many news images sit behind hotlink checks
        // that refuse foreign referrers but serve requests without one.
        .set_tag_attribute_value("img", "loading", "lazy")
        .set_tag_attribute_value("img", "decoding", "async")
        .set_tag_attribute_value("img", "referrerpolicy", "no-referrer")
        // Task-list checkboxes are display only.
        .set_tag_attribute_value("input", "disabled", "")
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            (_, "class") => {
                let kept: Vec<&str> = value.split_whitespace().filter(|t| allowed_class(t)).collect();
                (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
            }
            (_, "id") => {
                // Ids are kept for in-article anchors (footnotes, headings) but may not
                // collide with the app's own `bs-` ids or carry odd characters.
                let ok = !value.is_empty()
                    && value.len() <= 80
                    && !value.starts_with("bs-")
                    && value.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_');
                ok.then(|| Cow::Borrowed(value))
            }
            ("input", "type") => (value.eq_ignore_ascii_case("checkbox")).then_some(Cow::Borrowed("checkbox")),
            _ => Some(Cow::Borrowed(value)),
        })
        .clean(html)
        .to_string()
}

/// Resolves relative URLs in content against the article's location.
struct ResolveAgainst(String);

impl ammonia::UrlRelativeEvaluate<'_> for ResolveAgainst {
    fn evaluate<'a>(&self, url: &'a str) -> Option<Cow<'a, str>> {
        urls::resolve(url, &self.0).map(Cow::Owned)
    }
}

/// Gives every `<h1>`–`<h6>` a stable, unique id and collects the table of contents.
/// Input is ammonia's serialization, so tags and attributes have a regular shape.
fn add_heading_ids(html: &str) -> (String, Vec<TocEntry>) {
    let mut out = String::with_capacity(html.len() + 64);
    let mut toc = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut rest = html;
    while let Some(pos) = find_heading_open(rest) {
        let level = rest.as_bytes()[pos + 2] - b'0';
        let Some(gt) = rest[pos..].find('>') else { break };
        let open_tag = &rest[pos..pos + gt + 1];
        let close = format!("</h{level}>");
        let Some(close_rel) = rest[pos + gt + 1..].find(&close) else { break };
        let inner = &rest[pos + gt + 1..pos + gt + 1 + close_rel];
        let text = collapse_whitespace(&html_to_text(inner));
        let existing = attr_value(open_tag, "id");
        let wanted = existing.clone().unwrap_or_else(|| {
            let s = slugify(&text);
            if s.is_empty() {
                "section".to_owned()
            } else {
                truncate_id(&s)
            }
        });
        let mut id = wanted.clone();
        let mut n = 1;
        while !used.insert(id.clone()) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        out.push_str(&rest[..pos]);
        let attrs_without_id = strip_attr(&open_tag[3..open_tag.len() - 1], "id");
        out.push_str(&format!("<h{level} id=\"{}\"{}>", escape_attr(&id), attrs_without_id));
        out.push_str(inner);
        out.push_str(&close);
        if !text.is_empty() {
            toc.push(TocEntry { level, id, text });
        }
        rest = &rest[pos + gt + 1 + close_rel + close.len()..];
    }
    out.push_str(rest);
    (out, toc)
}

fn truncate_id(s: &str) -> String {
    s.chars().take(64).collect::<String>().trim_end_matches('-').to_owned()
}

fn find_heading_open(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find("<h") {
        let p = from + i;
        if let (Some(d), Some(next)) = (bytes.get(p + 2), bytes.get(p + 3)) {
            if (b'1'..=b'6').contains(d) && (*next == b'>' || *next == b' ') {
                return Some(p);
            }
        }
        from = p + 2;
    }
    None
}

/// `attrs` is the inside of a serialized start tag; returns the value of `name`.
fn attr_value(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')?;
    let mut v = String::new();
    crate::core::text::decode_entities_into(&tag[start..start + end], &mut v);
    Some(v)
}

fn strip_attr(attrs: &str, name: &str) -> String {
    let needle = format!(" {name}=\"");
    match attrs.find(&needle) {
        Some(start) => {
            let vstart = start + needle.len();
            let vend = attrs[vstart..].find('"').map(|e| vstart + e + 1).unwrap_or(attrs.len());
            format!("{}{}", &attrs[..start], &attrs[vend..])
        }
        None => attrs.to_owned(),
    }
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(s: &str) -> String {
        render(s, BodyFormat::Markdown, "post.md").html
    }

    #[test]
    fn markdown_extensions() {
        let h = md("| a | b |\n|:--|--:|\n| 1 | 2 |\n\n~~gone~~\n\n- [x] done\n- [ ] todo\n\nNote[^1].\n\n[^1]: The footnote.");
        assert!(h.contains("<table>"), "{h}");
        assert!(h.contains("<th align=\"left\">a</th>"), "{h}");
        assert!(h.contains("<del>gone</del>"), "{h}");
        assert!(h.contains("type=\"checkbox\""), "{h}");
        assert!(h.contains("disabled"), "{h}");
        assert!(h.contains("footnote-definition"), "{h}");
        assert!(!h.contains("style="), "{h}");
    }

    #[test]
    fn code_blocks_stay_code() {
        let h = md("```html\n<script>alert(1)</script>\n<img src=x onerror=alert(1)>\n```\n");
        assert!(h.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{h}");
        assert!(h.contains("class=\"language-html\""), "{h}");
        assert!(!h.contains("<script"), "{h}");
        let r = render("```\n<script>x</script>\n```", BodyFormat::Markdown, "");
        assert!(r.text.contains("<script>x</script>"));
    }

    #[test]
    fn raw_html_in_markdown_is_sanitized() {
        let h = md("Hello <b onclick=\"x()\">bold</b> <script>alert(1)</script>\n\n<iframe src=\"https://evil\"></iframe>");
        assert!(h.contains("<b>bold</b>"), "{h}");
        assert!(!h.contains("onclick") && !h.contains("<script") && !h.contains("<iframe"), "{h}");
    }

    #[test]
    fn links_and_images() {
        let h = md("[x](javascript:alert(1)) [y](https://ok.example) ![i](pic.png \"t\")");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(h.contains("href=\"https://ok.example\" rel=\"noopener noreferrer\""), "{h}");
        assert!(h.contains("loading=\"lazy\""), "{h}");
        assert!(h.contains("referrerpolicy=\"no-referrer\""), "{h}");
        let h = render("<img src=\"a.png\">", BodyFormat::Html, "blog/2020/post.md").html;
        assert!(h.contains("src=\"blog/2020/a.png\""), "{h}");
        let h = render("<img src=\"a.png\">", BodyFormat::Html, "https://x.example/p/post.md").html;
        assert!(h.contains("src=\"https://x.example/p/a.png\""), "{h}");
    }

    #[test]
    fn headings_get_ids_and_toc() {
        let r = render("# Intro\n\n## 安装 步骤\n\n## Intro\n\n### Über {#custom}\n", BodyFormat::Markdown, "");
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["intro", "安装-步骤", "intro-1", "custom"]);
        assert_eq!(r.toc[1].level, 2);
        assert_eq!(r.toc[1].text, "安装 步骤");
        assert!(r.html.contains("<h2 id=\"安装-步骤\">安装 步骤</h2>"), "{}", r.html);
        // Stable: same input, same ids.
        assert_eq!(r, render("# Intro\n\n## 安装 步骤\n\n## Intro\n\n### Über {#custom}\n", BodyFormat::Markdown, ""));
    }

    #[test]
    fn html_headings_and_app_ids() {
        let r = render("<h2 id=\"bs-main\">A</h2><h3 onclick=x>B <em>c</em></h3>", BodyFormat::Html, "");
        assert_eq!(r.toc.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["a", "b-c"]);
        assert!(!r.html.contains("bs-main"));
    }

    #[test]
    fn format_detection() {
        assert_eq!(detect_format("a.md", "\n<div>   \n<p>x</p></div>"), BodyFormat::Html);
        assert_eq!(detect_format("a.md", "# Title\n<div>x</div>"), BodyFormat::Markdown);
        assert_eq!(detect_format("a.html", "plain"), BodyFormat::Html);
        assert_eq!(detect_format("a.txt", "<p>x</p>"), BodyFormat::Html);
        assert_eq!(detect_format("a.md", "<img src=x> then *md*"), BodyFormat::Markdown);
    }

    #[test]
    fn more_marker_excerpt() {
        let body = "First part **bold**.\n\n<!-- more -->\n\nSecond part.";
        let r = render(body, BodyFormat::Markdown, "");
        assert_eq!(excerpt(body, BodyFormat::Markdown, &r.text), "First part bold.");
        assert!(find_more_marker("a<!--more-->b").is_some());
        assert!(find_more_marker("a<!-- More  -->b").is_some());
        assert!(find_more_marker("a<!-- other -->b").is_none());
        let long = "字".repeat(500);
        let ex = excerpt(&long, BodyFormat::Markdown, &long);
        assert_eq!(ex.chars().count(), EXCERPT_CHARS + 1);
    }
}
