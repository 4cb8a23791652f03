//! `broadsheet index`: a posts folder → `catalog.json` and the full-text search index
//! (`search.bin`, plus `search-<id>-<n>.bin` body shards on big sites).

use std::path::Path;

use super::{print_errors, read_all, write_file, Read};
use crate::core::catalog::Catalog;
use crate::core::search::{is_shard_file_name, IndexFiles, SearchIndexBuilder};

pub(super) fn run(posts_dir: &Path, out: Option<&Path>, quiet: bool) -> Result<(), String> {
    let (Read { catalog, mut texts }, out_abs) = read_all(posts_dir, out, quiet, true)?;
    write_file(&out_abs, "catalog.json", catalog.to_json())?;

    let mut search = SearchIndexBuilder::default();
    for a in &catalog.articles {
        search.add(a, texts.remove(&a.path).as_deref());
    }
    drop(texts);
    let index = search.finish();
    let files = index.to_files();
    write_search_files(&out_abs, &files)?;
    let total = files.base.len() + files.shards.iter().map(Vec::len).sum::<usize>();
    print_summary(
        &catalog,
        &out_abs.join("catalog.json"),
        total,
        files.shards.len(),
        quiet,
    );
    Ok(())
}

/// Writes the index's files into `dir` in place of an earlier run's.
fn write_search_files(dir: &Path, files: &IndexFiles) -> Result<(), String> {
    remove_old_shards(dir);
    // Shards first, base last: a reader never sees a base whose shards are missing.
    for (i, shard) in files.shards.iter().enumerate() {
        write_file(dir, &files.shard_file_name(i), shard)?;
    }
    write_file(dir, "search.bin", &files.base)
}

/// Removes index shards an earlier run wrote (`search-<12 hex>-<n>.bin`), so a
/// re-index never leaves stale files behind.
fn remove_old_shards(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        if is_shard_file_name(&name.to_string_lossy()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

fn print_summary(c: &Catalog, target: &Path, index_bytes: usize, shards: usize, quiet: bool) {
    if !quiet {
        let files = if shards == 0 {
            "search.bin".to_owned()
        } else {
            format!("search.bin + {shards} shards")
        };
        println!(
            "{} articles, {} errors, {} warnings{} → {} (+ {files}, {})",
            c.articles.len(),
            c.errors.len(),
            c.warnings.len(),
            if c.skipped.is_empty() {
                String::new()
            } else {
                format!(", {} drafts skipped", c.skipped.len())
            },
            target.display(),
            human_bytes(index_bytes)
        );
        for w in &c.warnings {
            println!("  warning: {}: {}", w.path, w.message);
        }
    }
    print_errors(c);
}

/// `1234567` → `1.2 MB`, `2048` → `2.0 kB`.
fn human_bytes(n: usize) -> String {
    match n {
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{:.1} kB", n as f64 / 1e3),
        n => format!("{n} B"),
    }
}
