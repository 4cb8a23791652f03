//! Post file bytes → front matter + Article → body render + sanitize → catalog JSON.
//! Any panic, hang or sanitizer report is a bug: in the browser a panic kills the app.
#![no_main]

use broadsheet::core::article::read_post;
use broadsheet::core::body::{render, BodyFormat};
use broadsheet::core::catalog::Catalog;
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
    let _ = Catalog::from_json(&c.to_json()).expect("own catalog reads back");
});
