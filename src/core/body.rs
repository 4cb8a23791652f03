//! Article body → safe HTML, table of contents and plain text.
//!
//! Markdown goes through pulldown-cmark (raw HTML inside it is kept for the
//! sanitizer); HTML bodies are used as HTML. Whatever the source, the result passes
//! through a sanitizer with an article allow-list before anyone sees it: ammonia
//! natively (`body/native.rs`), DOMPurify in the browser (`body/dom.rs`), one policy
//! (below). Heading ids are added *after* sanitizing so the table of contents always
//! matches the output.

use std::borrow::Cow;
use std::collections::HashSet;

use pulldown_cmark::{html, Options, Parser};
use serde::{Deserialize, Serialize};

use crate::core::text::{collapse_whitespace, html_to_text, slugify, truncate_chars};

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
    let clean = sanitize(raw_html, base);
    let (html, toc) = finish_html(&clean);
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

/// Markdown → HTML (not sanitized: `render_html` does that), with tables,
/// strikethrough, footnotes, task lists and `{#id}` heading attributes.
pub fn markdown_to_html(md: &str) -> String {
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
            out = out.replace(
                &format!(" style=\"text-align: {a}\""),
                &format!(" align=\"{a}\""),
            );
        }
    }
    out
}

// ---------- the sanitizing policy, shared by both backends ----------
//
// Natively (CLI, tests, fuzzing) the policy is enforced by ammonia (`body/native.rs`);
// in the browser by DOMPurify over the browser's own HTML parser (`body/dom.rs`):
// ammonia and html5ever never reach the wasm bundle. Both read the lists below, so
// the policy is written once.

/// Elements content may use. Everything else is dropped (its text kept, except
/// for `script`/`style`, whose content goes too).
const TAGS: &[&str] = &[
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
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
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
const GENERIC_ATTRIBUTES: &[&str] = &["title", "lang", "dir", "id"];

/// Attributes whose value is a URL: checked against [`crate::core::urls::SAFE_SCHEMES`],
/// and resolved against the article when relative ([`crate::core::urls::resolve`]).
#[cfg_attr(
    not(target_arch = "wasm32"),
    allow(dead_code, reason = "the browser's sanitizer (body/dom.rs) reads it")
)]
const URL_ATTRIBUTES: &[&str] = &["href", "src"];

/// Every `<a>` gets this `rel` (a `rel` in the content is dropped).
const LINK_REL: &str = "noopener noreferrer";

/// Whether `attribute` may appear on `tag` (both lowercase).
#[cfg_attr(
    not(target_arch = "wasm32"),
    allow(dead_code, reason = "the browser's sanitizer (body/dom.rs) calls it")
)]
fn attribute_allowed(tag: &str, attribute: &str) -> bool {
    GENERIC_ATTRIBUTES.contains(&attribute)
        || TAG_ATTRIBUTES
            .iter()
            .any(|(t, attrs)| *t == tag && attrs.contains(&attribute))
}

/// Class names content may carry: code languages (for highlighting) and the ones
/// pulldown-cmark writes for footnotes and task lists. Nothing that could imitate
/// the app's own `bs-` classes.
fn allowed_class(token: &str) -> bool {
    let lang = token.strip_prefix("language-");
    match lang {
        Some(l) => {
            !l.is_empty()
                && l.len() <= 32
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c))
        }
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
fn filter_attribute<'a>(attribute: &str, value: &'a str) -> Option<Cow<'a, str>> {
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
pub(crate) fn rename_style_attributes(html: &str) -> Cow<'_, str> {
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

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
use native as backend;

#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
use dom as backend;

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

/// One tag of the sanitizer's serialized output.
struct RawTag<'a> {
    /// The whole tag, `<` to `>`.
    raw: &'a str,
    name: String,
    closing: bool,
}

