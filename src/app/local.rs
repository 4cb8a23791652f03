//! Local files: "Open files" / "Open folder" and drag-and-drop of files or whole
//! folders (directory entries walked recursively). Everything is read in the browser
//! by the same core as the CLI (`read_post` → `Catalog`); nothing is uploaded. Bodies
//! come from the file bytes kept in memory; images of the opened folder are shown
//! through object URLs (revoked when the files are replaced or closed). The search
//! index (full text: the bodies are at hand) is built here too and handed to search as
//! an object URL.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::i18n::{tr, Locale};
use super::links::Base;
use super::reader;
use super::sources::{now, Sources};
use super::Site;
use crate::core::article::Article;
use crate::core::catalog::{CatalogBuilder, FileIssue};
use crate::core::order;
use crate::core::search::SearchIndexBuilder;
use crate::core::sources as core_sources;

/// Above this many bytes of posts the search covers metadata only (building a
/// full-text index in the page would take too long).
const FULL_TEXT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Opened files, read.
pub struct LocalSet {
    pub id: u64,
    /// Where the posts came from, for the opened files bar.
    pub label: LocalLabel,
    /// The opened posts' catalog, with the search index built over them.
    pub site: Arc<Site>,
    /// Post path → file bytes (bodies are read from here).
    pub posts: HashMap<String, Vec<u8>>,
    /// Image path → object URL.
    pub images: HashMap<String, String>,
    /// Post path → its article's slug (links between opened posts).
    pub slugs: HashMap<String, String>,
    /// Files that could not be read (drafts are not errors).
    pub errors: Vec<FileIssue>,
}

impl LocalSet {
    /// Releases the object URLs (the set is being replaced or closed).
    pub fn revoke(&self) {
        for url in self.images.values().chain(self.site.index_url.iter()) {
            let _ = web_sys::Url::revoke_object_url(url);
        }
    }
}

/// What was opened: a folder (its name) or loose files (how many).
pub enum LocalLabel {
    Folder(String),
    Files(usize),
}

impl LocalLabel {
    /// `hexo-news-zh` / `3 files` / `3 个文件`.
    pub fn text(&self, l: Locale) -> String {
        match self {
            LocalLabel::Folder(name) => name.clone(),
            LocalLabel::Files(n) => l.files(*n),
        }
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<LocalSet>>> = const { RefCell::new(None) };
}

/// The opened files being shown, if any (the loader reads bodies from them).
pub fn current() -> Option<Arc<LocalSet>> {
    CURRENT.with(|c| c.borrow().clone())
}

pub fn set_current(set: Option<Arc<LocalSet>>) {
    CURRENT.with(|c| *c.borrow_mut() = set);
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Reads `files` (path within what was opened, file) and shows them.
pub fn open(sources: Sources, files: Vec<(String, web_sys::File)>, go_home: impl Fn() + 'static) {
    if files.is_empty() {
        return;
    }
    sources.notice.set(None);
    sources.reading.set(Some(files.len()));
    leptos::task::spawn_local(async move {
        let set = read_set(files).await;
        sources.reading.set(None);
        match set {
            Ok(set) => {
                sources.set_local(Some(Arc::new(set)));
                go_home();
            }
            Err(notice) => sources.notice.set(Some(notice)),
        }
    });
}

/// Where opening files ends: the home page, which then lists them. Made in a
/// component (it needs the router).
fn to_home(base: &Base) -> impl Fn() + Clone + 'static {
    let navigate = use_navigate();
    let home = base.home();
    move || {
        navigate(
            &home,
            NavigateOptions {
                resolve: false,
                ..Default::default()
            },
        )
    }
}

/// The opened files read, or (when none of them is a post) how many were opened.
async fn read_set(files: Vec<(String, web_sys::File)>) -> Result<LocalSet, usize> {
    let total = files.len();
    let files: Vec<(String, web_sys::File)> = files
        .into_iter()
        .map(|(p, f)| (p.trim_start_matches('/').to_owned(), f))
        .filter(|(p, _)| !core_sources::is_skipped_path(p))
        .filter(|(p, _)| core_sources::is_post_path(p) || core_sources::is_image_path(p))
        .collect();
    if !files.iter().any(|(p, _)| core_sources::is_post_path(p)) {
        return Err(total);
    }
    let folder = core_sources::common_folder(files.iter().map(|(p, _)| p.as_str()));
    let label = match &folder {
        Some(f) => LocalLabel::Folder(f.trim_end_matches('/').to_owned()),
        None => LocalLabel::Files(total),
    };
    let strip = |p: &str| {
        folder
            .as_deref()
            .and_then(|f| p.strip_prefix(f))
            .unwrap_or(p)
            .to_owned()
    };

    let mut posts: HashMap<String, Vec<u8>> = HashMap::new();
    let mut images: HashMap<String, String> = HashMap::new();
    let mut read_errors: Vec<FileIssue> = Vec::new();
    for (path, file) in files {
        let path = strip(&path);
        if core_sources::is_post_path(&path) {
            match file_bytes(&file).await {
                Ok(b) => {
                    posts.insert(path, b);
                }
                Err(e) => read_errors.push(FileIssue { path, message: e }),
            }
        } else if let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) {
            images.insert(path, url);
        }
    }

