//! The embed widget: Broadsheet inside someone else's page.
//!
//! `broadsheet-embed.js` (public/embed/) loads this same wasm once per page and calls
//! [`bs_embed_mount`] for every `<div data-broadsheet …>`. Each widget gets a shadow
//! root (the host's CSS cannot reach in, ours cannot leak out) holding its own Leptos
//! root: no router, no `<title>`, no history or scroll changes, nothing global on the
//! host page. What it shows is decided by `core::embed::EmbedOptions`.
//!
//! Links: a title expands the article in place (or opens it on the full site with
//! `data-open="site"`); links inside an article open in `data-link-target` (a new tab
//! by default); `#anchors` scroll inside the widget. So clicking inside a widget never
//! changes the host page's address.
//!
//! Language: the widget speaks the host page's language where we have it — the
//! widget element's `data-lang`, else the language the page gives that element
//! (`lang` on it or an ancestor, usually `<html lang>`) — else English. The widget's
//! root carries the chosen `lang`.

//!
//! A host page may take a widget away again (a single-page app changing views): the
//! embed script then calls the function `bs_embed_mount` returned, which disposes the
//! widget's reactive tree (its requests are aborted) and empties its shadow root.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::api;
use super::components::pictures;
use super::components::status::BodySkeleton;
use super::components::thumb::Thumb;
use super::i18n::{element_locale, time_view, tr, I18n, Locale};
use super::links::Base;
use super::site::Site;
use super::source_set::{Slot, SourceSet};
use crate::core::article::Article;
use crate::core::embed::{EmbedOptions, EmbedSource, Layout, Open};

/// Mounts a widget in `host` (an element of the host page; its `data-*` attributes are
/// the options). `site` is the URL of the folder the embed script came from (the full
/// site's root). `sheet` is the widget stylesheet (a `CSSStyleSheet` the script built
/// once for all widgets), or anything else to link `embed.css` instead. Returns the
/// function that unmounts it (once).
#[wasm_bindgen]
pub fn bs_embed_mount(
    host: web_sys::HtmlElement,
    site: String,
    sheet: JsValue,
) -> Result<JsValue, JsValue> {
    let page = document()
        .base_uri()
        .ok()
        .flatten()
        .unwrap_or_else(|| site.clone());
    let opts = EmbedOptions::parse(
        |name| host.get_attribute(&format!("data-{name}")),
        &page,
        &site,
    );
    let locale = host
        .get_attribute("data-lang")
        .and_then(|l| Locale::parse(&l))
        .or_else(|| element_locale(&host))
        .unwrap_or_default();
    let shadow = widget_shadow(&host)?;
    if sheet.is_instance_of::<web_sys::CssStyleSheet>() {
        js_sys::Reflect::set(
            &shadow,
            &"adoptedStyleSheets".into(),
            &js_sys::Array::of1(&sheet),
        )?;
    } else {
        let link = document().create_element("link")?;
        link.set_attribute("rel", "stylesheet")?;
        link.set_attribute("href", &format!("{site}embed.css"))?;
        shadow.append_child(&link)?;
    }
    let root: web_sys::HtmlElement = document().create_element("div")?.unchecked_into();
    root.set_class_name("bsw");
    root.set_attribute("data-theme", opts.theme.as_str())?;
    root.set_attribute(
        "data-layout",
        if opts.layout == Layout::Cards {
            "cards"
        } else {
            "list"
        },
    )?;
    root.set_attribute("lang", locale.tag())?;
    shadow.append_child(&root)?;
    let opts = Arc::new(opts);
    // The widget's root owner, for the unmount below.
    let owner = Rc::new(RefCell::new(None::<Owner>));
    let handle = {
        let owner = Rc::clone(&owner);
        leptos::mount::mount_to(root, move || {
            *owner.borrow_mut() = Owner::current();
            provide_context(I18n::fixed(locale));
            view! { <Widget opts=opts /> }
        })
    };
    let unmount = Closure::once_into_js(move || {
        // Cleaning the owner up runs every cleanup of the widget's tree: its loads are
        // cancelled and their requests aborted (dropping the handle alone would not:
        // a load in flight holds the owner). Then the view is unmounted, and what is left
        // in the shadow root goes too, so the host element can hold a widget again.
        if let Some(owner) = owner.borrow_mut().take() {
            owner.cleanup();
        }
        drop(handle);
        shadow.set_inner_html("");
    });
    Ok(unmount)
}

