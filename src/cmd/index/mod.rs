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

mod cache;
mod recycle;
mod update;

use recycle::Recycler;

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

/// The command line's choices for one run.
pub(super) struct Run {
    pub quiet: bool,
    /// Read every post again, whatever the cache says.
    pub full: bool,
    /// The cache folder (`cache::folder` when `None`).
    pub cache: Option<PathBuf>,
}

pub(super) fn run(
    posts_dir: &Path,
    out: Option<&Path>,
    how: &Run,
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
    let cache_dir = cache::folder(&out_abs, how.cache.as_deref());
    let place = Place {
        out: &out_abs,
        posts: &posts_abs,
        cache: &cache_dir,
    };
    if !how.full {
        if let Some(cached) = cache::load(&cache_dir, &posts_abs) {
            match update::run(&place, &files, cached, opts, how.quiet) {
                Ok(()) => return Ok(()),
                Err(why) => {
                    if !how.quiet {
                        eprintln!("reading every post again: {why}");
                    }
                }
            }
        }
    }

    let work = WorkDir::create(&out_abs)?;
    let bar = progress_bar(files.len(), how.quiet);
    let read = read_and_tokenize(&files, &work.0, opts.batch_bytes, &bar)?;
    bar.finish_and_clear();

    let mut builder = CatalogBuilder::default();
    let mut tokenized: Vec<(usize, [u32; 4])> = Vec::new();
    let mut cache_lines: Vec<CacheEntry> = Vec::with_capacity(files.len());
    for (i, (rel, outcome, lens, cached)) in read.outcomes.into_iter().enumerate() {
        if let Some(l) = lens {
            tokenized.push((i, l));
        }
        cache_lines.push(cached);
        match outcome {
            Ok(post) => builder.add_read(&rel, post),
            Err(io_error) => builder.add_error(&rel, io_error),
        }
    }
    let catalog = builder.finish(generated_now());
    let doc_of = doc_numbers(&catalog, &files, tokenized.iter().map(|t| t.0));
    let index_key = publish(&place, &catalog, how.quiet, None, || {
        write_index(
            &out_abs, &read.runs, &tokenized, &doc_of, &catalog, &work, opts, how.quiet,
        )
    })?;
    save_cache(&place, index_key, &files, &cache_lines, &doc_of, how.quiet);
    Ok(())
}

/// Where a run reads and writes.
struct Place<'a> {
    pub out: &'a Path,
    pub posts: &'a Path,
    pub cache: &'a Path,
}

/// Each file's document number in `catalog` (`NO_DOC`: not an article), for the files
/// `articles` lists (others get `NO_DOC` too).
fn doc_numbers(
    catalog: &Catalog,
    files: &[(PathBuf, String)],
    articles: impl Iterator<Item = usize>,
) -> Vec<u32> {
    let position: HashMap<&str, u32> = catalog
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.path.as_str(), i as u32))
        .collect();
    let mut doc_of = vec![NO_DOC; files.len()];
    for file in articles {
        if let Some(&doc) = position.get(files[file].1.as_str()) {
            doc_of[file] = doc;
        }
    }
    doc_of
}

/// What was written, for the summary line.
struct Written {
    /// The index's bytes and shard count.
    pub index: (usize, usize),
    pub key: cache::IndexKey,
}

/// Writes catalog.json and the site data (on a core of their own: at 100,000 posts
/// they take about 2 s) while `index` writes the search index, then prints the summary
/// (`updated`: what an update read again). Returns the index's key for the cache.
fn publish(
    place: &Place<'_>,
    catalog: &Catalog,
    quiet: bool,
    updated: Option<(usize, usize)>,
    index: impl FnOnce() -> Result<Written, String>,
) -> Result<cache::IndexKey, String> {
    let (data, written) = std::thread::scope(|scope| {
        let data = scope.spawn(|| {
            write_file(place.out, "catalog.json", catalog.to_json())?;
            write_site_data(place.out, catalog)
        });
        let written = index();
        let data = data
            .join()
            .unwrap_or_else(|_| Err("writing the site data failed".into()));
        (data, written)
    });
    let written = written?;
    print_summary(
        catalog,
        &place.out.join("catalog.json"),
        written.index,
        data?,
        updated,
        quiet,
    );
    Ok(written.key)
}

/// Saves the cache: per file its stamp and JSON (`lines`, `None`: not cached) and its
/// document number (`doc_of`). A failure only costs the next run its speed (said, not
/// fatal).
fn save_cache(
    place: &Place<'_>,
    key: cache::IndexKey,
    files: &[(PathBuf, String)],
    lines: &[CacheEntry],
    doc_of: &[u32],
    quiet: bool,
) {
    let lines = files
        .iter()
        .zip(lines)
        .zip(doc_of)
        .filter_map(|(((_, rel), cached), &doc)| {
            cached.as_ref().map(|(stamp, json)| cache::Line {
                path: rel,
                stamp: *stamp,
                doc: (doc != NO_DOC).then_some(doc),
                json,
            })
        });
    if let Err(e) = cache::save(place.cache, place.posts, key, lines) {
        cache::remove(place.cache);
        if !quiet {
            eprintln!("  warning: {e} (the next run reads every post again)");
        }
    }
}

