//! `broadsheet index`: a posts folder → `catalog.json`, the same catalog as site data
//! for readers that fetch only what a page shows (`site.json` and
//! `broadsheet-data/<build>/`, `core::site_data`), and the full-text search index
//! (`search.bin`, plus `search-<id>-<n>.bin` body shards on big sites).
//!
//! Built in one streamed pass so that neither time nor memory holds every post at
//! once (a 100,000-post archive is about 1 GB of files): workers read, parse and
//! tokenize posts in parallel, writing their terms as sorted runs to a work folder
//! every `batch_bytes` of text; once every post is read the catalog fixes the
//! documents' order, and the runs are merged into the index a shard at a time
//! (`core::search::merge`). Small sites' indexes are merged in memory and written
//! exactly as before (one file up to `SINGLE_FILE_MAX_BYTES`).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read as _, Write as _};
use std::path::{Path, PathBuf};

use indicatif::ProgressBar;

use super::{
    absolute_folders, find_posts, generated_now, in_parallel, print_errors, progress_bar,
    relative_path, write_file,
};
use crate::core::article::{read_post_with_text, Post, ReadError};
use crate::core::catalog::{Catalog, CatalogBuilder};
use crate::core::search::merge::{merge_runs, MergedShard, NO_DOC};
use crate::core::search::{
    is_shard_file_name, shard_file_name, shard_header, IndexFiles, SearchIndex, SplitWriter,
    TermRuns, SHARD_TARGET_BYTES,
};
use crate::core::site_data;

/// How the index is built (the defaults suit any size; tests shrink them to run the
/// big-site path on a small corpus).
#[derive(Debug, Clone, Copy)]
pub(super) struct Options {
    /// Memory a worker's batch of terms may hold before it is written out as a run.
    pub batch_bytes: usize,
    /// Runs up to this size are merged in memory (one shard, then split or not as
    /// before); bigger ones are merged into shard files one at a time.
    pub in_memory_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            batch_bytes: 64 << 20,
            in_memory_bytes: 64 << 20,
        }
    }
}

pub(super) fn run(
    posts_dir: &Path,
    out: Option<&Path>,
    quiet: bool,
    opts: Options,
) -> Result<(), String> {
    let (posts_abs, out_abs) = absolute_folders(posts_dir, out.unwrap_or(posts_dir))?;
    let files: Vec<(PathBuf, String)> = find_posts(&posts_abs)
        .into_iter()
        .map(|f| {
            let rel = relative_path(&out_abs, &f);
            (f, rel)
        })
        .collect();
    let work = WorkDir::create(&out_abs)?;

    let bar = progress_bar(files.len(), quiet);
    let read = read_and_tokenize(&files, &work.0, opts.batch_bytes, &bar)?;
    bar.finish_and_clear();

    let mut builder = CatalogBuilder::default();
    let mut tokenized: Vec<(usize, [u32; 4])> = Vec::new();
    for (i, (rel, outcome, lens)) in read.outcomes.into_iter().enumerate() {
        if let Some(l) = lens {
            tokenized.push((i, l));
        }
        match outcome {
            Ok(post) => builder.add_read(&rel, post),
            Err(io_error) => builder.add_error(&rel, io_error),
        }
    }
    let catalog = builder.finish(generated_now());
    // The catalog's files are written on a core of their own while the index is
    // merged (a single thread's work): at 100,000 posts they take about 4 s.
    let (data, summary) = std::thread::scope(|scope| {
        let data = scope.spawn(|| {
            write_file(&out_abs, "catalog.json", catalog.to_json())?;
            write_site_data(&out_abs, &catalog)
        });
        let summary = write_index(
            &out_abs, &files, &read.runs, &tokenized, &catalog, &work, opts, quiet,
        );
        let data = data
            .join()
            .unwrap_or_else(|_| Err("writing the site data failed".into()));
        (data, summary)
    });
    print_summary(
        &catalog,
        &out_abs.join("catalog.json"),
        summary?,
        data?,
        quiet,
    );
    Ok(())
}