    // Read every post once: the catalog, and the body text for the search index.
    let full_text = posts.values().map(Vec::len).sum::<usize>() <= FULL_TEXT_MAX_BYTES;
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut builder = CatalogBuilder::default();
    let mut paths: Vec<&String> = posts.keys().collect();
    order::sort_by(&mut paths, |a, b| a.cmp(b));
    for path in paths {
        let text_base = full_text.then(|| core_sources::local_base(path));
        match reader::read(path, &posts[path], text_base).await {
            Ok((read, text)) => {
                if let Some(text) = text {
                    texts.insert(path.clone(), text);
                }
                builder.add_read(path, read);
            }
            // The reader did not load (offline?): every file says why.
            Err(e) => builder.add_error(path, e),
        }
    }
    for e in read_errors {
        builder.add_error(&e.path, e.message);
    }
    let mut catalog = builder.finish(now());
    for a in &mut catalog.articles {
        a.thumbnail = a.thumbnail.take().and_then(|i| local_image(&i, &images));
        a.cover = a.cover.take().and_then(|i| local_image(&i, &images));
    }
    let slugs = catalog
        .articles
        .iter()
        .map(|a| (a.path.clone(), a.slug.clone()))
        .collect();
    let index_url = full_text
        .then(|| index_url(&catalog.articles, &texts))
        .flatten();
    let errors = catalog.errors.clone();
    let site = Arc::new(Site::new(catalog).with_index(index_url));
    Ok(LocalSet {
        id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        label,
        site,
        posts,
        images,
        slugs,
        errors,
    })
}

/// A local post's thumbnail/cover: an http(s) URL as is, a path of an opened image as
/// its object URL, anything else dropped.
fn local_image(image: &str, images: &HashMap<String, String>) -> Option<String> {
    if image.starts_with("http://") || image.starts_with("https://") {
        return Some(image.to_owned());
    }
    images.get(&core_sources::local_image_path(image)?).cloned()
}

