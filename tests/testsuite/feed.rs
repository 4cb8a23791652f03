//! The Atom feed and sitemap (`core::feed`, `broadsheet feed`), read back with a real
//! XML parser (roxmltree) over the seed article, the real corpora and hostile input.

use crate::common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use broadsheet::core::article::read_post;
use broadsheet::core::catalog::Catalog;
use broadsheet::core::feed::{self, FeedOptions, SiteUrl, ATOM_NS, MEDIA_NS, SITEMAP_NS};
use broadsheet::core::urls::{encode_segment, percent_decode};
use roxmltree::{Document, Node};

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const SEED_PATH: &str = "news/000_0c883d887ca44e44.txt";
const SEED_TITLE: &str = "嘀嗒出行第三届全员安全大会明确2021安全工作重点";

fn site(url: &str) -> SiteUrl {
    SiteUrl::parse(url).unwrap()
}

fn seed_bytes() -> Vec<u8> {
    std::fs::read(common::shared().join("seed/000_0c883d887ca44e44.txt")).unwrap()
}

/// Catalog of `(path, bytes)` files plus each post's full-text content for the feed.
fn catalog_of(files: Vec<(String, Vec<u8>)>) -> (Catalog, Vec<(String, Vec<u8>)>) {
    (
        Catalog::build(files.clone(), "2026-01-02T03:04:05Z".into()),
        files,
    )
}

/// The feed with full content, rendered the way the CLI does.
fn atom_full(catalog: &Catalog, files: &[(String, Vec<u8>)], opts: &FeedOptions) -> String {
    feed::atom(catalog, opts, |a| {
        let (path, bytes) = files.iter().find(|(p, _)| *p == a.path)?;
        read_post(path, bytes)
            .ok()
            .map(|post| opts.content_html(&post))
    })
}

fn parse(xml: &str) -> Document<'_> {
    Document::parse(xml)
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{}", &xml[..xml.len().min(3000)]))
}

fn kids<'a, 'i>(
    n: Node<'a, 'i>,
    ns: &'a str,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    n.children().filter(move |c| {
        c.is_element() && c.tag_name().namespace() == Some(ns) && c.tag_name().name() == name
    })
}

fn kid<'a, 'i>(n: Node<'a, 'i>, name: &'a str) -> Node<'a, 'i> {
    kids(n, ATOM_NS, name)
        .next()
        .unwrap_or_else(|| panic!("no <{name}> in <{}>", n.tag_name().name()))
}

fn text<'a>(n: Node<'a, '_>, name: &'a str) -> String {
    kid(n, name).text().unwrap_or("").to_owned()
}

fn rfc3339(s: &str) -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s:?} is not RFC 3339: {e}"))
}

/// Checks what every Atom feed must have (RFC 4287) and returns its entries.
fn check_feed<'a, 'i>(doc: &'a Document<'i>, base: &str) -> Vec<Node<'a, 'i>> {
    let root = doc.root_element();
    assert_eq!(
        (root.tag_name().namespace(), root.tag_name().name()),
        (Some(ATOM_NS), "feed")
    );
    assert_eq!(text(root, "id"), format!("{base}atom.xml"));
    assert!(!text(root, "title").is_empty());
    rfc3339(&text(root, "updated"));
    let links: Vec<(Option<&str>, Option<&str>)> = kids(root, ATOM_NS, "link")
        .map(|l| (l.attribute("rel"), l.attribute("href")))
        .collect();
    assert!(
        links.contains(&(Some("self"), Some(&format!("{base}atom.xml")))),
        "{links:?}"
    );
    assert!(
        links.contains(&(Some("alternate"), Some(base))),
        "{links:?}"
    );
    assert!(!text(kid(root, "author"), "name").is_empty());
    assert_eq!(text(root, "generator"), "Broadsheet");
    let entries: Vec<Node<'_, '_>> = kids(root, ATOM_NS, "entry").collect();
    let mut ids = HashSet::new();
    let mut last: Option<chrono::DateTime<chrono::FixedOffset>> = None;
    let feed_updated = rfc3339(&text(root, "updated"));
    for e in &entries {
        let id = text(*e, "id");
        assert!(ids.insert(id.clone()), "duplicate id {id}");
        assert!(id.starts_with(&format!("{base}article/")), "{id}");
        let alt = kids(*e, ATOM_NS, "link")
            .find(|l| l.attribute("rel") == Some("alternate"))
            .expect("alternate link");
        assert_eq!(alt.attribute("href"), Some(id.as_str()));
        assert!(
            id.is_ascii() && !id.contains(' '),
            "address not percent-encoded: {id}"
        );
        assert!(!text(*e, "title").trim().is_empty());
        let published = rfc3339(&text(*e, "published"));
        let updated = rfc3339(&text(*e, "updated"));
        assert!(updated >= published && updated <= feed_updated);
        if let Some(prev) = last {
            assert!(published <= prev, "entries are newest first");
        }
        last = Some(published);
        if let Some(c) = kids(*e, ATOM_NS, "content").next() {
            assert_eq!(c.attribute("type"), Some("html"));
            assert_eq!(c.attribute((XML_NS, "base")), Some(id.as_str()));
            common::assert_inert(c.text().unwrap_or(""), &id);
        }
        for c in kids(*e, ATOM_NS, "category") {
            assert!(!c.attribute("term").unwrap_or("").is_empty());
            assert!(c.attribute("scheme").unwrap().starts_with(base));
        }
    }
    entries
}

