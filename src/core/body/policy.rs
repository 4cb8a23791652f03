//! The sanitizing policy, shared by both backends: which elements and attributes an
//! article may keep, and how attribute values are filtered.
//!
//! Natively (CLI, tests, fuzzing) the policy is enforced by ammonia (`native.rs`); in
//! the browser by DOMPurify over the browser's own HTML parser (`dom.rs`): ammonia and
//! html5ever never reach the wasm bundle. Both read the lists below, so the policy is
//! written once. Also here: the renaming of `style` attributes the browser's sanitizer
//! is handed (they are not allowed; see [`rename_style_attributes`]).

use std::borrow::Cow;

/// Elements content may use. Everything else is dropped (its text kept, except
/// for `script`/`style`, whose content goes too).
pub(super) const TAGS: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes allowed on particular elements (besides [`GENERIC_ATTRIBUTES`]).
pub(super) const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height"]),
    ("td", &["colspan", "rowspan", "align"]),
    ("th", &["colspan", "rowspan", "align", "scope"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("ol", &["start", "reversed", "type", "class"]),
    ("li", &["value", "class"]),
    ("time", &["datetime"]),
    ("blockquote", &["cite"]),
    ("q", &["cite"]),
    ("del", &["cite", "datetime"]),
    ("ins", &["cite", "datetime"]),
    ("details", &["open"]),
    ("input", &["checked"]),
    ("code", &["class"]),
    ("pre", &["class"]),
    ("div", &["class"]),
    ("span", &["class"]),
    ("sup", &["class"]),
    ("ul", &["class"]),
    ("section", &["class"]),
];

/// Attributes allowed on every element of [`TAGS`].
pub(super) const GENERIC_ATTRIBUTES: &[&str] = &["title", "lang", "dir", "id"];

/// Attributes whose value is a URL: checked against [`crate::core::urls::SAFE_SCHEMES`],
/// and resolved against the article when relative ([`crate::core::urls::resolve`]).
#[cfg_attr(
    not(target_arch = "wasm32"),
    allow(dead_code, reason = "the browser's sanitizer (body/dom.rs) reads it")
)]
pub(super) const URL_ATTRIBUTES: &[&str] = &["href", "src"];

/// Every `<a>` gets this `rel` (a `rel` in the content is dropped).
pub(super) const LINK_REL: &str = "noopener noreferrer";

/// The class of the link card that stands for a removed embedded player
/// (`body/embeds.rs`; styled by public/reading.css).
pub(super) const EMBED_CARD_CLASS: &str = "bs-embed-card";

/// Whether `attribute` may appear on `tag` (both lowercase).
#[cfg_attr(
    not(target_arch = "wasm32"),
    allow(dead_code, reason = "the browser's sanitizer (body/dom.rs) calls it")
)]
pub(super) fn attribute_allowed(tag: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attribute))
}

/// Class names content may carry: code languages (for highlighting), the ones
/// pulldown-cmark writes for footnotes and task lists, and the link card that stands
/// in for an embedded player (`body/embeds.rs`, on a `span`). No other `bs-` class:
/// content cannot imitate the app's own (a post writing the card's class itself gets
/// the card's border and marker, nothing more).
fn allowed_class(token: &str) -> bool {
    let lang = token.strip_prefix("language-");
    match lang {
        Some(l) => {
            !l.is_empty()
                && l.len() <= 32
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c))
        }
        None if token == EMBED_CARD_CLASS => true,
        None => matches!(
            token,
            "footnote-definition"
                | "footnote-reference"
                | "footnote-definition-label"
                | "task-list-item"
                | "contains-task-list"
        ),
    }
}

