//! Pictures from other sites, under the reader's control (issue 25): every remote
//! picture tells its host that someone is reading, when and where. A reader of
//! aggregated news may want them always (the default), only when asked (on click), or
//! never. This module decides what is remote and rewrites a sanitized body's `<img>`s;
//! the app applies it to lists, article pages and widgets.

use crate::core::text::escape_html;

/// The reader's choice for pictures from other sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RemoteImages {
    #[default]
    Always,
    OnClick,
    Never,
}

impl RemoteImages {
    pub const ALL: [RemoteImages; 3] = [
        RemoteImages::Always,
        RemoteImages::OnClick,
        RemoteImages::Never,
    ];

    /// As stored (`localStorage`, a widget's `data-remote-images`).
    pub fn as_str(self) -> &'static str {
        match self {
            RemoteImages::Always => "always",
            RemoteImages::OnClick => "click",
            RemoteImages::Never => "never",
        }
    }

    /// Reads a stored value; anything else is the default.
    pub fn parse(s: &str) -> RemoteImages {
        match s.trim().to_ascii_lowercase().as_str() {
            "click" | "on-click" | "onclick" => RemoteImages::OnClick,
            "never" | "off" | "none" => RemoteImages::Never,
            _ => RemoteImages::Always,
        }
    }

    /// Whether a picture at `url` is shown at once, for a page on `own_origin`.
    pub fn loads(self, url: &str, own_origin: &str) -> bool {
        self == RemoteImages::Always || !is_remote(url, own_origin)
    }
}

/// An absolute http(s) (or protocol-relative) URL on another origin than `own_origin`
/// (`scheme://host[:port]`). Relative URLs are the site's own.
pub fn is_remote(url: &str, own_origin: &str) -> bool {
    let url = url.trim();
    if url.starts_with("//") {
        return true;
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return false;
    }
    let after = url.find("://").map_or(0, |i| i + 3);
    let end = url[after..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |j| after + j);
    !url[..end].eq_ignore_ascii_case(own_origin)
}

/// The words a held picture shows (in the page's language).
pub struct HeldWords<'a> {
    /// On the button that loads it: "Show picture".
    pub show: &'a str,
    /// Where it would come from, never loaded: "Picture not loaded".
    pub off: &'a str,
}

/// A sanitized body with its remote `<img>`s held back: `OnClick` makes each a button
/// (`.bs-img-held`, the URL in `data-bs-src`, the alt text in `data-bs-alt`) that the
/// app turns back into the picture when pressed; `Never` a note naming the host.
/// `Always` changes nothing. Linear: one pass over the tags of sanitizer output (its
/// attribute values are quoted and escaped).
pub fn hold_remote(
    html: &str,
    mode: RemoteImages,
    own_origin: &str,
    words: &HeldWords<'_>,
) -> String {
    if mode == RemoteImages::Always || !html.contains("<img") {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<img") {
        out.push_str(&rest[..i]);
        let tag_end = end_of_tag(&rest[i..]).map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        rest = &rest[tag_end..];
        let src = attr(tag, "src").unwrap_or_default();
        if !is_remote(&decode_amp(&src), own_origin) {
            out.push_str(tag);
            continue;
        }
        let alt = attr(tag, "alt").unwrap_or_default();
        let host = host_of(&decode_amp(&src));
        match mode {
            RemoteImages::OnClick => {
                out.push_str(&format!(
                    "<button type=\"button\" class=\"bs-img-held\" data-bs-src=\"{src}\" data-bs-alt=\"{alt}\"><span class=\"bs-img-held-label\">{}</span> <span class=\"bs-img-held-host\">{}</span></button>",
                    escape_html(words.show),
                    escape_html(&host)
                ));
            }
            _ => out.push_str(&format!(
                "<span class=\"bs-img-off\"><span class=\"bs-img-held-label\">{}</span> <span class=\"bs-img-held-host\">{}</span></span>",
                escape_html(words.off),
                escape_html(&host)
            )),
        }
    }
    out.push_str(rest);
    out
}

/// Byte length of the tag at the start of `s` (through its `>`), quote-aware.
fn end_of_tag(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, b) in s.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// An attribute's raw (still escaped) value in a serialized start tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        let after = &rest[i + name.len()..];
        if before.is_some_and(char::is_whitespace) {
            if let Some(v) = after.strip_prefix("=\"") {
                return v.find('"').map(|e| v[..e].to_owned());
            }
            if let Some(v) = after.strip_prefix("='") {
                return v.find('\'').map(|e| v[..e].to_owned());
            }
        }
        rest = after;
    }
    None
}

fn decode_amp(s: &str) -> String {
    s.replace("&amp;", "&")
}

/// The host of an absolute URL (for the note), without port or user info.
fn host_of(url: &str) -> String {
    let after = url.find("//").map_or(url, |i| &url[i + 2..]);
    let authority = after.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    host.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: HeldWords<'static> = HeldWords {
        show: "Show picture",
        off: "Picture not loaded",
    };
    const OWN: &str = "https://me.example";

    #[test]
    fn what_is_remote() {
        assert!(is_remote("https://img.example/a.png", OWN));
        assert!(is_remote("//img.example/a.png", OWN));
        assert!(
            is_remote("HTTP://me.example/a.png", OWN),
            "another scheme is another origin"
        );
        assert!(!is_remote("https://ME.example/a.png", OWN));
        assert!(!is_remote("articles/img/a.png", OWN));
        assert!(!is_remote("/img/a.png", OWN));
        assert!(!is_remote("blob:https://me.example/uuid", OWN));
        assert!(is_remote("https://me.example.evil.example/a.png", OWN));
        assert_eq!(RemoteImages::parse("click"), RemoteImages::OnClick);
        assert_eq!(RemoteImages::parse("garbage"), RemoteImages::Always);
        for m in RemoteImages::ALL {
            assert_eq!(RemoteImages::parse(m.as_str()), m);
        }
    }

    #[test]
    fn remote_pictures_are_held_back() {
        let html = r#"<p>a<img loading="lazy" src="https://img.example/x.png?a=1&amp;b=2" alt="A &quot;cat&quot;">b<img src="img/local.png" alt=""></p>"#;
        assert_eq!(hold_remote(html, RemoteImages::Always, OWN, &WORDS), html);
        let click = hold_remote(html, RemoteImages::OnClick, OWN, &WORDS);
        assert_eq!(
            click,
            r#"<p>a<button type="button" class="bs-img-held" data-bs-src="https://img.example/x.png?a=1&amp;b=2" data-bs-alt="A &quot;cat&quot;"><span class="bs-img-held-label">Show picture</span> <span class="bs-img-held-host">img.example</span></button>b<img src="img/local.png" alt=""></p>"#
        );
        let never = hold_remote(html, RemoteImages::Never, OWN, &WORDS);
        assert!(!never.contains("img.example/x.png"), "{never}");
        assert!(never.contains(r#"<span class="bs-img-off"><span class="bs-img-held-label">Picture not loaded</span> <span class="bs-img-held-host">img.example</span></span>"#));
        assert!(never.contains(r#"<img src="img/local.png" alt="">"#));
        // A `>` inside a quoted value does not end the tag.
        let q = r#"<img alt="a>b" src="https://x.example/p.png">after"#;
        assert!(hold_remote(q, RemoteImages::Never, OWN, &WORDS).ends_with("</span>after"));
        // An unterminated tag at the end.
        let cut = r#"<img src="https://x.example/p.png""#;
        assert!(!hold_remote(cut, RemoteImages::Never, OWN, &WORDS).contains("p.png"));
    }
}
