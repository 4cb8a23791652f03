//! When the app itself fails: a Rust panic stops the wasm for good (the page's Leptos
//! roots stop responding), so the panic hook logs it (`console_error_panic_hook`) and
//! puts a plain message with a Reload button over the page, built with DOM calls only
//! (nothing reactive can be trusted any more). Bad *data* never gets here: every
//! article problem is a per-file error; this is for bugs.
//!
//! In an embed widget the message replaces only the widgets' content (the host page is
//! not ours), and says so there.
//!
//! The message is in the language the page shows (`lang` of `<html>`, which the app
//! keeps in step with the language switch, or of the widget's root).

use std::panic::PanicHookInfo;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::i18n::{element_locale, Locale};

/// Installs the hook (once).
pub fn install() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        console_error_panic_hook::hook(info);
        let _ = show(&info.to_string());
    }));
}

fn show(detail: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    if super::links::is_app_page() {
        let Some(body) = document.body() else {
            return Ok(());
        };
        if document.query_selector(".bs-crash")?.is_some() {
            return Ok(());
        }
        let locale = document
            .document_element()
            .and_then(|e| element_locale(&e))
            .unwrap_or_default();
        let panel = message(&document, detail, locale)?;
        body.append_child(&panel)?;
    } else {
        // Embed widgets: each shadow root gets the message instead of its list.
        let hosts = document.query_selector_all("[data-broadsheet]")?;
        for i in 0..hosts.length() {
            let Some(host) = hosts
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let Some(root) = host.shadow_root() else {
                continue;
            };
            if let Some(inner) = root.query_selector(".bsw")? {
                let locale = element_locale(&inner).unwrap_or_default();
                inner.set_text_content(None);
                let panel = message(&document, detail, locale)?;
                inner.append_child(&panel)?;
            }
        }
    }
    Ok(())
}

/// `<div class="bs-crash" role="alert">` with a title, a line of explanation, the
/// panic's text (for a bug report) and a Reload link. Text only, never markup.
fn message(
    document: &web_sys::Document,
    detail: &str,
    locale: Locale,
) -> Result<web_sys::Element, JsValue> {
    let t = locale.t();
    let panel = document.create_element("div")?;
    panel.set_class_name("bs-crash");
    panel.set_attribute("role", "alert")?;
    let title = document.create_element("p")?;
    title.set_class_name("bs-crash-title");
    title.set_text_content(Some(t.crash_title));
    let text = document.create_element("p")?;
    text.set_text_content(Some(t.crash_text));
    let pre = document.create_element("pre")?;
    pre.set_class_name("bs-crash-detail");
    pre.set_text_content(Some(detail));
    // A link to this very page: reloading needs no wasm (which cannot run after a
    // panic) and no inline script (the CSP allows none).
    let reload = document.create_element("a")?;
    reload.set_class_name("bs-button bs-crash-reload");
    // The router leaves rel="external" links to the browser (its click handler is wasm).
    reload.set_attribute("rel", "external")?;
    reload.set_attribute(
        "href",
        &document
            .location()
            .and_then(|l| l.href().ok())
            .unwrap_or_default(),
    )?;
    reload.set_text_content(Some(t.reload));
    for child in [&title, &text, &pre, &reload] {
        panel.append_child(child)?;
    }
    Ok(panel)
}

/// Panics on purpose: lets the browser tests check that a bug shows the message
/// instead of a dead page. Harmless (any script on the page can stop the app anyway).
#[wasm_bindgen]
pub fn bs_test_panic() {
    panic!("bs_test_panic: a deliberate panic for the tests");
}
