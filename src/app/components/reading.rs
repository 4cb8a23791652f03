//! Reading aids on the article page: a progress bar and back-to-top button for long
//! articles, copy-link / share, a stand-in for body images that fail to load, and
//! click-to-zoom for body images.
//!
//! Everything here works on the article's DOM after the sanitized body is in it; it adds
//! elements with `textContent` and attributes, never markup, and never writes `style=`
//! (the page's CSP forbids inline styles): the progress bar is a `<progress>` element.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use crate::app::browser;
use crate::app::i18n::{tr, use_i18n, Locale};

/// An article is "long" (progress bar shown) when it is this many viewports tall.
const LONG: f64 = 1.5;
/// The progress bar's resolution: `<progress max>`; updates below one step are skipped.
const STEPS: f64 = 1000.0;

/// The progress bar and the back-to-top button, both following the window's scroll over
/// `article` (the `<article>` element).
#[component]
pub fn ReadingProgress(article: NodeRef<leptos::html::Article>) -> impl IntoView {
    // None: the article is short (no bar). Some(0..=STEPS): how far through it the reader is.
    let progress = RwSignal::new(None::<u32>);
    let far = RwSignal::new(false);
    let measure = move || {
        let Some(el) = article.get_untracked() else {
            return;
        };
        let w = window();
        let vh = w
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let rect = el.get_bounding_client_rect();
        let height = rect.height();
        let p = (vh > 0.0 && height > vh * LONG).then(|| {
            // 0 when the article's top reaches the top of the window, 1 when its end
            // reaches the bottom.
            let done = (-rect.top() / (height - vh)).clamp(0.0, 1.0);
            (done * STEPS).round() as u32
        });
        if progress.get_untracked() != p {
            progress.set(p);
        }
        let f = w.scroll_y().unwrap_or(0.0) > vh;
        if far.get_untracked() != f {
            far.set(f);
        }
    };
    let on_scroll = window_event_listener(leptos::ev::scroll, move |_| measure());
    let on_resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || {
        on_scroll.remove();
        on_resize.remove();
    });
    // The body arrives (and images load) after the first draw: measure again when the
    // article's size changes.
    Effect::new(move |_| {
        let Some(el) = article.get() else { return };
        // Not while the first frame is built hidden (it would make the browser lay
        // out the page in that task): the observer's first report measures it.
        if !crate::app::boot::building() {
            measure();
        }
        let cb = Closure::<dyn Fn()>::new(measure);
        if let Ok(ro) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            ro.observe(&el);
            // Lives (closure included) as long as the page, disconnected when it goes.
            let kept = StoredValue::new_local((ro, cb));
            on_cleanup(move || {
                kept.try_with_value(|(ro, _)| ro.disconnect());
            });
        }
    });
    let to_top = move |_| {
        let opts = web_sys::ScrollToOptions::new();
        opts.set_top(0.0);
        if !reduced_motion() {
            opts.set_behavior(web_sys::ScrollBehavior::Smooth);
        }
        window().scroll_to_with_scroll_to_options(&opts);
        // Keyboard and screen-reader users land where the eyes do: the title.
        if let Some(h) = document()
            .query_selector(".bs-article-title")
            .ok()
            .flatten()
        {
            let _ = h.set_attribute("tabindex", "-1");
            crate::app::focus::focus_without_scrolling(&h);
        }
    };
    view! {
        // Decorative (the scroll bar says the same): hidden from assistive technology.
        <progress
            class="bs-progress"
            max=STEPS as u32
            value=move || progress.get().unwrap_or(0)
            hidden=move || progress.get().is_none()
            aria-hidden="true"
        ></progress>
        <button
            type="button"
            class="bs-to-top"
            class:bs-to-top-shown=move || far.get()
            aria-hidden=move || (!far.get()).to_string()
            tabindex=move || if far.get() { "0" } else { "-1" }
            on:click=to_top
        >
            <span aria-hidden="true">"↑"</span>
            <span class="bs-visually-hidden">{tr(|m| m.back_to_top)}</span>
        </button>
    }
}

fn reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// "Copy link" and, where the browser has the Web Share API (phones, Safari, Windows),
/// "Share…"; the outcome is announced in a status line.
#[component]
pub fn ShareTools(title: String) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(String::new());
    let can_share = browser::navigator_fn("share").is_some();
    let copy = move |_| {
        let url = page_url();
        let Some(promise) = clipboard_write(&url) else {
            status.set(i18n.get_untracked().copy_by_hand(&url));
            return;
        };
        leptos::task::spawn_local(async move {
            match wasm_bindgen_futures::JsFuture::from(promise).await {
                Ok(_) => status.set(i18n.get_untracked().t().link_copied.to_owned()),
                Err(_) => status.set(i18n.get_untracked().copy_by_hand(&url)),
            }
        });
    };
    let share = move |_| {
        let Some(f) = browser::navigator_fn("share") else {
            return;
        };
        let data = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&data, &"title".into(), &JsValue::from_str(&title));
        let _ = js_sys::Reflect::set(&data, &"url".into(), &JsValue::from_str(&page_url()));
        let nav: JsValue = window().navigator().into();
        if let Ok(p) = f
            .call1(&nav, &data)
            .and_then(|p| p.dyn_into::<js_sys::Promise>())
        {
            // A cancelled share rejects: nothing to report.
            leptos::task::spawn_local(async move {
                let _ = wasm_bindgen_futures::JsFuture::from(p).await;
            });
        }
    };
    view! {
        <div class="bs-share">
            <button type="button" class="bs-button bs-copy-link" on:click=copy>
                {tr(|m| m.copy_link)}
            </button>
            {can_share.then(|| {
                view! {
                    <button type="button" class="bs-button bs-share-button" on:click=share>
                        {tr(|m| m.share)}
                    </button>
                }
            })}
            <span class="bs-share-status" role="status">{move || status.get()}</span>
        </div>
    }
}

