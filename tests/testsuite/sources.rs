//! Sources from elsewhere (`?src=`) over the real corpora: a catalog as the CLI writes
//! it, read back as the app reads a fetched one, rebased onto its URL and merged with
//! others; a single post file as a source.

use crate::common;

use std::collections::HashSet;

use broadsheet::core::catalog::Catalog;
use broadsheet::core::sources::{merge, post_catalog, rebase};

fn fetched(folder: &str, url: &str) -> Catalog {
    let files = common::read_tree(
        &common::shared().join("corpus").join(folder),
        &["md", "markdown", "html", "htm", "txt"],
    );
    // As published (catalog.json) and read back by the app.
    let json = Catalog::build(files, "2026-01-01T00:00:00Z".into()).to_json();
    let mut c = Catalog::from_json(&json).expect("reads its own catalog");
    rebase(&mut c, url);
    c
}

#[test]
fn two_corpora_merge_into_one_catalog_with_every_article() {
    let blog = fetched("blog-en", "https://blog.example/posts/catalog.json");
    let zh = fetched("hexo-news-zh", "https://news.example/catalog.json");
    assert_eq!((blog.articles.len(), zh.articles.len()), (132, 63));
    assert!(blog
        .articles
        .iter()
        .all(|a| a.path.starts_with("https://blog.example/posts/")));
    // Bodies resolve against the catalog: file names with spaces, `%`, `"`, `+` are encoded.
    assert!(zh
        .articles
        .iter()
        .all(|a| a.path.starts_with("https://news.example/")
            && !a.path.contains(' ')
            && !a.path.contains('"')));
    // Relative thumbnails (`../thumbnails/…` in blog-en) become absolute URLs.
    assert!(blog
        .articles
        .iter()
        .filter_map(|a| a.thumbnail.as_deref())
        .all(|t| t.starts_with("https://")));
    assert!(blog.articles.iter().any(|a| a
        .thumbnail
        .as_deref()
        .is_some_and(|t| t.starts_with("https://blog.example/thumbnails/"))));

    let m = merge([&blog, &zh]);
    assert_eq!(m.articles.len(), 195);
    let slugs: HashSet<&str> = m.articles.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs.len(), 195);
    // No collisions between these two: everyone keeps the CLI's slug.
    let before: HashSet<&str> = blog
        .articles
        .iter()
        .chain(&zh.articles)
        .map(|a| a.slug.as_str())
        .collect();
    assert_eq!(slugs, before);
    let is_sorted = m
        .articles
        .windows(2)
        .all(|w| w[0].timestamp() >= w[1].timestamp() || w[1].timestamp().is_none());
    assert!(is_sorted, "newest first");
    assert!(m.category_tree().iter().map(|n| n.count).sum::<usize>() >= 195);
}

#[test]
fn the_same_corpus_from_two_hosts_gets_distinct_stable_slugs() {
    let a = fetched("blog-en", "https://a.example/catalog.json");
    let b = fetched("blog-en", "https://b.example/catalog.json");
    let m = merge([&a, &b]);
    assert_eq!(m.articles.len(), 264);
    assert_eq!(
        m.articles
            .iter()
            .map(|x| &x.slug)
            .collect::<HashSet<_>>()
            .len(),
        264
    );
    for x in &m.articles {
        let original = a
            .articles
            .iter()
            .find(|y| y.title == x.title && y.date == x.date)
            .expect("same article");
        if x.path.starts_with("https://a.example/") {
            assert_eq!(x.slug, original.slug, "the first source keeps its slugs");
        } else {
            let suffix = x
                .slug
                .strip_prefix(&format!("{}-", original.slug))
                .expect("suffixed");
            assert!(
                suffix.len() == 6 && suffix.bytes().all(|c| c.is_ascii_hexdigit()),
                "{}",
                x.slug
            );
        }
    }
    // Deterministic: the same sources in the same order give the same slugs.
    assert_eq!(merge([&a, &b]).articles, m.articles);
}

#[test]
fn a_real_post_file_is_a_source() {
    let dir = common::shared().join("corpus/hexo-news-zh");
    let file = common::read_tree(&dir, &["md"])
        .into_iter()
        .next()
        .expect("a post");
    let url = format!(
        "https://news.example/{}",
        broadsheet::core::urls::encode_path(&file.0)
    );
    let c = post_catalog(&url, &file.1, String::new()).expect("reads");
    assert_eq!(c.articles.len(), 1);
    assert_eq!(c.articles[0].path, url);
    assert!(!c.articles[0].categories.is_empty());
}

#[test]
fn a_broken_catalog_says_what_is_wrong_with_it() {
    let good = fetched("blog-en", "https://blog.example/posts/catalog.json").to_json();
    // Cut off in transfer: where, and that it is incomplete (not "not a catalog").
    let cut = Catalog::from_json(&good[..good.len() / 2]).unwrap_err();
    assert!(
        cut.starts_with("the catalog is cut off at line 1 column "),
        "{cut}"
    );
    // An HTML page where a catalog should be (a SPA fallback, a login page, a 404 page
    // served with 200).
    for page in [
        "<!doctype html><html><body>Not here</body></html>",
        "\u{feff}\n  <html></html>",
    ] {
        let e = Catalog::from_json(page).unwrap_err();
        assert!(e.contains("HTML page"), "{e}");
    }
    let e = Catalog::from_json(r#"{"version": 7, "articles": []}"#).unwrap_err();
    assert!(e.contains("version 7"), "{e}");
    let e = Catalog::from_json(r#"{"posts": []}"#).unwrap_err();
    assert!(e.contains("no \"version\""), "{e}");
    let e = Catalog::from_json("[1, 2, 3]").unwrap_err();
    assert!(e.starts_with("not a Broadsheet catalog"), "{e}");
}
