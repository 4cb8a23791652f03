//! The `broadsheet` command line: a shell over the core that only reads and writes
//! files (native only; `src/bin/broadsheet.rs` calls [`run`]).
//!
//! `broadsheet index <POSTS_DIR> [--out <DIR>]` writes `<DIR>/catalog.json` and
//! `<DIR>/search.bin` (the full-text search index the app fetches on first search;
//! big sites get it split into `search-<id>-<n>.bin` body shards fetched on demand).
//! `broadsheet export <POSTS_DIR>` prints every article with its plain body text as
//! JSON Lines (for other tools, and the benchmark's peers and ground truth).
//! `broadsheet feed <POSTS_DIR> --base-url <URL> [--out <DIR>]` writes the Atom feed
//! `<DIR>/atom.xml`, `<DIR>/sitemap.xml` (split into `sitemap-<n>.xml` parts past the
//! protocol's limits) and, with `--robots` at a host's root, `robots.txt`
//! (`core::feed` decides what goes in them).
//!
//! `broadsheet pages <SITE_DIR> --base-url <URL>` writes an HTML page for every route of
//! a built site, rendered by the app's own components (`pages.rs`).
//!
//! One module per subcommand (`index/`, `export.rs`, `feed.rs`, `pages.rs`); this one holds the
//! command line's definition, the dispatch, and the reading of a posts folder that
//! all three share.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use crate::core::article::{read_post_with_text, Post, ReadError};
use crate::core::catalog::{Catalog, CatalogBuilder};
use crate::core::sources::POST_EXTENSIONS;

mod export;
mod feed;
mod index;
mod pages;

use feed::Content;

/// A file read and parsed (`Ok`, possibly a parse error) or an I/O error message.
type FileOutcome = Result<Result<Post, ReadError>, String>;
/// A parsed file plus its rendered body's plain text (for the search index).
type Parsed = (String, FileOutcome, Option<String>);

/// Below this many files a progress bar is just flicker.
const PROGRESS_THRESHOLD: usize = 200;

