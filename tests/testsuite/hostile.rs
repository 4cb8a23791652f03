//! Hostile sources (issue 25): what a crafted post or catalog can make the reader do is
//! bounded, and every step that reads it grows linearly. Each step is timed at n and at
//! 10n; the 10x input must cost at most `MAX_RATIO` times as much. A quadratic step
//! shows ~100x (the findings: 20,000 duplicate slugs 16.8 s, 20,000 equal headings
//! 13.4 s, 50,000 `<!--` 1.7 s); the margin over 10x absorbs allocator and cache
//! effects at the larger size, and the best of several runs absorbs a busy machine.

use std::time::Instant;

use broadsheet::core::article::read_post;
use broadsheet::core::body::{find_more_marker, render_html};
use broadsheet::core::catalog::{category_tree, Catalog};
use broadsheet::core::limits::{
    MAX_CATEGORY_DEPTH, MAX_CATEGORY_PATHS, MAX_TAGS, MAX_TITLE_CHARS, MAX_TOC_ENTRIES,
};
use broadsheet::core::urls::resolve;

const MAX_RATIO: f64 = 25.0;

/// Seconds of the fastest of `runs` runs.
fn best(runs: usize, f: &dyn Fn()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// Times `run` on `make(n)` and `make(10 n)` and checks the growth.
fn grows_linearly<T>(what: &str, n: usize, make: impl Fn(usize) -> T, run: impl Fn(&T)) {
    let (small, big) = (make(n), make(10 * n));
    run(&small); // warm up (allocator, lazy statics)
    let t1 = best(5, &|| run(&small));
    let t10 = best(3, &|| run(&big));
    // Below a millisecond the clock and the scheduler are most of what is measured.
    let ratio = t10 / t1.max(0.001);
    eprintln!(
        "{what}: n={n} {:.2} ms, 10n {:.2} ms, ratio {ratio:.1}",
        t1 * 1e3,
        t10 * 1e3
    );
    assert!(
        ratio <= MAX_RATIO,
        "{what}: 10x the input cost {ratio:.1}x the time ({:.1} ms → {:.1} ms)",
        t1 * 1e3,
        t10 * 1e3
    );
}

fn catalog_json(articles: &[String]) -> String {
    format!(
        r#"{{"version":1,"generated":"2026-01-01T00:00:00Z","articles":[{}],"errors":[]}}"#,
        articles.join(",")
    )
}

fn article_json(slug: &str, path: &str, categories: &str, tags: &str) -> String {
    format!(
        r#"{{"slug":"{slug}","path":"{path}","title":"T","date":"2024-01-01T00:00:00Z","updated":null,"author":null,"categories":{categories},"tags":{tags},"thumbnail":null,"excerpt":"","reading_minutes":1,"format":"html"}}"#
    )
}

#[test]
fn a_4000_level_category_path_is_cut_and_read_at_once() {
    let levels = vec!["a"; 4000].join(", ");
    let post = format!("---\ntitle: Deep\ncategories: [{levels}]\n---\n<p>x</p>");
    let t = Instant::now();
    let read = read_post("deep.md", post.as_bytes()).expect("read");
    assert_eq!(read.article.categories.len(), 1);
    assert_eq!(read.article.categories[0].len(), MAX_CATEGORY_DEPTH);
    assert!(
        read.warnings
            .iter()
            .any(|w| w.contains("categories cut to 16 levels")),
        "{:?}",
        read.warnings
    );
    let catalog = Catalog::build([("deep.md".to_string(), post.into_bytes())], String::new());
    let tree = catalog.category_tree();
    let mut depth = 0;
    let mut level = &tree;
    while let Some(node) = level.first() {
        depth += 1;
        level = &node.children;
    }
    assert_eq!(depth, MAX_CATEGORY_DEPTH);
    assert!(t.elapsed().as_secs_f64() < 2.0, "{:?}", t.elapsed());

    // The same path in a catalog written elsewhere is cut the same way, with a warning.
    let cats = format!("[[{}]]", vec!["\"a\""; 4000].join(","));
    let json = catalog_json(&[article_json("deep", "deep.md", &cats, "[]")]);
    let c = Catalog::from_json(&json).expect("catalog");
    assert_eq!(c.articles[0].categories[0].len(), MAX_CATEGORY_DEPTH);
    assert!(c
        .warnings
        .iter()
        .any(|w| w.path == "deep.md" && w.message.contains("16 levels")));
}

#[test]
fn catalog_fields_are_held_to_the_limits() {
    let paths: Vec<String> = (0..100).map(|i| format!("[\"c{i}\"]")).collect();
    let tags: Vec<String> = (0..1000).map(|i| format!("\"t{i}\"")).collect();
    let long = "x".repeat(5000);
    let mut a = article_json(
        "s",
        "p.md",
        &format!("[{}]", paths.join(",")),
        &format!("[{}]", tags.join(",")),
    );
    a = a.replace(r#""title":"T""#, &format!(r#""title":"{long}""#));
    let c = Catalog::from_json(&catalog_json(&[a])).expect("catalog");
    let art = &c.articles[0];
    assert_eq!(art.categories.len(), MAX_CATEGORY_PATHS);
    assert_eq!(art.tags.len(), MAX_TAGS);
    assert!(art.title.chars().count() <= MAX_TITLE_CHARS + 1);
    assert_eq!(c.warnings.len(), 1, "{:?}", c.warnings);
}

#[test]
fn duplicate_slugs_in_a_catalog_grow_linearly() {
    grows_linearly(
        "20,000-style duplicate slugs",
        1_000,
        |n| catalog_json(&vec![article_json("a", "same.md", "[]", "[]"); n]),
        |json| {
            let c = Catalog::from_json(json).expect("catalog");
            let slugs: std::collections::HashSet<&str> =
                c.articles.iter().map(|a| a.slug.as_str()).collect();
            assert_eq!(slugs.len(), c.articles.len());
        },
    );
}

#[test]
fn the_category_tree_grows_linearly() {
    grows_linearly(
        "category tree, 16-deep paths",
        500,
        |n| {
            (0..n)
                .map(|i| {
                    let mut a = read_post("x.md", b"---\ntitle: x\n---\nx").unwrap().article;
                    a.categories = vec![(0..MAX_CATEGORY_DEPTH)
                        .map(|d| format!("c{}", (i + d) % 97))
                        .collect()];
                    a
                })
                .collect::<Vec<_>>()
        },
        |articles| {
            let tree = category_tree(articles);
            assert!(!tree.is_empty());
        },
    );
}

#[test]
fn equal_headings_grow_linearly() {
    grows_linearly(
        "equal headings",
        2_000,
        |n| "<h2>x</h2>".repeat(n),
        |html| {
            let r = render_html(html, "");
            assert_eq!(r.toc.len(), MAX_TOC_ENTRIES);
            assert!(r.html.contains("id=\"x-1\""));
        },
    );
}

#[test]
fn unclosed_comments_before_the_more_marker_grow_linearly() {
    grows_linearly(
        "<!-- then one -->",
        200_000,
        |n| format!("{}-->", "<!--".repeat(n)),
        |body| assert!(find_more_marker(body).is_none()),
    );
    assert_eq!(find_more_marker("<!-- a --><!-- more -->"), Some((10, 23)));
    assert_eq!(
        find_more_marker("<!-- <!-- more --> -->"),
        None,
        "inside a comment nothing opens another"
    );
}

#[test]
fn long_tag_and_category_lists_in_front_matter_grow_linearly() {
    grows_linearly(
        "front matter with n tags and n category paths",
        1_000,
        |n| {
            let tags: Vec<String> = (0..n).map(|i| format!("t{i}")).collect();
            let cats: Vec<String> = (0..n).map(|i| format!("[c{i}]")).collect();
            format!(
                "---\ntitle: x\ntags: [{}]\ncategories: [{}]\n---\nx",
                tags.join(", "),
                cats.join(", ")
            )
        },
        |post| {
            let p = read_post("x.md", post.as_bytes()).expect("read");
            assert_eq!(p.article.tags.len(), MAX_TAGS);
            assert_eq!(p.article.categories.len(), MAX_CATEGORY_PATHS);
        },
    );
}

#[test]
fn long_relative_references_grow_linearly() {
    grows_linearly(
        "../ chains",
        2_000,
        |n| format!("{}javascript:alert(1)", "../".repeat(n)),
        |r| assert_eq!(resolve(r, "a/b/c/post.md"), None),
    );
}

#[test]
fn an_index_declaring_more_shards_than_the_limit_is_refused() {
    // Issue 25: a search.bin beside a ?src= catalog declared 100,000 shard bounds, and a
    // prefix query fetched every one of them at once.
    use broadsheet::core::limits::MAX_SHARDS;
    use broadsheet::core::search::SearchIndex;
    let catalog = Catalog::build(
        [(
            "a.md".to_string(),
            b"---\ntitle: Alpha\n---\nalpha beta".to_vec(),
        )],
        String::new(),
    );
    let index = SearchIndex::from_articles(&catalog.articles);
    let bounds = |n: usize| -> Vec<String> { (0..n).map(|i| format!("t{i:08}")).collect() };
    let flood = index.split_base(&bounds(100_000), 7);
    let Err(err) = SearchIndex::from_base(&flood) else {
        panic!("an index declaring 100,000 shards was read");
    };
    assert!(
        err.to_string().contains("more shards than the limit"),
        "{err}"
    );
    let under = index.split_base(&bounds(MAX_SHARDS - 2), 7);
    assert!(
        SearchIndex::from_base(&under).is_ok(),
        "an index under the limit reads"
    );
}

#[test]
fn a_catalog_cut_once_reads_back_unchanged() {
    // What the CLI cut (a 5,000-character title) is within the bounds when read again:
    // no second cut, no warning on every load.
    let post = format!("---\ntitle: {}\n---\nx", "x".repeat(5000));
    let built = Catalog::build([("a.md".to_string(), post.into_bytes())], String::new());
    let title = built.articles[0].title.clone();
    assert!(title.chars().count() <= MAX_TITLE_CHARS + 1);
    let again = Catalog::from_json(&built.to_json()).expect("reads back");
    assert_eq!(again.articles[0].title, title);
    assert_eq!(
        again.warnings, built.warnings,
        "no warning added on reading"
    );
}