/// The article's address without any `#anchor` the reader scrolled to.
fn page_url() -> String {
    let href = window().location().href().unwrap_or_default();
    match href.split_once('#') {
        Some((u, _)) => u.to_owned(),
        None => href,
    }
}

/// `navigator.clipboard.writeText(text)`; None where there is no async clipboard (plain
/// http on another host than localhost).
fn clipboard_write(text: &str) -> Option<js_sys::Promise> {
    let nav: JsValue = window().navigator().into();
    let clip = js_sys::Reflect::get(&nav, &"clipboard".into())
        .ok()
        .filter(|c| c.is_object())?;
    let write = js_sys::Reflect::get(&clip, &"writeText".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    write
        .call1(&clip, &JsValue::from_str(text))
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}

/// The image shown enlarged, if any: (src, alt).
#[derive(Clone, Copy)]
pub struct Zoom(RwSignal<Option<(String, String)>>);

impl Zoom {
    pub fn new() -> Zoom {
        Zoom(RwSignal::new(None))
    }

    /// A click in the body: an image (not inside a link, which wins) opens enlarged.
    /// Returns whether it did.
    pub fn on_click(&self, target: &web_sys::Element) -> bool {
        if target.tag_name() != "IMG" || target.closest("a").ok().flatten().is_some() {
            return false;
        }
        let Ok(img) = target.clone().dyn_into::<web_sys::HtmlImageElement>() else {
            return false;
        };
        if img.natural_width() == 0 {
            return false;
        }
        let src = Some(img.current_src())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| img.src());
        self.0.set(Some((src, img.alt())));
        true
    }
}

impl Default for Zoom {
    fn default() -> Self {
        Zoom::new()
    }
}

/// The enlarged image: a modal `<dialog>` (focus moves into it, Esc closes it, focus
/// returns to where it was). A click anywhere closes it.
#[component]
pub fn ImageZoom(zoom: Zoom) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let open = zoom.0.with(Option::is_some);
        let Some(d) = dialog.get() else { return };
        if open && !d.open() {
            let _ = d.show_modal();
        } else if !open && d.open() {
            d.close();
        }
    });
    view! {
        <dialog
            class="bs-zoom"
            node_ref=dialog
            aria-label=tr(|m| m.enlarged_image)
            on:close=move |_| zoom.0.set(None)
            on:click=move |_| zoom.0.set(None)
        >
            {move || {
                zoom.0.get().map(|(src, alt)| {
                    view! { <img class="bs-zoom-img" src=src alt=alt referrerpolicy="no-referrer" /> }
                })
            }}
            <button type="button" class="bs-zoom-close" aria-label=tr(|m| m.close)>
                <span aria-hidden="true">"×"</span>
            </button>
        </dialog>
    }
}

/// Body images that fail to load (moved, deleted, hot-link protected) become a labelled
/// stand-in showing their alt text, instead of the browser's broken-image icon.
/// `error` does not bubble: listen in the capture phase on the body container, and
/// replace the ones that failed before we listened. The listener stays until the
/// returned watch is dropped (keep it with the page: `StoredValue::new_local`).
pub fn watch_broken_images(body: &web_sys::Element) -> BrokenImageWatch {
    // The words of the page's language when the image fails (a later switch keeps them,
    // like other messages already on screen).
    let i18n = use_i18n();
    let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if let Some(img) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlImageElement>().ok())
        {
            replace_broken(&img, i18n.get_untracked());
        }
    });
    let _ = body.add_event_listener_with_callback_and_bool(
        "error",
        listener.as_ref().unchecked_ref(),
        true,
    );
    if let Ok(imgs) = body.query_selector_all("img") {
        for i in 0..imgs.length() {
            if let Some(img) = imgs
                .get(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlImageElement>().ok())
            {
                if img.complete() && img.natural_width() == 0 && !img.src().is_empty() {
                    replace_broken(&img, i18n.get_untracked());
                }
            }
        }
    }
    BrokenImageWatch {
        body: body.clone(),
        listener,
    }
}

/// The `error` listener of `watch_broken_images`: removed (and its closure freed) on
/// drop, so reading article after article does not pile them up.
pub struct BrokenImageWatch {
    body: web_sys::Element,
    listener: Closure<dyn Fn(web_sys::Event)>,
}

impl Drop for BrokenImageWatch {
    fn drop(&mut self) {
        let _ = self.body.remove_event_listener_with_callback_and_bool(
            "error",
            self.listener.as_ref().unchecked_ref(),
            true,
        );
    }
}

fn replace_broken(img: &web_sys::HtmlImageElement, locale: Locale) {
    let doc = document();
    let Ok(stand_in) = doc.create_element("span") else {
        return;
    };
    stand_in.set_class_name("bs-img-broken");
    let alt = img.alt();
    let alt = alt.trim();
    let _ = stand_in.set_attribute("role", "img");
    let plain = locale.t().image_unavailable;
    let label = if alt.is_empty() {
        plain.to_owned()
    } else {
        locale.image_unavailable_alt(alt)
    };
    let _ = stand_in.set_attribute("aria-label", &label);
    // Text, not markup: the alt text is the post author's.
    stand_in.set_text_content(Some(if alt.is_empty() { plain } else { alt }));
    let _ = img.replace_with_with_node_1(&stand_in);
}
