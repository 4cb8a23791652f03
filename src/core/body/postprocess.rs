//! After sanitizing, on either backend's output: the serialized HTML is walked as a
//! string (quote-aware) to give headings ids and collect the table of contents, make
//! images lazy and referrer-free with an `alt`, name links that have no text (a picture
//! without a description as a link's only content), pin task-list inputs to disabled
//! checkboxes, and strip the indent typed at the start of paragraphs.

use std::cell::{Cell, RefCell};
use std::collections::HashSet;

use super::TocEntry;
use crate::core::text::{collapse_whitespace, decode_entities_into, escape_html, slugify};

/// One tag of the sanitizer's serialized output.
pub(crate) struct RawTag<'a> {
    /// The whole tag, `<` to `>`.
    pub raw: &'a str,
    pub name: String,
    pub closing: bool,
}

/// Splits serialized HTML into text runs and tags. Quote-aware: html5ever (and
/// browsers before 2025) do not escape `<` or `>` inside attribute values, so
/// `title="<h2>"` is not a tag.
pub(crate) fn walk_tags<'a>(
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
/// typed indent at the start of paragraphs (see [`strip_typed_indent`]). Done here, on
/// either backend's output, rather than in the sanitizers (ammonia's
/// `set_tag_attribute_value` writes attributes in hash order, and the output must be
/// deterministic).
pub(super) fn finish_html(html: &str) -> (String, Vec<TocEntry>) {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut toc = Vec::new();
    let mut used = UsedIds::default();
    let mut open: Option<OpenHeading> = None;
    // Both callbacks write to the output and the open heading.
    let out_cell = RefCell::new(&mut out);
    let open_cell = RefCell::new(&mut open);
    // At the start of a paragraph's text (after `<p>` and any inline tags opening it).
    let para_start = Cell::new(false);
    // The link open now, while it has no name (links do not nest).
    let link: RefCell<Option<OpenLink>> = RefCell::new(None);
    walk_tags(
        html,
        |text| {
            if link.borrow().is_some() && has_words(text) {
                *link.borrow_mut() = None;
            }
            let text = if para_start.get() {
                strip_typed_indent(text)
            } else {
                text
            };
            if !text.is_empty() {
                para_start.set(false);
            }
            out_cell.borrow_mut().push_str(text);
            if let Some(heading) = open_cell.borrow_mut().as_mut() {
                decode_entities_into(text, &mut heading.text);
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
            match (heading_level(&tag.name), tag.closing) {
                (Some(level), false) if open.is_none() => {
                    **open = Some(OpenHeading {
                        level,
                        at: out.len(),
                        start_tag: tag.raw.to_owned(),
                        text: String::new(),
                    });
                }
                (Some(level), true) if open.as_ref().is_some_and(|h| h.level == level) => {
                    let heading = open.take().expect("checked above");
                    let entry = close_heading(&mut out, heading, tag.raw, &mut used);
                    // Every heading keeps its id; the contents list stops at a length
                    // a reader can use.
                    if toc.len() < crate::core::limits::MAX_TOC_ENTRIES {
                        toc.extend(entry);
                    }
                }
                // Lazy images, and no Referer: many news images sit behind hotlink
                // checks that refuse foreign referrers but serve requests without one.
                _ if tag.name == "img" && !tag.closing => {
                    let described = ["alt", "title"]
                        .iter()
                        .any(|a| attr_value(tag.raw, a).is_some_and(|v| has_words(&v)));
                    if described {
                        *link.borrow_mut() = None;
                    }
                    push_image(&mut out, tag.raw)
                }
                // A link is named by its text or its pictures' descriptions; one with
                // neither (a picture posted without one, as its only content) is named
                // after where it leads, as a screen reader would read its address.
                _ if tag.name == "a" => {
                    out.push_str(tag.raw);
                    if tag.closing {
                        if let Some(l) = link.borrow_mut().take() {
                            let label = format!(" aria-label=\"{}\"", escape_html(&l.label));
                            out.insert_str(l.at, &label);
                        }
                    } else {
                        *link.borrow_mut() = unnamed_link(tag.raw).map(|label| OpenLink {
                            at: out.len() - 1,
                            label,
                        });
                    }
                }
                // Task-list checkboxes are display only; other inputs become them too.
                _ if tag.name == "input" && !tag.closing => push_checkbox(&mut out, tag.raw),
                _ => out.push_str(tag.raw),
            }
        },
    );
    // A heading left open (truncated input): keep its tag as it was.
    if let Some(heading) = open.take() {
        out.insert_str(heading.at, &heading.start_tag);
    }
    (out, toc)
}

/// A link without a name so far (`finish_html`).
struct OpenLink {
    /// Where its start tag's `>` is in the output (a byte offset).
    at: usize,
    /// Its name, if nothing inside gives it one.
    label: String,
}

/// Whether `text` (serialized, character references and all) has anything but spaces.
fn has_words(text: &str) -> bool {
    let mut decoded = String::new();
    decode_entities_into(text, &mut decoded);
    decoded.chars().any(|c| !c.is_whitespace())
}

/// The name a link starting with `tag` gets if nothing inside it names it: the last
/// part of its address (a file name), else its host. `None`: it is named by its own
/// attributes, or is not a link one can reach (no `href`).
fn unnamed_link(tag: &str) -> Option<String> {
    if !tag.ends_with('>') {
        return None;
    }
    let named = ["aria-label", "aria-labelledby", "title"]
        .iter()
        .any(|a| attr_value(tag, a).is_some_and(|v| has_words(&v)));
    if named {
        return None;
    }
    let href = attr_value(tag, "href")?;
    let path = href.split(['?', '#']).next().unwrap_or_default();
    let after_scheme = path.split_once("://").map_or(path, |(_, rest)| rest);
    let last = after_scheme
        .rsplit('/')
        .find(|seg| !seg.is_empty())
        .map(crate::core::urls::percent_decode)
        .map(|s| collapse_whitespace(&s))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| href.clone());
    Some(last.chars().take(120).collect())
}

