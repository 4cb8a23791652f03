//! `broadsheet pages`: a page per route of a built site, its head read back with a
//! real HTML parser (title, meta, Open Graph, canonical, JSON-LD parsed as JSON).

use std::path::{Path, PathBuf};

use scraper::{Html, Selector};
use serde_json::Value;

use crate::cli::{bin, temp_dir};

const BASE: &str = "https://example.org/news/";
const SEED: &str = "000-0c883d887ca44e44";

/// The demo articles plus `extra` posts, indexed into `<site>/articles`, with the
/// repository's index.html as the build's shell (`404.html`, as the build copies it).
fn built_site(name: &str, extra: &[(&str, &str)]) -> PathBuf {
    let site = temp_dir(name);
    let articles = site.join("articles");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("public/articles"),
        &articles,
    );
    for (file, text) in extra {
        std::fs::write(articles.join(file), text).unwrap();
    }
    let shell =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("index.html")).unwrap();
    std::fs::write(site.join("404.html"), &shell).unwrap();
    std::fs::write(site.join("index.html"), &shell).unwrap();
    let out = bin()
        .args(["index", "--quiet"])
        .arg(&articles)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    site
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_tree(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

fn pages(site: &Path, args: &[&str]) -> String {
    let out = bin()
        .arg("pages")
        .arg(site)
        .args(["--base-url", BASE])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

fn read(site: &Path, file: &str) -> Html {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Html::parse_document(&text)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The `content` of every `<meta>` whose `attr` is `key`.
fn metas(doc: &Html, attr: &str, key: &str) -> Vec<String> {
    doc.select(&sel(&format!(r#"meta[{attr}="{key}"]"#)))
        .filter_map(|m| m.value().attr("content").map(str::to_owned))
        .collect()
}

fn meta(doc: &Html, attr: &str, key: &str) -> String {
    let all = metas(doc, attr, key);
    assert_eq!(all.len(), 1, "one <meta {attr}={key}>: {all:?}");
    all[0].clone()
}

fn json_ld(doc: &Html) -> Vec<Value> {
    doc.select(&sel(r#"script[type="application/ld+json"]"#))
        .map(|s| serde_json::from_str(&s.text().collect::<String>()).expect("JSON-LD parses"))
        .collect()
}

#[test]
fn an_article_page_has_its_head_and_its_whole_body() {
    let site = built_site("pages-article", &[]);
    pages(&site, &["--news", "--locale", "zh"]);
    let doc = read(&site, &format!("article/{SEED}.html"));

    let title: Vec<String> = doc
        .select(&sel("title"))
        .map(|t| t.text().collect())
        .collect();
    assert_eq!(
        title,
        ["嘀嗒出行第三届全员安全大会明确2021安全工作重点 · Broadsheet"]
    );
    let html = doc.select(&sel("html")).next().unwrap();
    assert_eq!(
        html.value().attr("lang"),
        Some("zh"),
        "the article's language"
    );
    let canonical: Vec<&str> = doc
        .select(&sel(r#"link[rel="canonical"]"#))
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(canonical, [format!("{BASE}article/{SEED}")]);
    assert!(meta(&doc, "name", "description").starts_with("中证网讯（王珞）4月29日"));
    assert_eq!(meta(&doc, "property", "og:type"), "article");
    assert_eq!(
        meta(&doc, "property", "og:title"),
        "嘀嗒出行第三届全员安全大会明确2021安全工作重点"
    );
    assert_eq!(
        meta(&doc, "property", "og:url"),
        format!("{BASE}article/{SEED}")
    );
    assert_eq!(
        meta(&doc, "property", "og:image"),
        "https://picsum.photos/400/300?random=2132"
    );
    assert_eq!(
        meta(&doc, "property", "article:published_time"),
        "2021-04-30T21:34:00Z"
    );
    assert_eq!(meta(&doc, "property", "article:section"), "金融");
    assert_eq!(meta(&doc, "name", "twitter:card"), "summary_large_image");

    let ld = json_ld(&doc);
    assert_eq!(ld.len(), 2, "{ld:?}");
    let a = &ld[0];
    assert_eq!(a["@context"], "https://schema.org");
    assert_eq!(a["@type"], "NewsArticle");
    assert_eq!(
        a["headline"],
        "嘀嗒出行第三届全员安全大会明确2021安全工作重点"
    );
    assert_eq!(a["datePublished"], "2021-04-30T21:34:00Z");
    assert_eq!(a["author"]["name"], "中证网");
    assert_eq!(a["image"][0], "https://picsum.photos/400/300?random=2132");
    assert_eq!(a["mainEntityOfPage"], format!("{BASE}article/{SEED}"));
    let crumbs = &ld[1];
    assert_eq!(crumbs["@type"], "BreadcrumbList");
    let items = crumbs["itemListElement"].as_array().unwrap();
    let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Broadsheet", "金融", "中证网", "资讯"]);
    assert_eq!(items[3]["position"], 4);
    assert_eq!(
        items[3]["item"],
        format!("{BASE}category/%E9%87%91%E8%9E%8D/%E4%B8%AD%E8%AF%81%E7%BD%91/%E8%B5%84%E8%AE%AF")
    );

    // The body: the whole article, sanitized, inside the app's own markup.
    let body: String = doc
        .select(&sel(".bs-article .bs-body"))
        .flat_map(|b| b.text())
        .collect();
    assert!(body.contains("嘀嗒出行CEO宋中杰表示"), "{body}");
    assert!(body.contains("警企合作方面"), "the end of the article too");
    assert!(
        doc.select(&sel(".bs-skeleton")).next().is_none(),
        "no loading placeholder"
    );
    // Real links to the category and the home page, under the site's path.
    let hrefs: Vec<&str> = doc
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"/news/category/%E9%87%91%E8%9E%8D"),
        "{hrefs:?}"
    );
    // The shell: the app's scripts and the Content-Security-Policy are kept, the
    // "needs JavaScript" notice is not (the page reads without it; only search does).
    assert_eq!(
        metas(&doc, "http-equiv", "Content-Security-Policy").len(),
        1
    );
    let noscript: Vec<String> = doc
        .select(&sel("noscript"))
        .map(|n| n.text().collect())
        .collect();
    assert_eq!(noscript, ["搜索需要启用 JavaScript。"], "(--locale zh)");
    assert_eq!(metas(&doc, "name", "broadsheet"), ["app"]);
}

#[test]
fn the_home_and_list_pages_have_real_links_and_their_own_heads() {
    let site = built_site("pages-lists", &[]);
    let said = pages(&site, &[]);
    assert!(said.contains("pages written"), "{said}");
    let home = read(&site, "index.html");
    let title: String = home.select(&sel("title")).flat_map(|t| t.text()).collect();
    assert_eq!(title, "Broadsheet");
    assert_eq!(meta(&home, "property", "og:type"), "website");
    assert_eq!(meta(&home, "property", "og:url"), BASE);
    let ld = json_ld(&home);
    assert_eq!(ld.len(), 1);
    assert_eq!(ld[0]["@type"], "WebSite");
    assert_eq!(ld[0]["url"], BASE);
    let cards: Vec<&str> = home
        .select(&sel("article.bs-card a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .filter(|h| h.starts_with("/news/article/"))
        .collect();
    assert!(cards.len() >= 10, "{cards:?}");
    // The shell is left as it was, for the next run and for unknown addresses.
    assert!(!std::fs::read_to_string(site.join("404.html"))
        .unwrap()
        .contains("data-bs-prerendered"));

    let guide = read(&site, "category/Guide.html");
    let title: String = guide.select(&sel("title")).flat_map(|t| t.text()).collect();
    assert_eq!(title, "Guide · Broadsheet");
    assert_eq!(
        meta(&guide, "property", "og:url"),
        format!("{BASE}category/Guide")
    );
    assert!(guide
        .select(&sel("h1.bs-page-title"))
        .any(|h| h.text().collect::<String>() == "Guide"));
    for file in [
        "tags.html",
        "authors.html",
        "archive.html",
        "archive/2021.html",
        "archive/2021/04.html",
    ] {
        assert!(site.join(file).is_file(), "{file}");
    }
    // Running again reads the shell from 404.html and writes the same pages.
    let before = std::fs::read(site.join(format!("article/{SEED}.html"))).unwrap();
    pages(&site, &[]);
    assert_eq!(
        std::fs::read(site.join(format!("article/{SEED}.html"))).unwrap(),
        before
    );
}

#[test]
fn hostile_titles_stay_text_and_data() {
    let evil = "</script><script>alert(1)</script><!-- & \"q\"";
    let post = format!(
        "---\ntitle: '{}'\ndate: 2024-01-02\ncategories: [\"</title><script>x()</script>\"]\ntags: [\"a\\\" onload=\\\"x()\"]\n---\n\nBody <script>alert(2)</script> text.\n",
        evil.replace('\'', "''")
    );
    let site = built_site("pages-hostile", &[("evil.md", &post)]);
    pages(&site, &[]);
    let text = std::fs::read_to_string(site.join("article/evil.html")).unwrap();
    let doc = Html::parse_document(&text);
    let title: String = doc.select(&sel("title")).flat_map(|t| t.text()).collect();
    assert_eq!(title, format!("{evil} · Broadsheet"));
    // Scripts: the shell's own and the JSON-LD blocks, nothing from the post.
    for s in doc.select(&sel("script")) {
        let ty = s.value().attr("type").unwrap_or("");
        let src = s.value().attr("src").unwrap_or("");
        assert!(
            ty == "application/ld+json" || !src.is_empty(),
            "an unexpected script: {}",
            s.html()
        );
    }
    let ld = json_ld(&doc);
    assert_eq!(ld[0]["headline"], evil);
    assert_eq!(
        ld[1]["itemListElement"][1]["name"],
        "</title><script>x()</script>"
    );
    assert!(
        !text.contains("alert(2)"),
        "the body's script is sanitized away"
    );
    assert_eq!(meta(&doc, "property", "article:tag"), "a\" onload=\"x()");
}

/// `href`s of the `<link rel=…>` in a document's head.
fn link_rel(doc: &Html, rel: &str) -> Option<String> {
    doc.select(&sel(&format!(r#"link[rel="{rel}"]"#)))
        .next()
        .and_then(|l| l.value().attr("href").map(str::to_owned))
}

#[test]
fn every_page_of_a_paged_list_is_written_and_chained() {
    // 30 more posts in one category and tag: the home list has 44 (3 pages of 20), the
    // category and the tag 2 pages each. And a category path whose levels read like a
    // page of another category's list.
    let posts: Vec<(String, String)> = (0..30)
        .map(|i| {
            (
                format!("paged-{i:02}.md"),
                format!(
                    "---\ntitle: Paged {i:02}\ndate: 2020-01-{:02}\ncategories: [Paged]\ntags: [many]\n---\nText {i}.\n",
                    i % 28 + 1
                ),
            )
        })
        .chain([(
            "tricky.md".to_owned(),
            "---\ntitle: Tricky\ndate: 2019-01-01\ncategories: [[Paged, page, '2']]\n---\nText.\n"
                .to_owned(),
        )])
        .collect();
    let extra: Vec<(&str, &str)> = posts
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    let site = built_site("pages-paged", &extra);
    pages(&site, &[]);

    let home = read(&site, "index.html");
    assert_eq!(link_rel(&home, "prev"), None);
    assert_eq!(
        link_rel(&home, "next").as_deref(),
        Some(&*format!("{BASE}page/2"))
    );
    let two = read(&site, "page/2.html");
    assert_eq!(
        link_rel(&two, "canonical").as_deref(),
        Some(&*format!("{BASE}page/2"))
    );
    assert_eq!(link_rel(&two, "prev").as_deref(), Some(BASE));
    assert_eq!(
        link_rel(&two, "next").as_deref(),
        Some(&*format!("{BASE}page/3"))
    );
    let three = read(&site, "page/3.html");
    assert_eq!(link_rel(&three, "next"), None);
    // The pages hold different cards: 20, 20, then the rest, and the pager links by path.
    let cards = |doc: &Html| doc.select(&sel("main article.bs-card")).count();
    assert_eq!(
        (cards(&home), cards(&two), cards(&three)),
        (20, 20, 45 - 40)
    );
    let pager: Vec<String> = two
        .select(&sel(".bs-pagination a[href]"))
        .filter_map(|a| a.value().attr("href").map(str::to_owned))
        .collect();
    assert!(pager.contains(&"/news/".to_owned()), "{pager:?}");
    assert!(pager.contains(&"/news/page/3".to_owned()), "{pager:?}");
    assert!(
        two.select(&sel(".bs-list[data-page=\"2\"]"))
            .next()
            .is_some(),
        "page 2 shows page 2"
    );

    for (file, prev) in [
        (
            "category/Paged/page/2.html",
            format!("{BASE}category/Paged"),
        ),
        ("tag/many/page/2.html", format!("{BASE}tag/many")),
        ("archive/2020/page/2.html", format!("{BASE}archive/2020")),
        (
            "archive/2020/01/page/2.html",
            format!("{BASE}archive/2020/01"),
        ),
    ] {
        let doc = read(&site, file);
        assert_eq!(link_rel(&doc, "prev"), Some(prev), "{file}");
        assert!(cards(&doc) > 0, "{file}");
    }
    // Paged › page › 2 is its own category (its link says %70age); its address is not
    // written over page 2 of Paged's list (which stays Paged's, with its 20-odd cards).
    let category = read(&site, "category/Paged/page/2.html");
    assert!(category
        .select(&sel("h1.bs-page-title"))
        .any(|h| h.text().collect::<String>() == "Paged"));
    let paged = read(&site, "category/Paged.html");
    assert!(paged
        .select(&sel("a[href=\"/news/category/Paged/%70age\"]"))
        .next()
        .is_some());
}
