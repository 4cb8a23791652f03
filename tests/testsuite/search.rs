//! Search over the real corpora (`../shared/corpus`, `../shared/seed`): tokenizing,
//! exact CJK matching (checked against a brute-force substring scan), phrases,
//! exclusions, prefixes, typos, ranking, facets, URL state and the index file format.

use crate::common;

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use broadsheet::core::article::{read_post, Article};
use broadsheet::core::catalog::{Catalog, CategoryNode};
use broadsheet::core::search::normalize::fold;
use broadsheet::core::search::tokenize::{tokens, TokenKind};
use broadsheet::core::search::{
    highlight, snippet, Filters, Query, SearchIndex, SearchIndexBuilder, SearchState, Sort,
    SNIPPET_CHARS,
};
use proptest::prelude::*;

const SEED_SLUG_TITLE: &str = "嘀嗒出行第三届全员安全大会明确2021安全工作重点";

/// The corpus: catalog, each article's body text (same order), and the index.
struct Corpus {
    catalog: Catalog,
    bodies: Vec<String>,
    index: SearchIndex,
}

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let shared = common::shared();
        let mut files = Vec::new();
        for (dir, prefix) in [
            ("corpus/hexo-news-zh", "zh/"),
            ("corpus/blog-en", "en/"),
            ("seed", "seed/"),
        ] {
            for (path, bytes) in common::read_tree(&shared.join(dir), &["md", "txt"]) {
                files.push((format!("{prefix}{path}"), bytes));
            }
        }
        let by_path: HashMap<String, Vec<u8>> = files.iter().cloned().collect();
        let catalog = Catalog::build(files, String::new());
        let bodies: Vec<String> = catalog
            .articles
            .iter()
            .map(|a| {
                let post = read_post(&a.path, &by_path[&a.path]).expect("catalog articles read");
                post.render(&a.path).text
            })
            .collect();
        let mut b = SearchIndexBuilder::default();
        for (a, body) in catalog.articles.iter().zip(&bodies) {
            b.add(a, Some(body));
        }
        Corpus {
            index: b.finish(),
            catalog,
            bodies,
        }
    })
}

fn titles(c: &Corpus, docs: impl IntoIterator<Item = usize>) -> Vec<String> {
    docs.into_iter()
        .map(|d| c.catalog.articles[d].title.clone())
        .collect()
}

fn search_titles(q: &str) -> Vec<String> {
    let c = corpus();
    let r = c.index.search(&Query::parse(q), Sort::Relevance, 0, 1000);
    titles(c, r.hits.iter().map(|h| h.doc))
}

/// Every searchable text of an article, one per field value (matches never span two).
fn field_texts<'a>(a: &'a Article, body: &'a str) -> Vec<&'a str> {
    let mut v = vec![a.title.as_str(), a.excerpt.as_str(), body];
    v.extend(a.tags.iter().map(String::as_str));
    v.extend(a.categories.iter().flatten().map(String::as_str));
    v.extend(a.author.as_deref());
    v
}

/// Ground truth: docs whose folded text contains the folded query as a substring.
fn brute_force(q: &str) -> BTreeSet<usize> {
    let c = corpus();
    let q = fold(q);
    c.catalog
        .articles
        .iter()
        .zip(&c.bodies)
        .enumerate()
        .filter(|(_, (a, body))| field_texts(a, body).iter().any(|t| fold(t).contains(&q)))
        .map(|(i, _)| i)
        .collect()
}

fn found(q: &str) -> BTreeSet<usize> {
    corpus()
        .index
        .matching_docs(&Query::parse(q))
        .into_iter()
        .collect()
}

#[test]
fn tokenizes_real_chinese_and_english() {
    let c = corpus();
    let zh = c
        .catalog
        .articles
        .iter()
        .find(|a| a.title.contains("中国投资者情绪指数"))
        .expect("article present");
    let toks = tokens(&zh.title);
    assert!(toks
        .iter()
        .any(|t| t.kind == TokenKind::Word && t.text == "10"));
    let cjk: String = toks
        .iter()
        .filter(|t| t.kind == TokenKind::Cjk)
        .map(|t| t.text.as_str())
        .collect();
    assert!(cjk.contains("中国投资者情绪指数"), "{cjk}");

    let en = c
        .catalog
        .articles
        .iter()
        .find(|a| a.title == "Understanding Variables, Scope and Hoisting in JavaScript")
        .unwrap();
    let words: Vec<String> = tokens(&en.title).into_iter().map(|t| t.text).collect();
    assert_eq!(
        words,
        [
            "understanding",
            "variables",
            "scope",
            "and",
            "hoisting",
            "in",
            "javascript"
        ]
    );
}