fn sitemap_locs(xml: &str) -> Vec<(String, Option<String>)> {
    let doc = parse(xml);
    let root = doc.root_element();
    assert_eq!(
        (root.tag_name().namespace(), root.tag_name().name()),
        (Some(SITEMAP_NS), "urlset")
    );
    kids(root, SITEMAP_NS, "url")
        .map(|u| {
            let loc = kids(u, SITEMAP_NS, "loc")
                .next()
                .unwrap()
                .text()
                .unwrap()
                .to_owned();
            let lastmod = kids(u, SITEMAP_NS, "lastmod")
                .next()
                .map(|m| m.text().unwrap().to_owned());
            if let Some(m) = &lastmod {
                rfc3339(m);
            }
            (loc, lastmod)
        })
        .collect()
}

#[test]
fn the_seed_article_in_feed_and_sitemap() {
    let base = "https://you.github.io/repo/";
    let (catalog, files) = catalog_of(vec![(SEED_PATH.into(), seed_bytes())]);
    let opts = FeedOptions::new(site("https://you.github.io/repo"));
    let xml = atom_full(&catalog, &files, &opts);
    let doc = parse(&xml);
    let entries = check_feed(&doc, base);
    assert_eq!(entries.len(), 1);
    let root = doc.root_element();
    assert_eq!(text(root, "title"), "Broadsheet");
    assert_eq!(
        text(root, "updated"),
        "2021-04-30T21:34:00Z",
        "the newest entry's, not the build time"
    );

    let e = entries[0];
    let slug = &catalog.articles[0].slug;
    assert_eq!(slug, "000-0c883d887ca44e44");
    assert_eq!(text(e, "id"), format!("{base}article/000-0c883d887ca44e44"));
    assert_eq!(text(e, "title"), SEED_TITLE);
    // RFC 2822 in the post ("Fri, 30 Apr 2021 21:34:00 GMT") → RFC 3339.
    assert_eq!(text(e, "published"), "2021-04-30T21:34:00Z");
    assert_eq!(text(e, "updated"), "2021-04-30T21:34:00Z");
    let author = kid(e, "author");
    assert_eq!(text(author, "name"), "中证网");
    assert_eq!(
        text(author, "uri"),
        format!("{base}author/{}", encode_segment("中证网"))
    );
    let cats: Vec<(&str, &str, &str)> = kids(e, ATOM_NS, "category")
        .map(|c| {
            (
                c.attribute("term").unwrap(),
                c.attribute("label").unwrap(),
                c.attribute("scheme").unwrap(),
            )
        })
        .collect();
    let enc = |s: &str| encode_segment(s);
    assert_eq!(
        cats,
        [
            (
                "金融",
                "金融",
                format!("{base}category/{}", enc("金融")).as_str()
            ),
            (
                "中证网",
                "金融 › 中证网",
                format!("{base}category/{}/{}", enc("金融"), enc("中证网")).as_str()
            ),
            (
                "资讯",
                "金融 › 中证网 › 资讯",
                format!(
                    "{base}category/{}/{}/{}",
                    enc("金融"),
                    enc("中证网"),
                    enc("资讯")
                )
                .as_str()
            ),
        ]
    );
    assert_eq!(text(e, "summary"), catalog.articles[0].excerpt);
    assert!(text(e, "summary").starts_with("中证网讯（王珞）4月29日"));
    let content = text(e, "content");
    assert!(
        content.contains("安全始终是嘀嗒出行的红线和底线"),
        "{content}"
    );
    assert!(
        content.starts_with('<') && !content.contains("style="),
        "sanitized HTML: {content}"
    );
    let thumb = kids(e, MEDIA_NS, "thumbnail")
        .next()
        .expect("media:thumbnail");
    assert_eq!(
        thumb.attribute("url"),
        Some("https://picsum.photos/400/300?random=2132")
    );

    let sm = feed::sitemap(&catalog, &opts.site);
    assert_eq!(sm.files.len(), 1);
    assert_eq!(sm.files[0].0, "sitemap.xml");
    let locs = sitemap_locs(&sm.files[0].1);
    let cat = |p: &[&str]| {
        format!(
            "{base}category/{}",
            p.iter().map(|s| enc(s)).collect::<Vec<_>>().join("/")
        )
    };
    let expected: Vec<String> = vec![
        base.to_owned(),
        format!("{base}article/{slug}"),
        cat(&["金融"]),
        cat(&["金融", "中证网"]),
        cat(&["金融", "中证网", "资讯"]),
        format!("{base}authors"),
        format!("{base}author/{}", enc("中证网")),
        format!("{base}archive"),
        format!("{base}archive/2021"),
        format!("{base}archive/2021/04"),
    ];
    assert_eq!(
        locs.iter().map(|(l, _)| l.clone()).collect::<Vec<_>>(),
        expected
    );
    assert!(
        locs.iter()
            .all(|(_, m)| m.as_deref() == Some("2021-04-30T21:34:00Z")),
        "{locs:?}"
    );
    assert_eq!(sm.urls, expected.len());
}

