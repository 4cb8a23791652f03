//! One post file → `Article` (catalog metadata) + its raw body.
//!
//! Front matter is untrusted and loosely typed: every field is read defensively, wrong
//! types are coerced where the intent is clear and reported as warnings otherwise.
//! Nothing here panics on data.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use serde_yaml::Value as Yaml;

use crate::core::body::{self, BodyFormat};
use crate::core::dates;
use crate::core::front_matter::{self, MatterKind};
use crate::core::text::{collapse_whitespace, slugify, truncate_chars};
use crate::core::urls;

pub use crate::core::limits::{MAX_FRONT_MATTER_BYTES, MAX_NAME_CHARS, MAX_TITLE_CHARS};

/// The catalog entry for one article (catalog.json `articles[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable, unique, URL-safe id (assigned by the catalog).
    pub slug: String,
    /// The post file, relative to the catalog (`/`-separated).
    pub path: String,
    pub title: String,
    /// RFC 3339, or null when undated.
    pub date: Option<String>,
    /// The date as written, when it could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_text: Option<String>,
    pub updated: Option<String>,
    pub author: Option<String>,
    /// Category paths, each parent → child.
    pub categories: Vec<Vec<String>>,
    pub tags: Vec<String>,
    /// List image (http(s) URL or catalog-relative path).
    pub thumbnail: Option<String>,
    /// Hero image on the article page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<String>,
    pub excerpt: String,
    pub reading_minutes: u32,
    pub format: BodyFormat,
    /// Front-matter fields Broadsheet does not interpret, kept as written.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Json>,
}

impl Article {
    /// Holds the article to `limits` (a catalog written elsewhere is untrusted; the
    /// front matter reader applies the same bounds as it reads): cuts what is over a
    /// limit and says what was cut, for the catalog's warnings. Linear in the article.
    pub fn bound(&mut self) -> Option<String> {
        use crate::core::limits::*;
        let mut cut: Vec<String> = Vec::new();
        if ellipsize(&mut self.title, MAX_TITLE_CHARS) {
            cut.push(format!("title cut to {MAX_TITLE_CHARS} characters"));
        }
        if ellipsize(&mut self.excerpt, MAX_EXCERPT_CHARS) {
            cut.push(format!("excerpt cut to {MAX_EXCERPT_CHARS} characters"));
        }
        // Cut, not ellipsized: these are addresses (the catalog then makes slugs unique).
        if shorten_to(&mut self.slug, MAX_SLUG_CHARS) {
            cut.push(format!("slug cut to {MAX_SLUG_CHARS} characters"));
        }
        if shorten_to(&mut self.path, MAX_PATH_CHARS) {
            cut.push(format!("path cut to {MAX_PATH_CHARS} characters"));
        }
        if self
            .author
            .as_mut()
            .is_some_and(|a| ellipsize(a, MAX_NAME_CHARS))
        {
            cut.push(format!("author cut to {MAX_NAME_CHARS} characters"));
        }
        if self.categories.len() > MAX_CATEGORY_PATHS {
            self.categories.truncate(MAX_CATEGORY_PATHS);
            cut.push(format!(
                "only the first {MAX_CATEGORY_PATHS} category paths kept"
            ));
        }
        if self.categories.iter().any(|p| p.len() > MAX_CATEGORY_DEPTH) {
            self.categories
                .iter_mut()
                .for_each(|p| p.truncate(MAX_CATEGORY_DEPTH));
            cut.push(format!("categories cut to {MAX_CATEGORY_DEPTH} levels"));
        }
        if self.tags.len() > MAX_TAGS {
            self.tags.truncate(MAX_TAGS);
            cut.push(format!("only the first {MAX_TAGS} tags kept"));
        }
        let mut long_names = false;
        for name in self.categories.iter_mut().flatten().chain(&mut self.tags) {
            long_names |= ellipsize(name, MAX_NAME_CHARS);
        }
        if long_names {
            cut.push(format!(
                "tag or category names cut to {MAX_NAME_CHARS} characters"
            ));
        }
        (!cut.is_empty()).then(|| cut.join("; "))
    }

    /// What a thumbnail without an image shows: the deepest category of the first
    /// category path, else the title.
    pub fn thumb_label(&self) -> String {
        self.categories
            .first()
            .and_then(|c| c.last())
            .cloned()
            .unwrap_or_else(|| self.title.clone())
    }

    /// Seconds since the epoch, for sorting. `None` when undated.
    pub fn timestamp(&self) -> Option<i64> {
        self.date
            .as_deref()
            .and_then(dates::parse_catalog_date)
            .map(|d| d.timestamp())
    }

