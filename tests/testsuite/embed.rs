//! The embed widget's options (`data-…` attributes / `embed.html?…` parameters), which
//! articles a widget lists, and its links into the full site.

use crate::common;

use std::collections::HashMap;

use broadsheet::core::catalog::Catalog;
use broadsheet::core::embed::{
    EmbedOptions, EmbedSource, Layout, Open, Theme, DEFAULT_LIMIT, MAX_LIMIT,
};

const PAGE: &str = "https://host.example/blog/page.html";
const SITE: &str = "https://me.github.io/news/";

fn opts(pairs: &[(&str, &str)]) -> EmbedOptions {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    EmbedOptions::parse(|k| map.get(k).cloned(), PAGE, SITE)
}

#[test]
fn without_options_a_widget_lists_the_sites_own_latest_five() {
    let o = opts(&[]);
    assert_eq!(
        o.sources,
        vec![EmbedSource::Url(format!("{SITE}articles/site.json"))]
    );
    assert!(o.default_source);
    assert_eq!(o.site, SITE);
    assert_eq!(
        (o.limit, o.layout, o.open, o.theme),
        (DEFAULT_LIMIT, Layout::List, Open::Inline, Theme::Host)
    );
    assert_eq!(o.link_target, "_blank");
    assert!(o.category.is_empty() && o.tag.is_none() && o.title.is_none());
    // Links into the site need no ?src= for its own catalog.
    assert_eq!(o.article_href("a b"), format!("{SITE}article/a%20b"));
    assert_eq!(o.more_href(), SITE);
}

#[test]
fn sources_resolve_against_the_host_page_and_are_checked() {
    let o = opts(&[(
        "src",
        "  feed/catalog.json https://other.example/posts/  javascript:alert(1) feed/catalog.json ",
    )]);
    assert!(!o.default_source);
    assert_eq!(
        o.sources.len(),
        3,
        "duplicates are loaded once: {:?}",
        o.sources
    );
    assert_eq!(
        o.sources[0],
        EmbedSource::Url("https://host.example/blog/feed/catalog.json".into())
    );
    // A folder means its catalog.json.
    assert_eq!(
        o.sources[1],
        EmbedSource::Url("https://other.example/posts/catalog.json".into())
    );
    assert!(
        matches!(&o.sources[2], EmbedSource::Invalid { given, reason } if given == "javascript:alert(1)" && reason.contains("http"))
    );
    // Credentials are never sent.
    assert!(matches!(
        &opts(&[("src", "https://u:p@x.example/c.json")]).sources[0],
        EmbedSource::Invalid { .. }
    ));
    // The full site is told the same sources (valid ones), encoded.
    assert_eq!(
        o.article_href("x"),
        format!(
            "{SITE}article/x?src=https%3A%2F%2Fhost.example%2Fblog%2Ffeed%2Fcatalog.json&src=https%3A%2F%2Fother.example%2Fposts%2Fcatalog.json"
        )
    );
}

#[test]
fn lenient_options_fall_back_instead_of_failing() {
    for (limit, want) in [
        ("3", 3),
        ("0", DEFAULT_LIMIT),
        ("-2", DEFAULT_LIMIT),
        ("ten", DEFAULT_LIMIT),
        ("100000", MAX_LIMIT),
        (" 7 ", 7),
    ] {
        assert_eq!(opts(&[("limit", limit)]).limit, want, "limit {limit:?}");
    }
    assert_eq!(opts(&[("layout", "cards")]).layout, Layout::Cards);
    assert_eq!(opts(&[("layout", "grid")]).layout, Layout::List);
    assert_eq!(opts(&[("open", "site")]).open, Open::Site);
    assert_eq!(opts(&[("open", "popup")]).open, Open::Inline);
    for (t, want) in [
        ("_top", "_top"),
        ("news", "news"),
        ("_evil", "_blank"),
        ("a b", "_blank"),
        ("", "_blank"),
    ] {
        assert_eq!(
            opts(&[("link-target", t)]).link_target,
            want,
            "target {t:?}"
        );
    }
    for (t, want) in [
        ("dark", Theme::Dark),
        ("light", Theme::Light),
        ("auto", Theme::Auto),
        ("neon", Theme::Host),
    ] {
        assert_eq!(opts(&[("theme", t)]).theme, want);
    }
    // The base URL may be relative to the page, with or without a trailing slash.
    assert_eq!(
        opts(&[("base-url", "/site")]).site,
        "https://host.example/site/"
    );
    assert_eq!(
        opts(&[("base-url", "https://x.example/a/")]).site,
        "https://x.example/a/"
    );
    assert_eq!(
        opts(&[("base-url", "javascript:void(0)")]).site,
        SITE,
        "not http(s): the script's site"
    );
}