/// Splits serialized HTML into text runs and tags. Quote-aware: html5ever (and
/// browsers before 2025) do not escape `<` or `>` inside attribute values, so
/// `title="<h2>"` is not a tag.
fn walk_tags<'a>(
    html: &'a str,
    mut on_text: impl FnMut(&'a str),
    mut on_tag: impl FnMut(RawTag<'a>),
) {
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if text_start < i {
            on_text(&html[text_start..i]);
        }
        let start = i;
        let mut quote: Option<u8> = None;
        i += 1;
        while i < bytes.len() {
            match (quote, bytes[i]) {
                (None, b'"' | b'\'') => quote = Some(bytes[i]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => break,
                _ => {}
            }
            i += 1;
        }
        let end = (i + 1).min(bytes.len());
        let raw = &html[start..end];
        let inner = raw.trim_start_matches('<');
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        on_tag(RawTag { raw, name, closing });
        i = end;
        text_start = end;
    }
    if text_start < bytes.len() {
        on_text(&html[text_start..]);
    }
}

/// After sanitizing: gives every `<h1>`–`<h6>` a stable, unique id (collecting the
/// table of contents), makes images lazy and referrer-free (with an `alt`, see
/// [`alt_fallback`]), pins task-list inputs to disabled checkboxes and strips the
/// typed indent at the start of paragraphs (see [`strip_typed_indent`]). Done here, on either backend's output, rather than in the
/// sanitizers (ammonia's `set_tag_attribute_value` writes attributes in hash order,
/// and the output must be deterministic).
fn finish_html(html: &str) -> (String, Vec<TocEntry>) {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut toc = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    // Open heading: (level, byte offset of its start tag in `out`, start tag, text).
    let mut open: Option<(u8, usize, String, String)> = None;
    let out_cell = std::cell::RefCell::new(&mut out);
    let open_cell = std::cell::RefCell::new(&mut open);
    // At the start of a paragraph's text (after `<p>` and any inline tags opening it).
    let para_start = std::cell::Cell::new(false);
    walk_tags(
        html,
        |text| {
            let text = if para_start.get() {
                strip_typed_indent(text)
            } else {
                text
            };
            if !text.is_empty() {
                para_start.set(false);
            }
            out_cell.borrow_mut().push_str(text);
            if let Some((_, _, _, t)) = open_cell.borrow_mut().as_mut() {
                crate::core::text::decode_entities_into(text, t);
            }
        },
        |tag| {
            para_start.set(if tag.name == "p" {
                !tag.closing
            } else {
                para_start.get() && INLINE_TAGS.contains(&tag.name.as_str())
            });
            let mut out = out_cell.borrow_mut();
            let mut open = open_cell.borrow_mut();
            let level = heading_level(&tag.name);
            match (level, tag.closing) {
                (Some(l), false) if open.is_none() => {
                    **open = Some((l, out.len(), tag.raw.to_owned(), String::new()));
                }
                (Some(l), true) if open.as_ref().is_some_and(|o| o.0 == l) => {
                    let (level, at, start_tag, text) = open.take().expect("checked above");
                    let text = collapse_whitespace(&text);
                    let wanted = attr_value(&start_tag, "id").unwrap_or_else(|| {
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
                    let attrs = strip_attr(&start_tag[3..start_tag.len() - 1], "id");
                    out.insert_str(
                        at,
                        &format!("<h{level} id=\"{}\"{attrs}>", escape_attr(&id)),
                    );
                    out.push_str(tag.raw);
                    if !text.is_empty() {
                        toc.push(TocEntry { level, id, text });
                    }
                }
                // Lazy images, and no Referer: many news images sit behind hotlink
                // checks that refuse foreign referrers but serve requests without one.
                _ if tag.name == "img" && !tag.closing => {
                    let rest = tag.raw[4..].trim_end_matches('>').trim_end_matches('/');
                    out.push_str(
                        "<img loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\"",
                    );
                    if let Some(alt) = alt_fallback(tag.raw) {
                        out.push_str(&format!(" alt=\"{}\"", escape_attr(&alt)));
                    }
                    out.push_str(rest);
                    out.push('>');
                }
                // Task-list checkboxes are display only; other inputs become them too.
                _ if tag.name == "input" && !tag.closing => {
                    let checked = attr_present(tag.raw, "checked");
                    out.push_str(if checked {
                        "<input type=\"checkbox\" disabled=\"\" checked=\"\">"
                    } else {
                        "<input type=\"checkbox\" disabled=\"\">"
                    });
                }
                _ => out.push_str(tag.raw),
            }
        },
    );
    // A heading left open (truncated input): keep its tag as it was.
    if let Some((_, at, start_tag, _)) = open.take() {
        out.insert_str(at, &start_tag);
    }
    (out, toc)
}

/// Inline elements that may open a paragraph before its text (`<p><span>　　Text`).
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "cite", "code", "dfn", "em", "i", "mark", "q", "s", "small", "span",
    "strong", "sub", "sup", "time", "u",
];

/// The indent typed at the start of a paragraph: U+3000 ideographic spaces (Chinese
/// and Japanese news open every paragraph with two or one), no-break spaces (also as
/// `&nbsp;`, as serializers write them) and plain whitespace. Stripped so that every
/// post's paragraphs look alike: the stylesheet indents Chinese and Japanese
/// paragraphs itself (`text-indent`), whether or not the post typed an indent.
fn strip_typed_indent(text: &str) -> &str {
    let mut t = text;
    loop {
        let trimmed = t.trim_start_matches(|c: char| {
            c == '\u{3000}' || c == '\u{a0}' || c.is_ascii_whitespace()
        });
        let after_entity = [
            "&nbsp;", "&#160;", "&#xa0;", "&#xA0;", "&#12288;", "&#x3000;",
        ]
        .iter()
        .find_map(|e| trimmed.strip_prefix(e));
        match after_entity {
            Some(rest) => t = rest,
            None => return trimmed,
        }
    }
}

/// An image without `alt` gets one: its `title` if it has one, else `alt=""`. Without
/// any, screen readers read the file name out (and axe reports it); posts rarely
/// describe their images, so the honest default is "decorative". `None`: it has one.
fn alt_fallback(tag: &str) -> Option<String> {
    // The names outside quoted values: `title="no alt here"` does not count.
    let mut unquoted = String::with_capacity(tag.len());
    let mut quote = None;
    for c in tag.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) => unquoted.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    if unquoted
        .split(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .any(|a| a == "alt" || a.starts_with("alt="))
    {
        return None;
    }
    Some(
        attr_value(tag, "title")
            .map(|t| collapse_whitespace(&t))
            .unwrap_or_default(),
    )
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

fn truncate_id(s: &str) -> String {
    s.chars()
        .take(64)
        .collect::<String>()
        .trim_end_matches('-')
        .to_owned()
}

/// Value of attribute `name` in a serialized start tag.
fn attr_value(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')?;
    let mut v = String::new();
    crate::core::text::decode_entities_into(&tag[start..start + end], &mut v);
    Some(v)
}

fn attr_present(tag: &str, name: &str) -> bool {
    tag.contains(&format!(" {name}=\""))
        || tag.contains(&format!(" {name}>"))
        || tag.contains(&format!(" {name} "))
}

fn strip_attr(attrs: &str, name: &str) -> String {
    let needle = format!(" {name}=\"");
    match attrs.find(&needle) {
        Some(start) => {
            let vstart = start + needle.len();
            let vend = attrs[vstart..]
                .find('"')
                .map(|e| vstart + e + 1)
                .unwrap_or(attrs.len());
            format!("{}{}", &attrs[..start], &attrs[vend..])
        }
        None => attrs.to_owned(),
    }
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
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

    fn html(s: &str) -> String {
        render(s, BodyFormat::Html, "post.html").html
    }

    #[test]
    fn typed_paragraph_indents_are_stripped() {
        // Chinese news: two U+3000 before each paragraph, also before an inline tag.
        assert_eq!(
            html("<div><p>\u{3000}\u{3000}中证网讯（王珞）</p><p>\u{3000}\u{3000}<span>2021重点</span></p></div>"),
            "<div><p>中证网讯（王珞）</p><p><span>2021重点</span></p></div>"
        );
        assert_eq!(
            html("<p><strong>\u{3000}\u{3000}标题</strong>正文</p>"),
            "<p><strong>标题</strong>正文</p>"
        );
        // No-break spaces (serialized as &nbsp;) and mixed runs go too.
        assert_eq!(html("<p>&nbsp;&nbsp;\u{3000} Text</p>"), "<p>Text</p>");
        assert_eq!(html("<p>&#12288;&#x3000;文字</p>"), "<p>文字</p>");
        // Only at the start of a paragraph: inside the text, after a line break or an
        // image, and outside <p>, spaces are the author's.
        assert_eq!(
            html("<p>第一句。\u{3000}第二句。</p>"),
            "<p>第一句。\u{3000}第二句。</p>"
        );
        assert_eq!(
            html("<p>a<br>\u{3000}\u{3000}b</p>"),
            "<p>a<br>\u{3000}\u{3000}b</p>"
        );
        assert_eq!(
            html("<div>\u{3000}\u{3000}正文</div>"),
            "<div>\u{3000}\u{3000}正文</div>"
        );
        assert_eq!(
            html("<pre>\u{3000}\u{3000}code</pre>"),
            "<pre>\u{3000}\u{3000}code</pre>"
        );
        // An empty spacer paragraph stays a (now empty) paragraph.
        assert_eq!(html("<p>&nbsp;</p><p>x</p>"), "<p></p><p>x</p>");
        // Markdown paragraphs too, and the text (search, excerpts) has no leading space.
        let r = render(
            "\u{3000}\u{3000}第一段。\n\n\u{3000}\u{3000}第二段。",
            BodyFormat::Markdown,
            "a.md",
        );
        assert_eq!(r.html.trim(), "<p>第一段。</p>\n<p>第二段。</p>");
        assert_eq!(r.text, "第一段。 第二段。");
    }

    #[test]
    fn images_get_an_alt() {
        assert!(html("<img src=\"a.png\">").contains(" alt=\"\""));
        let h = html("<img src=\"a.png\" title=\"A  &quot;chart&quot;\">");
        assert!(h.contains(" alt=\"A &quot;chart&quot;\""), "{h}");
        // An alt of its own (empty or not) is kept, and not doubled.
        let h = html("<img src=\"a.png\" alt=\"Flow\" title=\"t\">");
        assert_eq!(h.matches(" alt=").count(), 1, "{h}");
        assert!(h.contains("alt=\"Flow\""), "{h}");
        let h = html("<img alt=\"\" src=\"a.png\" title=\"no alt here\">");
        assert_eq!(h.matches(" alt=").count(), 1, "{h}");
        // Markdown images carry their alt text.
        assert!(md("![Diagram of the flow](a.svg)").contains("alt=\"Diagram of the flow\""));
    }

    #[test]
    fn headings_get_ids_and_toc() {
        let r = render(
            "# Intro\n\n## 安装 步骤\n\n## Intro\n\n### Über {#custom}\n",
            BodyFormat::Markdown,
            "",
        );
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["intro", "安装-步骤", "intro-1", "custom"]);
        assert_eq!(r.toc[1].level, 2);
        assert_eq!(r.toc[1].text, "安装 步骤");
        assert!(
            r.html.contains("<h2 id=\"安装-步骤\">安装 步骤</h2>"),
            "{}",
            r.html
        );
        // Stable: same input, same ids.
        assert_eq!(
            r,
            render(
                "# Intro\n\n## 安装 步骤\n\n## Intro\n\n### Über {#custom}\n",
                BodyFormat::Markdown,
                ""
            )
        );
    }

    #[test]
    fn html_headings_and_app_ids() {
        let r = render(
            "<h2 id=\"bs-main\">A</h2><h3 onclick=x>B <em>c</em></h3>",
            BodyFormat::Html,
            "",
        );
        assert_eq!(
            r.toc.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
            ["a", "b-c"]
        );
        assert!(!r.html.contains("bs-main"));
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