/// The full-text index over the opened posts, as an object URL search can fetch.
fn index_url(articles: &[Article], texts: &HashMap<String, String>) -> Option<String> {
    let mut b = SearchIndexBuilder::default();
    for a in articles {
        b.add(a, texts.get(&a.path).map(String::as_str));
    }
    let bytes = b.finish().to_bytes();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buf = JsFuture::from(file.array_buffer())
        .await
        .map_err(|e| format!("could not read the file ({})", js_text(&e)))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

fn js_text(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| {
            Reflect::get(v, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "unknown error".into())
}

/// `(path, file)` of a file list: the path inside the chosen folder
/// (`webkitRelativePath`) or the file name.
fn list_files(list: Option<web_sys::FileList>) -> Vec<(String, web_sys::File)> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .map(|f| {
            let rel = Reflect::get(&f, &"webkitRelativePath".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            (if rel.is_empty() { f.name() } else { rel }, f)
        })
        .collect()
}

/// Calls `target.method(resolve, reject)` (the callback APIs of directory entries).
fn callback_promise(target: &JsValue, method: &str) -> Promise {
    let target = target.clone();
    let method = method.to_owned();
    Promise::new(&mut move |resolve, reject| {
        let f = Reflect::get(&target, &JsValue::from_str(&method))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok());
        let outcome = match f {
            Some(f) => f.call2(&target, &resolve, &reject).map(|_| ()),
            None => Err(JsValue::from_str("not supported by this browser")),
        };
        if let Err(e) = outcome {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    })
}

/// Every file under the dropped entries, with its path (directories walked; each
/// directory's `readEntries` called until it returns nothing, as it answers in batches).
async fn walk(entries: Vec<web_sys::FileSystemEntry>) -> Vec<(String, web_sys::File)> {
    let mut out = Vec::new();
    let mut stack = entries;
    while let Some(entry) = stack.pop() {
        let name = entry.name();
        if name.starts_with('.') || name == "node_modules" {
            continue;
        }
        let path = entry.full_path().trim_start_matches('/').to_owned();
        if entry.is_directory() {
            let Ok(reader) = Reflect::get(&entry, &"createReader".into())
                .and_then(|f| f.dyn_into::<Function>())
                .and_then(|f| f.call0(&entry))
            else {
                continue;
            };
            loop {
                let Ok(batch) = JsFuture::from(callback_promise(&reader, "readEntries")).await
                else {
                    break;
                };
                let batch = js_sys::Array::from(&batch);
                if batch.length() == 0 {
                    break;
                }
                // Unchecked: entries are whatever the browser's reader hands out.
                stack.extend(
                    batch
                        .iter()
                        .filter(|e| e.is_object())
                        .map(|e| e.unchecked_into::<web_sys::FileSystemEntry>()),
                );
            }
        } else if entry.is_file() {
            if let Ok(file) = JsFuture::from(callback_promise(&entry, "file")).await {
                if let Ok(file) = file.dyn_into::<web_sys::File>() {
                    out.push((if path.is_empty() { file.name() } else { path }, file));
                }
            }
        }
    }
    out
}

/// The "Open files" / "Open folder" buttons (in the sidebar).
#[component]
pub fn OpenFiles() -> impl IntoView {
    let sources = expect_context::<Sources>();
    let go_home = to_home(&expect_context::<Base>());
    let files_input = NodeRef::<leptos::html::Input>::new();
    let folder_input = NodeRef::<leptos::html::Input>::new();
    let on_change = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files = list_files(input.files());
        input.set_value("");
        open(sources, files, go_home.clone());
    };
    let click = |r: NodeRef<leptos::html::Input>| {
        move |_| {
            if let Some(i) = r.get() {
                i.click();
            }
        }
    };
    view! {
        <section class="bs-open" aria-label=tr(|m| m.your_posts)>
            <p class="bs-open-title">{tr(|m| m.read_your_posts)}</p>
            <div class="bs-open-buttons">
                <button type="button" class="bs-button bs-open-files" on:click=click(files_input)>
                    {tr(|m| m.open_files)}
                </button>
                <button type="button" class="bs-button bs-open-folder" on:click=click(folder_input)>
                    {tr(|m| m.open_folder)}
                </button>
            </div>
            <p class="bs-open-hint">{tr(|m| m.open_hint)}</p>
            <input
                type="file"
                class="bs-open-files-input"
                multiple=true
                hidden=true
                tabindex="-1"
                node_ref=files_input
                on:change=on_change.clone()
            />
            <input
                type="file"
                class="bs-open-folder-input"
                prop:webkitdirectory=true
                multiple=true
                hidden=true
                tabindex="-1"
                node_ref=folder_input
                on:change=on_change
            />
        </section>
    }
}

fn has_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer().is_some_and(|dt| {
        dt.types()
            .iter()
            .any(|t| t.as_string().as_deref() == Some("Files"))
    })
}

/// Drag-and-drop of files or folders anywhere on the page, with an overlay while
/// dragging. Must be inside the `Router`.
#[component]
pub fn DropZone() -> impl IntoView {
    let sources = expect_context::<Sources>();
    let go_home = to_home(&expect_context::<Base>());
    let dragging = RwSignal::new(false);
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if has_files(&ev) {
            ev.prevent_default();
            if let Some(dt) = ev.data_transfer() {
                dt.set_drop_effect("copy");
            }
            dragging.set(true);
        }
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        // Leaving the window (not moving between elements).
        if ev.related_target().is_none() {
            dragging.set(false);
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        dragging.set(false);
        let Some(dt) = ev.data_transfer() else { return };
        ev.prevent_default();
        // Entries must be taken while the event is dispatched; reading comes after.
        let items = dt.items();
        let mut entries = Vec::new();
        let mut loose = Vec::new();
        for i in 0..items.length() {
            let Some(item) = items.get(i) else { continue };
            if item.kind() != "file" {
                continue;
            }
            match item.webkit_get_as_entry() {
                Ok(Some(entry)) => entries.push(entry),
                _ => {
                    if let Ok(Some(f)) = item.get_as_file() {
                        loose.push((f.name(), f));
                    }
                }
            }
        }
        if entries.is_empty() && loose.is_empty() {
            loose = list_files(dt.files());
        }
        let go_home = go_home.clone();
        leptos::task::spawn_local(async move {
            let mut files = walk(entries).await;
            files.extend(loose);
            open(sources, files, go_home);
        });
    });
    on_cleanup(move || {
        over.remove();
        leave.remove();
        drop.remove();
    });
    move || {
        dragging.get().then(|| {
            view! {
                <div class="bs-drop-overlay" aria-hidden="true">
                    <p class="bs-drop-message">{tr(|m| m.drop_here)}</p>
                </div>
            }
        })
    }
}