#[test]
fn a_widget_lists_the_newest_of_its_category_tag_and_author() {
    let files = common::read_tree(
        &common::shared().join("corpus").join("hexo-news-zh"),
        &["md", "markdown", "html", "htm", "txt"],
    );
    let catalog = Catalog::build(files, "2026-01-01T00:00:00Z".into());
    let top = catalog.articles[0]
        .categories
        .first()
        .cloned()
        .expect("the corpus is categorized");
    let o = opts(&[("category", &top.join(" / ")), ("limit", "50")]);
    assert_eq!(o.category, top);
    let picked = o.select(&catalog);
    let expected: Vec<&str> = catalog
        .in_category(&top)
        .take(50)
        .map(|a| a.slug.as_str())
        .collect();
    assert!(!picked.is_empty());
    assert_eq!(
        picked.iter().map(|a| a.slug.as_str()).collect::<Vec<_>>(),
        expected
    );
    // Newest first, as the catalog is.
    assert!(picked
        .windows(2)
        .all(|w| w[0].timestamp() >= w[1].timestamp()));
    assert!(opts(&[("category", "no such category")])
        .select(&catalog)
        .is_empty());
    assert_eq!(opts(&[]).select(&catalog).len(), DEFAULT_LIMIT);

    // Tags from the English blog corpus (the news corpus has none).
    let files = common::read_tree(
        &common::shared().join("corpus").join("blog-en"),
        &["md", "markdown", "html", "htm", "txt"],
    );
    let catalog = Catalog::build(files, "2026-01-01T00:00:00Z".into());
    let top = catalog
        .articles
        .iter()
        .find_map(|a| a.categories.first().cloned())
        .expect("some blog post is categorized");
    let tagged = catalog
        .articles
        .iter()
        .find(|a| !a.tags.is_empty() && a.categories.iter().any(|c| c.starts_with(&top)));
    let tagged = tagged.expect("a tagged post in that category");
    let tag = tagged.tags[0].clone();
    let by_tag = opts(&[("tag", &tag), ("limit", "50")]).select(&catalog);
    assert!(by_tag.iter().all(|a| a.tags.contains(&tag)) && !by_tag.is_empty());
    assert_eq!(by_tag.len(), catalog.with_tag(&tag).take(50).count());

    // Category and tag together: both must hold.
    let both =
        opts(&[("category", &top.join("/")), ("tag", &tag), ("limit", "50")]).select(&catalog);
    assert!(both
        .iter()
        .all(|a| a.tags.contains(&tag) && a.categories.iter().any(|c| c.starts_with(&top))));

    let o = opts(&[("category", "Guide/Getting Started")]);
    assert_eq!(
        o.category,
        vec!["Guide".to_string(), "Getting Started".to_string()]
    );
    assert_eq!(
        o.more_href(),
        format!("{SITE}category/Guide/Getting%20Started")
    );
}

#[test]
fn a_widget_of_one_list_reads_that_list_alone() {
    use broadsheet::core::site_data::ListKey;
    assert_eq!(opts(&[]).list(), Some(None));
    assert_eq!(
        opts(&[("category", "Guide/Hosting")]).list(),
        Some(Some(ListKey::Category(vec![
            "Guide".into(),
            "Hosting".into()
        ])))
    );
    assert_eq!(
        opts(&[("tag", "rust")]).list(),
        Some(Some(ListKey::Tag("rust".into())))
    );
    assert_eq!(
        opts(&[("author", "Ann")]).list(),
        Some(Some(ListKey::Author("Ann".into())))
    );
    // Two filters: no one list holds the answer.
    assert_eq!(opts(&[("tag", "rust"), ("author", "Ann")]).list(), None);
}
