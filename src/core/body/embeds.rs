//! Embedded players → link cards, on the raw body before it is sanitized.
//!
//! The policy drops `<iframe>`, `<embed>` and `<object>` (a frame would run someone
//! else's page inside ours), so a post that embeds a video lost it without a trace.
//! [`to_link_cards`] puts a card in place of each one whose address is http(s) (or
//! protocol-relative, or relative to the article), linking to the provider's own page
//! for the players we know (YouTube's `/embed/ID` → `/watch?v=ID`, Bilibili, Vimeo, …)
//! and to the frame's address otherwise:
//!
//! ```html
//! <span class="bs-embed-card"><a href="https://www.youtube.com/watch?v=ID" rel="noopener noreferrer">YouTube · Title</a></span>
//! ```
//!
//! The text is the provider's name (or the host) and the element's `title`, else a
//! shortened address: nothing to translate. A `span` (public/reading.css shows it as a
//! block) because frames sit inside paragraphs as often as between them, where a block
//! element would make the parser close the paragraph. The markup is exactly what both
//! sanitizers write back (the class is allowed by `policy.rs`, the `rel` is theirs, the
//! address is percent-encoded and `&` escaped), and it is sanitized like the rest.
//! Elements with any other address (`javascript:`, `data:`, `blob:`, none) are left
//! as they are, for the sanitizer to drop.
//!
//! The scan reads markup the way the HTML tokenizer does — quoted attribute values,
//! comments, raw-text elements (`script`, `style`, `textarea`, a frame's own content) —
//! so `&lt;iframe` text, an `<iframe` inside an attribute value, a comment or a script
//! is not an element and stays as it is. It is one forward pass: every search starts
//! where the last one stopped, and a construct left open at the end (a comment, a tag,
//! a frame's content) ends the scan, as it ends the document for the parser. Time is
//! linear in the input, whatever the input.

use std::borrow::Cow;
use std::ops::Range;

use super::policy::{EMBED_CARD_CLASS as CARD_CLASS, LINK_REL};
use crate::core::text::{collapse_whitespace, truncate_chars};
use crate::core::urls;
use crate::core::weburl::WebUrl;

/// Most characters of an element's `title` shown on its card.
const TITLE_CHARS: usize = 120;
/// Most characters of an address shown on a card.
const URL_CHARS: usize = 60;

/// `html` with every embedded frame, `<embed>` and `<object>` that has an http(s)
/// address replaced by a link card (see the module comment). `base` is what relative
/// addresses resolve against, as for the sanitizer.
pub(super) fn to_link_cards<'a>(html: &'a str, base: &str) -> Cow<'a, str> {
    if !mentions_embed(html.as_bytes()) {
        return Cow::Borrowed(html);
    }
    let mut scan = Scan {
        html,
        b: html.as_bytes(),
        base,
        out: String::new(),
        copied: 0,
        replaced: false,
        object_end: NextEndTag::new(b"object"),
    };
    scan.run();
    if !scan.replaced {
        return Cow::Borrowed(html);
    }
    scan.out
        .push_str(html.get(scan.copied..).unwrap_or_default());
    Cow::Owned(scan.out)
}

/// Whether `<iframe`, `<embed` or `<object` occurs at all (any case): most bodies have
/// none and are handed back untouched.
fn mentions_embed(b: &[u8]) -> bool {
    b.iter().enumerate().any(|(i, &c)| {
        c == b'<'
            && [&b"iframe"[..], b"embed", b"object"]
                .iter()
                .any(|name| starts_with_ci(b, i + 1, name))
    })
}

/// Whether `b[at..]` starts with `prefix`, ASCII case-insensitively.
fn starts_with_ci(b: &[u8], at: usize, prefix: &[u8]) -> bool {
    at.checked_add(prefix.len())
        .and_then(|end| b.get(at..end))
        .is_some_and(|w| w.eq_ignore_ascii_case(prefix))
}

/// HTML's whitespace inside tags.
fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The first `c` at or after `from`.
fn find_byte(b: &[u8], from: usize, c: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&x| x == c)
        .map(|p| from + p)
}

/// Elements whose content is text up to their end tag (raw text and RCDATA): no
/// markup inside.
const TEXT_ELEMENTS: [&[u8]; 7] = [
    b"script",
    b"style",
    b"textarea",
    b"title",
    b"xmp",
    b"noembed",
    b"noframes",
];

/// One pass over the body: copies it to `out` up to each element that becomes a card.
struct Scan<'a> {
    html: &'a str,
    b: &'a [u8],
    base: &'a str,
    out: String,
    /// `html[..copied]` is in `out` (or replaced by a card).
    copied: usize,
    replaced: bool,
    object_end: NextEndTag,
}