/// The full-text index of `catalog`, merged from the workers' `runs` (in memory for
/// small sites, streamed into shards for big ones). Returns its bytes and shard count.
#[expect(
    clippy::too_many_arguments,
    reason = "the steps of one run, each used once"
)]
fn write_index(
    out_abs: &Path,
    files: &[(PathBuf, String)],
    runs: &[[PathBuf; 4]],
    tokenized: &[(usize, [u32; 4])],
    catalog: &Catalog,
    work: &WorkDir,
    opts: Options,
    quiet: bool,
) -> Result<(usize, usize), String> {
    // Run documents are numbered by file; the index numbers them in catalog order.
    let position: HashMap<&str, u32> = catalog
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.path.as_str(), i as u32))
        .collect();
    let mut doc_of = vec![NO_DOC; files.len()];
    let mut lens: [Vec<u32>; 4] = std::array::from_fn(|_| vec![0; catalog.articles.len()]);
    for (file, l) in tokenized {
        if let Some(&doc) = position.get(files[*file].1.as_str()) {
            doc_of[*file] = doc;
            for (f, n) in l.iter().enumerate() {
                lens[f][doc as usize] = *n;
            }
        }
    }
    drop(position);

    let run_bytes: u64 = runs
        .iter()
        .flatten()
        .filter_map(|p| p.metadata().ok())
        .map(|m| m.len())
        .sum();
    let merge_bar = super::bytes_bar(run_bytes, quiet, "merging the index");
    let summary = if run_bytes <= opts.in_memory_bytes {
        let mut tables = None;
        merge_runs(open_runs(runs, &merge_bar)?, &doc_of, usize::MAX, |s| {
            tables = Some(s.tables);
            Ok(())
        })
        .map_err(|e| format!("cannot merge the index: {e}"))?;
        let index = SearchIndex::from_parts(&catalog.articles, lens, tables);
        let files = index.to_files();
        write_search_files(out_abs, &files)?;
        let bytes = files.base.len() + files.shards.iter().map(Vec::len).sum::<usize>();
        (bytes, files.shards.len())
    } else {
        let index = SearchIndex::from_parts(&catalog.articles, lens, None);
        write_streamed(out_abs, &work.0, runs, &doc_of, &index, &merge_bar)?
    };
    merge_bar.finish_and_clear();
    Ok(summary)
}

/// A work folder inside the output folder (hidden, so never read as posts), removed
/// when the run ends, however it ends.
struct WorkDir(PathBuf);

