//! The post format, bullet by bullet: what blogs really write, read as whole files.

use broadsheet::core::article::{read_post, Post, ReadError};
use broadsheet::core::body::BodyFormat;
use broadsheet::core::catalog::Catalog;

fn read(path: &str, text: &str) -> Post {
    read_post(path, text.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn paths(p: &Post) -> Vec<Vec<&str>> {
    p.article
        .categories
        .iter()
        .map(|c| c.iter().map(String::as_str).collect())
        .collect()
}

#[test]
fn blank_lines_or_bom_before_the_opening_fence() {
    for text in [
        "\n---\ntitle: Hello\n---\nBody",
        "\n\n\n---\ntitle: Hello\n---\nBody",
        "\u{feff}---\ntitle: Hello\n---\nBody",
        "\u{feff}\n  \n---\ntitle: Hello\n---\nBody",
    ] {
        let p = read("a.md", text);
        assert_eq!(p.article.title, "Hello", "{text:?}");
        assert_eq!(p.body.trim(), "Body");
    }
}

#[test]
fn crlf_line_endings() {
    let p = read("a.md", "---\r\ntitle: Windows\r\ncategories:\r\n - A\r\n - B\r\ntags: [x]\r\n---\r\n# Head\r\n\r\nPara\r\n");
    assert_eq!(p.article.title, "Windows");
    assert_eq!(paths(&p), [["A", "B"]]);
    assert!(!p.body.contains('\r'));
    assert!(p.render("a.md").html.contains("<h1 id=\"head\">Head</h1>"));
}

#[test]
fn hexo_metadata_without_opening_fence() {
    let p = read("a.md", "title: No opening fence\ndate: 2020-02-03 04:05:06\ntags:\n- t\n---\nThe body starts here.");
    assert_eq!(p.article.title, "No opening fence");
    assert_eq!(p.article.date.as_deref(), Some("2020-02-03T04:05:06Z"));
    assert_eq!(p.article.tags, ["t"]);
    assert_eq!(p.body, "The body starts here.");
}

#[test]
fn no_front_matter_at_all() {
    let p = read(
        "notes/2021-06-01-plain-notes.md",
        "Just a body.\n\n---\n\nWith a rule.",
    );
    assert_eq!(p.article.title, "plain notes");
    assert_eq!(p.article.date, None);
    assert!(p.render("").html.contains("<hr>"));
    let p = read("x.html", "<p>Only HTML</p>");
    assert_eq!(p.article.format, BodyFormat::Html);
    assert_eq!(p.article.excerpt, "Only HTML");
}

#[test]
fn date_spellings() {
    for (raw, want) in [
        ("Wed, 08 Jun 2022 09:10:12 GMT", "2022-06-08T09:10:12Z"),
        ("2022-06-08T09:10:12+08:00", "2022-06-08T09:10:12+08:00"),
        ("2022-06-08T09:10:12Z", "2022-06-08T09:10:12Z"),
        ("2022-06-08T09:10:12", "2022-06-08T09:10:12Z"),
        ("2022-06-08 09:10:12", "2022-06-08T09:10:12Z"),
        ("2022-6-8", "2022-06-08T00:00:00Z"),
        ("2013-05-06 20:00:00 +0200", "2013-05-06T20:00:00+02:00"),
    ] {
        let p = read("a.md", &format!("---\ndate: {raw}\n---\n"));
        assert_eq!(p.article.date.as_deref(), Some(want), "{raw}");
        assert!(p.warnings.is_empty(), "{raw}: {:?}", p.warnings);
    }
    // YAML timestamps (unquoted) and quoted strings read the same.
    let a = read("a.md", "---\ndate: 2015-09-24\n---\n");
    let b = read("a.md", "---\ndate: '2015-09-24'\n---\n");
    assert_eq!(a.article.date, b.article.date);
    let p = read("a.md", "---\ndate: 2001-12-14t21:59:43.10-05:00\n---\n");
    assert_eq!(p.article.date.as_deref(), Some("2001-12-14T21:59:43-05:00"));
}

#[test]
fn missing_date_sorts_last_and_bad_date_is_kept_with_warning() {
    let c = Catalog::build(
        vec![
            (
                "undated.md".to_string(),
                b"---\ntitle: Undated\n---\n".to_vec(),
            ),
            (
                "bad.md".to_string(),
                b"---\ntitle: Bad date\ndate: the day after\n---\n".to_vec(),
            ),
            (
                "old.md".to_string(),
                b"---\ntitle: Old\ndate: 1999-01-01\n---\n".to_vec(),
            ),
        ],
        String::new(),
    );
    let titles: Vec<&str> = c.articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["Old", "Bad date", "Undated"]);
    let bad = c.articles.iter().find(|a| a.title == "Bad date").unwrap();
    assert_eq!(bad.date_text.as_deref(), Some("the day after"));
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(c.warnings[0].path, "bad.md");
    assert!(c.errors.is_empty());
}

#[test]
fn categories_string_list_and_list_of_lists() {
    assert_eq!(
        paths(&read("a.md", "---\ncategories: Life\n---\n")),
        [["Life"]]
    );
    assert_eq!(
        paths(&read("a.md", "---\ncategories: [Tech, Rust, Wasm]\n---\n")),
        [["Tech", "Rust", "Wasm"]]
    );
    assert_eq!(
        paths(&read(
            "a.md",
            "---\ncategories:\n  - [Diary, PlayStation]\n  - [Diary, Games]\n  - Life\n---\n"
        )),
        vec![
            vec!["Diary", "PlayStation"],
            vec!["Diary", "Games"],
            vec!["Life"]
        ]
    );
    assert_eq!(
        paths(&read("a.md", "---\ncategory: Jekyll\n---\n")),
        [["Jekyll"]]
    );
    assert!(read("a.md", "---\ncategories:\n---\n")
        .article
        .categories
        .is_empty());
}

#[test]
fn tags_string_list_or_empty() {
    assert_eq!(
        read("a.md", "---\ntags: rust\n---\n").article.tags,
        ["rust"]
    );
    assert_eq!(
        read("a.md", "---\ntags: [rust, wasm]\n---\n").article.tags,
        ["rust", "wasm"]
    );
    assert_eq!(
        read("a.md", "---\ntags:\n  - 中文\n  - 标签\n---\n")
            .article
            .tags,
        ["中文", "标签"]
    );
    assert!(read("a.md", "---\ntags:\n---\n").article.tags.is_empty());
    assert!(read("a.md", "---\ntags: ''\n---\n").article.tags.is_empty());
}

#[test]
fn updated_excerpt_description_and_images() {
    let p = read(
        "posts/a.md",
        "---\nupdated: 2022-01-02 03:04:05\ndescription: From the description\ncover: /img/cover.jpg\nthumbnail: thumb.png\n---\nBody",
    );
    assert_eq!(p.article.updated.as_deref(), Some("2022-01-02T03:04:05Z"));
    assert_eq!(p.article.excerpt, "From the description");
    assert_eq!(p.article.thumbnail.as_deref(), Some("posts/thumb.png"));
    assert_eq!(p.article.cover.as_deref(), Some("/img/cover.jpg"));
    let p = read(
        "a.md",
        "---\nexcerpt: From excerpt\ndescription: not this\nimage: https://x.example/i.png\n---\n",
    );
    assert_eq!(p.article.excerpt, "From excerpt");
    assert_eq!(
        p.article.thumbnail.as_deref(),
        Some("https://x.example/i.png")
    );
    let p = read("a.md", "---\nheadimg: https://x.example/hero.png\n---\n");
    assert_eq!(
        p.article.cover.as_deref(),
        Some("https://x.example/hero.png")
    );
    assert_eq!(
        p.article.thumbnail.as_deref(),
        Some("https://x.example/hero.png")
    );
}

#[test]
fn unknown_fields_are_kept() {
    let p = read(
        "a.md",
        "---\ntitle: t\ncomments: false\nlayout: post\nmathjax: true\nsticky: 10\n---\n",
    );
    let keys: Vec<&str> = p.article.extra.keys().map(String::as_str).collect();
    assert_eq!(keys, ["comments", "layout", "mathjax", "sticky"]);
    let json = serde_json::to_value(&p.article).unwrap();
    assert_eq!(json["extra"]["sticky"], 10);
}

#[test]
fn wrong_types_are_coerced_or_reported() {
    let p = read("a.md", "---\ntitle: 12345\ncategories: 42\ntags: {a: b}\nauthor: [Ann, Bob]\ndate: 20200101\n---\n");
    assert_eq!(p.article.title, "12345");
    assert_eq!(paths(&p), [["42"]]);
    assert!(p.article.tags.is_empty());
    assert_eq!(p.article.author.as_deref(), Some("Ann, Bob"));
    assert!(p.warnings.len() >= 3, "{:?}", p.warnings);
    let p = read(
        "a.md",
        "---\ntitle: [1, 2]\nthumbnail: [x]\nexcerpt: {a: 1}\n---\nBody text",
    );
    assert_eq!(p.article.title, "1, 2");
    assert_eq!(p.article.thumbnail, None);
    assert_eq!(p.article.excerpt, "Body text");
}

#[test]
fn missing_title_comes_from_the_file_name() {
    assert_eq!(
        read(
            "posts/2015-09-24-hello-world.md",
            "---\ndate: 2015-09-24\n---\n"
        )
        .article
        .title,
        "hello world"
    );
    assert_eq!(
        read("新闻/今日要闻.md", "---\ntags: [a]\n---\n")
            .article
            .title,
        "今日要闻"
    );
    assert_eq!(read("a/b/my_notes.txt", "body").article.title, "my notes");
}

#[test]
fn relative_image_urls_resolve_against_the_file() {
    let p = read(
        "blog-en/2015-09-24-git.md",
        "---\nthumbnail: '../thumbnails/git.png'\n---\n<img src=\"a.png\">\n\n![b](img/b.png)",
    );
    assert_eq!(p.article.thumbnail.as_deref(), Some("thumbnails/git.png"));
    let html = p.render("blog-en/2015-09-24-git.md").html;
    assert!(html.contains("src=\"blog-en/a.png\""), "{html}");
    assert!(html.contains("src=\"blog-en/img/b.png\""), "{html}");
    let html = p
        .render("https://cdn.example/site/blog-en/2015-09-24-git.md")
        .html;
    assert!(
        html.contains("src=\"https://cdn.example/site/blog-en/a.png\""),
        "{html}"
    );
}

#[test]
fn markdown_and_html_bodies() {
    let md = read("a.md", "---\ntitle: M\n---\n# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~ [^n]\n\n[^n]: note\n\n- [x] done\n");
    assert_eq!(md.article.format, BodyFormat::Markdown);
    let h = md.render("a.md").html;
    assert!(
        h.contains("<table>")
            && h.contains("<del>x</del>")
            && h.contains("footnote")
            && h.contains("checkbox"),
        "{h}"
    );
    let html = read("a.md", "---\ntitle: H\n---\n\n<div>\n<p>\u{3000}\u{3000}第一段</p>\n\n    <p>indented after a blank line</p>\n</div>");
    assert_eq!(html.article.format, BodyFormat::Html);
    let h = html.render("a.md").html;
    assert!(
        h.contains("<p>indented after a blank line</p>"),
        "HTML must not become a code block: {h}"
    );
}

#[test]
fn toc_and_heading_ids() {
    let p = read(
        "a.md",
        "# 第一章 开始\n\n## Install & run\n\n## Install & run\n\n### 配置 `config`\n",
    );
    let r = p.render("a.md");
    let toc: Vec<(u8, &str, &str)> = r
        .toc
        .iter()
        .map(|t| (t.level, t.id.as_str(), t.text.as_str()))
        .collect();
    assert_eq!(
        toc,
        [
            (1, "第一章-开始", "第一章 开始"),
            (2, "install-run", "Install & run"),
            (2, "install-run-1", "Install & run"),
            (3, "配置-config", "配置 config")
        ]
    );
}

#[test]
fn excerpt_more_marker_or_first_160_chars() {
    let p = read(
        "a.md",
        "---\ntitle: t\n---\nIntro **here**.\n\n<!-- more -->\n\nRest of it.",
    );
    assert_eq!(p.article.excerpt, "Intro here.");
    let long = format!(
        "<p>\u{3000}\u{3000}{}</p><p>{}</p>",
        "中".repeat(100),
        "文".repeat(100)
    );
    let p = read("a.html", &long);
    assert_eq!(p.article.excerpt.chars().count(), 161);
    assert!(
        p.article.excerpt.starts_with("中中"),
        "U+3000 indent trimmed: {}",
        p.article.excerpt
    );
    assert!(p.article.excerpt.ends_with('…'));
    assert!(
        p.article.excerpt.contains("中 文"),
        "paragraph boundary becomes one space"
    );
}

#[test]
fn reading_time_counts_cjk_and_words() {
    let p = read("a.md", &"汉".repeat(2000));
    assert_eq!(p.article.reading_minutes, 5);
    let p = read("a.md", &"word ".repeat(1000));
    assert_eq!(p.article.reading_minutes, 5);
}

#[test]
fn unreadable_files_are_errors_not_panics() {
    let c = Catalog::build(
        vec![
            ("good.md".to_string(), b"---\ntitle: Good\n---\nok".to_vec()),
            ("empty.md".to_string(), Vec::new()),
            ("bin.md".to_string(), vec![0, 159, 146, 150, 0, 1, 2]),
            (
                "yaml.md".to_string(),
                b"---\ntitle: 'unterminated\n---\n".to_vec(),
            ),
            (
                "gbk.md".to_string(),
                b"---\ntitle: \xd6\xd0\xce\xc4\n---\n".to_vec(),
            ),
            (
                "draft.md".to_string(),
                b"---\ntitle: D\npublished: false\n---\n".to_vec(),
            ),
        ],
        String::new(),
    );
    assert_eq!(c.articles.len(), 1);
    assert_eq!(c.articles[0].title, "Good");
    let errs: Vec<(&str, &str)> = c
        .errors
        .iter()
        .map(|e| (e.path.as_str(), e.message.as_str()))
        .collect();
    assert_eq!(errs.len(), 4, "{errs:?}");
    assert!(errs
        .iter()
        .any(|(p, m)| *p == "gbk.md" && m.contains("UTF-8")));
    assert!(errs
        .iter()
        .any(|(p, m)| *p == "empty.md" && m.contains("empty")));
    assert_eq!(c.skipped, ["draft.md"]);
    assert!(matches!(read_post("x.md", b"   \n"), Err(ReadError::Empty)));
}

#[test]
fn hostile_yaml_is_bounded() {
    // Billion laughs: nine levels of nine aliases.
    let mut yaml = String::from("---\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9 {
        let p = format!("*a{}", i - 1);
        yaml.push_str(&format!("a{i}: &a{i} [{}]\n", [p.as_str(); 9].join(", ")));
    }
    yaml.push_str("title: bomb\n---\nbody");
    let started = std::time::Instant::now();
    let err = read_post("bomb.md", yaml.as_bytes()).unwrap_err();
    assert!(err.to_string().contains("repetition limit"), "{err}");
    // Deep nesting.
    let deep = format!(
        "---\ntitle: deep\nx: {}{}\n---\nbody",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    assert!(read_post("deep.md", deep.as_bytes())
        .unwrap_err()
        .to_string()
        .contains("recursion limit"));
    assert!(
        started.elapsed().as_secs() < 5,
        "hostile YAML took {:?}",
        started.elapsed()
    );
}
