//! Property tests: no input, however odd, makes parsing or rendering panic (a wasm
//! panic would kill the whole app).

use broadsheet::core::article::read_post;
use broadsheet::core::body::{render, BodyFormat};
use broadsheet::core::catalog::Catalog;
use proptest::prelude::*;

/// Pieces that steer the parser into its interesting corners.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just(";;;\n".to_string()),
        Just("+++\n".to_string()),
        Just("\u{feff}".to_string()),
        Just("\r\n".to_string()),
        Just("title: ".to_string()),
        Just("date: ".to_string()),
        Just("categories:\n - ".to_string()),
        Just("tags: [".to_string()),
        Just("thumbnail: ".to_string()),
        Just("&a [*a, *a]\n".to_string()),
        Just("<!-- more -->".to_string()),
        Just("<h2>".to_string()),
        Just("</h2>".to_string()),
        Just("<img src=".to_string()),
        Just("javascript:".to_string()),
        Just("```\n".to_string()),
        Just("# ".to_string()),
        Just("[^1]".to_string()),
        Just("| a |\n|---|\n".to_string()),
        Just("中文\u{3000}".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("<".to_string()),
        Just("&#x".to_string()),
        "[ -~]{0,12}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(post) = read_post("fuzz/x.md", &bytes) {
            let _ = post.render("fuzz/x.md");
        }
    }

    #[test]
    fn structured_junk_never_panics(parts in proptest::collection::vec(fragment(), 0..40), html in any::<bool>()) {
        let text: String = parts.concat();
        let path = if html { "x.html" } else { "x.md" };
        if let Ok(post) = read_post(path, text.as_bytes()) {
            let r = post.render("https://example.com/a/x.md");
            prop_assert!(!r.html.contains("<script"));
            let _ = serde_json::to_string(&post.article).unwrap();
        }
        let r = render(&text, BodyFormat::Html, "a/b.md");
        prop_assert!(!r.html.contains("<script"));
        let r = render(&text, BodyFormat::Markdown, "");
        prop_assert!(!r.html.contains("<script"));
    }

    #[test]
    fn catalogs_of_junk_never_panic(files in proptest::collection::vec((any::<String>(), proptest::collection::vec(fragment(), 0..10)), 0..8)) {
        let files: Vec<(String, Vec<u8>)> = files.into_iter().map(|(p, parts)| (p, parts.concat().into_bytes())).collect();
        let n = files.len();
        let c = Catalog::build(files, String::new());
        prop_assert_eq!(c.articles.len() + c.errors.len() + c.skipped.len(), n);
        let _ = c.category_tree();
        let _ = c.archive();
        let json = c.to_json();
        prop_assert!(Catalog::from_json(&json).is_ok());
    }
}