impl Scan<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while let Some(lt) = find_byte(self.b, i, b'<') {
            match self.markup(lt) {
                Some(next) => i = next,
                // Open to the end of the input: nothing after it is markup.
                None => return,
            }
        }
    }

    /// Reads the markup starting at `b[lt] == '<'`; returns where the scan goes on, or
    /// `None` when it reaches the end of the input.
    fn markup(&mut self, lt: usize) -> Option<usize> {
        let b = self.b;
        match b.get(lt + 1) {
            Some(b'!') if starts_with_ci(b, lt + 2, b"--") => comment_end(b, lt + 4),
            // `<!DOCTYPE`, `<![CDATA[`, `<?xml`: bogus comments, up to the next `>`.
            Some(b'!' | b'?') => find_byte(b, lt + 2, b'>').map(|gt| gt + 1),
            Some(b'/') => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => parse_tag(b, lt + 2, false).map(|t| t.end),
                Some(b'>') => Some(lt + 3),
                Some(_) => find_byte(b, lt + 2, b'>').map(|gt| gt + 1),
                None => None,
            },
            Some(c) if c.is_ascii_alphabetic() => self.start_tag(lt),
            // A `<` that opens nothing is text.
            _ => Some(lt + 1),
        }
    }

    fn start_tag(&mut self, lt: usize) -> Option<usize> {
        let b = self.b;
        let tag = parse_tag(b, lt + 1, true)?;
        let name = b.get(tag.name.clone()).unwrap_or_default();
        if name.eq_ignore_ascii_case(b"iframe") {
            // The frame's content is text up to `</iframe`, or to the end.
            let end = find_end_tag(b, tag.end, b"iframe")
                .and_then(|close| parse_tag(b, close + 2, false))
                .map(|t| t.end);
            if let Some(card) = self.card(&tag, "src") {
                self.replace(lt, end.unwrap_or(b.len()), &card);
            }
            return end;
        }
        if name.eq_ignore_ascii_case(b"embed") {
            if let Some(card) = self.card(&tag, "src") {
                self.replace(lt, tag.end, &card);
            }
            return Some(tag.end);
        }
        if name.eq_ignore_ascii_case(b"object") {
            let Some(card) = self.card(&tag, "data") else {
                // Its content is read on: an old-style `<embed src>` inside gets the card.
                return Some(tag.end);
            };
            // The card takes the content too (`<param>`s, the fallback `<embed>`), up to
            // `</object>`; without one, only the start tag.
            let end = match self.object_end.find(b, tag.end) {
                Some(close) => parse_tag(b, close + 2, false).map_or(b.len(), |t| t.end),
                None => tag.end,
            };
            self.replace(lt, end, &card);
            return Some(end);
        }
        if TEXT_ELEMENTS.iter().any(|t| name.eq_ignore_ascii_case(t)) {
            // Goes on at the end tag, which is read as a tag.
            return find_end_tag(b, tag.end, name);
        }
        if name.eq_ignore_ascii_case(b"plaintext") {
            return None;
        }
        Some(tag.end)
    }

    /// The card for an element whose address is in `url_attribute` (or, as lazy-loading
    /// themes write it, `data-src`), if that address may have one.
    fn card(&self, tag: &Tag, url_attribute: &str) -> Option<String> {
        let src = self
            .attribute(tag, url_attribute)
            .filter(|v| {
                let v = v.trim();
                !v.is_empty() && !v.eq_ignore_ascii_case("about:blank")
            })
            .or_else(|| self.attribute(tag, "data-src"))?;
        let target = Target::of(&decode_attribute(src, true)?, self.base)?;
        let title = self
            .attribute(tag, "title")
            .and_then(|t| decode_attribute(t, false))
            .map(|t| collapse_whitespace(&t))
            .filter(|t| !t.is_empty())
            .map(|t| truncate_chars(&t, TITLE_CHARS));
        Some(target.card_html(title.as_deref()))
    }

    /// The value of the tag's first attribute called `name` (as written: entities in it).
    fn attribute(&self, tag: &Tag, name: &str) -> Option<&str> {
        tag.attributes
            .iter()
            .find(|(n, _)| {
                self.b
                    .get(n.clone())
                    .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            })
            .and_then(|(_, v)| self.html.get(v.clone()))
    }

    /// `html[start..end]` becomes `card`.
    fn replace(&mut self, start: usize, end: usize, card: &str) {
        self.out
            .push_str(self.html.get(self.copied..start).unwrap_or_default());
        self.out.push_str(card);
        self.copied = end;
        self.replaced = true;
    }
}

/// One tag as the tokenizer reads it.
struct Tag {
    name: Range<usize>,
    /// Name and value (without quotes) of each attribute, when asked for.
    attributes: Vec<(Range<usize>, Range<usize>)>,
    /// Just after its `>`.
    end: usize,
}

/// Reads the tag whose name starts at `at` (just after `<` or `</`) to its `>`,
/// skipping quoted values whole. `None` when the input ends first (the parser drops
/// such a tag, and everything after it is inside it).
fn parse_tag(b: &[u8], at: usize, collect: bool) -> Option<Tag> {
    let mut j = at;
    while j < b.len() && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
        j += 1;
    }
    let name = at..j;
    let mut attributes = Vec::new();
    loop {
        while j < b.len() && (is_space(b[j]) || b[j] == b'/') {
            j += 1;
        }
        match b.get(j) {
            None => return None,
            Some(b'>') => {
                return Some(Tag {
                    name,
                    attributes,
                    end: j + 1,
                })
            }
            Some(_) => {}
        }
        // A name's first character may be anything, `=` included.
        let name_start = j;
        j += 1;
        while j < b.len() && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
            j += 1;
        }
        let attribute = name_start..j;
        while j < b.len() && is_space(b[j]) {
            j += 1;
        }
        let mut value = j..j;
        if b.get(j) == Some(&b'=') {
            j += 1;
            while j < b.len() && is_space(b[j]) {
                j += 1;
            }
            match b.get(j) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let close = find_byte(b, j + 1, quote)?;
                    value = j + 1..close;
                    j = close + 1;
                }
                _ => {
                    let start = j;
                    while j < b.len() && !is_space(b[j]) && b[j] != b'>' {
                        j += 1;
                    }
                    value = start..j;
                }
            }
        }
        if collect {
            attributes.push((attribute, value));
        }
    }
}

/// The end of a comment whose text starts at `from` (after `<!--`): after `-->` (or
/// `--!>`; `<!-->` and `<!--->` end at once). `None` when it runs to the end.
fn comment_end(b: &[u8], from: usize) -> Option<usize> {
    if b.get(from) == Some(&b'>') {
        return Some(from + 1);
    }
    if starts_with_ci(b, from, b"->") {
        return Some(from + 2);
    }
    let mut j = from;
    loop {
        let gt = find_byte(b, j, b'>')?;
        let before = b.get(from..gt).unwrap_or_default();
        if before.ends_with(b"--") || before.ends_with(b"--!") {
            return Some(gt + 1);
        }
        j = gt + 1;
    }
}

/// The `<` of the first `</name` (any case, ending the name) at or after `from`.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut j = from;
    loop {
        let lt = find_byte(b, j, b'<')?;
        if b.get(lt + 1) == Some(&b'/')
            && starts_with_ci(b, lt + 2, name)
            && b.get(lt + 2 + name.len())
                .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
        {
            return Some(lt);
        }
        j = lt + 1;
    }
}

/// [`find_end_tag`] for one element name, remembering its last answer. The positions
/// asked about only grow during a scan, so each byte is looked at once, however many
/// elements ask (`<object data=…>` repeated without a `</object>`).
struct NextEndTag {
    name: &'static [u8],
    /// The last search: where it started and what it found.
    last: Option<(usize, Option<usize>)>,
}

impl NextEndTag {
    fn new(name: &'static [u8]) -> Self {
        NextEndTag { name, last: None }
    }

    fn find(&mut self, b: &[u8], from: usize) -> Option<usize> {
        match self.last {
            Some((start, None)) if start <= from => return None,
            Some((start, Some(found))) if start <= from && found >= from => return Some(found),
            _ => {}
        }
        let found = find_end_tag(b, from, self.name);
        self.last = Some((from, found));
        found
    }
}

