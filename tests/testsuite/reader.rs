//! The app reads posts without linking the YAML and Markdown parsers: those live in the
//! post reader's wasm (reader/), which answers `ReaderAnswer` JSON, and the app shows
//! catalog articles' bodies with `read_body` + `render_html` (Markdown converted by the
//! reader). These tests hold that split to what `read_post` + `Post::render` give, over
//! the real corpora and the files that cannot be read.

use crate::common;

use broadsheet::core::article::{read_body, read_post, ReadError, ReaderAnswer};
use broadsheet::core::body::{markdown_to_html, render_html, BodyFormat};
use broadsheet::core::sources::{post_catalog, post_catalog_from, post_file_name};

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for dir in ["corpus/hexo-news-zh", "corpus/blog-en", "seed"] {
        let root = common::shared().join(dir);
        for (path, bytes) in common::read_tree(&root, &["md", "txt", "html"]) {
            files.push((format!("{dir}/{path}"), bytes));
        }
    }
    assert!(files.len() > 190, "the shared corpora are missing");
    files
}

/// The article page's path for a catalog article: the body cut out without parsing
/// the front matter, converted by format, rendered as `Post::render` renders it.
#[test]
fn bodies_without_the_parsers_render_as_read_post_renders_them() {
    let mut markdown = 0;
    for (path, bytes) in corpus() {
        let post = read_post(&path, &bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
        let body = read_body(&bytes).unwrap();
        assert_eq!(body, post.body, "{path}: the body cut out");
        let html = match post.article.format {
            BodyFormat::Markdown => {
                markdown += 1;
                markdown_to_html(&body)
            }
            BodyFormat::Html => body,
        };
        let base = format!("https://example.com/posts/{path}");
        assert_eq!(
            render_html(&html, &base),
            post.render(&base),
            "{path}: rendered"
        );
    }
    assert!(markdown > 100, "blog-en is Markdown: {markdown}");
}

/// What the reader hands the app survives JSON unchanged: the article, its warnings,
/// the text for the full-text index; the body stays behind (the app has the bytes).
#[test]
fn reader_answers_survive_json() {
    for (path, bytes) in corpus() {
        let post = read_post(&path, &bytes).unwrap();
        let base = format!("local:{path}");
        let json = ReaderAnswer::read(&path, &bytes, Some(&base)).to_json();
        let back = ReaderAnswer::from_json(&json).unwrap();
        let read = back.read.unwrap();
        assert_eq!(read.article, post.article, "{path}");
        assert_eq!(read.warnings, post.warnings, "{path}");
        assert!(read.body.is_empty(), "{path}: the body is not sent back");
        assert_eq!(
            back.text.as_deref(),
            Some(post.render(&base).text.as_str()),
            "{path}"
        );
        let without =
            ReaderAnswer::from_json(&ReaderAnswer::read(&path, &bytes, None).to_json()).unwrap();
        assert_eq!(without.text, None, "{path}: no text unless asked");
    }
}

#[test]
fn read_errors_survive_json() {
    let cases: [(&str, &[u8]); 6] = [
        ("empty.md", b"  \n"),
        ("binary.md", b"\x00\x01\x02PNG\x00\x00"),
        (
            "gbk.md",
            b"---\ntitle: \xd6\xd0\xce\xc4\n---\n\xd6\xd0\xce\xc4",
        ),
        ("open.md", b"---\ntitle: never closed\ndate: 2021-01-01\n"),
        ("bad.md", b"---\ntitle: [unclosed\n---\nbody"),
        ("draft.md", b"---\ntitle: wip\ndraft: true\n---\nbody"),
    ];
    for (path, bytes) in cases {
        let direct = read_post(path, bytes).expect_err(path);
        let back =
            ReaderAnswer::from_json(&ReaderAnswer::read(path, bytes, Some("x")).to_json()).unwrap();
        assert_eq!(back.read.expect_err(path), direct, "{path}");
        assert_eq!(back.text, None);
    }
    assert!(matches!(
        read_post("draft.md", cases[5].1),
        Err(ReadError::Draft)
    ));
    // An answer the app cannot read is an error, not a panic.
    assert!(ReaderAnswer::from_json("{\"read\": 3}").is_err());
    assert!(ReaderAnswer::from_json("").is_err());
}

/// A `?src=` post: the catalog built from the reader's answer is the one built from
/// the bytes.
#[test]
fn a_post_source_reads_the_same_through_the_reader() {
    let seed = common::shared().join("seed/000_0c883d887ca44e44.txt");
    let bytes = std::fs::read(seed).unwrap();
    for url in [
        "https://example.com/news/000_0c883d887ca44e44.txt",
        "https://example.com/feed/",
    ] {
        let direct = post_catalog(url, &bytes, "2026-01-01T00:00:00Z".into()).unwrap();
        let name = post_file_name(url);
        let answer =
            ReaderAnswer::from_json(&ReaderAnswer::read(&name, &bytes, None).to_json()).unwrap();
        let via = post_catalog_from(url, answer.read, "2026-01-01T00:00:00Z".into()).unwrap();
        assert_eq!(via.articles, direct.articles, "{url}");
        assert_eq!(via.warnings, direct.warnings, "{url}");
    }
    let draft = ReaderAnswer::read("d.md", b"---\ndraft: true\n---\nx", None);
    assert!(post_catalog_from("https://example.com/d.md", draft.read, String::new()).is_err());
}