/// Both real corpora: every dated article is an entry (limit 0), in catalog order, and
/// every address leads back to its article.
#[test]
fn real_corpora_give_valid_feeds_and_sitemaps() {
    for (corpus, count) in [("hexo-news-zh", 63), ("blog-en", 132)] {
        let files = common::read_tree(&common::shared().join("corpus").join(corpus), &["md"]);
        let (catalog, files) = catalog_of(files);
        assert_eq!(catalog.articles.len(), count, "{corpus}");
        let base = "https://example.org/sub/path/";
        let mut opts = FeedOptions::new(site(base));
        opts.limit = 0;
        opts.title = format!("{corpus} & friends");
        let xml = atom_full(&catalog, &files, &opts);
        let doc = parse(&xml);
        let entries = check_feed(&doc, base);
        assert_eq!(
            text(doc.root_element(), "title"),
            format!("{corpus} & friends")
        );
        let dated: Vec<_> = catalog
            .articles
            .iter()
            .filter(|a| a.timestamp().is_some())
            .collect();
        assert_eq!(entries.len(), dated.len(), "{corpus}");
        for (e, a) in entries.iter().zip(&dated) {
            assert_eq!(text(*e, "title"), a.title, "{corpus}");
            let id = text(*e, "id");
            let slug = percent_decode(id.strip_prefix(&format!("{base}article/")).unwrap());
            assert_eq!(slug, a.slug);
            let published = rfc3339(&text(*e, "published"));
            assert_eq!(published.timestamp(), a.timestamp().unwrap());
            assert!(
                kids(*e, ATOM_NS, "content").next().is_some(),
                "{corpus}: {id} has its body"
            );
            let cats: HashSet<&str> = kids(*e, ATOM_NS, "category")
                .filter_map(|c| c.attribute("term"))
                .collect();
            for t in &a.tags {
                assert!(cats.contains(t.as_str()), "{corpus}: tag {t} of {id}");
            }
            for p in &a.categories {
                for name in p {
                    assert!(
                        cats.contains(name.as_str()),
                        "{corpus}: category {name} of {id}"
                    );
                }
            }
            // Relative images and links in the body were made absolute.
            let content = text(*e, "content");
            for tag in common::start_tags(&content) {
                for (k, v) in &tag.attrs {
                    if k == "src" {
                        assert!(
                            v.starts_with("https://")
                                || v.starts_with("http://")
                                || v.starts_with("//"),
                            "{corpus}: {id}: src={v}"
                        );
                    }
                }
            }
        }
        if corpus == "blog-en" {
            // `thumbnail: '../thumbnails/git.png'` in a post at the top of the folder:
            // next to the articles folder, as the app shows it.
            let thumbs: Vec<&str> = entries
                .iter()
                .filter_map(|e| kids(*e, MEDIA_NS, "thumbnail").next()?.attribute("url"))
                .collect();
            assert!(
                thumbs.contains(&"https://example.org/sub/path/thumbnails/git.png"),
                "{thumbs:?}"
            );
        }

        // The default: the newest 20.
        let short = feed::atom(&catalog, &FeedOptions::new(site(base)), |_| None);
        let doc = parse(&short);
        let entries = check_feed(&doc, base);
        assert_eq!(entries.len(), 20.min(dated.len()));
        assert!(
            entries
                .iter()
                .all(|e| kids(*e, ATOM_NS, "content").next().is_none()),
            "summary only"
        );
        assert_eq!(
            text(doc.root_element(), "updated"),
            broadsheet::core::dates::to_rfc3339(
                &broadsheet::core::dates::parse_date(dated[0].date.as_deref().unwrap()).unwrap()
            )
        );

        let sm = feed::sitemap(&catalog, &site(base));
        assert!(sm.too_long.is_empty());
        let locs = sitemap_locs(&sm.files[0].1);
        let set: HashSet<&str> = locs.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(set.len(), locs.len(), "{corpus}: no address twice");
        for a in &catalog.articles {
            assert!(
                set.contains(format!("{base}article/{}", encode_segment(&a.slug)).as_str()),
                "{corpus}: {}",
                a.slug
            );
        }
        let mut nodes = 0;
        fn count_nodes(n: &[broadsheet::core::catalog::CategoryNode], c: &mut usize) {
            for x in n {
                *c += 1;
                count_nodes(&x.children, c);
            }
        }
        count_nodes(&catalog.category_tree(), &mut nodes);
        let tags = catalog.tags().len();
        let authors = catalog.authors().len();
        let archive: usize = catalog.archive().iter().map(|y| 1 + y.months.len()).sum();
        let expected = 1
            + catalog.articles.len()
            + nodes
            + if tags > 0 { 1 + tags } else { 0 }
            + if authors > 0 { 1 + authors } else { 0 }
            + if archive > 0 { 1 + archive } else { 0 };
        assert_eq!(locs.len(), expected, "{corpus}");
        for (loc, _) in &locs {
            assert!(loc.starts_with(base) && loc.is_ascii(), "{loc}");
        }
    }
}