#[derive(Parser)]
#[command(
    name = "broadsheet",
    version,
    about = "Turns a folder of blog/news posts into a Broadsheet catalog"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads every post under POSTS_DIR and writes catalog.json and search.bin.
    ///
    /// Posts are .md .markdown .html .htm .txt files with YAML front matter (Hexo /
    /// Jekyll style) in any sub-folder; hidden folders are skipped. A file that
    /// cannot be read is listed as an error and never stops the others; the exit
    /// status is non-zero only when POSTS_DIR itself cannot be read or the catalog
    /// cannot be written.
    Index {
        /// Folder holding the post files.
        posts_dir: PathBuf,
        /// Where to write catalog.json and search.bin (default: POSTS_DIR). Article paths in the
        /// catalog are relative to this folder.
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
        /// Read and index every post again, even those the cache says are unchanged.
        #[arg(long)]
        full: bool,
        /// Where to keep what was read from each post, so the next run reads only the
        /// posts that changed (default: OUT/.broadsheet-cache; delete it at any time).
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Memory (bytes) a worker's batch of terms may hold before it is written
        /// out as a run (testing: small values exercise a big site's path).
        #[arg(long, hide = true)]
        batch_bytes: Option<usize>,
        /// Largest total of runs merged in memory; above it the index is merged a
        /// shard at a time (testing: 0 forces that path).
        #[arg(long, hide = true)]
        in_memory_bytes: Option<u64>,
    },
    /// Prints every article as one JSON object per line (JSON Lines) on stdout:
    /// slug, path, title, date, categories, tags, author, excerpt and `text`, the
    /// plain body text the search index is built from. Errors go to stderr.
    Export {
        /// Folder holding the post files.
        posts_dir: PathBuf,
    },
    /// Writes an HTML page for every route of a built site.
    ///
    /// Home, categories, tags, authors, archive and every article with its body,
    /// rendered by the app's own components, with each page's head (title,
    /// description, canonical, Open Graph, JSON-LD): every address shows its content
    /// before the app starts, to crawlers and link previews, and without JavaScript.
    /// Run after `index` and `feed`.
    Pages {
        /// The built site (Trunk's dist/): its 404.html (else index.html) is the shell.
        site_dir: PathBuf,
        /// The folder with the site data (site.json) and the post files (default:
        /// SITE_DIR/articles; served at <base-url>articles/, where bodies' relative links
        /// resolve).
        #[arg(long, value_name = "DIR")]
        articles: Option<PathBuf>,
        /// The site's public address, e.g. https://you.github.io/blog/ (canonical
        /// addresses, Open Graph, JSON-LD).
        #[arg(long, value_name = "URL")]
        base_url: String,
        /// The site's name (titles, og:site_name).
        #[arg(long, default_value = crate::core::feed::DEFAULT_TITLE)]
        title: String,
        /// Articles are news stories (JSON-LD NewsArticle; default BlogPosting).
        #[arg(long)]
        news: bool,
        /// The language of the pages' own words (labels, dates): en or zh.
        #[arg(long, default_value = "en")]
        locale: String,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Writes an Atom feed (atom.xml) and a sitemap (sitemap.xml) for the site.
    ///
    /// Both list absolute addresses below --base-url, the address the site is
    /// published at; serve the two files from that folder (a sitemap may only list
    /// addresses below its own folder). The feed holds the newest dated articles
    /// (undated ones are left out of it; the sitemap lists every page). Files that
    /// cannot be read are listed and never stop the others.
    Feed {
        /// Folder holding the post files.
        posts_dir: PathBuf,
        /// The site's public address, e.g. https://you.github.io/blog/ (http or
        /// https; a missing trailing slash is added).
        #[arg(long, value_name = "URL")]
        base_url: String,
        /// Where to write atom.xml and sitemap.xml: the folder published at
        /// --base-url (default: the current folder).
        #[arg(long, short, default_value = ".")]
        out: PathBuf,
        /// Most entries in the feed, newest first; 0 = every dated article.
        #[arg(long, default_value_t = crate::core::feed::DEFAULT_LIMIT)]
        limit: usize,
        /// The feed's title.
        #[arg(long, default_value = crate::core::feed::DEFAULT_TITLE)]
        title: String,
        /// A line under the title.
        #[arg(long)]
        subtitle: Option<String>,
        /// The feed's author, for entries without their own (default: the title).
        #[arg(long)]
        author: Option<String>,
        /// What each entry carries besides the summary (the excerpt): `full` adds
        /// the whole body, sanitized like the app's article pages.
        #[arg(long, value_enum, default_value_t = Content::Full)]
        content: Content,
        /// Where the post files are served, for relative links and images in
        /// bodies and thumbnails (default: <base-url>articles/, where the app's
        /// bundled articles live).
        #[arg(long, value_name = "URL")]
        articles_url: Option<String>,
        /// Also write robots.txt naming the sitemap (only when --base-url is a
        /// host's root: crawlers read robots.txt nowhere else).
        #[arg(long)]
        robots: bool,
        /// Print only errors.
        #[arg(long, short)]
        quiet: bool,
    },
}

/// Runs the command line: exit status 0, or 2 with the error on stderr (clap exits
/// with 2 itself on a malformed command line).
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Index {
            posts_dir,
            out,
            quiet,
            full,
            cache,
            batch_bytes,
            in_memory_bytes,
        } => {
            let defaults = index::Options::default();
            let opts = index::Options {
                batch_bytes: batch_bytes.unwrap_or(defaults.batch_bytes),
                in_memory_bytes: in_memory_bytes.unwrap_or(defaults.in_memory_bytes),
            };
            let run = index::Run { quiet, full, cache };
            index::run(&posts_dir, out.as_deref(), &run, opts)
        }
        Command::Export { posts_dir } => export::run(&posts_dir),
        Command::Pages {
            site_dir,
            articles,
            base_url,
            title,
            news,
            locale,
            quiet,
        } => feed::options(&base_url, None, 0, title, None, None).and_then(|feed| {
            let locale = crate::core::i18n::Locale::parse(&locale)
                .ok_or_else(|| format!("--locale {locale}: give en or zh"))?;
            let articles_dir = articles.unwrap_or_else(|| site_dir.join("articles"));
            pages::run(&pages::Options {
                site_dir,
                articles_dir,
                feed,
                article_type: if news {
                    crate::core::page_head::ArticleType::News
                } else {
                    crate::core::page_head::ArticleType::Blog
                },
                locale,
                quiet,
            })
        }),
        Command::Feed {
            posts_dir,
            base_url,
            out,
            limit,
            title,
            subtitle,
            author,
            content,
            articles_url,
            robots,
            quiet,
        } => {
            // A bad address is refused before any file is read.
            feed::options(
                &base_url,
                articles_url.as_deref(),
                limit,
                title,
                subtitle,
                author,
            )
            .and_then(|opts| feed::run(&posts_dir, &out, &opts, content, robots, quiet))
        }
    };
    exit_status(result)
}