/// The host's shadow root: a new one, or the empty one a widget unmounted from it left.
fn widget_shadow(host: &web_sys::HtmlElement) -> Result<web_sys::ShadowRoot, JsValue> {
    match host.shadow_root() {
        None => host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)),
        Some(shadow) if shadow.child_element_count() == 0 => Ok(shadow),
        Some(_) => Err(JsValue::from_str(
            "Broadsheet: this element already holds a widget",
        )),
    }
}

/// The real target of an event: inside a shadow root, `event.target` seen from the
/// window (where Leptos delegates events) is the host element.
fn event_origin(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.composed_path()
        .get(0)
        .dyn_into::<web_sys::Element>()
        .ok()
}

/// The widget's own sources, loading under its owner (cancelled when it is unmounted).
fn widget_sources(opts: &EmbedOptions) -> SourceSet {
    let slots = opts
        .sources
        .iter()
        .map(|s| match s {
            EmbedSource::Url(u) => Slot::url(u.clone()),
            EmbedSource::Invalid { given, reason } => Slot::invalid(given, reason.clone()),
        })
        .collect();
    // No bundled catalog: every catalog is rebased, article paths become absolute URLs
    // of the post files.
    let set = SourceSet::new(slots, None);
    // The list shows the answers as they come: nobody waits for all of them.
    drop(set.load_all());
    set
}

#[component]
fn Widget(opts: Arc<EmbedOptions>) -> impl IntoView {
    // `Thumb` resolves images against the site (fetched catalogs' are absolute already).
    provide_context(Base::from_href(&opts.site));
    provide_context(pictures::Pictures::fixed(opts.remote_images));
    let set = widget_sources(&opts);
    let site = set.site();
    // From a site read in pieces, only the one list the widget shows is fetched (its
    // first chunk and the blocks of its first articles); from a catalog, or for
    // several filters at once, the articles are picked from every article.
    let fetched = {
        let opts = Arc::clone(&opts);
        LocalResource::new(move || {
            let (opts, site) = (Arc::clone(&opts), site.get());
            async move {
                let Some(Ok(site)) = site else {
                    return Ok::<_, String>(None);
                };
                let whole = match (&site.shards, opts.list()) {
                    (Some(shards), Some(key)) => {
                        let page = shards.page_of(key, 1, opts.limit.max(1)).await?;
                        return Ok(Some((Arc::clone(&site), page.articles)));
                    }
                    (Some(shards), None) => Arc::new(api::load_whole(shards).await?),
                    (None, _) => site,
                };
                let articles: Vec<Article> =
                    opts.select(&whole.catalog).into_iter().cloned().collect();
                Ok(Some((whole, articles)))
            }
        })
    };
    let failed = Signal::derive(move || fetched.get().and_then(Result::err));
    let picked = Signal::derive(move || fetched.get().and_then(Result::ok).flatten());
    // Sources loading, or the articles being picked from what they brought.
    let loading = Signal::derive(move || {
        set.loading() || (fetched.get().is_none() && site.with(|s| matches!(s, Some(Ok(_)))))
    });
    let heading = opts
        .title
        .clone()
        .map(|t| view! { <h2 class="bsw-heading">{t}</h2> });
    let failed = move || {
        failed.get().map(|reason| {
            view! {
                <div class="bsw-error" role="alert">
                    <p>{tr(|m| m.could_not_load)}{tr(|m| m.reason_sep)}{reason}</p>
                </div>
            }
        })
    };
    view! {
        {heading}
        <WidgetErrors set=set />
        {failed}
        <WidgetList opts=opts picked=picked loading=loading />
    }
}

