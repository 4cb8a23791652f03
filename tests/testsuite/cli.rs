//! The `broadsheet` command line, run as a real process on real folders.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
}

pub fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("broadsheet-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn run(args: &[&Path]) -> (i32, String, String) {
    let out = bin()
        .arg("index")
        .args(args.iter().map(|p| p.as_os_str()))
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn index_hexo_news_zh() {
    let out = temp_dir("zh");
    let posts = common::shared().join("corpus/hexo-news-zh");
    let status = bin()
        .arg("index")
        .arg(&posts)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(status.status.success(), "{stdout}");
    assert!(stdout.starts_with("63 articles, 0 errors"), "{stdout}");

    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("catalog.json")).unwrap()).unwrap();
    assert_eq!(json["version"], 1);
    assert!(chrono::DateTime::parse_from_rfc3339(json["generated"].as_str().unwrap()).is_ok());
    assert_eq!(json["errors"].as_array().unwrap().len(), 0);
    let articles = json["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 63);
    for a in articles {
        for key in ["slug", "path", "title", "excerpt"] {
            assert!(a[key].is_string(), "{key} in {a}");
        }
        for key in ["date", "updated", "author", "thumbnail"] {
            assert!(a[key].is_string() || a[key].is_null(), "{key} in {a}");
        }
        assert!(a["categories"].as_array().unwrap().iter().all(|p| p
            .as_array()
            .unwrap()
            .iter()
            .all(Value::is_string)));
        assert!(a["tags"].is_array());
        assert!(a["reading_minutes"].as_u64().unwrap() >= 1);
        // `path` is relative to the catalog, so the body can be fetched from there.
        let path = a["path"].as_str().unwrap();
        assert!(
            out.join(path).is_file(),
            "{path} not reachable from the catalog"
        );
    }
}

#[test]
fn default_out_is_the_posts_folder_and_paths_are_local() {
    let dir = temp_dir("local");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("sub/a.md"),
        "---\ntitle: A\ndate: 2020-01-01\n---\nx",
    )
    .unwrap();
    std::fs::write(dir.join("b.html"), "<p>b</p>").unwrap();
    std::fs::write(dir.join("notes.json"), "{}").unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".git/ignored.md"), "x").unwrap();
    let (code, stdout, _) = run(&[&dir]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("2 articles, 0 errors"), "{stdout}");
    let json: Value =
        serde_json::from_slice(&std::fs::read(dir.join("catalog.json")).unwrap()).unwrap();
    let mut paths: Vec<&str> = json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(paths, ["b.html", "sub/a.md"]);
}

#[test]
fn bad_files_are_listed_and_exit_is_zero() {
    let dir = temp_dir("bad");
    std::fs::write(dir.join("good.md"), "---\ntitle: Good\n---\nok").unwrap();
    std::fs::write(dir.join("broken.md"), "---\ntitle: [oops\n---\n").unwrap();
    std::fs::write(dir.join("empty.md"), "").unwrap();
    let (code, stdout, stderr) = run(&[&dir]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("1 articles, 2 errors"), "{stdout}");
    assert!(
        stderr.contains("broken.md: invalid front matter"),
        "{stderr}"
    );
    assert!(stderr.contains("empty.md: the file is empty"), "{stderr}");
}

#[test]
fn missing_folder_fails_clearly() {
    let (code, _, stderr) = run(&[Path::new("/definitely/not/here")]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("cannot read /definitely/not/here"),
        "{stderr}"
    );
}

