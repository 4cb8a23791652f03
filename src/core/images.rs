//! Pictures from other sites, under the reader's control (issue 25): every remote
//! picture tells its host that someone is reading, when and where. A reader of
//! aggregated news may want them always (the default), only when asked (on click), or
//! never. This module decides what is remote and rewrites a sanitized body's `<img>`s;
//! the app applies it to lists, article pages and widgets.

use std::cell::RefCell;

use crate::core::body::{attr_value, walk_tags};
use crate::core::sources::{host_of, origin_of};
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
/// (`scheme://host[:port]`; empty when unknown, as at build time: then every absolute
/// URL). Relative URLs are the site's own.
pub fn is_remote(url: &str, own_origin: &str) -> bool {
    let url = url.trim();
    if url.starts_with("//") {
        return true;
    }
    let scheme = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (scheme.starts_with("http://") || scheme.starts_with("https://"))
        && !origin_of(url).eq_ignore_ascii_case(own_origin)
}

/// The words a held picture shows (in the page's language).
pub struct HeldWords<'a> {
    /// On the button that loads it: "Show picture from".
    pub show: &'a str,
    /// In its place when never loaded: "Picture not loaded:".
    pub off: &'a str,
}

/// A sanitized body with its remote `<img>`s held back: `OnClick` makes each a button
/// (`.bs-img-held`, the URL in `data-bs-src`, the alt text in `data-bs-alt`) that the
/// app turns back into the picture when pressed; `Never` a note naming the host.
/// `Always` changes nothing. One pass over the tags (`body::walk_tags`, the walker the
/// body's own post-processing uses).
pub fn hold_remote(
    html: &str,
    mode: RemoteImages,
    own_origin: &str,
    words: &HeldWords<'_>,
) -> String {
    if mode == RemoteImages::Always || !html.contains("<img") {
        return html.to_owned();
    }
    let out = RefCell::new(String::with_capacity(html.len()));
    walk_tags(
        html,
        |text| out.borrow_mut().push_str(text),
        |tag| {
            let mut out = out.borrow_mut();
            let src = (tag.name == "img" && !tag.closing)
                .then(|| attr_value(tag.raw, "src"))
                .flatten()
                .filter(|src| is_remote(src, own_origin));
            let Some(src) = src else {
                out.push_str(tag.raw);
                return;
            };
            let label = escape_html(if mode == RemoteImages::OnClick {
                words.show
            } else {
                words.off
            });
            let host = escape_html(&host_of(&src));
            if mode == RemoteImages::OnClick {
                let alt = attr_value(tag.raw, "alt").unwrap_or_default();
                out.push_str(&format!(
                    "<button type=\"button\" class=\"bs-img-held\" data-bs-src=\"{}\" data-bs-alt=\"{}\"><span class=\"bs-img-held-label\">{label}</span> <span class=\"bs-img-held-host\">{host}</span></button>",
                    escape_html(&src),
                    escape_html(&alt)
                ));
            } else {
                out.push_str(&format!(
                    "<span class=\"bs-img-off\"><span class=\"bs-img-held-label\">{label}</span> <span class=\"bs-img-held-host\">{host}</span></span>"
                ));
            }
        },
    );
    out.into_inner()
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