#[test]
fn cjk_substring_finds_title() {
    let hits = search_titles("投资者情绪");
    assert!(
        hits.first()
            .is_some_and(|t| t.contains("中国投资者情绪指数")),
        "{hits:?}"
    );
    // Mid-word pieces and single characters work too.
    assert!(search_titles("资者情")
        .iter()
        .any(|t| t.contains("中国投资者情绪指数")));
    assert!(search_titles("绪")
        .iter()
        .any(|t| t.contains("中国投资者情绪指数")));
}

#[test]
fn seed_found_by_anquan_with_highlight() {
    let c = corpus();
    let q = Query::parse("安全");
    let r = c.index.search(&q, Sort::Relevance, 0, 1000);
    let seed = r
        .hits
        .iter()
        .find(|h| c.catalog.articles[h.doc].title == SEED_SLUG_TITLE)
        .expect("seed found");
    let segs = highlight(&c.catalog.articles[seed.doc].title, &q);
    assert_eq!(
        segs.iter()
            .filter(|s| s.is_match)
            .map(|s| s.text)
            .collect::<Vec<_>>(),
        ["安全", "安全"]
    );
    // A title match ranks the seed near the top.
    assert!(r.hits.iter().position(|h| h.doc == seed.doc).unwrap() < 3);
    let snip = snippet(&c.bodies[seed.doc], &q, SNIPPET_CHARS);
    assert!(snip.iter().any(|s| s.is_match && s.text == "安全"));
}

#[test]
fn cjk_recall_equals_brute_force_substring_scan() {
    let c = corpus();
    // Deterministic substrings of real text: 1–5 characters from every 7th article.
    let mut queries: Vec<String> = Vec::new();
    for (i, body) in c.bodies.iter().enumerate().step_by(2) {
        let chars: Vec<char> = body
            .chars()
            .filter(|&ch| broadsheet::core::text::is_cjk(ch))
            .collect();
        if chars.len() < 40 {
            continue;
        }
        for len in 1..=5 {
            let at = (i * 31 + len * 17) % (chars.len() - len);
            // Only characters that are adjacent in the text (a real substring).
            let q: String = chars[at..at + len].iter().collect();
            if body.contains(&q) {
                queries.push(q);
            }
        }
    }
    queries.extend(
        [
            "投资者情绪",
            "段简",
            "中证网",
            "同比增长",
            "人民币兑美元",
            "国债期货",
            "嘀嗒出行",
        ]
        .map(String::from),
    );
    assert!(queries.len() > 40, "{}", queries.len());
    for q in &queries {
        assert_eq!(found(q), brute_force(q), "query {q:?}");
    }
}

#[test]
fn no_hit_queries_return_nothing() {
    for q in [
        "量子纠缠态",
        "投资者情绪指数大跌",
        "嘀嗒出行火星",
        "xyzzyplugh",
        "情绪投资者",
        "中国 量子纠缠",
    ] {
        assert!(
            brute_force(q).is_empty() || q.contains(' '),
            "{q} is not a no-hit query"
        );
        assert!(
            found(q).is_empty(),
            "{q} found {:?}",
            titles(corpus(), found(q))
        );
    }
}

#[test]
fn phrases_and_exclusions() {
    let c = corpus();
    let phrase = found("\"virtual hosts\"");
    assert!(!phrase.is_empty());
    for &d in &phrase {
        let a = &c.catalog.articles[d];
        let hay = fold(&field_texts(a, &c.bodies[d]).join("\n"));
        assert!(hay.contains("virtual host"), "{}", a.title);
    }
    // The words apart match more than the phrase.
    assert!(found("virtual hosts ").len() >= phrase.len());
    // Exclusion removes exactly the excluded matches.
    let js = found("javascript ");
    let no_react = found("javascript -react");
    let react = found("\"react\"");
    assert!(!no_react.is_empty() && no_react.len() < js.len());
    assert!(no_react.iter().all(|d| !react.contains(d)));
    // Excluding a CJK word.
    let all = found("资讯");
    let excluded = found("资讯 -中证网");
    assert!(excluded.len() < all.len());
    assert!(excluded.iter().all(|d| !brute_force("中证网").contains(d)));
}