    /// The article's language as a BCP 47 tag: the front matter's `lang:` (Hexo) or
    /// `language:` when it is one, else guessed from the title and excerpt
    /// ([`crate::core::text::guess_lang`]); `None` when unknown.
    pub fn lang(&self) -> Option<String> {
        let stated = ["lang", "language"]
            .iter()
            .find_map(|k| self.extra.get(*k).and_then(Json::as_str))
            .map(str::trim);
        if let Some(tag) = stated.filter(|t| crate::core::text::is_language_tag(t)) {
            return Some(tag.to_owned());
        }
        crate::core::text::guess_lang(&format!("{} {}", self.title, self.excerpt))
            .map(str::to_owned)
    }

    /// The catalog path with each segment percent-encoded, ready to fetch.
    pub fn fetch_path(&self) -> String {
        urls::encode_path(&self.path)
    }
}

/// A post read from disk or network: metadata, raw body and what was odd about it.
/// (Serialized: the post reader's wasm hands it to the app as JSON, see `ReaderAnswer`.)
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Post {
    pub article: Article,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Post {
    /// Renders the body to sanitized HTML; relative URLs resolve against `base`
    /// (the article's absolute URL in the browser, or its catalog path).
    pub fn render(&self, base: &str) -> body::RenderedBody {
        body::render(&self.body, self.article.format, base)
    }
}

/// Why a file could not become an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReadError {
    Empty,
    Binary,
    NotUtf8 {
        offset: usize,
        looks_gbk: bool,
    },
    Unterminated,
    FrontMatter(String),
    Unsupported(String),
    /// Marked as draft / unpublished: skipped on purpose.
    Draft,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Empty => write!(f, "the file is empty"),
            ReadError::Binary => write!(f, "this is a binary file, not a text post"),
            ReadError::NotUtf8 { offset, looks_gbk: true } => write!(
                f,
                "not UTF-8 text (invalid byte at offset {offset}; it looks like GBK/GB18030-encoded Chinese): save the file as UTF-8"
            ),
            ReadError::NotUtf8 { offset, .. } => {
                write!(f, "not UTF-8 text (invalid byte at offset {offset}): save the file as UTF-8")
            }
            ReadError::Unterminated => {
                write!(f, "front matter opens with `---` but has no closing `---` line")
            }
            ReadError::FrontMatter(m) => write!(f, "invalid front matter: {m}"),
            ReadError::Unsupported(m) => write!(f, "{m}"),
            ReadError::Draft => write!(f, "draft (draft: true or published: false): not published"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Decodes file bytes to text: UTF-8 (with or without BOM) or UTF-16 with BOM.
pub fn decode(bytes: &[u8]) -> Result<String, ReadError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => {
            if s.contains('\0') {
                Err(ReadError::Binary)
            } else {
                Ok(s.to_owned())
            }
        }
        Err(e) => {
            let sample = &bytes[..bytes.len().min(4096)];
            if sample.contains(&0)
                || sample.iter().filter(|b| **b < 0x09).count() > sample.len() / 20
            {
                Err(ReadError::Binary)
            } else {
                Err(ReadError::NotUtf8 {
                    offset: e.valid_up_to(),
                    looks_gbk: looks_like_gbk(bytes),
                })
            }
        }
    }
}

fn decode_utf16(bytes: &[u8], f: fn([u8; 2]) -> u16) -> Result<String, ReadError> {
    let units: Vec<u16> = bytes.chunks_exact(2).map(|c| f([c[0], c[1]])).collect();
    String::from_utf16(&units).map_err(|_| ReadError::NotUtf8 {
        offset: 0,
        looks_gbk: false,
    })
}

/// GBK double-byte sequences: lead 0x81–0xFE, trail 0x40–0xFE (not 0x7F).
fn looks_like_gbk(bytes: &[u8]) -> bool {
    let (mut pairs, mut bad) = (0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(&t) if (0x81..=0xFE).contains(&b) && (0x40..=0xFE).contains(&t) && t != 0x7F => {
                pairs += 1
            }
            _ => bad += 1,
        }
        i += 2;
    }
    pairs > 0 && bad * 10 <= pairs
}

/// The body of a post file whose metadata is known already (from the catalog): the
/// file decoded and cut after its front matter, which is not parsed (no YAML: the app
/// shows HTML bodies of catalog articles without the post reader's wasm). The same
/// text `read_post` gives as `Post::body`.
pub fn read_body(bytes: &[u8]) -> Result<String, ReadError> {
    let text = decode(bytes)?;
    Ok(front_matter::split(&front_matter::normalise_text(&text)).body)
}