/// One `.bsw-error` per source that failed, with Retry where it can help.
#[component]
fn WidgetErrors(set: SourceSet) -> impl IntoView {
    move || {
        set.failures()
            .into_iter()
            .map(|(i, url, reason, can_retry)| {
                view! {
                    <div class="bsw-error" role="alert">
                        <p>
                            {tr(|m| m.could_not_load)}
                            <span class="bsw-url">{url}</span>
                            {tr(|m| m.reason_sep)}
                            {reason}
                        </p>
                        {can_retry
                            .then(|| {
                                view! {
                                    <button type="button" class="bsw-retry" on:click=move |_| set.retry(i)>
                                        {tr(|m| m.retry)}
                                    </button>
                                }
                            })}
                    </div>
                }
            })
            .collect_view()
    }
}

/// The articles picked (a skeleton while the first sources load; a line when none is
/// picked), and the link to more on the site.
#[component]
fn WidgetList(
    opts: Arc<EmbedOptions>,
    picked: Signal<Option<(Arc<Site>, Vec<Article>)>>,
    loading: Signal<bool>,
) -> impl IntoView {
    let expanded = RwSignal::new(None::<String>);
    move || match picked.get() {
        None if loading.get() => {
            let n = opts.limit.min(4);
            view! {
                <ul class="bsw-list bsw-skeleton" aria-busy="true" aria-label=tr(|m| m.loading_articles)>
                    {(0..n).map(|_| view! { <li class="bsw-item"><span class="bsw-bar"></span></li> }).collect_view()}
                </ul>
            }
            .into_any()
        }
        None => ().into_any(),
        Some((_, articles)) if articles.is_empty() => {
            view! { <p class="bsw-empty">{tr(|m| m.embed_empty)}</p> }.into_any()
        }
        Some((site, articles)) => {
            let opts = Arc::clone(&opts);
            view! {
                <ul class="bsw-list">
                    {articles
                        .into_iter()
                        .map(|a| view! { <Item article=a site=Arc::clone(&site) opts=Arc::clone(&opts) expanded /> })
                        .collect_view()}
                </ul>
                <p class="bsw-more-line">
                    <a class="bsw-more" href=opts.more_href() target=opts.link_target.clone() rel="noopener">
                        {tr(|m| m.embed_more)}
                    </a>
                </p>
            }
            .into_any()
        }
    }
}

#[component]
fn Item(
    article: Article,
    site: Arc<Site>,
    opts: Arc<EmbedOptions>,
    expanded: RwSignal<Option<String>>,
) -> impl IntoView {
    let href = opts.article_href(&article.slug);
    let slug = article.slug.clone();
    let is_open = {
        let slug = slug.clone();
        Memo::new(move |_| expanded.with(|e| e.as_deref() == Some(slug.as_str())))
    };
    let inline = opts.open == Open::Inline;
    let on_title = {
        let slug = slug.clone();
        move |ev: leptos::ev::MouseEvent| {
            // Ctrl/⌘/Shift/middle click: the browser opens the site as it would.
            if !inline
                || ev.ctrl_key()
                || ev.meta_key()
                || ev.shift_key()
                || ev.alt_key()
                || ev.button() != 0
            {
                return;
            }
            ev.prevent_default();
            expanded.update(|e| {
                *e = if e.as_deref() == Some(slug.as_str()) {
                    None
                } else {
                    Some(slug.clone())
                }
            });
        }
    };
    let cards = opts.layout == Layout::Cards;
    let label = article.thumb_label();
    let thumb = cards.then(|| view! { <Thumb image=article.thumbnail.clone() label=label seed=article.title.clone() /> });
    let date = time_view("bsw-date", article.date.clone());
    let category = article.categories.first().map(|c| c.join(" › "));
    let excerpt = cards.then(|| view! { <p class="bsw-excerpt">{article.excerpt.clone()}</p> });
    let title = article.title.clone();
    let body = {
        let opts = Arc::clone(&opts);
        let href = href.clone();
        move || {
            is_open.get().then(|| view! { <Expanded article=article.clone() site=Arc::clone(&site) opts=Arc::clone(&opts) href=href.clone() /> })
        }
    };
    view! {
        <li class="bsw-item">
            <article class="bsw-article" class:bsw-open=move || is_open.get()>
                {thumb}
                <div class="bsw-text">
                    <h3 class="bsw-title">
                        <a
                            href=href
                            target=opts.link_target.clone()
                            rel="noopener"
                            aria-expanded=move || inline.then(|| if is_open.get() { "true" } else { "false" })
                            on:click=on_title
                        >
                            {title}
                        </a>
                    </h3>
                    <p class="bsw-meta">
                        {date}
                        {category.map(|c| view! { <span class="bsw-cat">{c}</span> })}
                    </p>
                    {excerpt}
                </div>
            </article>
            {body}
        </li>
    }
}