/// An attribute value with its character references decoded: `&amp;`, the other
/// named ones that turn up in addresses and titles, and numeric ones. With `strict` (an
/// address), `None` when another named reference occurs: an address we might misread
/// gets no card. Looks at most 32 bytes past each `&`, so linear whatever the value.
fn decode_attribute(value: &str, strict: bool) -> Option<String> {
    let b = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    let (mut i, mut copied) = (0, 0);
    while let Some(amp) = find_byte(b, i, b'&') {
        let mut j = amp + 1;
        while j < b.len() && j - amp <= 32 && (b[j].is_ascii_alphanumeric() || b[j] == b'#') {
            j += 1;
        }
        i = amp + 1;
        if b.get(j) != Some(&b';') || j == amp + 1 {
            continue;
        }
        // `&` and `;` are ASCII: both ends are character boundaries.
        let name = value.get(amp + 1..j).unwrap_or_default();
        match entity(name) {
            Some(c) => {
                out.push_str(value.get(copied..amp).unwrap_or_default());
                out.push(c);
                copied = j + 1;
                i = j + 1;
            }
            None if strict => return None,
            None => {}
        }
    }
    out.push_str(value.get(copied..).unwrap_or_default());
    Some(out)
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        // As browsers: a number that is no character is U+FFFD.
        return Some(
            code.filter(|&c| c != 0)
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}'),
        );
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "colon" => ':',
        "sol" => '/',
        "quest" => '?',
        "equals" => '=',
        "num" => '#',
        "percnt" => '%',
        "period" => '.',
        "comma" => ',',
        "plus" => '+',
        "excl" => '!',
        "lpar" => '(',
        "rpar" => ')',
        "Tab" => '\t',
        "NewLine" => '\n',
        _ => return None,
    })
}

/// Where a card leads and what it says.
struct Target {
    /// The link, ready for an attribute once `&` is escaped.
    href: String,
    /// The player's name, when it is one we know.
    provider: Option<&'static str>,
    /// Who serves it: the host (no `www.`), or for a relative address the address.
    host: String,
    /// The address shown when there is no title.
    display: String,
}

impl Target {
    /// Where the element whose address is `src` (entities decoded) leads, if it may
    /// have a card: http(s) addresses, protocol-relative ones (as https) and relative
    /// ones, resolved against `base`.
    fn of(src: &str, base: &str) -> Option<Target> {
        // `None` for a scheme we do not link to (javascript:, data:, …).
        let resolved = urls::resolve(src, base)?;
        let absolute = if resolved.starts_with("//") {
            format!("https:{resolved}")
        } else if has_scheme(&resolved) {
            resolved.clone()
        } else if resolved.starts_with('#') {
            // A frame of this very page: nothing to link to.
            return None;
        } else {
            // Relative to a catalog path (the base is not a URL): the link keeps the
            // address as written, and the sanitizer resolves it as it does a link's
            // (resolving it here too would do it twice).
            let href = encode_url(
                src.trim_matches(|c: char| c <= ' ')
                    .replace(['\t', '\n', '\r'], "")
                    .as_str(),
            );
            let display = shorten(&resolved);
            return Some(Target {
                href,
                provider: None,
                host: display.clone(),
                display,
            });
        };
        // Normalized by the URL parser (the browser's, in the browser): hosts
        // lowercased and punycoded, unsafe characters percent-encoded.
        let url = WebUrl::parse(&absolute).ok()?;
        if !matches!(url.scheme().as_str(), "http" | "https") || url.has_credentials() {
            return None;
        }
        let frame = url.href();
        let parts = UrlParts::of(&frame)?;
        let (provider, watch) = match known_player(&parts) {
            Some((name, watch)) => (Some(name), watch),
            None => (None, None),
        };
        let href = watch.unwrap_or_else(|| frame.clone());
        let display = UrlParts::of(&href).map_or_else(|| shorten(&href), |p| p.display());
        Some(Target {
            host: parts.bare_host().to_owned(),
            href,
            provider,
            display,
        })
    }

    fn card_html(&self, title: Option<&str>) -> String {
        let text = match (self.provider, title) {
            (Some(p), Some(t)) => format!("{p} · {t}"),
            (Some(p), None) => format!("{p} · {}", self.display),
            (None, Some(t)) => format!("{} · {t}", self.host),
            (None, None) => self.display.clone(),
        };
        format!(
            "<span class=\"{CARD_CLASS}\"><a href=\"{}\" rel=\"{LINK_REL}\">{}</a></span>",
            escape_attribute(&self.href),
            escape_text(&text)
        )
    }
}

/// Whether `s` starts with a scheme (`https:`, `mailto:`).
fn has_scheme(s: &str) -> bool {
    let Some(colon) = s.find(':') else {
        return false;
    };
    let scheme = &s.as_bytes()[..colon];
    scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
}

/// The parts of a normalized http(s) URL the cards look at.
struct UrlParts<'a> {
    /// Lowercase, as the URL parser wrote it (with `[…]` for IPv6).
    host: &'a str,
    /// From its `/` (empty if none).
    path: &'a str,
    /// Without the `?` (empty if none).
    query: &'a str,
    /// With the `#` (empty if none): hash-routed pages (`music.163.com/#/song?id=N`).
    fragment: &'a str,
}

impl<'a> UrlParts<'a> {
    fn of(url: &'a str) -> Option<UrlParts<'a>> {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))?;
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, rest) = rest.split_at(authority_end);
        let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
        let host = if authority.starts_with('[') {
            authority.split_once(']').map_or(authority, |(h, _)| h)
        } else {
            authority.split_once(':').map_or(authority, |(h, _)| h)
        };
        let (rest, fragment) = rest.split_at(rest.find('#').unwrap_or(rest.len()));
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        (!host.is_empty()).then_some(UrlParts {
            host,
            path,
            query,
            fragment,
        })
    }

    fn bare_host(&self) -> &'a str {
        self.host.strip_prefix("www.").unwrap_or(self.host)
    }

    /// `host/path?query#fragment`, shortened.
    fn display(&self) -> String {
        let mut s = self.bare_host().to_owned();
        if self.path != "/" || !self.fragment.is_empty() {
            s.push_str(self.path);
        }
        if !self.query.is_empty() {
            s.push('?');
            s.push_str(self.query);
        }
        s.push_str(self.fragment);
        shorten(&s)
    }

    /// The first value of `key` in the query, as written.
    fn param(&self, key: &str) -> Option<&'a str> {
        self.query.split('&').find_map(|kv| {
            kv.split_once('=')
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v)
        })
    }

    /// The non-empty path segments.
    fn segments(&self) -> Vec<&'a str> {
        self.path.split('/').filter(|s| !s.is_empty()).collect()
    }
}