/// What the post reader's wasm (reader/) answers the app for one file, as JSON:
/// `read_post`'s outcome without the body (the app keeps the file's bytes), and, when
/// asked, the body's plain text for a full-text index.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReaderAnswer {
    pub read: Result<Post, ReadError>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl ReaderAnswer {
    /// Reads `bytes` as `read_post` does; with `text_base`, adds the plain text of
    /// the body rendered with relative URLs against it.
    pub fn read(path: &str, bytes: &[u8], text_base: Option<&str>) -> ReaderAnswer {
        let mut read = read_post(path, bytes);
        let text = match (&read, text_base) {
            (Ok(post), Some(base)) => Some(post.render(base).text),
            _ => None,
        };
        if let Ok(post) = &mut read {
            post.body = String::new();
        }
        ReaderAnswer { read, text }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| {
            // Only a non-string map key could fail, and there is none; say so anyway.
            format!(r#"{{"read":{{"Err":{{"Unsupported":"the reader could not encode this post: {e}"}}}}}}"#)
        })
    }

    pub fn from_json(json: &str) -> Result<ReaderAnswer, String> {
        serde_json::from_str(json).map_err(|e| format!("the post reader answered {e}"))
    }
}

/// Reads one post file. `path` is the file's path relative to the catalog.
pub fn read_post(path: &str, bytes: &[u8]) -> Result<Post, ReadError> {
    read_post_with_text(path, bytes).map(|(post, _)| post)
}

/// [`read_post`], also returning the body's plain text (`RenderedBody::text`, what the
/// search index is built from): reading a post renders its body once, for the excerpt
/// and reading time, and the indexer needs that same text (rendering it twice was
/// half of a big site's index time).
pub fn read_post_with_text(path: &str, bytes: &[u8]) -> Result<(Post, String), ReadError> {
    let text = decode(bytes)?;
    let text = front_matter::normalise_text(&text);
    let split = front_matter::split(&text);
    let mut warnings = Vec::new();
    let fields: Map<String, Json> = match &split.matter {
        None => {
            if front_matter::looks_unterminated(&text) {
                return Err(ReadError::Unterminated);
            }
            Map::new()
        }
        Some((_, m)) if m.len() > MAX_FRONT_MATTER_BYTES => {
            return Err(ReadError::FrontMatter(format!(
                "front matter is larger than {} kB",
                MAX_FRONT_MATTER_BYTES / 1024
            )))
        }
        Some((MatterKind::Yaml, m)) => yaml_fields(m)?,
        Some((MatterKind::Json, m)) => json_fields(m)?,
        Some((MatterKind::Toml, _)) => {
            return Err(ReadError::Unsupported(
                "TOML front matter (+++) is not supported: use YAML between --- lines".into(),
            ))
        }
    };
    let (article, plain) = article_from_fields(path, &split.body, fields, &mut warnings)?;
    Ok((
        Post {
            article,
            body: split.body,
            warnings,
        },
        plain,
    ))
}

fn yaml_fields(matter: &str) -> Result<Map<String, Json>, ReadError> {
    if matter.trim().is_empty() {
        return Ok(Map::new());
    }
    let value: Yaml =
        serde_yaml::from_str(matter).map_err(|e| ReadError::FrontMatter(yaml_error(&e)))?;
    match value {
        Yaml::Null => Ok(Map::new()),
        Yaml::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                if let Some(k) = scalar_text(&k) {
                    out.insert(k, yaml_to_json(v, 0));
                }
            }
            Ok(out)
        }
        _ => Err(ReadError::FrontMatter("expected `key: value` lines".into())),
    }
}

fn yaml_error(e: &serde_yaml::Error) -> String {
    let msg = e.to_string();
    // serde_yaml's messages are good; keep them short.
    truncate_chars(&collapse_whitespace(&msg), 200)
}

fn json_fields(matter: &str) -> Result<Map<String, Json>, ReadError> {
    let text = matter.trim();
    let text = if text.starts_with('{') {
        text.to_owned()
    } else {
        format!("{{{text}}}")
    };
    match serde_json::from_str::<Json>(&text) {
        Ok(Json::Object(m)) => Ok(m),
        Ok(_) => Err(ReadError::FrontMatter("expected a JSON object".into())),
        Err(e) => Err(ReadError::FrontMatter(format!("JSON: {e}"))),
    }
}