#[test]
fn help_documents_the_command() {
    let out = bin().args(["index", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for needle in ["POSTS_DIR", "--out", "catalog.json", ".md"] {
        assert!(text.contains(needle), "help lacks {needle}: {text}");
    }
}

#[test]
fn source_date_epoch_makes_output_reproducible() {
    let dir = temp_dir("repro");
    std::fs::write(dir.join("a.md"), "---\ntitle: A\n---\nx").unwrap();
    let run_once = || {
        let st = bin()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .arg("index")
            .arg(&dir)
            .output()
            .unwrap();
        assert!(st.status.success());
        std::fs::read(dir.join("catalog.json")).unwrap()
    };
    let a = run_once();
    assert_eq!(a, run_once());
    assert!(String::from_utf8(a)
        .unwrap()
        .contains("\"generated\":\"2023-11-14T22:13:20Z\""));
}

#[test]
fn index_writes_a_full_text_search_index() {
    use broadsheet::core::search::{Query, SearchIndex, Sort};
    let out = temp_dir("search");
    let posts = common::shared().join("corpus/hexo-news-zh");
    let status = bin()
        .arg("index")
        .arg(&posts)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(status.status.success(), "{stdout}");
    assert!(stdout.contains("search.bin"), "{stdout}");

    let bytes =
        std::fs::read(out.join("search.bin")).expect("search.bin written next to catalog.json");
    let catalog = broadsheet::core::catalog::Catalog::from_json(
        &std::fs::read_to_string(out.join("catalog.json")).unwrap(),
    )
    .unwrap();
    let index = SearchIndex::from_bytes(&bytes, &catalog.articles).expect("search.bin decodes");
    assert_eq!(index.len(), 63);
    assert!(index.has_body(), "bodies are indexed");
    let json: Value =
        serde_json::from_slice(&std::fs::read(out.join("catalog.json")).unwrap()).unwrap();
    let slugs: Vec<&str> = json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["slug"].as_str().unwrap())
        .collect();
    // Documents are in catalog order, so a hit's doc number maps to the catalog's slug.
    for (doc, slug) in slugs.iter().enumerate() {
        assert_eq!(index.slug(doc), Some(*slug));
    }
    let results = index.search(&Query::parse("投资者情绪"), Sort::Relevance, 0, 20);
    assert!(results.total >= 1, "投资者情绪 not found");
    let titles: Vec<&str> = results
        .hits
        .iter()
        .filter_map(|h| json["articles"][h.doc]["title"].as_str())
        .collect();
    assert!(
        titles.iter().any(|t| t.contains("投资者情绪")),
        "{titles:?}"
    );
}

#[test]
fn big_sites_get_a_split_index_that_answers_like_the_whole() {
    use broadsheet::core::catalog::Catalog;
    let out = temp_dir("split");
    let posts = common::shared().join("corpus/blog-en");
    // A stale shard of an earlier build is cleaned up; other files are left alone.
    std::fs::write(out.join("search-0123456789ab-7.bin"), b"old").unwrap();
    std::fs::write(out.join("search-notes.bin"), b"mine").unwrap();
    let status = bin()
        .arg("index")
        .arg(&posts)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(status.status.success(), "{stdout}");
    assert!(
        stdout.contains("shards"),
        "blog-en is above the one-file size: {stdout}"
    );
    assert!(!out.join("search-0123456789ab-7.bin").exists());
    assert!(out.join("search-notes.bin").exists());

    let catalog =
        Catalog::from_json(&std::fs::read_to_string(out.join("catalog.json")).unwrap()).unwrap();
    let whole = reference_index(&out, &catalog);
    // Written as an index held whole would write itself.
    let files = whole.to_files();
    assert_eq!(std::fs::read(out.join("search.bin")).unwrap(), files.base);
    for (i, shard) in files.shards.iter().enumerate() {
        assert_eq!(
            &std::fs::read(out.join(files.shard_file_name(i))).unwrap(),
            shard
        );
    }
    let queries = [
        "javascript",
        "deplo",
        "\"pull request\"",
        "react -vue",
        "kubernetes docker",
    ];
    assert_split_answers_like(&out, &catalog, &whole, &queries, 4);
}

/// The catalog's articles indexed in one piece in this process (each post read again
/// from its catalog path, relative to `out`): what every index the CLI writes must
/// answer like.
pub fn reference_index(
    out: &Path,
    catalog: &broadsheet::core::catalog::Catalog,
) -> broadsheet::core::search::SearchIndex {
    let mut whole = broadsheet::core::search::SearchIndexBuilder::default();
    for a in &catalog.articles {
        let bytes = std::fs::read(out.join(&a.path)).unwrap();
        let (_, text) = broadsheet::core::article::read_post_with_text(&a.path, &bytes).unwrap();
        whole.add(a, Some(&text));
    }
    whole.finish()
}

/// The split index in `out` loads, fetches at most `max_shards` shards per query,
/// and answers each query with the same hits, scores and total as `whole`.
pub fn assert_split_answers_like(
    out: &Path,
    catalog: &broadsheet::core::catalog::Catalog,
    whole: &broadsheet::core::search::SearchIndex,
    queries: &[&str],
    max_shards: usize,
) {
    use broadsheet::core::search::{Query, SearchIndex, Sort};
    let base = std::fs::read(out.join("search.bin")).unwrap();
    let mut split = SearchIndex::from_bytes(&base, &catalog.articles).expect("base decodes");
    assert!(split.shard_count() > 1);
    assert!(base.len() < 64 * 1024, "base is small: {}", base.len());
    for q in queries {
        let q = Query::parse(q);
        let need = split.missing_shards(&q);
        assert!(need.len() <= max_shards, "{need:?}");
        for i in need {
            let bytes =
                std::fs::read(out.join(split.shard_file_name(i))).expect("shard file exists");
            assert_eq!(split.load_shard(&bytes), Ok(i));
        }
        for sort in [Sort::Relevance, Sort::Newest] {
            let a = split.search(&q, sort, 0, 20);
            let b = whole.search(&q, sort, 0, 20);
            assert!(a.complete);
            assert_eq!((a.hits, a.total), (b.hits, b.total), "{q:?}");
        }
    }
}

/// A big site's index is built in runs merged a shard at a time (forced here on
/// small corpora: tiny batches, no in-memory merge); it answers every query exactly
/// like the index held whole, in English and in Chinese.
#[test]
fn an_index_merged_from_runs_answers_like_the_whole() {
    use broadsheet::core::catalog::Catalog;
    for (corpus, queries) in [
        (
            "blog-en",
            &[
                "javascript",
                "deplo",
                "\"pull request\"",
                "react -vue",
                "kubernetes docker",
                "the",
            ][..],
        ),
        (
            "hexo-news-zh",
            &["投资者情绪", "中国", "\"美联储\"", "市场 -股票", "新"][..],
        ),
    ] {
        let out = temp_dir(&format!("runs-{corpus}"));
        let posts = common::shared().join("corpus").join(corpus);
        let status = bin()
            .args([
                "index",
                "--batch-bytes",
                "20000",
                "--in-memory-bytes",
                "0",
                "--out",
            ])
            .arg(&out)
            .arg(&posts)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&status.stdout);
        assert!(status.status.success(), "{stdout}");
        assert!(stdout.contains("shards"), "{stdout}");
        let left: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".broadsheet-index-"))
            .collect();
        assert!(left.is_empty(), "work files are removed: {left:?}");
        let catalog =
            Catalog::from_json(&std::fs::read_to_string(out.join("catalog.json")).unwrap())
                .unwrap();
        let whole = reference_index(&out, &catalog);
        assert_split_answers_like(&out, &catalog, &whole, queries, usize::MAX);
    }
}