/// A post whose every field is hostile: the XML stays well-formed and says what the
/// post says, minus the characters XML cannot carry.
#[test]
fn hostile_titles_and_names_stay_well_formed() {
    let post = "---\ntitle: \"<script>alert(1)</script> & ]]> \\\"q\\\" 'a' \\x01\\x0b\\x7f\\uFFFE end\"\ndate: 2024-05-06 07:08:09\ncategories: [\"A & B\", \"x/y <z>\"]\ntags: [\"<b>\", \"]]>\", \"c++\"]\nauthor: \"Eve \\\"<evil>\\\" & co\"\nexcerpt: \"<img src=x onerror=alert(1)> ]]> &amp;\"\n---\n<p>body <script>alert(2)</script><img src=\"rel.png\" onerror=\"alert(3)\"> ]]></p>\n";
    let files = vec![("hostile/x.md".to_owned(), post.as_bytes().to_vec())];
    let (mut catalog, files) = catalog_of(files);
    // Characters a front-matter parser might refuse, put straight into the catalog too
    // (a catalog may come from elsewhere).
    let mut raw = catalog.articles[0].clone();
    raw.slug = "raw".into();
    raw.title = "raw\u{0}\u{1}\u{8}\u{1b}[31m\u{fffe}\u{ffff}\u{85}\u{9c} <ok> & \r\n\ttab".into();
    raw.tags = vec!["t\u{2}ag".into()];
    catalog.articles.push(raw);
    let base = "https://x.example/";
    let mut opts = FeedOptions::new(site(base));
    opts.title = "My <feed> & \"co\" \u{1}".into();
    opts.subtitle = Some("]]> sub".into());
    let xml = atom_full(&catalog, &files, &opts);
    let doc = parse(&xml);
    let entries = check_feed(&doc, base);
    assert_eq!(entries.len(), 2);
    let root = doc.root_element();
    assert_eq!(text(root, "title"), "My <feed> & \"co\"");
    assert_eq!(text(root, "subtitle"), "]]> sub");

    let e = entries
        .iter()
        .find(|e| text(**e, "id") != format!("{base}article/raw"))
        .unwrap();
    let t = text(*e, "title");
    assert!(
        t.starts_with("<script>alert(1)</script> & ]]> \"q\" 'a' "),
        "{t:?}"
    );
    assert!(
        t.ends_with("end") && t.chars().all(feed::is_xml_char),
        "{t:?}"
    );
    assert_eq!(text(kid(*e, "author"), "name"), "Eve \"<evil>\" & co");
    let terms: Vec<&str> = kids(*e, ATOM_NS, "category")
        .map(|c| c.attribute("term").unwrap())
        .collect();
    assert_eq!(terms, ["A & B", "x/y <z>", "<b>", "]]>", "c++"]);
    let scheme = kids(*e, ATOM_NS, "category")
        .nth(1)
        .unwrap()
        .attribute("scheme")
        .unwrap();
    assert_eq!(
        scheme,
        format!("{base}category/A%20%26%20B/x%2Fy%20%3Cz%3E"),
        "one segment per level, '/' encoded"
    );
    let content = text(*e, "content");
    assert!(
        content.contains("]]&gt;") && !content.contains("script") && !content.contains("onerror"),
        "{content}"
    );
    assert!(
        content.contains("src=\"https://x.example/articles/hostile/rel.png\""),
        "{content}"
    );

    let r = entries
        .iter()
        .find(|e| text(**e, "id") == format!("{base}article/raw"))
        .unwrap();
    assert_eq!(
        text(*r, "title"),
        "raw[31m <ok> & \r\n\ttab",
        "controls dropped, CR kept as written"
    );
    assert_eq!(
        kids(*r, ATOM_NS, "category")
            .map(|c| c.attribute("term").unwrap())
            .last(),
        Some("tag")
    );

    for (name, xml) in feed::sitemap(&catalog, &opts.site).files {
        let locs = sitemap_locs(&xml);
        assert!(
            locs.iter().any(|(l, _)| l == &format!("{base}tag/%3Cb%3E")),
            "{name}: {locs:?}"
        );
        assert!(locs
            .iter()
            .any(|(l, _)| l == &format!("{base}author/Eve%20%22%3Cevil%3E%22%20%26%20co")));
    }
}

