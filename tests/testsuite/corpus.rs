//! Real post collections (`../shared/corpus`) parse with zero errors and sensible fields.

use crate::common;

use broadsheet::core::article::{read_post, Article};
use broadsheet::core::body::BodyFormat;
use broadsheet::core::catalog::{Catalog, CategoryNode};

fn catalog(folder: &str) -> Catalog {
    let files = common::read_tree(
        &common::shared().join("corpus").join(folder),
        &["md", "markdown", "html", "htm", "txt"],
    );
    Catalog::build(files, "2026-01-01T00:00:00Z".into())
}

fn by_path<'a>(c: &'a Catalog, path: &str) -> &'a Article {
    c.articles
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| panic!("no article at {path}"))
}

fn cats(paths: &[&[&str]]) -> Vec<Vec<String>> {
    paths
        .iter()
        .map(|p| p.iter().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn hexo_news_zh_all_63_parse_cleanly() {
    let c = catalog("hexo-news-zh");
    assert_eq!(c.articles.len(), 63);
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    for a in &c.articles {
        assert!(!a.title.is_empty(), "{}", a.path);
        assert!(a.date.is_some(), "{} undated", a.path);
        assert_eq!(a.categories.len(), 1, "{}", a.path);
        assert_eq!(
            a.categories[0].len(),
            3,
            "{}: 3-level path expected",
            a.path
        );
        assert!(a.author.is_some(), "{}", a.path);
        assert!(
            a.thumbnail
                .as_deref()
                .is_some_and(|t| t.starts_with("http")),
            "{}",
            a.path
        );
        assert_eq!(a.format, BodyFormat::Html, "{}", a.path);
        assert!(!a.excerpt.is_empty(), "{} has no excerpt", a.path);
        assert!(a.excerpt.chars().count() <= 161, "{}", a.path);
        assert!(
            !a.excerpt.contains('\u{3000}') && !a.excerpt.contains("  "),
            "{}: whitespace not collapsed",
            a.path
        );
    }
    // Newest first.
    let ts: Vec<i64> = c.articles.iter().map(|a| a.timestamp().unwrap()).collect();
    assert!(ts.windows(2).all(|w| w[0] >= w[1]));
    // Slugs are unique even where file names repeat across folders.
    let mut slugs: Vec<&str> = c.articles.iter().map(|a| a.slug.as_str()).collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 63);
}

#[test]
fn hexo_news_zh_category_tree() {
    let c = catalog("hexo-news-zh");
    let tree = c.category_tree();
    let top: Vec<(&str, usize)> = tree.iter().map(|n| (n.name.as_str(), n.count)).collect();
    let total: usize = top.iter().map(|(_, n)| n).sum();
    assert_eq!(total, 63, "{top:?}");
    let jr = CategoryNode::find(&tree, &["金融".into()]).unwrap();
    let sum_children: usize = jr.children.iter().map(|n| n.count).sum();
    assert_eq!(jr.count, sum_children);
    assert_eq!(c.in_category(&["金融".into()]).count(), jr.count);
    let zz = CategoryNode::find(&tree, &["金融".into(), "中证网".into(), "资讯".into()]).unwrap();
    assert_eq!(
        zz.count,
        c.articles
            .iter()
            .filter(|a| a.categories[0] == ["金融", "中证网", "资讯"])
            .count()
    );
    assert!(
        CategoryNode::find(&tree, &["新媒体".into(), "cnBeta".into(), "最新".into()]).is_some()
    );
    assert!(CategoryNode::find(&tree, &["编程".into(), "掘金".into(), "分类".into()]).is_some());
    let authors = c.authors();
    assert!(authors.iter().any(|f| f.name == "中证网"));
}

#[test]
fn hexo_news_zh_spot_checks() {
    let c = catalog("hexo-news-zh");

    // File names with `"`, `%`, `+`, spaces and full-width punctuation.
    let a = by_path(
        &c,
        "新媒体/cnBeta/最新/\"DogWalk\"_另一个像Follina一样被微软忽视的MSDT漏洞获得非官方补丁.md",
    );
    assert_eq!(
        a.title,
        "\"DogWalk\"_另一个像Follina一样被微软忽视的MSDT漏洞获得非官方补丁"
    );
    assert_eq!(a.date.as_deref(), Some("2022-06-08T09:10:12Z"));
    assert_eq!(a.categories, cats(&[&["新媒体", "cnBeta", "最新"]]));
    assert_eq!(a.author.as_deref(), Some("cnBeta"));
    assert_eq!(
        a.slug,
        "dogwalk-另一个像follina一样被微软忽视的msdt漏洞获得非官方补丁"
    );
    assert_eq!(
        a.fetch_path(),
        "%E6%96%B0%E5%AA%92%E4%BD%93/cnBeta/%E6%9C%80%E6%96%B0/%22DogWalk%22_%E5%8F%A6%E4%B8%80%E4%B8%AA%E5%83%8FFollina%E4%B8%80%E6%A0%B7%E8%A2%AB%E5%BE%AE%E8%BD%AF%E5%BF%BD%E8%A7%86%E7%9A%84MSDT%E6%BC%8F%E6%B4%9E%E8%8E%B7%E5%BE%97%E9%9D%9E%E5%AE%98%E6%96%B9%E8%A1%A5%E4%B8%81.md"
    );

    let a = by_path(
        &c,
        "新媒体/cnBeta/最新/%secretclub%power：专家发现又一能禁用iPhone无线连接的SSID.md",
    );
    assert_eq!(
        a.title,
        "%secretclub%power：专家发现又一能禁用iPhone无线连接的SSID"
    );
    assert_eq!(a.date.as_deref(), Some("2021-07-05T01:50:43Z"));
    assert_eq!(
        a.slug,
        "secretclub-power-专家发现又一能禁用iphone无线连接的ssid"
    );
    assert!(a.fetch_path().contains("%25secretclub%25power"));

    let a = by_path(
        &c,
        "新媒体/cnBeta/最新/1+1=4 微软Excel表格出bug：2000到2010版都受影响.md",
    );
    assert_eq!(a.title, "1+1=4 微软Excel表格出bug：2000到2010版都受影响");
    assert_eq!(a.date.as_deref(), Some("2022-01-22T12:40:48Z"));
    assert!(a.fetch_path().contains("1%2B1%3D4%20"));

    let a = by_path(&c, "金融/中证网/资讯/10月中国投资者情绪指数环比基本持平.md");
    assert_eq!(a.title, "10月中国投资者情绪指数环比基本持平");
    assert_eq!(a.date.as_deref(), Some("2021-11-25T14:40:00Z"));
    assert_eq!(a.author.as_deref(), Some("中证网"));
    assert_eq!(a.categories, cats(&[&["金融", "中证网", "资讯"]]));

    let a = by_path(
        &c,
        "金融/财联社/电报/10日0时至11日16时，北京新增本土新冠肺炎确诊病例5例。.md",
    );
    assert_eq!(
        a.title,
        "10日0时至11日16时，北京新增本土新冠肺炎确诊病例5例。"
    );
    assert_eq!(a.date.as_deref(), Some("2022-03-11T08:08:43Z"));
    assert_eq!(a.categories, cats(&[&["金融", "财联社", "电报"]]));

    // The same file name in two folders: both kept, distinct slugs, the first (by path) plain.
    let zzw = by_path(&c, "金融/中证网/资讯/1-4月全国法拍房交易额突破730亿元.md");
    let cls = by_path(&c, "金融/财联社/电报/1-4月全国法拍房交易额突破730亿元.md");
    assert_eq!(zzw.slug, "1-4月全国法拍房交易额突破730亿元");
    assert!(cls.slug.starts_with("1-4月全国法拍房交易额突破730亿元-") && cls.slug != zzw.slug);
    assert_eq!(cls.date.as_deref(), Some("2021-05-02T13:53:45Z"));
    assert_eq!(cls.author.as_deref(), Some("财联社"));
}

#[test]
fn hexo_news_zh_style_block_and_code_render_safely() {
    let path = "编程/掘金/分类/学习笔记：JavaScript的闭包.md";
    let bytes = std::fs::read(common::shared().join("corpus/hexo-news-zh").join(path)).unwrap();
    let post = read_post(path, &bytes).unwrap();
    assert_eq!(post.article.title, "学习笔记：JavaScript的闭包");
    assert_eq!(post.article.date.as_deref(), Some("2021-09-01T23:13:11Z"));
    let r = post.render(path);
    // The <style> block is removed with its CSS text; the code stays code.
    assert!(
        !r.html.contains("<style") && !r.text.contains("word-break:break-word"),
        "{}",
        &r.html[..300]
    );
    assert!(r.html.contains("<pre><code>function f1(){"), "{}", r.html);
    assert!(!post.article.excerpt.contains(".markdown-body"));
    common::assert_inert(&r.html, path);
}

#[test]
fn blog_en_all_132_parse_cleanly() {
    let c = catalog("blog-en");
    assert_eq!(c.articles.len(), 132);
    assert!(c.errors.is_empty(), "{:?}", c.errors);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    for a in &c.articles {
        assert!(a.date.is_some(), "{}", a.path);
        assert!(!a.categories.is_empty(), "{}", a.path);
        assert_eq!(a.format, BodyFormat::Markdown, "{}", a.path);
        assert!(
            a.thumbnail
                .as_deref()
                .is_none_or(|t| t.starts_with("../thumbnails/") || t.starts_with("http")),
            "{}: {:?}",
            a.path,
            a.thumbnail
        );
        assert!(a.extra.contains_key("template"), "{}", a.path);
    }
    assert!(c
        .tags()
        .iter()
        .any(|t| t.name == "javascript" && t.count > 20));
}

#[test]
fn blog_en_spot_checks() {
    let c = catalog("blog-en");
    let a = by_path(&c, "2015-09-24-getting-started-with-git.md");
    assert_eq!(a.title, "Getting Started with Git");
    assert_eq!(a.date.as_deref(), Some("2015-09-24T00:00:00Z"));
    assert_eq!(a.categories, cats(&[&["Tools"]]));
    assert_eq!(a.tags, ["git", "version control", "tutorial"]);
    assert_eq!(a.thumbnail.as_deref(), Some("../thumbnails/git.png"));
    assert_eq!(a.slug, "getting-started-with-git");
    assert!(a
        .excerpt
        .starts_with("Git is a difficult subject to tackle"));

    let a = by_path(&c, "2019-03-14-migrating-from-wordpress-to-gatsby.md");
    assert_eq!(
        a.title,
        "The End of an Era: Migrating from WordPress to Gatsby"
    );
    assert_eq!(a.categories, cats(&[&["Personal", "Code"]]));
    assert_eq!(
        a.format,
        BodyFormat::Markdown,
        "opens with an HTML blockquote, then Markdown"
    );

    let a = by_path(&c, "2020-04-13-writing-an-emulator-in-javascript-chip8.md");
    assert_eq!(
        a.title,
        "Writing an Emulator in JavaScript (and Interfacing with Multiple UIs)"
    );
    assert_eq!(a.tags, ["javascript", "node", "emulator"]);
    assert!(
        a.reading_minutes >= 15,
        "long post: {} min",
        a.reading_minutes
    );
}

#[test]
fn blog_en_script_examples_render_as_code_text() {
    for (file, needle) in [
        (
            "2015-09-30-basic-html5-file.md",
            "<script src=\"js/scripts.js\"></script>",
        ),
        (
            "2017-04-05-prevent-mouse-scroll-from-zooming-on-embedded-google-maps.md",
            "<div class=\"overlay\" onclick=\"style.pointerEvents='none'\"></div>",
        ),
        (
            "2018-06-19-understanding-events-in-javascript.md",
            "<button onclick=\"changeText()\">Click me</button>",
        ),
    ] {
        let bytes = std::fs::read(common::shared().join("corpus/blog-en").join(file)).unwrap();
        let post = read_post(file, &bytes).unwrap();
        let r = post.render(file);
        assert!(
            r.text.contains(needle),
            "{file}: code text {needle:?} not visible"
        );
        common::assert_inert(&r.html, file);
        assert!(r.html.contains("<pre><code"), "{file}");
    }
    // Relative images in the body resolve against the post file.
    let file = "2019-03-14-migrating-from-wordpress-to-gatsby.md";
    let bytes = std::fs::read(common::shared().join("corpus/blog-en").join(file)).unwrap();
    let html = read_post(file, &bytes)
        .unwrap()
        .render(&format!("blog-en/{file}"))
        .html;
    assert!(
        html.contains("src=\"images/speed.png\""),
        "relative image not resolved"
    );
}

#[test]
fn every_article_renders_inert_html() {
    for folder in ["hexo-news-zh", "blog-en"] {
        let root = common::shared().join("corpus").join(folder);
        for (path, bytes) in common::read_tree(&root, &["md"]) {
            let post = read_post(&path, &bytes).unwrap();
            let r = post.render(&path);
            assert!(!r.text.is_empty(), "{path}: empty body");
            common::assert_inert(&r.html, &path);
        }
    }
}

#[test]
fn seed_folder_parses() {
    let files = common::read_tree(&common::shared().join("seed"), &["txt", "md"]);
    let c = Catalog::build(files, String::new());
    assert_eq!(c.articles.len(), 1);
    assert!(c.errors.is_empty());
}

/// Loading a catalog skips the sort when it is already newest first (the CLI writes it
/// so); the shortcut must agree with a real sort on every corpus, shuffled or not.
#[test]
fn catalog_order_shortcut_agrees_with_sorting() {
    use broadsheet::core::catalog::{is_newest_first, sort_newest_first};
    for folder in ["hexo-news-zh", "blog-en"] {
        let c = catalog(folder);
        assert!(
            is_newest_first(&c.articles),
            "{folder}: the CLI's order is recognised as sorted"
        );
        let json = c.to_json();
        assert_eq!(
            Catalog::from_json(&json).unwrap().articles,
            c.articles,
            "{folder}: round trip keeps the order"
        );
        // Reversed (and so unsorted) input comes back in the same order.
        let mut reversed = c.clone();
        reversed.articles.reverse();
        assert!(!is_newest_first(&reversed.articles) || c.articles.len() < 2);
        let back = Catalog::from_json(&reversed.to_json()).unwrap();
        let slugs = |v: &[Article]| v.iter().map(|a| a.slug.clone()).collect::<Vec<_>>();
        assert_eq!(
            slugs(&back.articles),
            slugs(&c.articles),
            "{folder}: reversed input is re-sorted"
        );
        // A date in another form is never trusted as sorted: the slow path decides.
        let mut other = c.clone();
        if let Some(d) = other.articles[0].date.as_mut() {
            *d = d.replace('Z', "+00:00");
        }
        assert!(!is_newest_first(&other.articles));
        let mut sorted = other.articles.clone();
        sort_newest_first(&mut sorted);
        assert_eq!(
            Catalog::from_json(&other.to_json()).unwrap().articles,
            sorted
        );
    }
}