/// `s` cut to [`URL_CHARS`] characters, with `…` when cut.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(URL_CHARS) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

/// An id made of letters, digits, `-` and `_`, at most `max` long.
fn id(s: &str, max: usize) -> Option<&str> {
    (!s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'))
    .then_some(s)
}

/// Digits only, at most `max` of them.
fn number(s: &str, max: usize) -> Option<&str> {
    (!s.is_empty() && s.len() <= max && s.bytes().all(|c| c.is_ascii_digit())).then_some(s)
}

/// A player we know: its name, and its watch page when the address names one.
fn known_player(u: &UrlParts<'_>) -> Option<(&'static str, Option<String>)> {
    let segments = u.segments();
    Some(match u.bare_host() {
        "youtube.com" | "m.youtube.com" | "youtube-nocookie.com" => {
            ("YouTube", youtube(u, &segments))
        }
        "player.bilibili.com" => ("Bilibili", bilibili(u)),
        "player.vimeo.com" => ("Vimeo", vimeo(u, &segments)),
        "player.youku.com" => ("Youku", youku(&segments)),
        "v.qq.com" => ("Tencent Video", tencent(u)),
        "google.com" | "maps.google.com" if u.path.starts_with("/maps") => ("Google Maps", None),
        "codepen.io" => ("CodePen", codepen(&segments)),
        "music.163.com" => ("NetEase Cloud Music", netease(u)),
        "open.spotify.com" => ("Spotify", spotify(&segments)),
        "dailymotion.com" | "geo.dailymotion.com" => ("Dailymotion", dailymotion(u, &segments)),
        _ => return None,
    })
}

/// `/embed/ID` (and Flash's `/v/ID`) → `/watch?v=ID`, keeping a playlist and the start
/// time; `/embed/videoseries?list=L` → `/playlist?list=L`.
fn youtube(u: &UrlParts<'_>, segments: &[&str]) -> Option<String> {
    let video = match segments {
        ["embed", v] | ["v", v] => v.split('&').next().unwrap_or_default(),
        _ => return None,
    };
    let list = u.param("list").and_then(|l| id(l, 64));
    if video == "videoseries" {
        return list.map(|l| format!("https://www.youtube.com/playlist?list={l}"));
    }
    let mut url = format!("https://www.youtube.com/watch?v={}", id(video, 64)?);
    if let Some(l) = list {
        url.push_str(&format!("&list={l}"));
    }
    if let Some(t) = u.param("start").and_then(|t| number(t, 9)) {
        url.push_str(&format!("&t={t}s"));
    }
    Some(url)
}

/// `player.html?bvid=BV…` → `/video/BV…`, `?aid=N` → `/video/avN`; `page=n` kept.
fn bilibili(u: &UrlParts<'_>) -> Option<String> {
    let bvid = u.param("bvid").and_then(|v| {
        let prefixed = v.len() > 2 && v.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("bv"));
        id(v, 24).filter(|_| prefixed)
    });
    let video = match bvid {
        Some(v) => v.to_owned(),
        None => format!("av{}", u.param("aid").and_then(|a| number(a, 20))?),
    };
    let mut url = format!("https://www.bilibili.com/video/{video}");
    if let Some(page) = u.param("page").and_then(|p| number(p, 5)) {
        if page.parse::<u32>().is_ok_and(|p| p > 1) {
            url.push_str(&format!("?p={page}"));
        }
    }
    Some(url)
}

/// `/video/N` → `vimeo.com/N` (with an unlisted video's `h` hash: `/N/HASH`).
fn vimeo(u: &UrlParts<'_>, segments: &[&str]) -> Option<String> {
    let ["video", n] = segments else { return None };
    let n = number(n, 20)?;
    Some(match u.param("h").and_then(|h| id(h, 32)) {
        Some(h) => format!("https://vimeo.com/{n}/{h}"),
        None => format!("https://vimeo.com/{n}"),
    })
}

/// `/embed/X` → `v.youku.com/v_show/id_X.html`.
fn youku(segments: &[&str]) -> Option<String> {
    let ["embed", x] = segments else { return None };
    // Base64-like: letters, digits and `=` padding.
    let ok =
        !x.is_empty() && x.len() <= 64 && x.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'=');
    ok.then(|| format!("https://v.youku.com/v_show/id_{x}.html"))
}

/// `…/player.html?vid=X` → `v.qq.com/x/page/X.html`.
fn tencent(u: &UrlParts<'_>) -> Option<String> {
    if !u.path.ends_with("/player.html") {
        return None;
    }
    let vid = u.param("vid").and_then(|v| id(v, 32))?;
    Some(format!("https://v.qq.com/x/page/{vid}.html"))
}

/// `/USER/embed/ID` (or `/embed/preview/ID`) → `/USER/pen/ID`.
fn codepen(segments: &[&str]) -> Option<String> {
    let (user, pen) = match segments {
        [user, "embed", pen] | [user, "embed", "preview", pen] => (*user, *pen),
        _ => return None,
    };
    Some(format!(
        "https://codepen.io/{}/pen/{}",
        id(user, 64)?,
        id(pen, 64)?
    ))
}

/// `/outchain/player?type=2&id=N` → the song (type 0: playlist, 1: album).
fn netease(u: &UrlParts<'_>) -> Option<String> {
    if u.path != "/outchain/player" {
        return None;
    }
    let kind = match u.param("type")? {
        "0" => "playlist",
        "1" => "album",
        "2" => "song",
        _ => return None,
    };
    let n = u.param("id").and_then(|n| number(n, 20))?;
    Some(format!("https://music.163.com/#/{kind}?id={n}"))
}

/// `/embed/KIND/ID` → `/KIND/ID`.
fn spotify(segments: &[&str]) -> Option<String> {
    let ["embed", kind, x] = segments else {
        return None;
    };
    let kind = ["track", "album", "playlist", "episode", "show", "artist"]
        .into_iter()
        .find(|k| k == kind)?;
    Some(format!("https://open.spotify.com/{kind}/{}", id(x, 64)?))
}