#[test]
fn undated_articles_stay_out_of_the_feed_and_updated_dates_count() {
    let files = vec![
        (
            "a.md".to_owned(),
            b"---\ntitle: Old\ndate: 2020-01-01\nupdated: 2023-03-03T10:00:00+02:00\n---\na"
                .to_vec(),
        ),
        (
            "b.md".to_owned(),
            b"---\ntitle: New\ndate: 2022-02-02\nupdated: 2021-01-01\n---\nb".to_vec(),
        ),
        ("c.md".to_owned(), b"---\ntitle: Undated\n---\nc".to_vec()),
        (
            "d.md".to_owned(),
            b"---\ntitle: Bad date\ndate: someday\n---\nd".to_vec(),
        ),
    ];
    let (catalog, _) = catalog_of(files);
    let base = "http://127.0.0.1:8080/";
    let opts = FeedOptions::new(site(base));
    let xml = feed::atom(&catalog, &opts, |_| None);
    let doc = parse(&xml);
    let entries = check_feed(&doc, base);
    let titles: Vec<String> = entries.iter().map(|e| text(*e, "title")).collect();
    assert_eq!(
        titles,
        ["New", "Old"],
        "newest first by date; undated left out"
    );
    assert_eq!(
        text(entries[0], "updated"),
        "2022-02-02T00:00:00Z",
        "an `updated` before the date is ignored"
    );
    assert_eq!(text(entries[1], "published"), "2020-01-01T00:00:00Z");
    assert_eq!(text(entries[1], "updated"), "2023-03-03T10:00:00+02:00");
    assert_eq!(
        text(doc.root_element(), "updated"),
        "2023-03-03T10:00:00+02:00",
        "the newest change"
    );
    // Twice the same input: the same bytes (nothing depends on the clock).
    assert_eq!(xml, feed::atom(&catalog, &opts, |_| None));

    let locs = sitemap_locs(&feed::sitemap(&catalog, &opts.site).files[0].1);
    let undated = locs
        .iter()
        .find(|(l, _)| l == &format!("{base}article/c"))
        .expect("undated in the sitemap");
    assert_eq!(undated.1, None);
    let old = locs
        .iter()
        .find(|(l, _)| l == &format!("{base}article/a"))
        .unwrap();
    assert_eq!(old.1.as_deref(), Some("2023-03-03T10:00:00+02:00"));

    // Nothing dated: the feed is valid and empty, dated by the catalog's generation.
    let (none, _) = catalog_of(vec![(
        "c.md".to_owned(),
        b"---\ntitle: Undated\n---\nc".to_vec(),
    )]);
    let xml = feed::atom(&none, &opts, |_| None);
    let doc = parse(&xml);
    assert!(check_feed(&doc, base).is_empty());
    assert_eq!(text(doc.root_element(), "updated"), "2026-01-02T03:04:05Z");
}