/// A heading whose end tag has not come yet: its start tag is written at its end,
/// once its text (and so its id) is known.
struct OpenHeading {
    level: u8,
    /// Where its start tag goes in the output (a byte offset).
    at: usize,
    /// The start tag as the sanitizer wrote it.
    start_tag: String,
    /// Its text so far, character references decoded.
    text: String,
}

/// Writes a finished heading's start tag, with a unique id (its own, else one made
/// from its text), and its end tag. Returns its table-of-contents entry; a heading
/// without text has none.
fn close_heading(
    out: &mut String,
    heading: OpenHeading,
    end_tag: &str,
    used: &mut UsedIds,
) -> Option<TocEntry> {
    let OpenHeading {
        level,
        at,
        start_tag,
        text,
    } = heading;
    let text = collapse_whitespace(&text);
    let wanted = attr_value(&start_tag, "id").unwrap_or_else(|| {
        let s = slugify(&text);
        if s.is_empty() {
            "section".to_owned()
        } else {
            truncate_id(&s)
        }
    });
    let id = unique_id(wanted, used);
    let attrs = strip_attr(&start_tag[3..start_tag.len() - 1], "id");
    out.insert_str(
        at,
        &format!("<h{level} id=\"{}\"{attrs}>", escape_html(&id)),
    );
    out.push_str(end_tag);
    (!text.is_empty()).then_some(TocEntry { level, id, text })
}

/// `wanted`, or `wanted-1`, `wanted-2`, … when an earlier heading has it. Each base
/// remembers the next number to try: trying from 1 again for every duplicate made
/// 20,000 `<h2>x</h2>` take 13.4 s (issue 25); each id is now skipped at most once.
fn unique_id(wanted: String, used: &mut UsedIds) -> String {
    if used.ids.insert(wanted.clone()) {
        return wanted;
    }
    let n = used.next.entry(wanted.clone()).or_insert(1);
    loop {
        let id = format!("{wanted}-{n}");
        *n += 1;
        if used.ids.insert(id.clone()) {
            return id;
        }
    }
}

/// The ids given so far, and for each id given more than once the next suffix to try.
#[derive(Default)]
struct UsedIds {
    ids: HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

/// An `<img>` start tag made lazy and referrer-free, with an `alt`.
fn push_image(out: &mut String, tag: &str) {
    let rest = tag[4..].trim_end_matches('>').trim_end_matches('/');
    out.push_str("<img loading=\"lazy\" decoding=\"async\" referrerpolicy=\"no-referrer\"");
    if let Some(alt) = alt_fallback(tag) {
        out.push_str(&format!(" alt=\"{}\"", escape_html(&alt)));
    }
    out.push_str(rest);
    out.push('>');
}

/// An `<input>` as a disabled checkbox, checked when it was.
fn push_checkbox(out: &mut String, tag: &str) {
    out.push_str(if attr_present(tag, "checked") {
        "<input type=\"checkbox\" disabled=\"\" checked=\"\">"
    } else {
        "<input type=\"checkbox\" disabled=\"\">"
    });
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

/// Value of attribute `name` in a serialized start tag, character references decoded.
pub(crate) fn attr_value(tag: &str, name: &str) -> Option<String> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let end = tag[start..].find('"')?;
    let mut v = String::new();
    decode_entities_into(&tag[start..start + end], &mut v);
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

#[cfg(test)]
mod tests {
    use crate::core::body::{render, BodyFormat};

    fn md(s: &str) -> String {
        render(s, BodyFormat::Markdown, "post.md").html
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
    fn links_without_text_are_named_after_where_they_lead() {
        // A picture posted without a description as a link's only content.
        let h = html(
            "<p><a href=\"https://img.example/x/photo%201.png?w=1\"><img src=\"a.png\"></a></p>",
        );
        assert!(h.contains(" aria-label=\"photo 1.png\"><img "), "{h}");
        let h = html("<p><a href=\"https://example.org/\"> <img src=\"a.png\" alt=\"\"> </a></p>");
        assert!(h.contains("aria-label=\"example.org\""), "{h}");
        // Named already: by text, a described picture, its own label or title.
        for named in [
            "<a href=\"/x\">Read more</a>",
            "<a href=\"/x\"><img src=\"a.png\" alt=\"A chart\"></a>",
            "<a href=\"/x\"><img src=\"a.png\" title=\"A chart\"></a>",
            "<a href=\"/x\" title=\"Next\"><img src=\"a.png\"></a>",
            "<a href=\"/x\"><span>&nbsp;</span>x</a>",
        ] {
            let h = html(&format!("<p>{named}</p>"));
            assert!(!h.contains("aria-label"), "{named} → {h}");
        }
        // No href: not a link one can reach.
        assert!(!html("<p><a><img src=\"a.png\"></a></p>").contains("aria-label"));
        // Two links in turn: each on its own.
        let h = html("<p><a href=\"/a.png\"><img src=\"a.png\"></a> and <a href=\"/b\">b</a></p>");
        assert_eq!(h.matches("aria-label").count(), 1, "{h}");
        assert!(h.contains("aria-label=\"a.png\""), "{h}");
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
}