/// An article expanded in place: its sanitized body, and a link to it on the site.
#[component]
fn Expanded(
    article: Article,
    site: Arc<Site>,
    opts: Arc<EmbedOptions>,
    href: String,
) -> impl IntoView {
    let base = Base::from_href(&opts.site);
    let body = LocalResource::new(move || {
        api::load_body(base.clone(), Arc::clone(&site), article.clone())
    });
    let target = opts.link_target.clone();
    view! {
        <div class="bsw-expanded" on:click=move |ev| on_link_click(&ev, &target)>
            {move || match body.get() {
                None => view! { <BodySkeleton /> }.into_any(),
                Some(Err(e)) => {
                    view! {
                        <div class="bsw-error" role="alert">
                            <p>{tr(|m| m.article_error)}{tr(|m| m.reason_sep)}{e}</p>
                            <button type="button" class="bsw-retry" on:click=move |_| body.refetch()>
                                {tr(|m| m.retry)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                // core::body's sanitized output, as on the article page.
                Some(Ok(r)) => {
                    let html = pictures::hold(&r.html, pictures::choice());
                    view! { <div class="bsw-body" inner_html=html></div> }.into_any()
                }
            }}
            <p class="bsw-open-line">
                <a class="bsw-site-link" href=href target=opts.link_target.clone() rel="noopener">
                    {tr(|m| m.embed_read_on_site)}
                </a>
            </p>
        </div>
    }
}

/// Links inside an article: `#anchors` scroll inside the widget (the host page's
/// address keeps its fragment); other links open in the widget's link target.
fn on_link_click(ev: &web_sys::MouseEvent, target: &str) {
    if event_origin(ev).is_some_and(|el| pictures::on_held_click(&el)) {
        return;
    }
    let Some(a) = event_origin(ev).and_then(|el| el.closest("a[href]").ok().flatten()) else {
        return;
    };
    let href = a.get_attribute("href").unwrap_or_default();
    if let Some(id) = href.strip_prefix('#') {
        ev.prevent_default();
        let id = js_sys::decode_uri_component(id)
            .ok()
            .and_then(|s| s.as_string())
            .unwrap_or_else(|| id.to_owned());
        // The widget's shadow root: its ids, not the host page's.
        let root = a
            .get_root_node()
            .dyn_into::<web_sys::DocumentFragment>()
            .ok();
        if let Some(el) = root.and_then(|r| r.get_element_by_id(&id)) {
            el.scroll_into_view();
        }
        return;
    }
    // Set before the browser follows the link (this runs first).
    let _ = a.set_attribute("target", target);
    let _ = a.set_attribute("rel", "noopener noreferrer");
}
