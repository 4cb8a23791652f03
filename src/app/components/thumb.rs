//! List thumbnails and hero images: lazy, no referrer (many news hosts refuse foreign
//! referrers), and a fallback tile when there is no image or it fails to load.

use leptos::prelude::*;

use super::pictures;
use crate::app::links::Base;
use crate::core::images::RemoteImages;

/// One of six tones for the fallback tile, stable per text: in 32 bits, so the page
/// written at build time (64-bit `usize`) and the app (wasm32) pick the same one.
fn tone(seed: &str) -> u32 {
    seed.bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))
        % 6
}

/// First letter (or CJK character) of the text, for the fallback tile.
fn initial(seed: &str) -> String {
    seed.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default()
}

#[component]
pub fn Thumb(
    /// Front-matter image (URL or catalog-relative path).
    image: Option<String>,
    /// The fallback tile shows this text's first letter (category or title)…
    label: String,
    /// …in a colour picked from this text (the title), so neighbours differ.
    seed: String,
) -> impl IntoView {
    let base = expect_context::<Base>();
    // A remote picture the reader declined (always, in a list: a click there opens the
    // article) is drawn as the fallback tile.
    let remote = image.as_deref().is_some_and(pictures::is_remote);
    let declined = move || remote && pictures::choice() != RemoteImages::Always;
    let failed = RwSignal::new(image.is_none());
    let src = image.map(|i| base.image_url(&i));
    let fallback_class = format!("bs-thumb bs-thumb-fallback bs-tone-{}", tone(&seed));
    let letter = initial(&label);
    move || {
        if failed.get() || declined() {
            view! { <div class=fallback_class.clone() aria-hidden="true"><span>{letter.clone()}</span></div> }
                .into_any()
        } else {
            view! {
                <img
                    class="bs-thumb"
                    src=src.clone()
                    alt=""
                    loading="lazy"
                    decoding="async"
                    referrerpolicy="no-referrer"
                    data-bs-remote=remote.then_some("")
                    on:error=move |_| failed.set(true)
                />
            }
            .into_any()
        }
    }
}

/// The article page's hero image; hidden when missing or broken.
#[component]
pub fn Hero(image: Option<String>) -> impl IntoView {
    let base = expect_context::<Base>();
    let remote = image.as_deref().is_some_and(pictures::is_remote);
    let failed = RwSignal::new(image.is_none());
    let src = image.map(|i| base.image_url(&i));
    move || {
        let declined = remote && pictures::choice() != RemoteImages::Always;
        (!failed.get() && !declined).then(|| {
            // The largest thing on an article's page, usually: fetched first
            // (`fetchpriority`, which the view macro does not know by name).
            view! {
                <figure class="bs-hero">
                    {view! {
                        <img
                            class="bs-hero-img"
                            src=src.clone()
                            data-bs-remote=remote.then_some("")
                            alt=""
                            decoding="async"
                            referrerpolicy="no-referrer"
                            on:error=move |_| failed.set(true)
                        />
                    }
                    .attr("fetchpriority", "high")}
                </figure>
            }
        })
    }
}
