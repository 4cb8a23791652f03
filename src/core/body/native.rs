//! The native sanitizer (CLI, tests, fuzzing): ammonia with the article policy of
//! `body/policy.rs`. Never compiled for wasm32 (the browser uses DOMPurify, `dom.rs`).

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::policy::{filter_attribute, GENERIC_ATTRIBUTES, LINK_REL, TAGS, TAG_ATTRIBUTES};
use crate::core::text::html_to_text;
use crate::core::urls;

pub(super) fn sanitize(html: &str, base: &str) -> String {
    let tags: HashSet<&str> = TAGS.iter().copied().collect();
    let mut tag_attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
    for (tag, attrs) in TAG_ATTRIBUTES {
        tag_attributes
            .entry(tag)
            .or_default()
            .extend(attrs.iter().copied());
    }
    let generic: HashSet<&str> = GENERIC_ATTRIBUTES.iter().copied().collect();
    let base = base.to_owned();

    // ammonia checks `href`/`src` (`policy::URL_ATTRIBUTES`) against the schemes and
    // hands relative ones to `ResolveAgainst`.
    ammonia::Builder::default()
        .tags(tags)
        .tag_attributes(tag_attributes)
        .generic_attributes(generic)
        .url_schemes(urls::SAFE_SCHEMES.into_iter().collect())
        .url_relative(ammonia::UrlRelative::Custom(Box::new(ResolveAgainst(base))))
        .link_rel(Some(LINK_REL))
        .strip_comments(true)
        .attribute_filter(|_element, attribute, value| filter_attribute(attribute, value))
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

pub(super) fn fragment_text(html: &str) -> String {
    // No tags allowed: ammonia keeps the text (drops `script`/`style` content and
    // comments) and escapes it; `html_to_text` decodes it again.
    html_to_text(&ammonia::Builder::empty().clean(html).to_string())
}