/// `/embed/video/ID` or `player.html?video=ID` → `/video/ID`.
fn dailymotion(u: &UrlParts<'_>, segments: &[&str]) -> Option<String> {
    let video = match segments {
        ["embed", "video", v] => *v,
        _ => u.param("video")?,
    };
    Some(format!(
        "https://www.dailymotion.com/video/{}",
        id(video, 32)?
    ))
}

/// Percent-encodes what may not stand in a written URL as it is (spaces and controls,
/// `"`, `<`, `>`, `` ` ``): what the serializers would otherwise escape differently.
fn encode_url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c <= ' ' || matches!(c, '"' | '<' | '>' | '`' | '\u{7f}' | '\u{a0}') {
            let mut buf = [0; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Text content, escaped as html5ever and browsers serialize it.
fn escape_text(s: &str) -> String {
    escape_serialized(s, false)
}

/// A double-quoted attribute value, escaped.
fn escape_attribute(s: &str) -> String {
    escape_serialized(s, true)
}

/// As html5ever and browsers serialize: `"` only inside attribute values, U+00A0 as
/// `&nbsp;` (so the card passes the sanitizer unchanged).
fn escape_serialized(s: &str, in_attribute: bool) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' if in_attribute => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use super::*;
    use crate::core::body::{render, render_html, BodyFormat};

    const BASE: &str = "blog/2020/post.md";

    fn cards(html: &str) -> String {
        to_link_cards(html, BASE).into_owned()
    }

    /// The card markup for `href` (written, i.e. `&` as `&amp;`) and `text` (escaped).
    fn card(href: &str, text: &str) -> String {
        format!(
            "<span class=\"bs-embed-card\"><a href=\"{href}\" rel=\"noopener noreferrer\">{text}</a></span>"
        )
    }

    #[test]
    fn youtube_embeds_link_to_the_watch_page() {
        assert_eq!(
            cards(
                r#"<p>Watch:</p><iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ?si=abc&amp;start=42" title="YouTube video player" frameborder="0" allowfullscreen></iframe><p>after</p>"#
            ),
            format!(
                "<p>Watch:</p>{}<p>after</p>",
                card(
                    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=42s",
                    "YouTube · YouTube video player"
                )
            )
        );
        // No title: the watch page's address.
        assert_eq!(
            cards("<iframe src=\"https://youtube.com/embed/abc_DEF-123\"></iframe>"),
            card(
                "https://www.youtube.com/watch?v=abc_DEF-123",
                "YouTube · youtube.com/watch?v=abc_DEF-123"
            )
        );
        // Playlists.
        assert_eq!(
            cards(
                "<iframe src=\"https://www.youtube.com/embed/videoseries?list=PLx-1_y\"></iframe>"
            ),
            card(
                "https://www.youtube.com/playlist?list=PLx-1_y",
                "YouTube · youtube.com/playlist?list=PLx-1_y"
            )
        );
    }

    #[test]
    fn youtube_nocookie_and_old_flash_embeds() {
        assert_eq!(
            cards("<iframe src=\"https://www.youtube-nocookie.com/embed/XyZ12345678?rel=0\" title=\"Talk\"></iframe>"),
            card("https://www.youtube.com/watch?v=XyZ12345678", "YouTube · Talk")
        );
        assert_eq!(
            cards("<object width=\"425\" height=\"344\" data=\"http://www.youtube.com/v/AbC&amp;hl=en&amp;fs=1\"><param name=\"movie\" value=\"http://www.youtube.com/v/AbC\"><embed src=\"http://www.youtube.com/v/AbC\" type=\"application/x-shockwave-flash\"></embed></object>"),
            card("https://www.youtube.com/watch?v=AbC", "YouTube · youtube.com/watch?v=AbC")
        );
    }

    #[test]
    fn bilibili_by_bvid_and_by_aid_protocol_relative() {
        assert_eq!(
            cards(
                r#"<iframe src="//player.bilibili.com/player.html?aid=170001&bvid=BV17x411w7KC&cid=279786&page=1" scrolling="no" border="0" frameborder="no" framespacing="0" allowfullscreen="true"> </iframe>"#
            ),
            card(
                "https://www.bilibili.com/video/BV17x411w7KC",
                "Bilibili · bilibili.com/video/BV17x411w7KC"
            )
        );
        assert_eq!(
            cards(
                r#"<iframe src="//player.bilibili.com/player.html?aid=170001&amp;cid=279786&amp;page=3" title="第三集"></iframe>"#
            ),
            card(
                "https://www.bilibili.com/video/av170001?p=3",
                "Bilibili · 第三集"
            )
        );
        // Neither: the frame's own address.
        assert_eq!(
            cards(r#"<iframe src="//player.bilibili.com/player.html?cid=1"></iframe>"#),
            card(
                "https://player.bilibili.com/player.html?cid=1",
                "Bilibili · player.bilibili.com/player.html?cid=1"
            )
        );
    }

    #[test]
    fn vimeo_and_other_known_players() {
        assert_eq!(
            cards(
                r#"<iframe src="https://player.vimeo.com/video/76979871?h=8272103f6e&color=ffffff" title="The New Vimeo Player"></iframe>"#
            ),
            card(
                "https://vimeo.com/76979871/8272103f6e",
                "Vimeo · The New Vimeo Player"
            )
        );
        assert_eq!(
            cards(r#"<iframe src="https://player.vimeo.com/video/76979871"></iframe>"#),
            card("https://vimeo.com/76979871", "Vimeo · vimeo.com/76979871")
        );
        assert_eq!(
            cards(
                r#"<iframe height=498 width=510 src='https://player.youku.com/embed/XNTkyNjk2NjE2MA==' frameborder=0></iframe>"#
            ),
            card(
                "https://v.youku.com/v_show/id_XNTkyNjk2NjE2MA==.html",
                "Youku · v.youku.com/v_show/id_XNTkyNjk2NjE2MA==.html"
            )
        );
        assert_eq!(
            cards(
                r#"<iframe frameborder="0" src="https://v.qq.com/txp/iframe/player.html?vid=m3346ymtcue" allowFullScreen="true"></iframe>"#
            ),
            card(
                "https://v.qq.com/x/page/m3346ymtcue.html",
                "Tencent Video · v.qq.com/x/page/m3346ymtcue.html"
            )
        );
        assert_eq!(
            cards(
                r#"<iframe height="300" title="Pen" src="https://codepen.io/someone/embed/preview/abXYZ?default-tab=result"></iframe>"#
            ),
            card("https://codepen.io/someone/pen/abXYZ", "CodePen · Pen")
        );
        assert_eq!(
            cards(
                r#"<iframe frameborder="no" width=330 height=86 src="//music.163.com/outchain/player?type=2&id=186016&auto=0&height=66"></iframe>"#
            ),
            card(
                "https://music.163.com/#/song?id=186016",
                "NetEase Cloud Music · music.163.com/#/song?id=186016"
            )
        );
        // Google Maps: no other page, the embed's own address (percent-encoded by the
        // URL parser where needed).
        assert_eq!(
            cards(
                r#"<iframe src="https://www.google.com/maps/embed?pb=!1m18!1m12&q=a b" width="600"></iframe>"#
            ),
            card(
                "https://www.google.com/maps/embed?pb=!1m18!1m12&amp;q=a%20b",
                "Google Maps · google.com/maps/embed?pb=!1m18!1m12&amp;q=a%20b"
            )
        );
    }

    #[test]
    fn unknown_players_link_to_the_frame() {
        assert_eq!(
            cards(
                r#"<iframe src="https://Player.Example.COM:8443/p/42?x=1#t" title="Demo"></iframe>"#
            ),
            card(
                "https://player.example.com:8443/p/42?x=1#t",
                "player.example.com · Demo"
            )
        );
        assert_eq!(
            cards(r#"<iframe src="https://player.example.com/p/42?x=1#t"></iframe>"#),
            card(
                "https://player.example.com/p/42?x=1#t",
                "player.example.com/p/42?x=1#t"
            )
        );
        assert_eq!(
            cards(r#"<iframe src="http://www.example.org/"></iframe>"#),
            card("http://www.example.org/", "example.org")
        );
        let long = format!("https://example.org/{}", "a".repeat(100));
        assert_eq!(
            cards(&format!("<iframe src=\"{long}\"></iframe>")),
            card(&long, &format!("example.org/{}…", "a".repeat(48)))
        );
        // A user name in the address: no card (the sanitizer drops the frame).
        let h = "<iframe src=\"https://youtube.com@evil.example/\"></iframe>";
        assert_eq!(cards(h), h);
    }

    #[test]
    fn unsafe_or_missing_addresses_get_no_card() {
        for h in [
            "<iframe src=\"javascript:alert(1)\"></iframe>",
            "<iframe src=\"JaVaScRiPt:alert(1)\">x</iframe>",
            "<iframe src=\"java&#x09;script:alert(1)\"></iframe>",
            "<iframe src=\"javascript&colon;alert(1)\"></iframe>",
            "<iframe src=\"java&Tab;script:alert(1)\"></iframe>",
            // An entity we do not know could hide anything: no card.
            "<iframe src=\"javascript&unknown;alert(1)\"></iframe>",
            "<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>",
            "<iframe src=\"blob:https://example.org/1234\"></iframe>",
            "<iframe src=\"about:blank\"></iframe>",
            "<iframe src=\"mailto:a@b.example\"></iframe>",
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            "<iframe></iframe>",
            "<iframe src=\"#top\"></iframe>",
            "<embed src=\"data:image/svg+xml,x\">",
            "<object data=\"javascript:alert(1)\">fallback</object>",
            "<iframe src=mhtml:http://html5sec.org/test.html!xss.html></iframe>",
            "<iframe src=\"view-source:http://www.example.org/\"></iframe>",
        ] {
            assert_eq!(cards(h), h, "{h}");
            let out = render_html(h, BASE).html;
            assert!(
                !out.contains("bs-embed-card")
                    && !out.contains("<iframe")
                    && !out.contains("javascript"),
                "{h} → {out}"
            );
        }
        // `data-src` (lazy-loading themes) when `src` is missing or blank.
        assert_eq!(
            cards("<iframe src=\"about:blank\" data-src=\"https://player.vimeo.com/video/1\"></iframe>"),
            card("https://vimeo.com/1", "Vimeo · vimeo.com/1")
        );
    }

    #[test]
    fn titles_and_addresses_are_escaped() {
        assert_eq!(
            cards("<iframe src=\"https://example.org/v\" title=\"<script>alert(1)</script>\"></iframe>"),
            card(
                "https://example.org/v",
                "example.org · &lt;script&gt;alert(1)&lt;/script&gt;"
            )
        );
        assert_eq!(
            cards("<iframe src=\"https://example.org/v\" title=\"Tom &amp; &quot;Jerry&quot; &lt;b&gt; &bogus;\"></iframe>"),
            card(
                "https://example.org/v",
                "example.org · Tom &amp; \"Jerry\" &lt;b&gt; &amp;bogus;"
            )
        );
        // Quotes and angle brackets in an address are percent-encoded, `&` escaped.
        assert_eq!(
            cards("<iframe src='https://example.org/a\"b<c>?q=1&r=\"2\"'></iframe>"),
            card(
                "https://example.org/a%22b%3Cc%3E?q=1&amp;r=%222%22",
                "example.org/a%22b%3Cc%3E?q=1&amp;r=%222%22"
            )
        );
        // Long titles are cut; whitespace collapsed.
        let t = "word ".repeat(60);
        let out = cards(&format!(
            "<iframe src=\"https://example.org/\" title=\"{t}\n\"></iframe>"
        ));
        assert!(out.contains("word word"), "{out}");
        assert!(out.contains("…</a>"), "{out}");
    }

    #[test]
    fn attribute_quoting_and_tag_case() {
        let want = card("https://vimeo.com/5", "Vimeo · vimeo.com/5");
        for h in [
            "<iframe src='https://player.vimeo.com/video/5'></iframe>",
            "<iframe src=https://player.vimeo.com/video/5></iframe>",
            "<iframe src = \"https://player.vimeo.com/video/5\" ></iframe>",
            "<IFRAME SRC=\"https://player.vimeo.com/video/5\"></IFRAME>",
            "<iFrame\nclass=x\nSrc=\"https://player.vimeo.com/video/5\"\nallowfullscreen></iframe >",
            "<iframe src=\"https://player.vimeo.com/video/5\"/></iframe>",
            // The first of two `src`s counts, as for the parser.
            "<iframe src=\"https://player.vimeo.com/video/5\" src=\"javascript:x\"></iframe>",
            // `&amp;` and numeric references in the address.
            "<iframe src=\"https&#58;//player.vimeo.com/video/5\"></iframe>",
        ] {
            assert_eq!(cards(h), want, "{h}");
        }
        // Not the same element.
        for h in [
            "<iframes src=\"https://player.vimeo.com/video/5\"></iframes>",
            "<my-iframe src=\"https://player.vimeo.com/video/5\"></my-iframe>",
        ] {
            assert_eq!(cards(h), h);
        }
    }

    #[test]
    fn a_frames_content_goes_with_it() {
        assert_eq!(
            cards("a<iframe src=\"https://example.org/\"><p>Your browser <b>cannot</b> show frames</p><iframe src=x></iframe>b"),
            format!("a{}b", card("https://example.org/", "example.org"))
        );
        // Frame content is text: a `</p>` or `<!--` inside does not end it.
        assert_eq!(
            cards("<iframe src=\"https://example.org/\"><!-- </p> --></IFRAME>c"),
            format!("{}c", card("https://example.org/", "example.org"))
        );
        // Never closed: the frame (and its card) takes the rest, as in the parser.
        assert_eq!(
            cards("x<iframe src=\"https://example.org/\">y<p>z</p>"),
            format!("x{}", card("https://example.org/", "example.org"))
        );
        // `</iframe` must end the name.
        assert_eq!(
            cards("<iframe src=\"https://example.org/\"></iframex></iframe>z"),
            format!("{}z", card("https://example.org/", "example.org"))
        );
    }

    #[test]
    fn embed_and_object_elements() {
        assert_eq!(
            cards("<p><embed type=\"video/mp4\" src=\"https://media.example/clip.mp4\" title=\"Clip\"> text</p>"),
            format!(
                "<p>{} text</p>",
                card("https://media.example/clip.mp4", "media.example · Clip")
            )
        );
        assert_eq!(
            cards("<object data=\"https://media.example/movie.swf\" type=\"application/x-shockwave-flash\"><param name=\"a\" value=\"b\"><p>fallback</p></object>after"),
            format!(
                "{}after",
                card("https://media.example/movie.swf", "media.example/movie.swf")
            )
        );
        // An object without an address: its fallback `<embed>` gets the card.
        assert_eq!(
            cards("<object width=1><param name=\"movie\" value=\"x\"><embed src=\"https://player.vimeo.com/video/7\"></object>"),
            format!(
                "<object width=1><param name=\"movie\" value=\"x\">{}</object>",
                card("https://vimeo.com/7", "Vimeo · vimeo.com/7")
            )
        );
        // An object never closed: only its start tag goes.
        assert_eq!(
            cards("<object data=\"https://media.example/a\">fallback"),
            format!(
                "{}fallback",
                card("https://media.example/a", "media.example/a")
            )
        );
    }

    #[test]
    fn text_comments_scripts_and_attribute_values_are_not_elements() {
        for h in [
            "<p>&lt;iframe src=\"https://www.youtube.com/embed/abc\"&gt;&lt;/iframe&gt;</p>",
            "<pre><code>&lt;iframe src=&quot;https://example.org/&quot;&gt;</code></pre>",
            "<!-- <iframe src=\"https://example.org/\"></iframe> -->",
            "<!-- unterminated <iframe src=\"https://example.org/\"></iframe>",
            "<script>document.write('<iframe src=\"https://example.org/\"></iframe>')</script>",
            "<STYLE>/* <iframe src=\"https://example.org/\"> */</style>",
            "<textarea><iframe src=\"https://example.org/\"></iframe></textarea>",
            "<a title=\"<iframe src=https://example.org/>\" href=\"/\">a</a>",
            "<a title='<embed src=https://example.org/>'>a</a>",
            "<x xmlns=\"><iframe src=https://example.org/ onload=alert(97)\"></x>",
            "<!DOCTYPE html><p>a < b, <iframe",
            "<p>a <iframe src=\"https://example.org/\"",
        ] {
            assert_eq!(cards(h), h, "{h}");
        }
        // After a comment, script or attribute value, scanning goes on.
        assert_eq!(
            cards("<!-- <iframe> --><script>'<iframe>'</script><a title=\"<object>\">x</a><iframe src=\"https://example.org/\"></iframe>"),
            format!(
                "<!-- <iframe> --><script>'<iframe>'</script><a title=\"<object>\">x</a>{}",
                card("https://example.org/", "example.org")
            )
        );
    }

    #[test]
    fn relative_addresses_resolve_like_links() {
        // Against an article's URL: absolute.
        assert_eq!(
            to_link_cards(
                "<iframe src=\"../demo/index.html\" title=\"Demo\"></iframe>",
                "https://blog.example/posts/a/post.md"
            ),
            card(
                "https://blog.example/posts/demo/index.html",
                "blog.example · Demo"
            )
        );
        // Against a catalog path: the address as written, which the sanitizer resolves
        // as it does a link's.
        assert_eq!(
            cards("<iframe src=\"demo/index.html\"></iframe>"),
            card("demo/index.html", "blog/2020/demo/index.html")
        );
        let out = render_html("<iframe src=\"demo/a b.html\"></iframe>", BASE).html;
        assert!(out.contains("href=\"blog/2020/demo/a%20b.html\""), "{out}");
    }

    #[test]
    fn cards_pass_the_sanitizer_unchanged() {
        for h in [
            "<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ?start=5&list=PL1\" title=\"A &amp; B <i>\"></iframe>",
            "<iframe src=\"//player.bilibili.com/player.html?bvid=BV17x411w7KC&page=2\" title=\"中文 标题\"></iframe>",
            "<iframe src=\"https://www.google.com/maps/embed?pb=!1m18&q=\\\"x y\\\"\"></iframe>",
            "<iframe src=\"https://例子.example/路径?q=值\" title=\"x\u{a0}y\"></iframe>",
            "<embed src=\"https://media.example/a.mp4\">",
        ] {
            let card = cards(h);
            assert!(card.starts_with("<span class=\"bs-embed-card\">"), "{card}");
            assert_eq!(super::super::sanitize(&card, BASE), card, "{h}");
        }
        // Through the whole pipeline, inside a paragraph and at the top level.
        let r = render_html(
            "<p>Before <iframe src=\"https://www.youtube.com/embed/abc?start=9\" title=\"Clip\"></iframe> after</p>",
            BASE,
        );
        assert_eq!(
            r.html,
            format!(
                "<p>Before {} after</p>",
                card(
                    "https://www.youtube.com/watch?v=abc&amp;t=9s",
                    "YouTube · Clip"
                )
            )
        );
        assert_eq!(r.text, "Before YouTube · Clip after");
        let md = render(
            "Intro.\n\n<iframe src=\"https://player.vimeo.com/video/9\"></iframe>\n\nMore.",
            BodyFormat::Markdown,
            BASE,
        );
        assert!(
            md.html
                .contains(&card("https://vimeo.com/9", "Vimeo · vimeo.com/9")),
            "{}",
            md.html
        );
        // Content cannot imitate other app classes on the way.
        let h = render_html("<span class=\"bs-embed-card bs-hero\">x</span>", BASE).html;
        assert_eq!(h, "<span class=\"bs-embed-card\">x</span>");
    }

    #[test]
    fn no_input_panics() {
        let tricky = "a<IFRAME src='//player.bilibili.com/player.html?bvid=BV1&amp;page=2' title=\"中文&#x4e2d;&#0;&#xFFFFFFFF;&\"></iframe >\
            <object data=https://例子.example/?q=é>é<embed src=\"https://x.example/\u{1F600}\"></object><!--ü--><!---><iframe src=\"";
        for (i, _) in tricky.char_indices() {
            let _ = to_link_cards(&tricky[..i], BASE);
            let _ = to_link_cards(&tricky[i..], BASE);
        }
        for s in [
            "<",
            "<i",
            "<iframe",
            "<iframe ",
            "<iframe src",
            "<iframe src=",
            "<iframe src='",
            "</",
            "<!",
            "<!-",
            "<!--",
            "<object data=x>",
            "<embed",
            "&",
        ] {
            let _ = to_link_cards(s, BASE);
        }
    }

    /// Median of five runs.
    fn time(f: impl Fn()) -> Duration {
        let mut runs: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect();
        runs.sort();
        runs[2]
    }

    #[test]
    fn time_is_linear_on_hostile_input() {
        // Each shape repeated to about 100 kB and to 10 times that. Quadratic work
        // would take seconds at 100 kB already: the 20 ms allowance hides no such thing.
        let units: [(&str, &str); 7] = [
            ("`<iframe ` never closed", "<iframe "),
            (
                "`<iframe src=…>` without `</iframe>`",
                "<iframe src=https://x.example/>",
            ),
            (
                "`<object data=…>` without `</object>`",
                "<object data=https://x.example/>",
            ),
            (
                "complete YouTube frames",
                "<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>",
            ),
            ("`<!--<iframe` never closed", "<!--<iframe"),
            ("`<script><iframe` never closed", "<script><iframe"),
            ("`<a title=\"<iframe` never closed", "<a title=\"<iframe "),
        ];
        let shapes = units
            .iter()
            .map(|&(name, unit)| {
                (
                    name,
                    unit.repeat(100_000 / unit.len()),
                    unit.repeat(1_000_000 / unit.len()),
                )
            })
            .chain(std::iter::once((
                "`&` in an address",
                format!(
                    "<iframe src=\"https://x.example/{}\"></iframe>",
                    "&".repeat(100_000)
                ),
                format!(
                    "<iframe src=\"https://x.example/{}\"></iframe>",
                    "&".repeat(1_000_000)
                ),
            )));
        for (name, small, large) in shapes {
            let t1 = time(|| drop(to_link_cards(&small, BASE)));
            let t10 = time(|| drop(to_link_cards(&large, BASE)));
            println!(
                "{name}: {} kB in {t1:?}, {} kB in {t10:?} ({:.1}x)",
                small.len() / 1000,
                large.len() / 1000,
                t10.as_secs_f64() / t1.as_secs_f64().max(1e-9)
            );
            assert!(
                t10 <= t1 * 15 + Duration::from_millis(20),
                "{name}: {t1:?} for n, {t10:?} for 10n"
            );
        }
    }

    #[test]
    fn a_real_post_with_frames_in_code_blocks_keeps_them_as_code() {
        let path =
            "blog-en/2017-04-05-prevent-mouse-scroll-from-zooming-on-embedded-google-maps.md";
        let bytes = std::fs::read(format!("../shared/corpus/{path}")).expect("corpus file");
        let post = crate::core::article::read_post(path, &bytes).expect("a post");
        let html = match post.article.format {
            BodyFormat::Markdown => crate::core::body::markdown_to_html(&post.body),
            BodyFormat::Html => post.body.clone(),
        };
        assert!(html.contains("&lt;iframe"), "{html}");
        // The frames are in code blocks: text, not elements.
        assert!(matches!(to_link_cards(&html, path), Cow::Borrowed(_)));
        let r = post.render(path);
        assert!(!r.html.contains("bs-embed-card"), "{}", r.html);
        assert!(r
            .text
            .contains("<iframe src=\"https://www.google.com/maps/embed?xxx\""));
        // The same post with the frame written as HTML gets its card.
        let live = post.body.replacen("```html\n<iframe", "<iframe", 1);
        let r = render(&live, BodyFormat::Markdown, path);
        assert!(
            r.html.contains(&card(
                "https://www.google.com/maps/embed?xxx",
                "Google Maps · google.com/maps/embed?xxx"
            )),
            "{}",
            r.html
        );
    }

    #[test]
    fn xss_vectors_only_ever_become_http_links() {
        let vectors =
            std::fs::read_to_string("../shared/xss/h5sc-vectors.txt").expect("the XSS vectors");
        let out = render_html(&vectors, BASE).html;
        assert!(!out.contains("<iframe") && !out.contains("<embed") && !out.contains("<object"));
        let cards: Vec<&str> = out
            .split("class=\"bs-embed-card\"><a href=\"")
            .skip(1)
            .collect();
        assert!(!cards.is_empty());
        for c in cards {
            assert!(
                // Relative ones (`<object data="test.swf">`) resolved against the article.
                c.starts_with("http://")
                    || c.starts_with("https://")
                    || c.starts_with("blog/2020/"),
                "{c}"
            );
        }
        // Vector by vector too (an unclosed one would hide the rest).
        let mut n = 0;
        for v in vectors.split("<div id=") {
            let out = render_html(v, BASE).html;
            for c in out.split("class=\"bs-embed-card\"><a href=\"").skip(1) {
                n += 1;
                assert!(
                    c.starts_with("http://")
                        || c.starts_with("https://")
                        || c.starts_with("blog/2020/"),
                    "{v} → {out}"
                );
            }
        }
        assert!(n > 0);
    }
}