#[test]
fn prefix_while_typing() {
    let done = search_titles("postgresql ");
    assert!(!done.is_empty());
    let typing = search_titles("postgr");
    for t in &done {
        assert!(typing.contains(t), "{t} missing for prefix");
    }
    // Not a prefix once the word is finished (trailing space).
    assert!(found("postgr ").is_empty());
}

/// A prefix that matches more words than a search expands it to says so (and which
/// prefix); one that matches few does not: the results are then every article with a
/// matching word.
#[test]
fn a_prefix_cut_to_its_most_frequent_completions_says_so() {
    let c = corpus();
    let search = |q: &str| c.index.search(&Query::parse(q), Sort::Relevance, 0, 20);
    assert_eq!(search("c").cut_prefix.as_deref(), Some("c"));
    assert_eq!(search("co").cut_prefix.as_deref(), Some("co"));
    assert_eq!(search("postgr").cut_prefix, None);
    // Finished words are not prefixes.
    assert_eq!(search("c ").cut_prefix, None);
    // Not cut: every article with a word starting so is found (against a scan of the
    // dictionary words of each article's own text).
    let typing = found("postgr");
    let scan: BTreeSet<usize> = (0..c.catalog.articles.len())
        .filter(|&d| {
            field_texts(&c.catalog.articles[d], &c.bodies[d])
                .iter()
                .any(|t| {
                    t.to_lowercase()
                        .split(|ch: char| !ch.is_alphanumeric())
                        .any(|w| w.starts_with("postgr"))
                })
        })
        .collect();
    assert_eq!(typing, scan);
}

#[test]
fn typo_tolerance_for_long_words() {
    let exact = found("javascript ");
    let typo = found("javascrpt ");
    assert!(!typo.is_empty());
    assert!(exact.is_subset(&typo) || typo.is_subset(&exact));
    // Short words are not fuzzed.
    assert!(found("crom ").is_empty());
}

#[test]
fn title_match_ranks_above_body_only_match() {
    let c = corpus();
    let r = c
        .index
        .search(&Query::parse("cron "), Sort::Relevance, 0, 100);
    assert!(r.hits.len() > 1, "cron should also occur in bodies");
    assert_eq!(
        c.catalog.articles[r.hits[0].doc].title,
        "Setting Up a Basic Cron Job in Linux"
    );
    // Every article with "cron" in its title ranks above every body-only match.
    let in_title: Vec<bool> = r
        .hits
        .iter()
        .map(|h| {
            tokens(&c.catalog.articles[h.doc].title)
                .iter()
                .any(|t| t.text == "cron")
        })
        .collect();
    let first_body_only = in_title
        .iter()
        .position(|t| !t)
        .expect("body-only matches exist");
    assert!(
        in_title[first_body_only..].iter().all(|t| !t),
        "{:?}",
        titles(c, r.hits.iter().map(|h| h.doc))
    );
    // Newest first for equal scores: browsing lists newest first.
    let browse = c.index.search(&Query::default(), Sort::Relevance, 0, 5);
    let dates: Vec<i64> = browse
        .hits
        .iter()
        .filter_map(|h| c.catalog.articles[h.doc].timestamp())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]));
}