/// YAML → JSON, depth-limited (deep nesting carries no metadata we use).
fn yaml_to_json(v: Yaml, depth: usize) -> Json {
    if depth > 16 {
        return Json::Null;
    }
    match v {
        Yaml::Null => Json::Null,
        Yaml::Bool(b) => Json::Bool(b),
        Yaml::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map(Json::Number)
                    .unwrap_or(Json::Null)
            }
        }
        Yaml::String(s) => Json::String(s),
        Yaml::Sequence(seq) => Json::Array(
            seq.into_iter()
                .map(|x| yaml_to_json(x, depth + 1))
                .collect(),
        ),
        Yaml::Mapping(m) => Json::Object(
            m.into_iter()
                .filter_map(|(k, v)| Some((scalar_text(&k)?, yaml_to_json(v, depth + 1))))
                .collect(),
        ),
        Yaml::Tagged(t) => yaml_to_json(t.value, depth),
    }
}

fn scalar_text(v: &Yaml) -> Option<String> {
    match v {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        Yaml::Tagged(t) => scalar_text(&t.value),
        _ => None,
    }
}

/// A JSON scalar as text; `None` for null, arrays and objects.
fn text_of(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        Json::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Clean single-line text: whitespace collapsed, length bounded.
fn clean_name(s: &str, max: usize) -> Option<String> {
    let s = collapse_whitespace(s);
    (!s.is_empty()).then(|| {
        if s.chars().count() > max {
            truncate_chars(&s, max)
        } else {
            s
        }
    })
}

/// Fields Broadsheet reads; anything else goes to `extra`.
const KNOWN: [&str; 23] = [
    "title",
    "date",
    "updated",
    "lastmod",
    "modified",
    "author",
    "authors",
    "categories",
    "category",
    "tags",
    "tag",
    "excerpt",
    "description",
    "summary",
    "thumbnail",
    "cover",
    "image",
    "headimg",
    "banner",
    "featured_image",
    "slug",
    "draft",
    "published",
];

/// The front-matter fields Broadsheet reads (see [`KNOWN`]), keys lowercased.
struct KnownFields(Map<String, Json>);

impl KnownFields {
    /// Splits `fields` into the known ones and the rest (`extra`, kept as written).
    /// Keys are matched case-insensitively (`Title:` happens).
    fn split(fields: Map<String, Json>) -> (KnownFields, Map<String, Json>) {
        let mut known: Map<String, Json> = Map::new();
        let mut extra: Map<String, Json> = Map::new();
        for (k, v) in fields {
            let lower = k.to_ascii_lowercase();
            if KNOWN.contains(&lower.as_str()) {
                known.entry(lower).or_insert(v);
            } else {
                extra.insert(k, v);
            }
        }
        (KnownFields(known), extra)
    }

    /// The field `key`; a null value counts as absent.
    fn get(&self, key: &str) -> Option<&Json> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// The first of `keys` present: synonyms, the preferred spelling first.
    fn first(&self, keys: &[&str]) -> Option<&Json> {
        keys.iter().find_map(|k| self.get(k))
    }
}

/// Where the list image is looked for, in order.
const THUMBNAIL_KEYS: [&str; 6] = [
    "thumbnail",
    "cover",
    "image",
    "headimg",
    "banner",
    "featured_image",
];
/// Where the article page's hero image is looked for, in order.
const COVER_KEYS: [&str; 6] = [
    "headimg",
    "cover",
    "banner",
    "image",
    "featured_image",
    "thumbnail",
];

/// The article that a post's front matter (`fields`) and body describe, and the body's
/// plain text; what was odd about the front matter goes to `warnings`.
fn article_from_fields(
    path: &str,
    body_text: &str,
    fields: Map<String, Json>,
    warnings: &mut Vec<String>,
) -> Result<(Article, String), ReadError> {
    let (fields, extra) = KnownFields::split(fields);
    if is_draft(&fields) {
        return Err(ReadError::Draft);
    }
    // Warnings come out in this order: title, dates, categories, tags, images.
    let title = read_title(fields.get("title"), path, warnings);
    let (date, date_text) = read_date(fields.get("date"), "date", warnings);
    let (updated, _) = read_date(
        fields.first(&["updated", "lastmod", "modified"]),
        "updated",
        warnings,
    );
    let author = read_author(fields.first(&["author", "authors"]));
    let categories = read_categories(fields.first(&["categories", "category"]), warnings);
    let tags = read_tags(fields.first(&["tags", "tag"]), warnings);
    let thumbnail = read_image(&fields, &THUMBNAIL_KEYS, path, warnings);
    let cover = read_image(&fields, &COVER_KEYS, path, warnings);

    let format = body::detect_format(path, body_text);
    let rendered = body::render(body_text, format, path);
    let excerpt = read_excerpt(&fields, body_text, format, &rendered.text);
    let reading_minutes = crate::core::text::reading_minutes(&rendered.text);

    let mut article = Article {
        slug: read_slug(fields.get("slug"), path),
        path: path.to_owned(),
        title,
        date,
        date_text,
        updated,
        author,
        categories,
        tags,
        thumbnail,
        cover,
        excerpt,
        reading_minutes,
        format,
        extra,
    };
    if let Some(cut) = article.bound() {
        warnings.push(cut);
    }
    Ok((article, rendered.text))
}

/// `draft: true` or `published: false`: skipped on purpose.
fn is_draft(fields: &KnownFields) -> bool {
    fields
        .get("draft")
        .is_some_and(|v| matches!(v, Json::Bool(true)))
        || fields
            .get("published")
            .is_some_and(|v| matches!(v, Json::Bool(false)))
}

/// The title as one line of at most [`MAX_TITLE_CHARS`]; from the file name when the
/// front matter has none.
fn read_title(v: Option<&Json>, path: &str, warnings: &mut Vec<String>) -> String {
    let title = match v {
        Some(Json::Array(items)) => {
            warnings.push("title is a list; its items were joined".into());
            items
                .iter()
                .filter_map(text_of)
                .collect::<Vec<_>>()
                .join(", ")
        }
        Some(Json::Object(_)) => {
            warnings.push("title is a mapping, not text; using the file name".into());
            String::new()
        }
        Some(v) => text_of(v).unwrap_or_default(),
        None => String::new(),
    };
    let mut title = collapse_whitespace(&title);
    if title.chars().count() > MAX_TITLE_CHARS {
        warnings.push(format!(
            "title is {} characters long; cut to {MAX_TITLE_CHARS}",
            title.chars().count()
        ));
        title = truncate_chars(&title, MAX_TITLE_CHARS);
    }
    if title.is_empty() {
        title = title_from_path(path);
    }
    title
}

/// One name, or a list of them joined with `, ` (each a name or `{name: …}`).
fn read_author(v: Option<&Json>) -> Option<String> {
    match v {
        Some(Json::Array(items)) => {
            let names: Vec<String> = items
                .iter()
                .filter_map(author_name)
                .filter_map(|n| clean_name(&n, MAX_NAME_CHARS))
                .collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        Some(v) => author_name(v).and_then(|n| clean_name(&n, MAX_NAME_CHARS)),
        None => None,
    }
}

/// The first usable image URL among `keys` (resolved against the post file); every
/// unusable one met before it is reported.
fn read_image(
    fields: &KnownFields,
    keys: &[&str],
    path: &str,
    warnings: &mut Vec<String>,
) -> Option<String> {
    for k in keys {
        if let Some(v) = fields.get(k) {
            match text_of(v)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
            {
                Some(s) => match urls::resolve_image(&s, path) {
                    Some(u) => return Some(u),
                    None => warnings.push(format!("{k}: not an http(s) or relative URL; ignored")),
                },
                None => warnings.push(format!("{k}: expected a URL")),
            }
        }
    }
    None
}

/// The excerpt: the front matter's (`excerpt`, `description` or `summary`) as plain
/// text, else one taken from the body (see [`body::excerpt`]).
fn read_excerpt(
    fields: &KnownFields,
    body_text: &str,
    format: BodyFormat,
    body_plain_text: &str,
) -> String {
    let given = ["excerpt", "description", "summary"]
        .iter()
        .find_map(|k| fields.get(k).and_then(text_of))
        // Values are text, never HTML: tags in them are dropped, not rendered.
        .map(|s| collapse_whitespace(&body::fragment_text(&s)))
        .filter(|s| !s.is_empty());
    match given {
        Some(e) => truncate_chars(&e, body::EXCERPT_CHARS * 4),
        None => body::excerpt(body_text, format, body_plain_text),
    }
}

/// The front matter's `slug`, made URL-safe, else one from the file name (the
/// catalog makes it unique).
fn read_slug(v: Option<&Json>, path: &str) -> String {
    v.and_then(text_of)
        .map(|s| slugify(&s))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| slug_from_path(path))
}

fn author_name(v: &Json) -> Option<String> {
    match v {
        Json::Object(m) => m.get("name").or_else(|| m.get("nick")).and_then(text_of),
        other => text_of(other),
    }
}

fn read_date(
    v: Option<&Json>,
    field: &str,
    warnings: &mut Vec<String>,
) -> (Option<String>, Option<String>) {
    let Some(v) = v else { return (None, None) };
    let Some(raw) = text_of(v) else {
        warnings.push(format!(
            "{field}: expected a date, found a {}",
            kind_name(v)
        ));
        return (None, None);
    };
    match dates::parse_date(&raw) {
        Some(d) => (Some(dates::to_rfc3339(&d)), None),
        None => {
            warnings.push(format!(
                "{field}: could not read {:?} as a date",
                truncate_chars(&raw, 60)
            ));
            (None, Some(truncate_chars(&raw, 100)))
        }
    }
}

fn kind_name(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "list",
        Json::Object(_) => "mapping",
    }
}