/// The value filter for allowed attributes (after the allow-lists, before URL checks):
/// `class` keeps only [`allowed_class`] tokens, `id` must be a plain, short id that is
/// not one of the app's. `None` drops the attribute.
pub(super) fn filter_attribute<'a>(attribute: &str, value: &'a str) -> Option<Cow<'a, str>> {
    match attribute {
        "class" => {
            let kept: Vec<&str> = value
                .split_whitespace()
                .filter(|t| allowed_class(t))
                .collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        }
        "id" => {
            // Ids are kept for in-article anchors (footnotes, headings) but may not
            // collide with the app's own `bs-` ids or carry odd characters.
            let ok = !value.is_empty()
                && value.len() <= 80
                && !value.starts_with("bs-")
                && value
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
            ok.then_some(Cow::Borrowed(value))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

/// `style` attributes renamed to `data-bs-style` inside tags, before the browser parses
/// the markup: Chromium reports every `style` attribute it parses — even into an inert
/// document, as DOMPurify's is — as a violation of the page's `style-src 'self'` CSP.
/// The sanitizer removes both names anyway (neither is allowed), so this changes no
/// output; it only keeps the CSP report clean. A scan for tags as HTML writes them
/// (`<` + letter … `>`, quoted values skipped whole); a place it misreads keeps its
/// `style` attribute, which the sanitizer then drops as before.
#[cfg_attr(
    not(target_arch = "wasm32"),
    allow(dead_code, reason = "the browser's sanitizer (body/dom.rs) calls it")
)]
pub(super) fn rename_style_attributes(html: &str) -> Cow<'_, str> {
    if !html
        .as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"style"))
    {
        return Cow::Borrowed(html);
    }
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 64);
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if b[i] != b'<' || !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // Inside a start tag: skip its name, then read attributes until `>`.
        i += 1;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
            i += 1;
        }
        while i < b.len() && b[i] != b'>' {
            if b[i].is_ascii_whitespace() || b[i] == b'/' {
                i += 1;
                continue;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            if b[start..i].eq_ignore_ascii_case(b"style") {
                out.push_str(&html[copied..start]);
                out.push_str("data-bs-style");
                copied = i;
            }
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                match b.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        i += 1;
                        while i < b.len() && b[i] != q {
                            i += 1;
                        }
                        i += 1;
                    }
                    _ => {
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                    }
                }
            }
        }
    }
    out.push_str(&html[copied.min(html.len())..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use crate::core::body::{render, BodyFormat};

    fn md(s: &str) -> String {
        render(s, BodyFormat::Markdown, "post.md").html
    }

    #[test]
    fn style_attributes_are_renamed_only_inside_tags() {
        use super::rename_style_attributes as r;
        assert_eq!(r("<p>no styles</p>"), "<p>no styles</p>");
        assert_eq!(
            r("<p style=\"color:red\" class=x>a style=b</p><IMG STYLE='x' src=y><b title=\"style=z\" Style = q>"),
            "<p data-bs-style=\"color:red\" class=x>a style=b</p><IMG data-bs-style='x' src=y><b title=\"style=z\" data-bs-style = q>"
        );
        assert_eq!(
            r("a < b style=1 <i style>x"),
            "a < b style=1 <i data-bs-style>x"
        );
        // Unterminated input ends without panicking.
        for s in [
            "<p style=\"unterminated",
            "<p style=",
            "<p style",
            "<",
            "<p s",
        ] {
            let _ = r(s);
        }
        // Multi-byte text around it is kept whole.
        assert_eq!(
            r("中文<span style=\"x\">样式</span>"),
            "中文<span data-bs-style=\"x\">样式</span>"
        );
    }

    #[test]
    fn raw_html_in_markdown_is_sanitized() {
        let h = md("Hello <b onclick=\"x()\">bold</b> <script>alert(1)</script>\n\n<iframe src=\"https://evil\"></iframe>");
        assert!(h.contains("<b>bold</b>"), "{h}");
        assert!(
            !h.contains("onclick") && !h.contains("<script") && !h.contains("<iframe"),
            "{h}"
        );
    }

    #[test]
    fn links_and_images() {
        let h = md("[x](javascript:alert(1)) [y](https://ok.example) ![i](pic.png \"t\")");
        assert!(!h.contains("javascript:"), "{h}");
        assert!(
            h.contains("href=\"https://ok.example\" rel=\"noopener noreferrer\""),
            "{h}"
        );
        assert!(h.contains("loading=\"lazy\""), "{h}");
        assert!(h.contains("referrerpolicy=\"no-referrer\""), "{h}");
        let h = render("<img src=\"a.png\">", BodyFormat::Html, "blog/2020/post.md").html;
        assert!(h.contains("src=\"blog/2020/a.png\""), "{h}");
        let h = render(
            "<img src=\"a.png\">",
            BodyFormat::Html,
            "https://x.example/p/post.md",
        )
        .html;
        assert!(h.contains("src=\"https://x.example/p/a.png\""), "{h}");
    }
}