#[test]
fn facets_count_live_over_query_and_other_filters() {
    let c = corpus();
    let q = Query::parse("同比");
    let r = c.index.search(&q, Sort::Relevance, 0, 10);
    let matched: Vec<&Article> = c
        .index
        .matching_docs(&q)
        .into_iter()
        .map(|d| &c.catalog.articles[d])
        .collect();
    assert_eq!(r.total, matched.len());
    // Hierarchical counts, each article once per node.
    let expected = broadsheet::core::catalog::category_tree(
        &matched.iter().map(|a| (*a).clone()).collect::<Vec<_>>(),
    );
    assert_eq!(r.facets.categories, expected);
    let jr = CategoryNode::find(&r.facets.categories, &["金融".to_string()]).expect("金融 present");
    assert_eq!(
        jr.count,
        matched
            .iter()
            .filter(|a| a.categories.iter().any(|p| p[0] == "金融"))
            .count()
    );

    // With a category filter: results narrow, the category facet itself does not.
    let filters = Filters {
        category: vec!["金融".into(), "中证网".into()],
        ..Filters::default()
    };
    let fq = Query::with_filters("同比", filters);
    let fr = c.index.search(&fq, Sort::Newest, 0, 100);
    let zz = CategoryNode::find(&r.facets.categories, &["金融".into(), "中证网".into()])
        .unwrap()
        .count;
    assert_eq!(fr.total, zz);
    assert_eq!(fr.facets.categories, r.facets.categories);
    let author_total: usize = fr.facets.authors.iter().map(|f| f.count).sum();
    assert_eq!(
        author_total,
        fr.hits
            .iter()
            .filter(|h| c.catalog.articles[h.doc].author.is_some())
            .count()
    );
    // Year/month counts reflect the filtered results.
    let year_total: usize = fr.facets.years.iter().map(|y| y.count).sum();
    assert_eq!(
        year_total,
        fr.hits
            .iter()
            .filter(|h| c.catalog.articles[h.doc].date.is_some())
            .count()
    );
    // Newest first.
    let ts: Vec<i64> = fr
        .hits
        .iter()
        .filter_map(|h| c.catalog.articles[h.doc].timestamp())
        .collect();
    assert!(ts.windows(2).all(|w| w[0] >= w[1]));

    // Year + month filter.
    let y = fr.facets.years[0].year;
    let m = fr.facets.years[0].months[0].month;
    let ym = Query::with_filters(
        "同比",
        Filters {
            year: Some(y),
            month: Some(m),
            ..Filters::default()
        },
    );
    assert_eq!(c.index.search(&ym, Sort::Oldest, 0, 100).total, {
        let all = c.index.search(&Query::parse("同比"), Sort::Relevance, 0, 0);
        all.facets
            .years
            .iter()
            .find(|b| b.year == y)
            .unwrap()
            .months
            .iter()
            .find(|b| b.month == m)
            .unwrap()
            .count
    });
    // A filter on an unknown value matches nothing (it is not ignored).
    let none = Query::with_filters(
        "",
        Filters {
            tag: Some("no such tag".into()),
            ..Filters::default()
        },
    );
    assert_eq!(c.index.search(&none, Sort::Relevance, 0, 10).total, 0);
}

#[test]
fn paging_is_consistent() {
    let c = corpus();
    let q = Query::parse("the");
    let all = c.index.search(&q, Sort::Relevance, 0, 10_000);
    let p2 = c.index.search(&q, Sort::Relevance, 10, 10);
    assert_eq!(p2.hits, all.hits[10..20]);
    assert!(c
        .index
        .search(&q, Sort::Relevance, usize::MAX, usize::MAX)
        .hits
        .is_empty());
    // Without facets: the same hits, no counts.
    let ranked = c.index.search_ranked(&q, Sort::Relevance, 10, 10);
    assert_eq!((ranked.hits, ranked.total), (p2.hits, p2.total));
    assert!(ranked.facets.tags.is_empty() && ranked.facets.categories.is_empty());
}

#[test]
fn url_state_round_trips() {
    let st = SearchState {
        q: "投资者情绪 \"exact phrase\" -广告 a+b&c=d#e".into(),
        category: vec!["金融".into(), "中证网".into(), "a/b".into()],
        tag: Some("C++".into()),
        author: Some("中证网".into()),
        year: Some(2021),
        month: Some(4),
        sort: Sort::Oldest,
        page: 3,
    };
    let s = st.to_query_string();
    assert!(s.starts_with("q=%E6%8A%95"), "{s}");
    assert!(
        s.contains("cat=%E9%87%91%E8%9E%8D&cat=%E4%B8%AD%E8%AF%81%E7%BD%91&cat=a%2Fb"),
        "{s}"
    );
    assert_eq!(SearchState::from_query_string(&s), st);
    // A hand-written path, and a lone segment holding a `/` (kept whole).
    assert_eq!(
        SearchState::from_query_string("cat=金融/中证网").category,
        ["金融", "中证网"]
    );
    let lone = SearchState {
        category: vec!["a/b".into()],
        ..SearchState::default()
    };
    assert_eq!(
        SearchState::from_query_string(&lone.to_query_string()),
        lone
    );
    assert_eq!(SearchState::from_query_string(&format!("?{s}")), st);
    assert_eq!(SearchState::default().to_query_string(), "");
    assert_eq!(
        SearchState::from_query_string("?page=0&y=abc&m=13&sort=wat&q=%ZZ&&=&x"),
        SearchState {
            q: "%ZZ".into(),
            ..SearchState::default()
        }
    );
    // The query built from the state carries its filters.
    let q = st.query();
    assert_eq!(q.filters.category.len(), 3);
    assert_eq!(q.excluded.len(), 1);
}