/// `broadsheet index` writes the catalog a second time as site data (format 2): a
/// manifest and shards that give back every article and list of catalog.json, and a
/// re-index replaces the earlier build's shards without touching anything else.
#[test]
fn index_writes_site_data_a_page_can_read_in_pieces() {
    use broadsheet::core::catalog::Catalog;
    use broadsheet::core::site_data::{ListKey, Manifest, MANIFEST_FILE};
    let out = temp_dir("site-data");
    let posts = common::shared().join("corpus/hexo-news-zh");
    let data = out.join("broadsheet-data");
    std::fs::create_dir_all(data.join("0123456789ab/cards")).unwrap();
    std::fs::create_dir_all(data.join("notes")).unwrap();
    std::fs::write(data.join("notes/mine.md"), b"mine").unwrap();
    let (code, stdout, stderr) = run(&[&posts, Path::new("--out"), &out]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("site.json + "), "{stdout}");

    let catalog =
        Catalog::from_json(&std::fs::read_to_string(out.join("catalog.json")).unwrap()).unwrap();
    let manifest = Manifest::from_json_bytes(&std::fs::read(out.join(MANIFEST_FILE)).unwrap())
        .expect("site.json reads back");
    assert_eq!(manifest.articles, 63);
    assert_eq!(manifest.catalog.as_deref(), Some("catalog.json"));
    assert_eq!(manifest.category_tree(), catalog.category_tree());
    let read = |rel: String| std::fs::read(out.join(rel)).unwrap();
    let mut articles = Vec::new();
    for k in 0..manifest.blocks() {
        articles.extend(
            manifest
                .read_block(k, &read(manifest.block_file(k)))
                .unwrap(),
        );
    }
    assert_eq!(articles, catalog.articles);
    for (doc, a) in catalog.articles.iter().enumerate() {
        let bucket = read(manifest.slug_file(&a.slug));
        assert_eq!(manifest.find_slug(&a.slug, &bucket).unwrap(), Some(doc));
    }
    // The seed's three-level category, down to its deepest level.
    let deepest = catalog.articles[0].categories[0].clone();
    assert_eq!(deepest.len(), 3, "{deepest:?}");
    let key = ListKey::Category(deepest.clone());
    let chunk = manifest
        .read_list(&key, 0, &read(manifest.list_file(&key, 0)))
        .unwrap();
    let expected: Vec<u32> = catalog
        .articles
        .iter()
        .enumerate()
        .filter(|(_, a)| a.categories.iter().any(|c| c.starts_with(&deepest)))
        .map(|(i, _)| i as u32)
        .collect();
    assert_eq!(chunk.docs, expected);
    assert_eq!(chunk.total, expected.len());

    // Only this build's folder is left among the builds; a folder of the owner's stays.
    let builds: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(builds.contains(&manifest.build), "{builds:?}");
    assert!(!builds.contains(&"0123456789ab".to_owned()), "{builds:?}");
    assert!(data.join("notes/mine.md").exists());
    // The same posts again: the same build, the same files.
    let (code, _, _) = run(&[&posts, Path::new("--out"), &out]);
    assert_eq!(code, 0);
    let again =
        Manifest::from_json_bytes(&std::fs::read(out.join(MANIFEST_FILE)).unwrap()).unwrap();
    assert_eq!(again.build, manifest.build);
    let _ = std::fs::remove_dir_all(&out);
}