/// The full-text index of `catalog`, merged from the workers' `runs` (in memory for
/// small sites, streamed into shards for big ones).
#[expect(
    clippy::too_many_arguments,
    reason = "the steps of one run, each used once"
)]
fn write_index(
    out_abs: &Path,
    runs: &[[PathBuf; 4]],
    tokenized: &[(usize, [u32; 4])],
    doc_of: &[u32],
    catalog: &Catalog,
    work: &WorkDir,
    opts: Options,
    quiet: bool,
) -> Result<Written, String> {
    // Run documents are numbered by file; the index numbers them in catalog order.
    let mut lens: [Vec<u32>; 4] = std::array::from_fn(|_| vec![0; catalog.articles.len()]);
    for (file, l) in tokenized {
        let doc = doc_of[*file];
        if doc != NO_DOC {
            for (f, n) in l.iter().enumerate() {
                lens[f][doc as usize] = *n;
            }
        }
    }

    let run_bytes: u64 = runs
        .iter()
        .flatten()
        .filter_map(|p| p.metadata().ok())
        .map(|m| m.len())
        .sum();
    let merge_bar = super::bytes_bar(run_bytes, quiet, "merging the index");
    let written = if run_bytes <= opts.in_memory_bytes {
        let mut tables = None;
        merge_runs(open_runs(runs, &merge_bar)?, doc_of, usize::MAX, |s| {
            tables = Some(s.tables);
            Ok(())
        })
        .map_err(|e| format!("cannot merge the index: {e}"))?;
        let index = SearchIndex::from_parts(&catalog.articles, lens, tables);
        write_whole(out_abs, &index)?
    } else {
        let index = SearchIndex::from_parts(&catalog.articles, lens, None);
        write_split(out_abs, &work.0, &index, |writer| {
            merge_runs(
                open_runs(runs, &merge_bar)?,
                doc_of,
                SHARD_TARGET_BYTES,
                |s: MergedShard| writer.add(s),
            )
            .map_err(|e| format!("cannot merge the index: {e}"))
        })?
    };
    merge_bar.finish_and_clear();
    Ok(written)
}