fn exit_status(r: Result<(), String>) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
    }
}

/// The catalog of `posts_dir` (paths relative to `out_dir`) and each article's
/// plain body text by catalog path.
struct Read {
    catalog: Catalog,
    texts: HashMap<String, String>,
}

/// Reads every post under `posts_dir` into a catalog whose paths are relative to
/// `out` (default: `posts_dir`, created if missing); also returns `out`, absolute.
/// `with_text`: also render every body to plain text (the search index and export
/// need it; the feed does not).
fn read_all(
    posts_dir: &Path,
    out: Option<&Path>,
    quiet: bool,
    with_text: bool,
) -> Result<(Read, PathBuf), String> {
    let (posts_abs, out_abs) = absolute_folders(posts_dir, out.unwrap_or(posts_dir))?;
    let files = find_posts(&posts_abs);
    let bar = progress_bar(files.len(), quiet);
    let results = parse_in_parallel(&files, &out_abs, with_text, &bar);
    bar.finish_and_clear();

    let mut builder = CatalogBuilder::default();
    // Body text by catalog path: the catalog assigns final slugs and order, so the
    // search index is fed from the finished catalog (documents in catalog order).
    let mut texts: HashMap<String, String> = HashMap::new();
    for (rel, read, text) in results {
        if let Some(text) = text {
            texts.insert(rel.clone(), text);
        }
        match read {
            Ok(outcome) => builder.add_read(&rel, outcome),
            Err(io_error) => builder.add_error(&rel, io_error),
        }
    }

    let catalog = builder.finish(generated_now());
    Ok((Read { catalog, texts }, out_abs))
}

/// Checks that `posts_dir` is a folder and creates `out_dir`; both made absolute.
fn absolute_folders(posts_dir: &Path, out_dir: &Path) -> Result<(PathBuf, PathBuf), String> {
    let meta = std::fs::metadata(posts_dir)
        .map_err(|e| format!("cannot read {}: {e}", posts_dir.display()))?;
    if !meta.is_dir() {
        return Err(format!("{} is not a folder", posts_dir.display()));
    }
    std::fs::create_dir_all(out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let posts_abs = std::fs::canonicalize(posts_dir).map_err(|e| e.to_string())?;
    let out_abs = std::fs::canonicalize(out_dir).map_err(|e| e.to_string())?;
    Ok((posts_abs, out_abs))
}

/// A bar on stderr for `files` files; hidden for a few files or with `quiet`.
fn progress_bar(files: usize, quiet: bool) -> ProgressBar {
    progress_bar_for(files, quiet, "reading posts")
}

/// A bar on stderr for `n` steps of `doing` ("reading posts", "writing pages"); hidden
/// for a few or with `quiet`.
fn progress_bar_for(n: usize, quiet: bool, doing: &str) -> ProgressBar {
    if n < PROGRESS_THRESHOLD || quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(n as u64);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {doing} [{{bar:30}}] {{pos}}/{{len}} {{per_sec}} {{eta}}"
        ))
        .expect("static template")
        .progress_chars("=> "),
    );
    bar
}

/// Reads and parses `files` on every core (rendering bodies for excerpts dominates),
/// returning the results in `files`' order so the catalog does not depend on thread
/// timing. Paths are made relative to `out_abs`.
fn parse_in_parallel(
    files: &[PathBuf],
    out_abs: &Path,
    with_text: bool,
    bar: &ProgressBar,
) -> Vec<Parsed> {
    let (parsed, _) = in_parallel(
        files.len(),
        |_| (),
        |_, i| {
            let parsed = parse_file(&files[i], out_abs, with_text);
            bar.inc(1);
            Ok::<_, std::convert::Infallible>(parsed)
        },
    )
    .unwrap_or_else(|never| match never {});
    parsed
}

