//! The browser sanitizer (wasm32 only): DOMPurify with the article policy of
//! `body/policy.rs`.
//!
//! DOMPurify parses with the browser's own HTML parser, so what it checks is what the
//! page will build from its output (no second parser to disagree with: that is where
//! mutation XSS comes from), and ammonia + html5ever stay out of the wasm bundle.
//!
//! The ES module is bound from `node_modules` (npm `dompurify`, pinned in package.json),
//! minified by `scripts/setup.sh` (terser) into `purify.broadsheet.min.mjs` beside it:
//! wasm-bindgen copies that self-contained file next to the JS glue (`snippets/`), so it
//! loads wherever the wasm does. We call its default export only
//! as a factory, `DOMPurify(window)`, and configure that private instance: a page
//! embedding us may have a DOMPurify of its own, which is never touched.
//!
//! Only wasm-bindgen/js-sys here (the core stays free of web-sys): the few DOM
//! members the hooks need are declared below.

use std::borrow::Cow;
use std::cell::RefCell;

use js_sys::{Array, Object, Reflect, RegExp};
use wasm_bindgen::prelude::*;

use super::policy::{
    attribute_allowed, filter_attribute, rename_style_attributes, GENERIC_ATTRIBUTES, LINK_REL,
    TAGS, TAG_ATTRIBUTES, URL_ATTRIBUTES,
};
use crate::core::order;
use crate::core::text::escape_html;
use crate::core::text::html_to_text;
use crate::core::urls;

#[wasm_bindgen(module = "/node_modules/dompurify/dist/purify.broadsheet.min.mjs")]
extern "C" {
    /// The module's default export called as a function: a new, independent
    /// DOMPurify instance over `window`.
    #[wasm_bindgen(js_name = default)]
    fn dompurify(window: &JsValue) -> Purify;
}

#[wasm_bindgen]
extern "C" {
    /// Our DOMPurify instance.
    type Purify;
    #[wasm_bindgen(method, getter = isSupported)]
    fn is_supported(this: &Purify) -> bool;
    #[wasm_bindgen(method)]
    fn sanitize(this: &Purify, dirty: &str, config: &JsValue) -> JsValue;
    #[wasm_bindgen(method, js_name = addHook)]
    fn add_hook(this: &Purify, entry_point: &str, hook: &JsValue);

    /// The node a hook is called for.
    type HookNode;
    #[wasm_bindgen(method, getter = nodeName)]
    fn node_name(this: &HookNode) -> String;
    #[wasm_bindgen(method, js_name = setAttribute)]
    fn set_attribute(this: &HookNode, name: &str, value: &str);

    /// `uponSanitizeAttribute`'s event: one attribute of the node (name lowercased,
    /// value trimmed), and whether to keep it.
    type AttributeEvent;
    #[wasm_bindgen(method, getter = attrName)]
    fn attr_name(this: &AttributeEvent) -> String;
    #[wasm_bindgen(method, getter = attrValue)]
    fn attr_value(this: &AttributeEvent) -> String;
    #[wasm_bindgen(method, setter = attrValue)]
    fn set_attr_value(this: &AttributeEvent, value: &str);
    #[wasm_bindgen(method, setter = keepAttr)]
    fn set_keep_attr(this: &AttributeEvent, keep: bool);
}

/// The configured instance and its two configurations.
struct Sanitizer {
    purify: Purify,
    /// Article bodies: the allow-lists of `body/policy.rs`.
    article: JsValue,
    /// `fragment_text`: no elements at all.
    text: JsValue,
    /// The hooks live as long as the instance.
    _on_attribute: Closure<dyn Fn(HookNode, AttributeEvent)>,
    _after_attributes: Closure<dyn Fn(HookNode)>,
}

thread_local! {
    /// `None` where DOMPurify cannot work (no DOM): everything is then escaped.
    static SANITIZER: Option<Sanitizer> = Sanitizer::new();
    /// What relative URLs of the body being sanitized resolve against (read by the
    /// attribute hook; `sanitize` is synchronous, so one slot is enough).
    static BASE: RefCell<String> = const { RefCell::new(String::new()) };
}