/// Writes an index held whole (split or not, as `to_files` decides).
fn write_whole(out: &Path, index: &SearchIndex) -> Result<Written, String> {
    let files = index.to_files();
    write_search_files(out, &files)?;
    let bytes = files.base.len() + files.shards.iter().map(Vec::len).sum::<usize>();
    Ok(Written {
        index: (bytes, files.shards.len()),
        key: cache::IndexKey {
            count: index.len(),
            hash: index.docs_hash(),
            split_id: files.split_id,
        },
    })
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

/// A file's stamp and cache JSON (`None`: not cached, e.g. it could not be read).
type CacheEntry = Option<(cache::Stamp, String)>;

/// A file read: the parsed post without its body (`Ok`, possibly a parse error) or an
/// I/O error message, the token counts of its terms when it was tokenized, and its
/// stamp and cache JSON when it could be read.
type Outcome = (
    String,
    Result<Result<Post, ReadError>, String>,
    Option<[u32; 4]>,
    CacheEntry,
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
            let outcome = match read_stamped(file) {
                Ok((bytes, stamp)) => {
                    // A worker meets its documents in increasing order, as a batch needs.
                    let (read, lens, cached) =
                        read_and_add(rel, &bytes, stamp, &mut worker.terms, doc as u32);
                    (rel.clone(), Ok(read), lens, cached)
                }
                Err(e) => (rel.clone(), Err(e), None, None),
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

/// A post file's bytes read as a post: the post without its body (the catalog and the
/// cache need the metadata only) or why it is not an article, its terms added to
/// `terms` as document `doc` (their counts returned), and its cache entry.
fn read_and_add(
    rel: &str,
    bytes: &[u8],
    stamp: Option<cache::Stamp>,
    terms: &mut TermRuns,
    doc: u32,
) -> (Result<Post, ReadError>, Option<[u32; 4]>, CacheEntry) {
    let (read, lens) = match read_post_with_text(rel, bytes) {
        Ok((mut post, text)) => {
            let lens = terms.add(doc, &post.article, Some(&text));
            post.body = String::new();
            (Ok(post), Some(lens))
        }
        Err(e) => (Err(e), None),
    };
    let cached = stamp.zip(cache::to_json(read.as_ref()));
    (read, lens, cached)
}

/// A post file's bytes and stamp (`None` when it changed while being read).
fn read_stamped(file: &Path) -> Result<(Vec<u8>, Option<cache::Stamp>), String> {
    let fail = |e: std::io::Error| format!("cannot read file: {e}");
    let meta = std::fs::metadata(file).map_err(fail)?;
    let bytes = std::fs::read(file).map_err(fail)?;
    let stamp = cache::Stamp::of(&meta, &bytes);
    Ok((bytes, stamp))
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

/// A big index written a shard at a time: `fill` hands the shards to the writer (their
/// bodies go to a work file first, since the split id in each shard's header and name
/// is the hash of them all), then the shard files are written, then the base.
fn write_split(
    out: &Path,
    work: &Path,
    index: &SearchIndex,
    fill: impl FnOnce(&mut SplitWriter<BufWriter<File>>) -> Result<(), String>,
) -> Result<Written, String> {
    let bodies_path = work.join("shards.bin");
    let io = |e: std::io::Error| format!("cannot write the index: {e}");
    let bodies = BufWriter::new(File::create(&bodies_path).map_err(io)?);
    let mut writer = SplitWriter::new(bodies);
    fill(&mut writer)?;
    let (base, split_id, sizes) = writer.finish(index).map_err(io)?;

    let mut shards = shard_recycler(out);
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
        shards.write(
            &out.join(shard_file_name(split_id, i)),
            &i.to_string(),
            &body,
        )?;
    }
    shards.finish();
    write_file(out, "search.bin", &base)?;
    let _ = std::fs::remove_file(&bodies_path);
    Ok(Written {
        index: (total, sizes.len()),
        key: cache::IndexKey {
            count: index.len(),
            hash: index.docs_hash(),
            split_id,
        },
    })
}

/// Writes the catalog as site data (format 2, `core::site_data`) next to catalog.json:
/// the shards in `data/<build>/` first (an earlier build's files renamed into place and
/// overwritten, see `recycle.rs`; unchanged ones kept), then `site.json`, then earlier
/// builds' folders are removed. Returns the number of shard files and their bytes.
fn write_site_data(out: &Path, catalog: &Catalog) -> Result<(usize, usize), String> {
    let site = site_data::write(catalog, Some("catalog.json"))?;
    let data_dir = out.join(site_data::DATA_DIR);
    let build_dir = data_dir.join(&site.manifest.build);
    // Only folders named like a build: anything else there is not ours.
    let builds: Vec<PathBuf> = std::fs::read_dir(&data_dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.len() == 12
                && name.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
                && e.file_type().is_ok_and(|t| t.is_dir())
        })
        .map(|e| e.path())
        .collect();
    // Earlier builds' files, keyed by their place in a build (this build's own, when
    // it is the same build again, first: they are compared and mostly kept).
    let mut earlier = Vec::new();
    for b in builds
        .iter()
        .filter(|b| **b == build_dir)
        .chain(builds.iter().filter(|b| **b != build_dir))
    {
        for e in walkdir::WalkDir::new(b).into_iter().flatten() {
            if e.file_type().is_file() {
                if let Ok(rel) = e.path().strip_prefix(b) {
                    earlier.push((rel.to_string_lossy().into_owned(), e.path().to_path_buf()));
                }
            }
        }
    }
    let mut files = Recycler::new(earlier, true);
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
        let key = file
            .strip_prefix(&build_dir)
            .map_or_else(|_| path.clone(), |rel| rel.to_string_lossy().into_owned());
        files.write(&file, &key, body)?;
        bytes += body.len();
    }
    files.finish();
    write_file(out, site_data::MANIFEST_FILE, site.manifest_json())?;
    for b in builds.iter().filter(|b| **b != build_dir) {
        let _ = std::fs::remove_dir_all(b);
    }
    Ok((site.shards.len(), bytes))
}

/// Writes the index's files into `dir` in place of an earlier run's.
fn write_search_files(dir: &Path, files: &IndexFiles) -> Result<(), String> {
    let mut shards = shard_recycler(dir);
    // Shards first, base last: a reader never sees a base whose shards are missing.
    for (i, shard) in files.shards.iter().enumerate() {
        shards.write(&dir.join(files.shard_file_name(i)), &i.to_string(), shard)?;
    }
    shards.finish();
    write_file(dir, "search.bin", &files.base)
}

/// Index shards an earlier run wrote (`search-<12 hex>-<n>.bin`), keyed by their
/// number: reused for this run's shards, and the rest removed, so a re-index never
/// leaves stale files behind.
fn shard_recycler(dir: &Path) -> Recycler {
    Recycler::new(old_shards(dir), false)
}

/// The shard files in `dir` as (number, path).
fn old_shards(dir: &Path) -> Vec<(String, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !is_shard_file_name(&name) {
                return None;
            }
            let (_, n) = name.strip_suffix(".bin")?.rsplit_once('-')?;
            Some((n.to_owned(), e.path()))
        })
        .collect()
}

fn print_summary(
    c: &Catalog,
    target: &Path,
    (index_bytes, shards): (usize, usize),
    (data_files, data_bytes): (usize, usize),
    updated: Option<(usize, usize)>,
    quiet: bool,
) {
    if !quiet {
        if let Some((read, gone)) = updated {
            println!(
                "updated: {read} {} read again, {gone} gone, the rest from the cache",
                if read == 1 { "post" } else { "posts" }
            );
        }
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
