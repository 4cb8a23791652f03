//! The `broadsheet` command line, run as a real process on real folders.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
}

fn temp_dir(name: &str) -> PathBuf {
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
    use broadsheet::core::search::{Query, SearchIndex, SearchIndexBuilder, Sort};
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
    let base = std::fs::read(out.join("search.bin")).unwrap();
    let mut split = SearchIndex::from_bytes(&base, &catalog.articles).expect("base decodes");
    assert!(split.shard_count() > 1);
    assert!(base.len() < 64 * 1024, "base is small: {}", base.len());
    // The reference: the same articles indexed in one piece, from `export`'s text.
    let export = bin().arg("export").arg(&posts).output().unwrap();
    assert!(export.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(export.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), catalog.articles.len());
    let mut whole = SearchIndexBuilder::default();
    for (a, line) in catalog.articles.iter().zip(&lines) {
        assert_eq!(line["slug"].as_str(), Some(a.slug.as_str()));
        whole.add(a, line["text"].as_str());
    }
    let whole = whole.finish();
    for q in [
        "javascript",
        "deplo",
        "\"pull request\"",
        "react -vue",
        "kubernetes docker",
    ] {
        let q = Query::parse(q);
        let need = split.missing_shards(&q);
        assert!(need.len() <= 4, "{need:?}");
        for i in need {
            let bytes =
                std::fs::read(out.join(split.shard_file_name(i))).expect("shard file exists");
            assert_eq!(split.load_shard(&bytes), Ok(i));
        }
        let a = split.search(&q, Sort::Relevance, 0, 20);
        assert!(a.complete);
        assert_eq!(
            a.hits,
            whole.search(&q, Sort::Relevance, 0, 20).hits,
            "{q:?}"
        );
    }
}