#[test]
fn limits_pick_the_newest() {
    let files: Vec<(String, Vec<u8>)> = (1..=30)
        .map(|d| {
            (
                format!("p{d:02}.md"),
                format!("---\ntitle: Day {d}\ndate: 2021-01-{d:02}\n---\nx").into_bytes(),
            )
        })
        .collect();
    let (catalog, _) = catalog_of(files);
    let base = "https://x.example/";
    for (limit, want) in [(1, 1), (5, 5), (20, 20), (0, 30), (100, 30)] {
        let mut opts = FeedOptions::new(site(base));
        opts.limit = limit;
        let xml = feed::atom(&catalog, &opts, |_| None);
        let doc = parse(&xml);
        let entries = check_feed(&doc, base);
        assert_eq!(entries.len(), want, "limit {limit}");
        assert_eq!(text(entries[0], "title"), "Day 30");
        assert_eq!(
            text(*entries.last().unwrap(), "title"),
            format!("Day {}", 31 - want)
        );
    }
}

/// Past the protocol's limits the sitemap becomes an index of parts that together list
/// exactly the same addresses.
#[test]
fn big_sitemaps_are_split_into_an_index_and_parts() {
    let files = common::read_tree(&common::shared().join("corpus/hexo-news-zh"), &["md"]);
    let (catalog, _) = catalog_of(files);
    let base = "https://x.example/news/";
    let whole = feed::sitemap(&catalog, &site(base));
    let all: Vec<(String, Option<String>)> = sitemap_locs(&whole.files[0].1);
    for (max_urls, max_bytes) in [(10, usize::MAX), (50_000, 8 * 1024)] {
        let split = feed::sitemap_with_limits(&catalog, &site(base), max_urls, max_bytes);
        assert!(split.files.len() > 2, "{max_urls}/{max_bytes}");
        let (name, index) = &split.files[0];
        assert_eq!(name, "sitemap.xml");
        let doc = parse(index);
        let root = doc.root_element();
        assert_eq!(
            (root.tag_name().namespace(), root.tag_name().name()),
            (Some(SITEMAP_NS), "sitemapindex")
        );
        let parts: Vec<String> = kids(root, SITEMAP_NS, "sitemap")
            .map(|s| {
                kids(s, SITEMAP_NS, "loc")
                    .next()
                    .unwrap()
                    .text()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(parts.len(), split.files.len() - 1);
        let mut joined = Vec::new();
        for (i, (name, xml)) in split.files[1..].iter().enumerate() {
            assert_eq!(name, &format!("sitemap-{}.xml", i + 1));
            assert!(feed::is_sitemap_part_name(name));
            assert_eq!(parts[i], format!("{base}{name}"));
            assert!(xml.len() <= max_bytes);
            let locs = sitemap_locs(xml);
            assert!(!locs.is_empty() && locs.len() <= max_urls);
            joined.extend(locs);
        }
        assert_eq!(joined, all);
    }
}

#[test]
fn addresses_too_long_for_a_sitemap_are_left_out() {
    // The longest slug kept (limits::MAX_SLUG_CHARS, 200 characters, 1,800 once
    // percent-encoded) under a deep site address.
    let long = "长".repeat(200);
    let post = format!("---\ntitle: t\nslug: {long}\ndate: 2021-01-01\n---\nx");
    let (catalog, _) = catalog_of(vec![("a.md".into(), post.into_bytes())]);
    let deep = format!("https://x.example/{}/", "b".repeat(300));
    let sm = feed::sitemap(&catalog, &site(&deep));
    assert_eq!(sm.too_long.len(), 1);
    assert!(sm.too_long[0].len() > 2047);
    assert!(sitemap_locs(&sm.files[0].1)
        .iter()
        .all(|(l, _)| l.len() <= 2047));
    // The feed has no such limit: the entry is there.
    let doc_xml = feed::atom(
        &catalog,
        &FeedOptions::new(site("https://x.example/")),
        |_| None,
    );
    assert_eq!(check_feed(&parse(&doc_xml), "https://x.example/").len(), 1);
}

// ---------------------------------------------------------------- the CLI

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("broadsheet-feed-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = bin().arg("feed").args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn cli_writes_feed_sitemap_and_robots_and_reports_bad_files() {
    let posts = temp_dir("posts");
    let out = temp_dir("out");
    std::fs::create_dir_all(posts.join("news")).unwrap();
    std::fs::write(posts.join(SEED_PATH), seed_bytes()).unwrap();
    std::fs::write(posts.join("broken.md"), "---\ntitle: [oops\n---\n").unwrap();
    std::fs::write(posts.join("empty.md"), "").unwrap();
    std::fs::write(posts.join("undated.md"), "---\ntitle: No date\n---\nhello").unwrap();
    std::fs::write(out.join("sitemap-7.xml"), "stale").unwrap();
    let (code, stdout, stderr) = run(&[
        posts.as_os_str(),
        "--base-url".as_ref(),
        "https://news.example".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--robots".as_ref(),
        "--title".as_ref(),
        "Daily & <News>".as_ref(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("1 of 2 articles in the feed (full text), 1 undated left out"),
        "{stdout}"
    );
    assert!(
        stderr.contains("broken.md: invalid front matter"),
        "{stderr}"
    );
    assert!(stderr.contains("empty.md: the file is empty"), "{stderr}");

    let xml = read(&out.join("atom.xml"));
    let doc = parse(&xml);
    let entries = check_feed(&doc, "https://news.example/");
    assert_eq!(text(doc.root_element(), "title"), "Daily & <News>");
    assert_eq!(entries.len(), 1);
    assert_eq!(text(entries[0], "title"), SEED_TITLE);
    assert!(text(entries[0], "content").contains("安全始终是嘀嗒出行的红线和底线"));
    let locs = sitemap_locs(&read(&out.join("sitemap.xml")));
    assert!(
        locs.iter()
            .any(|(l, m)| l == "https://news.example/article/undated" && m.is_none()),
        "{locs:?}"
    );
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nAllow: /\n\nSitemap: https://news.example/sitemap.xml\n"
    );
    assert!(
        !out.join("sitemap-7.xml").exists(),
        "a stale part is removed"
    );
    assert!(!posts.join("atom.xml").exists());

    // Default --out: the current folder. Summaries only; no robots.txt under a sub-path.
    let here = temp_dir("cwd");
    let res = bin()
        .current_dir(&here)
        .arg("feed")
        .arg(&posts)
        .args([
            "--base-url",
            "https://you.github.io/repo",
            "--content",
            "summary",
            "--robots",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&res.stdout),
        String::from_utf8_lossy(&res.stderr),
    );
    assert!(res.status.success(), "{stderr}");
    assert!(stdout.contains("(summaries)"), "{stdout}");
    assert!(stderr.contains("no robots.txt"), "{stderr}");
    assert!(!here.join("robots.txt").exists() && !posts.join("atom.xml").exists());
    let xml = read(&here.join("atom.xml"));
    // robots.txt is never written into the posts folder (it would be read as a post).
    let (code, _, stderr) = run(&[
        posts.as_os_str(),
        "--base-url".as_ref(),
        "https://news.example/".as_ref(),
        "--out".as_ref(),
        posts.as_os_str(),
        "--robots".as_ref(),
    ]);
    assert_eq!(code, 0);
    assert!(stderr.contains("read as a post"), "{stderr}");
    assert!(!posts.join("robots.txt").exists() && posts.join("atom.xml").exists());
    let doc = parse(&xml);
    let entries = check_feed(&doc, "https://you.github.io/repo/");
    assert!(kids(entries[0], ATOM_NS, "content").next().is_none());
    assert!(kids(entries[0], ATOM_NS, "summary").next().is_some());
}

#[test]
fn cli_refuses_a_bad_base_url_before_writing_anything() {
    let posts = temp_dir("badurl");
    std::fs::write(
        posts.join("a.md"),
        "---\ntitle: A\ndate: 2020-01-01\n---\nx",
    )
    .unwrap();
    for bad in [
        "example.com/blog",
        "ftp://example.com/",
        "https://u:p@example.com/",
        "/repo/",
        "",
    ] {
        let (code, stdout, stderr) = run(&[
            posts.as_os_str(),
            "--base-url".as_ref(),
            bad.as_ref(),
            "--out".as_ref(),
            posts.as_os_str(),
        ]);
        assert_eq!(code, 2, "{bad:?}: {stdout}");
        assert!(
            stderr.starts_with("error: --base-url: "),
            "{bad:?}: {stderr}"
        );
        assert!(!posts.join("atom.xml").exists() && !posts.join("sitemap.xml").exists());
    }
    let out = bin().arg("feed").arg(&posts).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "--base-url is required");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--base-url"));
    let (code, _, stderr) = run(&[
        "/definitely/not/here".as_ref(),
        "--base-url".as_ref(),
        "https://x.example/".as_ref(),
    ]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read /definitely/not/here"),
        "{stderr}"
    );
}

#[test]
fn cli_over_the_chinese_corpus() {
    let out = temp_dir("zh");
    let posts = common::shared().join("corpus/hexo-news-zh");
    let (code, stdout, stderr) = run(&[
        posts.as_os_str(),
        "--base-url".as_ref(),
        "https://you.github.io/news/".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
        "--limit".as_ref(),
        "0".as_ref(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("63 of 63 articles in the feed"),
        "{stdout}"
    );
    let xml = read(&out.join("atom.xml"));
    assert_eq!(
        check_feed(&parse(&xml), "https://you.github.io/news/").len(),
        63
    );
    // The same run twice writes the same bytes.
    let again = temp_dir("zh2");
    let (code, _, _) = run(&[
        posts.as_os_str(),
        "--base-url".as_ref(),
        "https://you.github.io/news/".as_ref(),
        "--out".as_ref(),
        again.as_os_str(),
        "--limit".as_ref(),
        "0".as_ref(),
    ]);
    assert_eq!(code, 0);
    assert_eq!(xml, read(&again.join("atom.xml")));
    assert_eq!(
        read(&out.join("sitemap.xml")),
        read(&again.join("sitemap.xml"))
    );
}

#[test]
fn cli_help_documents_the_command() {
    let out = bin().args(["feed", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for needle in [
        "POSTS_DIR",
        "--base-url",
        "--out",
        "--limit",
        "--title",
        "--content",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(text.contains(needle), "help lacks {needle}: {text}");
    }
}
