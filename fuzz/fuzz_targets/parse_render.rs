//! Post file bytes → front matter + Article → body render + sanitize → catalog JSON;
//! the same bytes as a fetched catalog (parsed, rebased, merged) and as an embed
//! widget's attributes. Any panic, hang or sanitizer report is a bug: in the browser a
//! panic kills the app.
#![no_main]

use broadsheet::core::article::read_post;
use broadsheet::core::body::{render, BodyFormat};
use broadsheet::core::catalog::Catalog;
use broadsheet::core::embed::EmbedOptions;
use broadsheet::core::sources::{merge, rebase};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(post) = read_post("fuzz/post.md", data) {
        let r = post.render("https://example.com/posts/post.md");
        assert!(!r.html.contains("<script"), "script survived: {}", r.html);
        let _ = serde_json::to_string(&post.article).expect("article serializes");
    }
    if let Ok(text) = std::str::from_utf8(data) {
        for format in [BodyFormat::Html, BodyFormat::Markdown] {
            let r = render(text, format, "a/b.md");
            assert!(!r.html.contains("<script"));
            // Sanitized output must be stable under a second pass (mXSS guard).
            let again = render(&r.html, BodyFormat::Html, "");
            assert_eq!(again.html, render(&again.html, BodyFormat::Html, "").html);
        }
    }
    let c = Catalog::build(vec![("x.md".to_string(), data.to_vec())], String::new());
    let back = Catalog::from_json(&c.to_json()).expect("own catalog reads back");
    if let Ok(text) = std::str::from_utf8(data) {
        // A catalog from elsewhere (`?src=`): untrusted JSON, rebased and merged.
        if let Ok(mut fetched) = Catalog::from_json(text) {
            rebase(&mut fetched, "https://example.com/posts/catalog.json");
            let merged = merge([&back, &fetched]);
            assert_eq!(merged.articles.len(), back.articles.len() + fetched.articles.len());
        }
        // An embed widget's attributes: the input split into values.
        let mut parts = text.split('\n');
        let values: Vec<(&str, String)> = ["src", "category", "tag", "author", "limit", "layout", "open", "link-target", "base-url", "theme", "title"]
            .into_iter()
            .map(|k| (k, parts.next().unwrap_or_default().to_owned()))
            .collect();
        let opts = EmbedOptions::parse(
            |k| values.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()),
            "https://host.example/page.html",
            "https://site.example/news/",
        );
        assert!(opts.limit >= 1 && !opts.sources.is_empty());
        let picked = opts.select(&back);
        if let Some(a) = picked.first() {
            assert!(opts.article_href(&a.slug).starts_with(&opts.site));
        }
        assert!(opts.more_href().starts_with("http"));
    }
});