/// Cuts `s` to `max` characters and an ellipsis (`truncate_chars`, as the front matter
/// reader cuts); whether it was longer than that. A text cut once is within the bound
/// (`max` + 1 characters), so a catalog read again is not cut again. Counts characters
/// only when the bytes say it may be over.
fn ellipsize(s: &mut String, max: usize) -> bool {
    let over = s.len() > max + 1 && s.chars().nth(max + 1).is_some();
    if over {
        *s = truncate_chars(s, max);
    }
    over
}

/// Cuts `s` to its first `max` characters, nothing added; whether it was longer.
fn shorten_to(s: &mut String, max: usize) -> bool {
    let over = s.len() > max && s.chars().nth(max).is_some();
    if over {
        *s = s.chars().take(max).collect();
    }
    over
}

/// Hexo semantics: a string is one category; a flat list is one path (parent → child);
/// list items that are lists are separate paths (`[[A, B], C]` = A›B and C).
fn read_categories(v: Option<&Json>, warnings: &mut Vec<String>) -> Vec<Vec<String>> {
    let mut paths: Vec<Vec<String>> = Vec::new();
    // A set, not `contains` on the list: a crafted list of 100,000 paths would make
    // that quadratic. (`Article::bound` then keeps the first `MAX_CATEGORY_PATHS`.)
    let mut seen: std::collections::HashSet<Vec<String>> = std::collections::HashSet::new();
    let mut push = |p: Vec<String>| {
        if !p.is_empty() && seen.insert(p.clone()) {
            paths.push(p);
        }
    };
    match v {
        None => {}
        Some(Json::Array(items)) => {
            let nested = items.iter().any(|i| i.is_array());
            if nested {
                for item in items {
                    match item {
                        Json::Array(inner) => push(
                            inner
                                .iter()
                                .filter_map(text_of)
                                .filter_map(|s| clean_name(&s, MAX_NAME_CHARS))
                                .collect(),
                        ),
                        other => push(
                            text_of(other)
                                .and_then(|s| clean_name(&s, MAX_NAME_CHARS))
                                .into_iter()
                                .collect(),
                        ),
                    }
                }
            } else {
                let path: Vec<String> = items
                    .iter()
                    .filter_map(text_of)
                    .filter_map(|s| clean_name(&s, MAX_NAME_CHARS))
                    .collect();
                if path.len() < items.iter().filter(|i| !i.is_null()).count() {
                    warnings.push("categories: some items are not text; ignored".into());
                }
                push(path);
            }
        }
        Some(Json::String(s)) => push(clean_name(s, MAX_NAME_CHARS).into_iter().collect()),
        Some(v @ (Json::Number(_) | Json::Bool(_))) => {
            warnings.push(format!(
                "categories: expected text or a list, found a {}; used as text",
                kind_name(v)
            ));
            push(text_of(v).into_iter().collect());
        }
        Some(v) => warnings.push(format!(
            "categories: expected text or a list, found a {}; ignored",
            kind_name(v)
        )),
    }
    paths
}

