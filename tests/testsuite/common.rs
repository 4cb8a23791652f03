//! Shared helpers for the native integration tests.

use std::path::{Path, PathBuf};

/// `../shared` next to the project root: read-only real-world test data.
pub fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// Every file under `dir` (recursively) as (path relative to `dir`, bytes), sorted.
pub fn read_tree(dir: &Path, exts: &[&str]) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, exts: &[&str], out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("readable dir")
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(root, &p, exts, out);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
            {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, exts, &mut out);
    out
}

/// One start tag of serialized HTML: name and (attribute, value) pairs.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

/// Start tags of HTML as ammonia serializes it (quoted attributes, `<` in text escaped).
/// Deliberately strict: anything that does not look like that shape fails the test.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let b = html.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        i += 1;
        if i < b.len() && b[i] == b'/' {
            while i < b.len() && b[i] != b'>' {
                i += 1;
            }
            continue;
        }
        if html[i..].starts_with("!--") {
            panic!("comment survived sanitizing: {html}");
        }
        let start = i;
        while i < b.len() && !matches!(b[i], b' ' | b'>' | b'/') {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        assert!(!name.is_empty(), "bare '<' in output: {html}");
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && matches!(b[i], b' ' | b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let an = i;
            while i < b.len() && !matches!(b[i], b'=' | b' ' | b'>') {
                i += 1;
            }
            let aname = html[an..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                assert_eq!(
                    b.get(i),
                    Some(&b'"'),
                    "unquoted attribute in output: {html}"
                );
                i += 1;
                let vs = i;
                while i < b.len() && b[i] != b'"' {
                    i += 1;
                }
                value = html[vs..i]
                    .replace("&amp;", "&")
                    .replace("&quot;", "\"")
                    .replace("&nbsp;", "\u{a0}");
                i += 1;
            }
            attrs.push((aname, value));
        }
        tags.push(Tag { name, attrs });
    }
    tags
}

/// Elements that can run script, load active content, or change how the page parses.
pub const FORBIDDEN_TAGS: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "base",
    "meta",
    "link",
    "svg",
    "math",
    "template",
    "noscript",
    "textarea",
    "button",
    "select",
    "option",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "title",
    "video",
    "audio",
    "source",
    "param",
    "isindex",
    "portal",
    "dialog",
    "marquee",
    "image",
];

/// Asserts that sanitized HTML carries nothing script-capable.
pub fn assert_inert(html: &str, context: &str) {
    for tag in start_tags(html) {
        assert!(
            !FORBIDDEN_TAGS.contains(&tag.name.as_str()),
            "{context}: <{}> survived in {html}",
            tag.name
        );
        if tag.name == "input" {
            let ty = tag
                .attrs
                .iter()
                .find(|(n, _)| n == "type")
                .map(|(_, v)| v.as_str());
            assert_eq!(
                ty,
                Some("checkbox"),
                "{context}: non-checkbox input in {html}"
            );
        }
        for (name, value) in &tag.attrs {
            assert!(
                !name.starts_with("on"),
                "{context}: event handler {name} in {html}"
            );
            assert!(
                !matches!(
                    name.as_str(),
                    "style"
                        | "srcdoc"
                        | "formaction"
                        | "action"
                        | "xlink:href"
                        | "srcset"
                        | "background"
                        | "dynsrc"
                        | "lowsrc"
                        | "data"
                        | "codebase"
                        | "http-equiv"
                        | "is"
                ),
                "{context}: attribute {name} in {html}"
            );
            if matches!(name.as_str(), "href" | "src" | "cite" | "poster") {
                let v: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                for bad in [
                    "javascript:",
                    "vbscript:",
                    "data:",
                    "livescript:",
                    "mocha:",
                    "file:",
                ] {
                    assert!(!v.starts_with(bad), "{context}: {name}={value:?} in {html}");
                }
            }
        }
    }
}
