//! `broadsheet index` run again on a folder it indexed before: only the posts that
//! changed are read (the cache), and what it writes is what a full run writes.

use std::path::Path;

use crate::cli::{assert_split_answers_like, bin, reference_index, temp_dir};
use crate::common;

/// Runs `broadsheet index posts --out out extra…` with a fixed build time.
fn index(posts: &Path, out: &Path, extra: &[&str]) -> (String, String) {
    let o = bin()
        .arg("index")
        .arg(posts)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert!(o.status.success(), "{stdout}{stderr}");
    (stdout, stderr)
}

fn copy_tree(from: &Path, to: &Path) {
    for (rel, bytes) in common::read_tree(from, &["md", "markdown", "html", "htm", "txt"]) {
        let p = to.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// Every post file under `dir`, sorted.
fn posts_in(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = common::read_tree(dir, &["md", "markdown", "html", "htm", "txt"])
        .into_iter()
        .map(|(rel, _)| dir.join(rel))
        .collect();
    v.sort();
    v
}

/// Edits of every kind a site sees between two builds.
fn edit(posts: &Path) {
    let files = posts_in(posts);
    // A body edited (a new word), a post removed, one copied over itself with a new
    // modification time only (read, found the same, not re-indexed).
    let edited = &files[1];
    let mut text = std::fs::read_to_string(edited).unwrap();
    text.push_str("\n\nzyzzyvaword appears here now.\n");
    std::fs::write(edited, text).unwrap();
    std::fs::remove_file(&files[2]).unwrap();
    let same = std::fs::read(&files[3]).unwrap();
    std::fs::remove_file(&files[3]).unwrap();
    std::fs::write(&files[3], same).unwrap();
    // A new newest post, an old one, a draft and a file that is not a post.
    std::fs::write(
        posts.join("newest.md"),
        "---\ntitle: Quokka news 袋鼠新闻\ndate: 2031-01-02 03:04:05\ncategories: [Fresh]\ntags: [quokka]\n---\nThe quokka smiles. 袋鼠很开心。\n",
    )
    .unwrap();
    std::fs::write(
        posts.join("older.md"),
        "---\ntitle: An older wombat\ndate: 2001-05-06\n---\nWombats dig.\n",
    )
    .unwrap();
    std::fs::write(
        posts.join("draft.md"),
        "---\ntitle: Not yet\npublished: false\n---\nquokka\n",
    )
    .unwrap();
    std::fs::write(posts.join("broken.md"), "---\ntitle: [unclosed\n---\nx\n").unwrap();
}

fn same_files(a: &Path, b: &Path, names: &[&str]) {
    for n in names {
        assert_eq!(
            std::fs::read(a.join(n)).unwrap(),
            std::fs::read(b.join(n)).unwrap(),
            "{n} differs"
        );
    }
    let data = |d: &Path| common::read_tree(&d.join("broadsheet-data"), &["json", "bin"]);
    assert!(data(a) == data(b), "site data differs");
}

/// A small site (one-file index): after an update every file is byte for byte what a
/// full run over the same posts writes; a run with nothing changed reads nothing.
#[test]
fn an_update_writes_what_a_full_run_writes() {
    let dir = temp_dir("update-small");
    let posts = dir.join("posts");
    copy_tree(&common::shared().join("corpus/hexo-news-zh"), &posts);
    let (a, b) = (dir.join("a"), dir.join("b"));
    let (first, _) = index(&posts, &a, &[]);
    assert!(!first.contains("updated:"), "{first}");
    assert!(a.join(".broadsheet-cache/posts.tsv").exists());

    edit(&posts);
    let (stdout, stderr) = index(&posts, &a, &[]);
    // The edited post, the two new ones, the draft and the broken file.
    assert!(
        stdout.contains("updated: 5 posts read again, 1 gone"),
        "{stdout}{stderr}"
    );
    index(&posts, &b, &["--full"]);
    same_files(&a, &b, &["catalog.json", "site.json", "search.bin"]);

    // Drafts and files that are not posts are cached too: nothing is read.
    let (again, _) = index(&posts, &a, &[]);
    assert!(
        again.contains("updated: 0 posts read again, 0 gone"),
        "{again}"
    );
    same_files(&a, &b, &["catalog.json", "site.json", "search.bin"]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A big site's index (shards) is updated a shard at a time and answers every query,
/// the new words included, like the index of the new posts built from scratch.
#[test]
fn an_updated_split_index_answers_like_a_fresh_one() {
    use broadsheet::core::catalog::Catalog;
    let dir = temp_dir("update-split");
    let posts = dir.join("posts");
    copy_tree(&common::shared().join("corpus/blog-en"), &posts);
    copy_tree(
        &common::shared().join("corpus/hexo-news-zh"),
        &posts.join("zh"),
    );
    let (a, b) = (dir.join("a"), dir.join("b"));
    let split = ["--batch-bytes", "20000", "--in-memory-bytes", "0"];
    let (first, _) = index(&posts, &a, &split);
    assert!(first.contains("shards"), "{first}");

    edit(&posts);
    let (stdout, stderr) = index(&posts, &a, &split);
    assert!(
        stdout.contains("updated: 5 posts read again"),
        "{stdout}{stderr}"
    );
    index(&posts, &b, &["--full"]);
    same_files(&a, &b, &["catalog.json", "site.json"]);

    let catalog =
        Catalog::from_json(&std::fs::read_to_string(a.join("catalog.json")).unwrap()).unwrap();
    let whole = reference_index(&a, &catalog);
    let queries = [
        "zyzzyvaword",
        "quokka",
        "袋鼠",
        "wombat",
        "javascript",
        "deplo",
        "\"pull request\"",
        "投资者情绪",
        "中国",
        "the",
    ];
    assert_split_answers_like(&a, &catalog, &whole, &queries, usize::MAX);
    for q in ["zyzzyvaword", "quokka", "wombat"] {
        let q = broadsheet::core::search::Query::parse(q);
        assert!(
            whole
                .search(&q, broadsheet::core::search::Sort::Relevance, 0, 5)
                .total
                >= 1
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The cache is only trusted for the index it was written with: an index written by
/// another run (here `--cache` elsewhere) makes the next run read every post again,
/// and `--full` always does.
#[test]
fn a_cache_that_does_not_match_the_index_is_not_used() {
    let dir = temp_dir("update-stale");
    let posts = dir.join("posts");
    copy_tree(&common::shared().join("corpus/hexo-news-zh"), &posts);
    let out = dir.join("out");
    index(&posts, &out, &[]);
    edit(&posts);
    let elsewhere = dir.join("other-cache");
    index(&posts, &out, &["--cache", elsewhere.to_str().unwrap()]);
    let (stdout, stderr) = index(&posts, &out, &[]);
    assert!(!stdout.contains("updated:"), "{stdout}");
    assert!(stderr.contains("reading every post again"), "{stderr}");
    let (stdout, _) = index(&posts, &out, &["--full"]);
    assert!(!stdout.contains("updated:"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