fn read_tags(v: Option<&Json>, warnings: &mut Vec<String>) -> Vec<String> {
    let raw: Vec<String> = match v {
        None => Vec::new(),
        // `tags: a, b` is almost always meant as two tags.
        Some(Json::String(s)) => s.split([',', '，']).map(str::to_owned).collect(),
        Some(Json::Array(items)) => {
            let texts: Vec<String> = items.iter().filter_map(text_of).collect();
            if texts.len() < items.iter().filter(|i| !i.is_null()).count() {
                warnings.push("tags: some items are not text; ignored".into());
            }
            texts
        }
        Some(v @ (Json::Number(_) | Json::Bool(_))) => text_of(v).into_iter().collect(),
        Some(v) => {
            warnings.push(format!(
                "tags: expected text or a list, found a {}; ignored",
                kind_name(v)
            ));
            Vec::new()
        }
    };
    let mut tags: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for t in raw.iter().filter_map(|t| clean_name(t, MAX_NAME_CHARS)) {
        if seen.insert(t.clone()) {
            tags.push(t);
        }
    }
    tags
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

/// Jekyll-style names carry the date: `2015-09-24-getting-started.md`.
fn strip_date_prefix(stem: &str) -> &str {
    let b = stem.as_bytes();
    let is_date = b.len() > 11
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && b[10] == b'-';
    if is_date {
        &stem[11..]
    } else {
        stem
    }
}

/// `2015-09-24-getting-started-with-git.md` → `getting started with git`.
pub fn title_from_path(path: &str) -> String {
    let stem = strip_date_prefix(file_stem(path));
    let t = collapse_whitespace(&stem.replace(['-', '_'], " "));
    if t.is_empty() {
        "Untitled".to_owned()
    } else {
        truncate_chars(&t, MAX_TITLE_CHARS)
    }
}

/// Slug from the file name (without the date prefix and extension).
pub fn slug_from_path(path: &str) -> String {
    let s = slugify(strip_date_prefix(file_stem(path)));
    let s: String = s.chars().take(80).collect();
    let s = s.trim_end_matches('-').to_owned();
    if s.is_empty() {
        "article".to_owned()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &str, text: &str) -> Post {
        read_post(path, text.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn categories_forms() {
        let p = read("a.md", "---\ncategories: Tech\n---\nx");
        assert_eq!(p.article.categories, vec![vec!["Tech".to_string()]]);
        let p = read(
            "a.md",
            "---\ncategories:\n - 金融\n - 中证网\n - 资讯\n---\nx",
        );
        assert_eq!(
            p.article.categories,
            vec![vec!["金融".to_string(), "中证网".into(), "资讯".into()]]
        );
        let p = read("a.md", "---\ncategories: [[A, B], C]\n---\nx");
        assert_eq!(
            p.article.categories,
            vec![vec!["A".to_string(), "B".into()], vec!["C".into()]]
        );
        let p = read("a.md", "---\ncategory: Jekyll\n---\nx");
        assert_eq!(p.article.categories, vec![vec!["Jekyll".to_string()]]);
        let p = read("a.md", "---\ncategories: 42\n---\nx");
        assert_eq!(p.article.categories, vec![vec!["42".to_string()]]);
        assert!(!p.warnings.is_empty());
        let p = read("a.md", "---\ncategories: {a: b}\n---\nx");
        assert!(p.article.categories.is_empty());
        assert!(p.warnings.iter().any(|w| w.contains("categories")));
    }

    #[test]
    fn tags_forms() {
        assert_eq!(
            read("a.md", "---\ntags: solo\n---\n").article.tags,
            ["solo"]
        );
        assert_eq!(
            read("a.md", "---\ntags: a, b，c\n---\n").article.tags,
            ["a", "b", "c"]
        );
        assert_eq!(
            read("a.md", "---\ntags: [x, y, x, 3]\n---\n").article.tags,
            ["x", "y", "3"]
        );
        assert!(read("a.md", "---\ntags:\n---\n").article.tags.is_empty());
        assert!(read("a.md", "---\ntags: []\n---\n").article.tags.is_empty());
        let p = read("a.md", "---\ntags: {a: b}\n---\n");
        assert!(p.article.tags.is_empty() && !p.warnings.is_empty());
    }

    #[test]
    fn wrong_types_never_panic() {
        let p = read(
            "dir/my-post.md",
            "---\ntitle: [1, 2]\nauthor: {name: Ann}\ndate: [x]\n---\nbody",
        );
        assert_eq!(p.article.title, "1, 2");
        assert_eq!(p.article.author.as_deref(), Some("Ann"));
        assert_eq!(p.article.date, None);
        let p = read("dir/my-post.md", "---\ntitle: {a: 1}\n---\nbody");
        assert_eq!(p.article.title, "my post");
    }

    #[test]
    fn missing_title_from_file_name() {
        let p = read(
            "blog/2015-09-24-getting-started-with-git.md",
            "---\ndate: 2015-09-24\n---\nx",
        );
        assert_eq!(p.article.title, "getting started with git");
        assert_eq!(p.article.slug, "getting-started-with-git");
    }

    #[test]
    fn dates_missing_and_unparseable() {
        let p = read("a.md", "---\ntitle: t\n---\nx");
        assert_eq!(p.article.date, None);
        assert!(p.warnings.is_empty());
        let p = read("a.md", "---\ntitle: t\ndate: next tuesday\n---\nx");
        assert_eq!(p.article.date, None);
        assert_eq!(p.article.date_text.as_deref(), Some("next tuesday"));
        assert!(p.warnings.iter().any(|w| w.contains("next tuesday")));
        let p = read(
            "a.md",
            "---\ndate: 2013-05-06 20:00:00 +0200\nupdated: 2014-1-2\n---\nx",
        );
        assert_eq!(p.article.date.as_deref(), Some("2013-05-06T20:00:00+02:00"));
        assert_eq!(p.article.updated.as_deref(), Some("2014-01-02T00:00:00Z"));
    }

    #[test]
    fn images_and_excerpt_fields() {
        let p = read(
            "blog-en/post.md",
            "---\nthumbnail: '../thumbnails/git.png'\ncover: javascript:alert(1)\ndescription: '<b>Bold</b> claim'\n---\nBody",
        );
        assert_eq!(p.article.thumbnail.as_deref(), Some("thumbnails/git.png"));
        assert_eq!(p.article.cover.as_deref(), Some("thumbnails/git.png"));
        assert!(p.warnings.iter().any(|w| w.starts_with("cover")));
        assert_eq!(p.article.excerpt, "Bold claim");
        let p = read(
            "a.md",
            "---\nimage: https://x.example/a.jpg\nexcerpt: Short one\n---\nBody",
        );
        assert_eq!(
            p.article.thumbnail.as_deref(),
            Some("https://x.example/a.jpg")
        );
        assert_eq!(p.article.excerpt, "Short one");
    }

    #[test]
    fn unknown_fields_are_kept() {
        let p = read(
            "a.md",
            "---\ntitle: t\ncomments: false\ntemplate: post\nweird: {deep: [1, 2]}\n---\n",
        );
        assert_eq!(p.article.extra.get("comments"), Some(&Json::Bool(false)));
        assert_eq!(
            p.article.extra.get("template"),
            Some(&Json::String("post".into()))
        );
        assert!(p.article.extra.contains_key("weird"));
    }

    #[test]
    fn language_stated_or_guessed() {
        let lang = |text: &str| read("a.md", text).article.lang();
        assert_eq!(
            lang("---\ntitle: Hello\nlang: zh-TW\n---\nx").as_deref(),
            Some("zh-TW")
        );
        assert_eq!(
            lang("---\ntitle: 你好\nlanguage: en\n---\nx").as_deref(),
            Some("en")
        );
        // Not a language tag: guessed from the title and excerpt instead.
        assert_eq!(
            lang("---\ntitle: 安全大会明确工作重点\nlang: \"x\\\"><b>\"\n---\n中证网讯").as_deref(),
            Some("zh")
        );
        assert_eq!(lang("---\ntitle: Understanding the scope of variables in JavaScript\n---\nA look at how it works.").as_deref(), Some("en"));
        assert_eq!(lang("---\ntitle: 42\n---\n2021").as_deref(), None);
    }

    #[test]
    fn errors_are_human() {
        assert_eq!(read_post("a.md", b"").unwrap_err(), ReadError::Empty);
        assert_eq!(
            read_post("a.md", b"\x00\x01\x02binary\x00").unwrap_err(),
            ReadError::Binary
        );
        assert!(matches!(
            read_post("a.md", b"---\ntitle: [unclosed\n---\nx"),
            Err(ReadError::FrontMatter(_))
        ));
        assert_eq!(
            read_post("a.md", b"---\ntitle: A\ndate: 2020-01-01\nno end").unwrap_err(),
            ReadError::Unterminated
        );
        // "中文标题" in GBK.
        let gbk = b"---\ntitle: \xd6\xd0\xce\xc4\xb1\xea\xcc\xe2\n---\n\xd6\xd0\xce\xc4";
        let e = read_post("a.md", gbk).unwrap_err();
        assert!(
            matches!(
                e,
                ReadError::NotUtf8 {
                    looks_gbk: true,
                    ..
                }
            ),
            "{e:?}"
        );
        assert!(e.to_string().contains("GBK"));
        assert!(matches!(
            read_post("a.md", b"+++\ntitle = 'x'\n+++\n"),
            Err(ReadError::Unsupported(_))
        ));
        assert_eq!(
            read_post("a.md", b"---\ndraft: true\n---\nx").unwrap_err(),
            ReadError::Draft
        );
    }

    #[test]
    fn utf16_and_json_front_matter() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "---\ntitle: 宽字符\n---\nbody".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        assert_eq!(read_post("a.md", &bytes).unwrap().article.title, "宽字符");
        let p = read(
            "a.md",
            ";;;\n\"title\": \"From JSON\", \"tags\": [\"j\"]\n;;;\nbody",
        );
        assert_eq!(p.article.title, "From JSON");
        assert_eq!(p.article.tags, ["j"]);
    }

    #[test]
    fn long_title_is_cut() {
        let p = read(
            "a.md",
            &format!("---\ntitle: {}\n---\n", "x".repeat(50_000)),
        );
        assert_eq!(p.article.title.chars().count(), MAX_TITLE_CHARS + 1);
        assert!(!p.warnings.is_empty());
    }
}