/// Workers, at most: reading and rendering posts is CPU-bound.
const MAX_WORKERS: usize = 8;

/// Items a worker takes at a time. Posts differ in cost (Chinese ones tokenize into far
/// more terms), so workers take small blocks rather than a fixed share each: none
/// idles while another still has a long part to go.
const BLOCK: usize = 64;

/// Calls `each(state, i)` for every `i < len` on every core (up to `MAX_WORKERS`), each
/// worker with its own `state` from `init(worker number)`; a worker meets its `i`s in
/// increasing order. Returns the results in `i` order and every worker's final state,
/// or the first error (the worker that met it stops).
fn in_parallel<S: Send, T: Send, E: Send>(
    len: usize,
    init: impl Fn(usize) -> S + Sync,
    each: impl Fn(&mut S, usize) -> Result<T, E> + Sync,
) -> Result<(Vec<T>, Vec<S>), E> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_WORKERS);
    let next = AtomicUsize::new(0);
    let worker = |w: usize| -> Result<(S, Vec<(usize, T)>), E> {
        let mut state = init(w);
        let mut done = Vec::new();
        loop {
            let start = next.fetch_add(BLOCK, Ordering::Relaxed);
            if start >= len {
                return Ok((state, done));
            }
            for i in start..(start + BLOCK).min(len) {
                done.push((i, each(&mut state, i)?));
            }
        }
    };
    let parts: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let worker = &worker;
                scope.spawn(move || worker(w))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker thread"))
            .collect()
    });
    let mut results: Vec<Option<T>> = (0..len).map(|_| None).collect();
    let mut states = Vec::with_capacity(parts.len());
    for part in parts {
        let (state, done) = part?;
        for (i, t) in done {
            results[i] = Some(t);
        }
        states.push(state);
    }
    Ok((results.into_iter().flatten().collect(), states))
}

/// One post file read and parsed. With `with_text`, the body is also rendered to
/// plain text for the search index while the file is in memory (no second read later).
fn parse_file(file: &Path, out_abs: &Path, with_text: bool) -> Parsed {
    let rel = relative_path(out_abs, file);
    let (read, text) = match std::fs::read(file) {
        Ok(bytes) => match read_post_with_text(&rel, &bytes) {
            Ok((post, text)) => (Ok(Ok(post)), with_text.then_some(text)),
            Err(e) => (Ok(Err(e)), None),
        },
        Err(e) => (Err(format!("cannot read file: {e}")), None),
    };
    (rel, read, text)
}

/// A bar on stderr for `total` bytes of work; hidden with `quiet` or when small.
fn bytes_bar(total: u64, quiet: bool, what: &str) -> ProgressBar {
    if quiet || total < (16 << 20) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{spinner}} {what} [{{bar:30}}] {{bytes}}/{{total_bytes}} {{eta}}"
        ))
        .expect("static template")
        .progress_chars("=> "),
    );
    bar
}

/// Writes `dir/name`; the error names the file.
fn write_file(dir: &Path, name: &str, contents: impl AsRef<[u8]>) -> Result<(), String> {
    let path = dir.join(name);
    std::fs::write(&path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Lists the files that could not be read on stderr (never silenced by `--quiet`).
fn print_errors(catalog: &Catalog) {
    for e in &catalog.errors {
        eprintln!("  error: {}: {}", e.path, e.message);
    }
}

/// Every post file under `root`, sorted, skipping hidden and tool folders.
fn find_posts(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || name == "node_modules")
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| POST_EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
        })
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// `file` relative to `dir`, `/`-separated (may start with `../`).
fn relative_path(dir: &Path, file: &Path) -> String {
    let d: Vec<Component<'_>> = dir.components().collect();
    let f: Vec<Component<'_>> = file.components().collect();
    let common = d.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); d.len() - common];
    parts.extend(
        f[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// RFC 3339 now, or SOURCE_DATE_EPOCH for reproducible builds.
fn generated_now() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .unwrap_or_else(chrono::Utc::now);
    now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
