//! Article body → safe HTML, table of contents and plain text: the entry points.
//!
//! Markdown goes through pulldown-cmark (`body/markdown.rs`; raw HTML inside it is
//! kept for the sanitizer); HTML bodies are used as HTML. Whatever the source, the
//! result passes through a sanitizer with an article allow-list before anyone sees it:
//! ammonia natively (`body/native.rs`), DOMPurify in the browser (`body/dom.rs`), one
//! policy (`body/policy.rs`). Heading ids are added *after* sanitizing
//! (`body/postprocess.rs`) so the table of contents always matches the output.

use serde::{Deserialize, Serialize};

use crate::core::text::{collapse_whitespace, html_to_text, truncate_chars};

mod embeds;
mod markdown;
mod policy;
mod postprocess;

// The sanitized output's tag walker, for later passes over it (`core::images`).
pub(crate) use postprocess::{attr_value, walk_tags};

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
use native as backend;

#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
use dom as backend;

pub use markdown::markdown_to_html;

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
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if matches!(ext.as_str(), "html" | "htm" | "xhtml") {
        return BodyFormat::Html;
    }
    let head = body.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let tag: String = head
        .strip_prefix('<')
        .map(|r| {
            r.chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    const BLOCK_TAGS: [&str; 22] = [
        "div",
        "p",
        "section",
        "article",
        "html",
        "body",
        "table",
        "figure",
        "style",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "blockquote",
        "pre",
        "header",
        "main",
        "center",
    ];
    let starts_as_html = BLOCK_TAGS.contains(&tag.as_str())
        || head.starts_with("<!DOCTYPE")
        || head.starts_with("<!doctype");
    // A Markdown post may open with an HTML block (a quote, a figure) and go on in
    // Markdown: only a body with no Markdown syntax outside tags is HTML.
    if starts_as_html && !has_markdown_syntax(body) {
        BodyFormat::Html
    } else {
        BodyFormat::Markdown
    }
}

/// Markdown constructs that do not occur in HTML written as HTML: ATX headings,
/// fences, list items, link/image syntax.
fn has_markdown_syntax(body: &str) -> bool {
    let mut in_pre = false;
    for line in body.lines() {
        let t = line.trim_start();
        let lower_has =
            |needle: &str| t.len() >= needle.len() && t.to_ascii_lowercase().contains(needle);
        if lower_has("<pre") {
            in_pre = true;
        }
        if in_pre {
            if lower_has("</pre") {
                in_pre = false;
            }
            continue;
        }
        if t.starts_with('<') {
            continue;
        }
        let heading = t.starts_with('#')
            && t.trim_start_matches('#').starts_with(' ')
            && t.len() - t.trim_start_matches('#').len() <= 6;
        let fence = t.starts_with("```") || t.starts_with("~~~");
        let list =
            (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("+ ")) && t.len() > 2;
        let link = t.contains("](") || t.contains("![");
        if heading || fence || list || link {
            return true;
        }
    }
    false
}

/// Finds Hexo's `<!-- more -->` marker (any spacing/case). Returns the byte range.
pub fn find_more_marker(body: &str) -> Option<(usize, usize)> {
    // A comment ends at the first `-->` after it, and nothing inside it opens another:
    // the next search starts after that end. (Searching again from just after each
    // `<!--` made 50,000 of them before one `-->` quadratic: issue 25.) The marker is
    // ASCII, so lowercase ASCII lookups on the original text are exact.
    let mut from = 0;
    while let Some(i) = body[from..].find("<!--") {
        let start = from + i;
        let rest = &body[start + 4..];
        let end = rest.find("-->")?;
        if rest[..end].trim().eq_ignore_ascii_case("more") {
            return Some((start, start + 4 + end + 3));
        }
        from = start + 4 + end + 3;
    }
    None
}

/// Renders a body to sanitized HTML. `base` is what relative URLs resolve against: the
/// article's catalog-relative path or its absolute URL.
pub fn render(body: &str, format: BodyFormat, base: &str) -> RenderedBody {
    match format {
        BodyFormat::Markdown => render_html(&markdown_to_html(body), base),
        BodyFormat::Html => render_html(body, base),
    }
}

/// `render` for a body that is HTML already (an HTML post, or Markdown converted by
/// `markdown_to_html`): sanitized, heading ids and table of contents, plain text.
/// The app calls this one directly, so the Markdown parser stays out of its wasm
/// (the post reader's wasm converts Markdown, see reader/).
pub fn render_html(raw_html: &str, base: &str) -> RenderedBody {
    let clean = sanitize(&embeds::to_link_cards(raw_html, base), base);
    let (html, toc) = postprocess::finish_html(&clean);
    let text = collapse_whitespace(&html_to_text(&html));
    RenderedBody { html, toc, text }
}

/// `render_html` with `pause().await` between its steps (link cards, sanitizing, ids
/// and contents, text), the same result: the app gives the main thread back there,
/// so a long body is not one long task.
pub async fn render_html_paced<P, F>(raw_html: &str, base: &str, mut pause: P) -> RenderedBody
where
    P: FnMut() -> F,
    F: std::future::Future<Output = ()>,
{
    let cards = embeds::to_link_cards(raw_html, base);
    pause().await;
    let clean = sanitize(&cards, base);
    pause().await;
    let (html, toc) = postprocess::finish_html(&clean);
    pause().await;
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

/// Sanitizes `html` with the article policy; relative URLs resolve against `base`.
fn sanitize(html: &str, base: &str) -> String {
    backend::sanitize(html, base)
}

/// The text of an HTML fragment that is meant to be text (an `excerpt:` value):
/// tags dropped (`script`/`style` with their content), character references decoded.
/// Not whitespace-collapsed.
pub fn fragment_text(html: &str) -> String {
    backend::fragment_text(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `render_html_paced` gives what `render_html` gives, and pauses between its steps.
    #[test]
    fn paced_rendering_is_the_same_rendering() {
        let raw = "<h2>A</h2><p>x <a href=\"../b.html\">b</a></p><script>alert(1)</script>\
            <iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\"></iframe><h2>A</h2>";
        let base = "https://example.com/posts/a.html";
        let mut pauses = 0;
        let body = {
            let paced = render_html_paced(raw, base, || {
                pauses += 1;
                std::future::ready(())
            });
            let mut paced = std::pin::pin!(paced);
            use std::future::Future;
            let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
            let std::task::Poll::Ready(body) = paced.as_mut().poll(&mut cx) else {
                panic!("ready futures only: it completes in one poll");
            };
            body
        };
        assert_eq!(body, render_html(raw, base));
        assert_eq!(pauses, 3);
        assert!(body.html.contains("bs-embed-card") && !body.html.contains("<script"));
    }

    #[test]
    fn format_detection() {
        assert_eq!(
            detect_format("a.md", "\n<div>   \n<p>x</p></div>"),
            BodyFormat::Html
        );
        assert_eq!(
            detect_format("a.md", "# Title\n<div>x</div>"),
            BodyFormat::Markdown
        );
        assert_eq!(detect_format("a.html", "plain"), BodyFormat::Html);
        assert_eq!(detect_format("a.txt", "<p>x</p>"), BodyFormat::Html);
        assert_eq!(
            detect_format("a.md", "<img src=x> then *md*"),
            BodyFormat::Markdown
        );
        assert_eq!(
            detect_format(
                "a.md",
                "<blockquote><p>Quote</p></blockquote>\n\nText with [a link](/x).\n\n## Heading"
            ),
            BodyFormat::Markdown
        );
        assert_eq!(
            detect_format(
                "a.md",
                "<div>\n<pre><code># not a heading\n- nor a list</code></pre>\n</div>"
            ),
            BodyFormat::Html
        );
    }

    #[test]
    fn more_marker_excerpt() {
        let body = "First part **bold**.\n\n<!-- more -->\n\nSecond part.";
        let r = render(body, BodyFormat::Markdown, "");
        assert_eq!(
            excerpt(body, BodyFormat::Markdown, &r.text),
            "First part bold."
        );
        assert!(find_more_marker("a<!--more-->b").is_some());
        assert!(find_more_marker("a<!-- More  -->b").is_some());
        assert!(find_more_marker("a<!-- other -->b").is_none());
        let long = "字".repeat(500);
        let ex = excerpt(&long, BodyFormat::Markdown, &long);
        assert_eq!(ex.chars().count(), EXCERPT_CHARS + 1);
    }
}