impl WorkDir {
    fn create(out: &Path) -> Result<WorkDir, String> {
        let path = out.join(format!(".broadsheet-index-{}", std::process::id()));
        std::fs::create_dir_all(&path)
            .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
        Ok(WorkDir(path))
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A file read: the parsed post without its body (`Ok`, possibly a parse error) or an
/// I/O error message, and the token counts of its terms when it was tokenized.
type Outcome = (
    String,
    Result<Result<Post, ReadError>, String>,
    Option<[u32; 4]>,
);

struct ReadOut {
    /// One per file, in `files` order.
    outcomes: Vec<Outcome>,
    /// The run files, one per field, of every batch.
    runs: Vec<[PathBuf; 4]>,
}

/// Reads, parses and tokenizes `files` (each with its catalog path) on every core,
/// numbering documents by their place in `files`; each worker writes a run whenever
/// its batch holds `batch_bytes`, and once more at the end.
fn read_and_tokenize(
    files: &[(PathBuf, String)],
    work: &Path,
    batch_bytes: usize,
    bar: &ProgressBar,
) -> Result<ReadOut, String> {
    let (outcomes, workers) = in_parallel(
        files.len(),
        |w| Worker {
            w,
            terms: TermRuns::default(),
            runs: Vec::new(),
        },
        |worker, doc| {
            let (file, rel) = &files[doc];
            let outcome = match std::fs::read(file) {
                Ok(bytes) => match read_post_with_text(rel, &bytes) {
                    Ok((mut post, text)) => {
                        // A worker meets its documents in increasing order, as a
                        // batch needs.
                        let lens = worker.terms.add(doc as u32, &post.article, Some(&text));
                        // The catalog needs the metadata only.
                        post.body = String::new();
                        (rel.clone(), Ok(Ok(post)), Some(lens))
                    }
                    Err(e) => (rel.clone(), Ok(Err(e)), None),
                },
                Err(e) => (rel.clone(), Err(format!("cannot read file: {e}")), None),
            };
            bar.inc(1);
            if worker.terms.bytes() >= batch_bytes {
                worker.write_runs(work)?;
            }
            Ok::<_, String>(outcome)
        },
    )?;
    let mut runs = Vec::new();
    for mut worker in workers {
        if !worker.terms.is_empty() {
            worker.write_runs(work)?;
        }
        runs.extend(worker.runs);
    }
    Ok(ReadOut { outcomes, runs })
}

/// One indexing thread's batch of terms and the runs it wrote.
struct Worker {
    w: usize,
    terms: TermRuns,
    runs: Vec<[PathBuf; 4]>,
}

impl Worker {
    fn write_runs(&mut self, work: &Path) -> Result<(), String> {
        let paths = write_runs(&mut self.terms, work, self.w, self.runs.len())?;
        self.runs.push(paths);
        Ok(())
    }
}

fn write_runs(
    terms: &mut TermRuns,
    work: &Path,
    w: usize,
    seq: usize,
) -> Result<[PathBuf; 4], String> {
    let paths: [PathBuf; 4] = std::array::from_fn(|f| work.join(format!("run-{w}-{seq}-{f}.bin")));
    let fail = |e: std::io::Error| {
        format!(
            "cannot write the index's work files in {}: {e}",
            work.display()
        )
    };
    let mut writers = Vec::with_capacity(4);
    for p in &paths {
        writers.push(BufWriter::new(File::create(p).map_err(fail)?));
    }
    let [a, b, c, d] = &mut writers[..] else {
        unreachable!("four writers")
    };
    terms.write_runs([a, b, c, d]).map_err(fail)?;
    for wr in &mut writers {
        wr.flush().map_err(fail)?;
    }
    Ok(paths)
}

/// Counts what is read through it on a progress bar.
struct Counted<R> {
    inner: R,
    bar: ProgressBar,
}

impl<R: std::io::Read> std::io::Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

type RunReader = BufReader<Counted<File>>;

/// Every field's runs, opened for the merge.
fn open_runs(runs: &[[PathBuf; 4]], bar: &ProgressBar) -> Result<Vec<Vec<RunReader>>, String> {
    (0..4)
        .map(|f| {
            runs.iter()
                .map(|r| {
                    File::open(&r[f])
                        .map(|inner| {
                            BufReader::with_capacity(
                                64 << 10,
                                Counted {
                                    inner,
                                    bar: bar.clone(),
                                },
                            )
                        })
                        .map_err(|e| format!("cannot read {}: {e}", r[f].display()))
                })
                .collect()
        })
        .collect()
}

/// A big index: runs merged into shards written one by one (their bodies first to a
/// work file, since the split id in each shard's header and name is the hash of them
/// all), then the shard files, then the base. Returns the bytes and shards written.
fn write_streamed(
    out: &Path,
    work: &Path,
    runs: &[[PathBuf; 4]],
    doc_of: &[u32],
    index: &SearchIndex,
    bar: &ProgressBar,
) -> Result<(usize, usize), String> {
    let bodies_path = work.join("shards.bin");
    let io = |e: std::io::Error| format!("cannot write the index: {e}");
    let bodies = BufWriter::new(File::create(&bodies_path).map_err(io)?);
    let mut writer = SplitWriter::new(bodies);
    merge_runs(
        open_runs(runs, bar)?,
        doc_of,
        SHARD_TARGET_BYTES,
        |s: MergedShard| writer.add(s),
    )
    .map_err(|e| format!("cannot merge the index: {e}"))?;
    let (base, split_id, sizes) = writer.finish(index).map_err(io)?;

    remove_old_shards(out);
    let mut bodies = BufReader::new(File::open(&bodies_path).map_err(io)?);
    let mut total = base.len();
    let mut body = Vec::new();
    for (i, &size) in sizes.iter().enumerate() {
        body.clear();
        body.extend_from_slice(&shard_header(split_id, i));
        (&mut bodies)
            .take(size)
            .read_to_end(&mut body)
            .map_err(io)?;
        total += body.len();
        // Shards first, base last: a reader never sees a base whose shards are missing.
        write_file(out, &shard_file_name(split_id, i), &body)?;
    }
    write_file(out, "search.bin", &base)?;
    Ok((total, sizes.len()))
}

/// Writes the catalog as site data (format 2, `core::site_data`) next to catalog.json:
/// the shards in `data/<build>/` first, then `site.json`, then earlier builds' folders
/// are removed (a reader never sees a manifest whose shards are missing). Returns the
/// number of shard files and their bytes.
fn write_site_data(out: &Path, catalog: &Catalog) -> Result<(usize, usize), String> {
    let site = site_data::write(catalog, Some("catalog.json"))?;
    let build_dir = out.join(site_data::DATA_DIR).join(&site.manifest.build);
    let mut bytes = 0;
    let mut made: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    for (path, body) in &site.shards {
        let file = out.join(path);
        if let Some(dir) = file.parent() {
            if made.insert(dir.to_path_buf()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
        }
        std::fs::write(&file, body).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        bytes += body.len();
    }
    write_file(out, site_data::MANIFEST_FILE, site.manifest_json())?;
    if let Ok(entries) = std::fs::read_dir(out.join(site_data::DATA_DIR)) {
        for e in entries.flatten() {
            // Only folders named like a build: anything else there is not ours.
            let name = e.file_name().to_string_lossy().into_owned();
            let a_build =
                name.len() == 12 && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
            if a_build && e.path() != build_dir && e.file_type().is_ok_and(|t| t.is_dir()) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    Ok((site.shards.len(), bytes))
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

fn print_summary(
    c: &Catalog,
    target: &Path,
    (index_bytes, shards): (usize, usize),
    (data_files, data_bytes): (usize, usize),
    quiet: bool,
) {
    if !quiet {
        let files = if shards == 0 {
            "search.bin".to_owned()
        } else {
            format!("search.bin + {shards} shards")
        };
        println!(
            "{} articles, {} errors, {} warnings{} → {} (+ {files}, {}; site.json + {data_files} data files, {})",
            c.articles.len(),
            c.errors.len(),
            c.warnings.len(),
            if c.skipped.is_empty() {
                String::new()
            } else {
                format!(", {} drafts skipped", c.skipped.len())
            },
            target.display(),
            human_bytes(index_bytes),
            human_bytes(data_bytes)
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
