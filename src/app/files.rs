//! Opened files: what "Open files" / "Open folder" and drag-and-drop hand over
//! (`components::open_files`), read in the browser by the same core as the CLI
//! (`read_post` → `Catalog`); nothing is uploaded. The result is a `Site` whose bodies
//! are the file bytes kept in memory (`site::Bodies::Opened`); images of the opened
//! folder are shown through object URLs (revoked when the files are replaced or
//! closed). The search index (full text: the bodies are at hand) is built here too and
//! handed to search as an object URL.

use std::collections::HashMap;
use std::sync::Arc;

use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::api::now;
use super::i18n::Locale;
use super::reader;
use super::site::{Bodies, OpenedFiles, Site};
use crate::core::article::Article;
use crate::core::catalog::{Catalog, CatalogBuilder, FileIssue};
use crate::core::order;
use crate::core::search::SearchIndexBuilder;
use crate::core::sources as core_sources;

/// Above this many bytes of posts the search covers metadata only (building a
/// full-text index in the page would take too long).
const FULL_TEXT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Opened files, read.
pub struct OpenedSet {
    /// Where the posts came from, for the opened files bar.
    pub label: LocalLabel,
    /// The opened posts' catalog, with the search index built over them; its bodies
    /// are the opened files.
    pub site: Arc<Site>,
    /// Files that could not be read (drafts are not errors).
    pub errors: Vec<FileIssue>,
}

impl OpenedSet {
    /// Releases the object URLs (the set is being replaced or closed).
    pub fn revoke(&self) {
        let images = match &self.site.bodies {
            Bodies::Opened(files) => Some(files.images.values()),
            Bodies::Fetched => None,
        };
        for url in images
            .into_iter()
            .flatten()
            .chain(self.site.index_url.iter())
        {
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

/// The opened files read, or (when none of them is a post) how many were opened.
pub async fn read_set(files: Vec<(String, web_sys::File)>) -> Result<OpenedSet, usize> {
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
    let (posts, images, read_errors) = load_files(files, folder.as_deref()).await;
    let (mut catalog, texts) = read_posts(&posts, read_errors).await;
    for a in &mut catalog.articles {
        a.thumbnail = a.thumbnail.take().and_then(|i| local_image(&i, &images));
        a.cover = a.cover.take().and_then(|i| local_image(&i, &images));
    }
    let slugs = catalog
        .articles
        .iter()
        .map(|a| (a.path.clone(), a.slug.clone()))
        .collect();
    let index_url = texts.and_then(|texts| index_url(&catalog.articles, &texts));
    let errors = catalog.errors.clone();
    let files = OpenedFiles {
        posts,
        images,
        slugs,
    };
    let site = Site::new(catalog)
        .with_index(index_url)
        .with_bodies(Bodies::Opened(Arc::new(files)));
    Ok(OpenedSet {
        label,
        site: Arc::new(site),
        errors,
    })
}

/// Post path → bytes, image path → object URL (paths below the common `folder`), and
/// the posts that could not be read.
async fn load_files(
    files: Vec<(String, web_sys::File)>,
    folder: Option<&str>,
) -> (
    HashMap<String, Vec<u8>>,
    HashMap<String, String>,
    Vec<FileIssue>,
) {
    let mut posts = HashMap::new();
    let mut images = HashMap::new();
    let mut errors = Vec::new();
    for (path, file) in files {
        let path = folder
            .and_then(|f| path.strip_prefix(f))
            .unwrap_or(&path)
            .to_owned();
        if core_sources::is_post_path(&path) {
            match file_bytes(&file).await {
                Ok(b) => {
                    posts.insert(path, b);
                }
                Err(e) => errors.push(FileIssue { path, message: e }),
            }
        } else if let Ok(url) = web_sys::Url::create_object_url_with_blob(&file) {
            images.insert(path, url);
        }
    }
    (posts, images, errors)
}

/// Reads every post once, in path order: the catalog, and (unless the posts are too
/// big for an index built in the page) each body's text for the search index.
async fn read_posts(
    posts: &HashMap<String, Vec<u8>>,
    read_errors: Vec<FileIssue>,
) -> (Catalog, Option<HashMap<String, String>>) {
    let full_text = posts.values().map(Vec::len).sum::<usize>() <= FULL_TEXT_MAX_BYTES;
    let mut texts = HashMap::new();
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
    (builder.finish(now()), full_text.then_some(texts))
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
pub fn list_files(list: Option<web_sys::FileList>) -> Vec<(String, web_sys::File)> {
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
pub async fn walk(entries: Vec<web_sys::FileSystemEntry>) -> Vec<(String, web_sys::File)> {
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