#[test]
fn index_bytes_and_shards_round_trip() {
    let c = corpus();
    let bytes = c.index.to_bytes();
    let back = SearchIndex::from_bytes(&bytes, &c.catalog.articles).expect("reads back");
    assert_eq!(back, c.index);
    // An index file only fits the catalog it was built from.
    let mut other = c.catalog.articles.clone();
    other.swap(0, 1);
    assert!(SearchIndex::from_bytes(&bytes, &other).is_err());
    assert!(SearchIndex::from_bytes(&bytes, &c.catalog.articles[1..]).is_err());

    let files = c.index.to_split_files(8);
    assert_eq!(files.shards.len(), 8);
    // The base holds no terms: small next to the shards.
    let shard_bytes: usize = files.shards.iter().map(Vec::len).sum();
    assert!(
        files.base.len() * 8 < shard_bytes,
        "base {} vs shards {shard_bytes}",
        files.base.len()
    );
    let mut split = SearchIndex::from_bytes(&files.base, &c.catalog.articles).expect("base reads");
    // Nothing is searchable before its shard arrives, titles included.
    let title_q = Query::parse(&c.catalog.articles[0].title);
    assert!(!split.missing_shards(&title_q).is_empty());
    let q = Query::parse("投资者情绪 指数");
    let partial = split.search(&q, Sort::Relevance, 0, 50);
    assert!(!partial.complete);
    let need = split.missing_shards(&q);
    assert!(!need.is_empty() && need.len() <= 3, "{need:?}");
    for &i in &need {
        assert_eq!(split.load_shard(&files.shards[i]), Ok(i));
    }
    assert!(split.missing_shards(&q).is_empty());
    let full = c.index.search(&q, Sort::Relevance, 0, 50);
    let loaded = split.search(&q, Sort::Relevance, 0, 50);
    assert!(loaded.complete);
    assert_eq!(loaded.hits, full.hits);
    // All shards loaded: identical to the original, and re-splittable.
    for s in &files.shards {
        split.load_shard(s).unwrap();
    }
    assert_eq!(split.to_split_files(8), files);
    // A shard of another build is refused.
    let other_build = c.index.to_split_files(5);
    assert!(split.load_shard(&other_build.shards[0]).is_err());
    for q in [
        "javascript",
        "安全",
        "\"virtual hosts\"",
        "postgr",
        "资者情",
    ] {
        let q = Query::parse(q);
        assert_eq!(
            split.search(&q, Sort::Relevance, 0, 20),
            c.index.search(&q, Sort::Relevance, 0, 20)
        );
    }
}

/// Every query kind, sort and filter, for comparing two indexes of the same articles.
fn sample_searches(c: &Corpus) -> Vec<(Query, Sort)> {
    let a = c
        .catalog
        .articles
        .iter()
        .find(|a| a.categories.iter().any(|p| p.len() >= 2) && !a.tags.is_empty())
        .expect("an article with a sub-category and tags");
    let ym = a
        .date
        .as_deref()
        .and_then(|d| d.get(..7))
        .unwrap_or("2021-01")
        .to_owned();
    let (y, m) = ym.split_once('-').unwrap();
    let mut queries = Vec::new();
    for text in [
        "javascript",
        "安全",
        "\"virtual hosts\"",
        "postgr",
        "资者情",
        "the -css",
        "",
    ] {
        for sort in [Sort::Relevance, Sort::Newest, Sort::Oldest] {
            queries.push((Query::parse(text), sort));
        }
        let mut filtered = Filters {
            category: a.categories[0][..2].to_vec(),
            ..Filters::default()
        };
        queries.push((Query::with_filters(text, filtered.clone()), Sort::Relevance));
        filtered.tag = Some(a.tags[0].clone());
        queries.push((Query::with_filters(text, filtered), Sort::Newest));
        let by_author = Filters {
            author: a.author.clone(),
            year: y.parse().ok(),
            month: m.parse().ok(),
            ..Filters::default()
        };
        queries.push((Query::with_filters(text, by_author), Sort::Oldest));
    }
    queries
}

