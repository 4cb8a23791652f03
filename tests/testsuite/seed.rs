//! The reference post (`../shared/seed/000_0c883d887ca44e44.txt`) is read exactly.

use crate::common;

use broadsheet::core::article::read_post;
use broadsheet::core::body::BodyFormat;
use serde_json::Value;

const SEED: &str = "seed/000_0c883d887ca44e44.txt";

#[test]
fn seed_article_fields() {
    let bytes = std::fs::read(common::shared().join(SEED)).unwrap();
    let post = read_post("000_0c883d887ca44e44.txt", &bytes).unwrap();
    let a = &post.article;
    assert!(post.warnings.is_empty(), "{:?}", post.warnings);
    assert_eq!(a.title, "嘀嗒出行第三届全员安全大会明确2021安全工作重点");
    assert_eq!(
        a.categories,
        vec![vec!["金融".to_string(), "中证网".into(), "资讯".into()]]
    );
    assert_eq!(a.author.as_deref(), Some("中证网"));
    assert_eq!(a.date.as_deref(), Some("2021-04-30T21:34:00Z"));
    assert_eq!(
        a.thumbnail.as_deref(),
        Some("https://picsum.photos/400/300?random=2132")
    );
    assert_eq!(
        a.cover.as_deref(),
        Some("https://picsum.photos/400/300?random=2132")
    );
    assert_eq!(a.extra.get("comments"), Some(&Value::Bool(false)));
    assert_eq!(a.format, BodyFormat::Html);
    assert!(a.tags.is_empty());
    assert!(
        a.excerpt.starts_with("中证网讯（王珞）4月29日，嘀嗒出行"),
        "{}",
        a.excerpt
    );
    assert!(a.excerpt.chars().count() <= 161);
    assert!(a.reading_minutes >= 4, "{} minutes", a.reading_minutes);
}

#[test]
fn seed_body_paragraphs_all_survive() {
    let bytes = std::fs::read(common::shared().join(SEED)).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let post = read_post("news/000_0c883d887ca44e44.txt", &bytes).unwrap();
    let html = post.render("news/000_0c883d887ca44e44.txt").html;
    let source_paragraphs = text.matches("<p>").count();
    assert_eq!(source_paragraphs, 24);
    assert_eq!(html.matches("<p>").count(), source_paragraphs, "{html}");
    // The typed U+3000 indents are stripped from the paragraphs (the stylesheet indents
    // Chinese paragraphs itself, so posts with and without them look alike).
    assert!(text.contains("<p>\u{3000}\u{3000}中证网讯（王珞）4月29日"));
    assert!(html.contains("<p>中证网讯（王珞）4月29日"));
    assert!(
        !html.contains("<p>\u{3000}") && !html.contains("<p><span>\u{3000}"),
        "{html}"
    );
    for sentence in [
        "嘀嗒出行CEO宋中杰表示：“安全始终是嘀嗒出行的红线和底线",
        "经过六年多发展，嘀嗒出行已构建完整的顺风车产品安全体系",
        "临近五一假期，嘀嗒出行还提醒广大用户",
    ] {
        assert!(html.contains(sentence), "missing {sentence}");
    }
    // Inline styles are dropped (strict CSP), their text kept.
    assert!(!html.contains("style="));
    assert!(html.contains("2021重点强化网络信息安全、个人信息保护等工作"));
}