impl Sanitizer {
    fn new() -> Option<Sanitizer> {
        let purify = dompurify(&js_sys::global());
        if !purify.is_supported() {
            return None;
        }
        // Per-element attribute lists, class/id filtering and URL resolution: DOMPurify
        // itself only knows one global attribute list.
        let on_attribute = Closure::<dyn Fn(HookNode, AttributeEvent)>::new(
            |node: HookNode, event: AttributeEvent| {
                let tag = node.node_name().to_ascii_lowercase();
                let name = event.attr_name();
                if !attribute_allowed(&tag, &name) {
                    event.set_keep_attr(false);
                    return;
                }
                let value = event.attr_value();
                let kept = if URL_ATTRIBUTES.contains(&name.as_str()) {
                    BASE.with(|base| urls::resolve(&value, &base.borrow()))
                        .map(Cow::Owned)
                } else {
                    filter_attribute(&name, &value)
                };
                match kept {
                    Some(v) if v != value => event.set_attr_value(&v),
                    Some(_) => {}
                    None => event.set_keep_attr(false),
                }
            },
        );
        // Every link gets our `rel` (one in the content was dropped: `rel` is not allowed).
        let after_attributes = Closure::<dyn Fn(HookNode)>::new(|node: HookNode| {
            if node.node_name().eq_ignore_ascii_case("a") {
                node.set_attribute("rel", LINK_REL);
            }
        });
        purify.add_hook("uponSanitizeAttribute", on_attribute.as_ref());
        purify.add_hook("afterSanitizeAttributes", after_attributes.as_ref());

        let mut attributes: Vec<&str> = GENERIC_ATTRIBUTES.to_vec();
        for (_, attrs) in TAG_ATTRIBUTES {
            attributes.extend(attrs.iter().copied());
        }
        order::sort_dedup(&mut attributes);
        // Defence in depth behind `urls::resolve`: DOMPurify's own URL check, with our
        // schemes (its default pattern, less the schemes we do not allow).
        let schemes = urls::SAFE_SCHEMES.join("|");
        let uri = RegExp::new(
            &format!(r"^(?:(?:{schemes}):|[^a-z]|[a-z+.\-]+(?:[^a-z+.\-:]|$))"),
            "i",
        );
        let article = config(&[
            ("ALLOWED_TAGS", strings(TAGS)),
            ("ALLOWED_ATTR", strings(&attributes)),
            ("ALLOWED_URI_REGEXP", uri.into()),
            ("ALLOW_DATA_ATTR", false.into()),
            ("ALLOW_ARIA_ATTR", false.into()),
            ("ALLOW_UNKNOWN_PROTOCOLS", false.into()),
            // Content of removed elements stays (as with ammonia), except for
            // DOMPurify's FORBID_CONTENTS list (script, style, svg, math, template,
            // noscript, iframe, …), whose content goes with them.
            ("KEEP_CONTENT", true.into()),
            ("FORCE_BODY", true.into()),
        ]);
        let text = config(&[
            ("ALLOWED_TAGS", strings(&[])),
            ("ALLOWED_ATTR", strings(&[])),
            ("KEEP_CONTENT", true.into()),
            // As ammonia's empty builder: only script and style lose their text.
            ("FORBID_CONTENTS", strings(&["script", "style"])),
            ("FORCE_BODY", true.into()),
        ]);
        Some(Sanitizer {
            purify,
            article,
            text,
            _on_attribute: on_attribute,
            _after_attributes: after_attributes,
        })
    }
}

fn strings(items: &[&str]) -> JsValue {
    items
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect::<Array>()
        .into()
}

fn config(entries: &[(&str, JsValue)]) -> JsValue {
    let cfg = Object::new();
    for (key, value) in entries {
        Reflect::set(&cfg, &JsValue::from_str(key), value)
            .expect("setting a property of a plain object");
    }
    cfg.into()
}

/// Runs DOMPurify; `None` when it cannot (no DOM) or returns something other than a
/// string.
fn purify(html: &str, config: impl Fn(&Sanitizer) -> &JsValue) -> Option<String> {
    // Parse the way ammonia does, as a fragment of a body: FORCE_BODY keeps leading
    // `<style>`/`<meta>`/comments out of a `<head>`, and the `<area>` (dropped: not
    // allowed, void) ends the parser's "frameset-ok" state, so a `<frameset>` in the
    // content cannot replace the whole body. It also gives the input a `<`: DOMPurify
    // hands input without one back as it came, and the output should always be the
    // browser's serialization (`&copy;` → `©`), as html_to_text expects.
    let html = format!("<area>{}", rename_style_attributes(html));
    SANITIZER.with(|s| {
        s.as_ref()
            .and_then(|s| s.purify.sanitize(&html, config(s)).as_string())
    })
}

pub(super) fn sanitize(html: &str, base: &str) -> String {
    BASE.with(|b| base.clone_into(&mut b.borrow_mut()));
    // Fails closed: without a sanitizer the markup is shown as text.
    purify(html, |s| &s.article).unwrap_or_else(|| escape_html(html))
}

pub(super) fn fragment_text(html: &str) -> String {
    html_to_text(&purify(html, |s| &s.text).unwrap_or_else(|| escape_html(html)))
}