#[test]
fn an_index_read_without_its_catalog_answers_the_same() {
    let c = corpus();
    let files = c.index.to_split_files(8);
    let mut alone = SearchIndex::from_base(&files.base).expect("a version 3 base reads alone");
    assert_eq!(alone.len(), c.catalog.articles.len());
    assert_eq!(alone.slug(0), None, "no slugs without the catalog");
    for s in &files.shards {
        alone.load_shard(s).unwrap();
    }
    assert!(!alone.has_facet_columns());
    // Ranking and date sorting need only the base: the same pages, without facets.
    for (q, sort) in sample_searches(c)
        .into_iter()
        .filter(|(q, _)| q.filters.is_empty())
    {
        let want = c.index.search(&q, sort, 0, 30);
        let got = alone.search(&q, sort, 0, 30);
        assert_eq!(
            (got.hits, got.total),
            (want.hits, want.total),
            "{q:?} {sort:?}"
        );
        assert_eq!(got.facets, Default::default());
    }
    // With the facet columns: identical answers, filters and facet counts included.
    let columns = c.index.facet_columns();
    alone.load_facet_columns(&columns).expect("columns load");
    assert!(alone.has_facet_columns());
    for (q, sort) in sample_searches(c) {
        assert_eq!(
            alone.search(&q, sort, 0, 30),
            c.index.search(&q, sort, 0, 30),
            "{q:?} {sort:?}"
        );
    }
    let total = |i: &SearchIndex, q: &Query| i.search(q, Sort::Newest, 0, 1).total;
    assert!(sample_searches(c)
        .iter()
        .any(|(q, _)| !q.filters.is_empty() && total(&alone, q) > 0));

    // Columns of other articles, or damaged, are refused and change nothing.
    let other = SearchIndex::from_articles(&c.catalog.articles[1..]).facet_columns();
    let mut fresh = SearchIndex::from_base(&files.base).unwrap();
    assert!(fresh.load_facet_columns(&other).is_err());
    for cut in [5, columns.len() / 2, columns.len() - 1] {
        assert!(
            fresh.load_facet_columns(&columns[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    assert!(!fresh.has_facet_columns());
    // A base that belongs to no catalog has no meaning alone before version 3.
    let mut v2 = files.base.clone();
    v2[4] = 2;
    assert!(SearchIndex::from_base(&v2).is_err());

    // Documents in another order than newest first keep their date order too.
    let mut shuffled = c.catalog.articles.clone();
    shuffled.reverse();
    let mut b = SearchIndexBuilder::default();
    for a in &shuffled {
        b.add(a, None);
    }
    let reversed = b.finish();
    let read = SearchIndex::from_base(&reversed.to_bytes()).unwrap();
    for sort in [Sort::Newest, Sort::Oldest] {
        let q = Query::parse("");
        assert_eq!(
            read.search(&q, sort, 0, 200).hits,
            reversed.search(&q, sort, 0, 200).hits
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_query_string_never_panics(q in "\\PC{0,40}", mixed in "[a-z中国投资者情绪 \"\\-]{0,24}") {
        let c = corpus();
        for text in [&q, &mixed] {
            let query = Query::parse(text);
            let r = c.index.search(&query, Sort::Relevance, 0, 10);
            prop_assert!(r.hits.len() <= 10);
            for h in &r.hits {
                let _ = highlight(&c.catalog.articles[h.doc].title, &query);
                let _ = snippet(&c.bodies[h.doc], &query, SNIPPET_CHARS);
            }
            let _ = highlight(text, &query);
            let _ = snippet(text, &query, 7);
        }
    }

    #[test]
    fn url_parsing_never_panics_and_is_stable(s in "\\PC{0,80}", t in "[a-z0-9=&%/+?#中]{0,60}") {
        for input in [&s, &t] {
            let st = SearchState::from_query_string(input);
            prop_assert_eq!(SearchState::from_query_string(&st.to_query_string()), st);
        }
    }

    #[test]
    fn index_decoding_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let mut with_magic = b"BSIX\x02".to_vec();
        with_magic.extend(&bytes);
        let _ = SearchIndex::from_bytes(&bytes, &[]);
        let _ = SearchIndex::from_bytes(&with_magic, &[]);
        let mut shard = b"BSSH\x02\x00".to_vec();
        shard.extend(&bytes);
        let _ = SearchIndex::default().load_shard(&shard);
        let mut v3 = b"BSIX\x03".to_vec();
        v3.extend(&bytes);
        let _ = SearchIndex::from_base(&bytes);
        let _ = SearchIndex::from_base(&v3);
        let mut columns = b"BSFC\x01\x00\x00".to_vec();
        columns.extend(&bytes);
        let _ = SearchIndex::default().load_facet_columns(&columns);
        let _ = SearchIndex::default().load_facet_columns(&bytes);
    }
}
