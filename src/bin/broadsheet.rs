//! `broadsheet`: the command-line shell over the core.
//!
//! `broadsheet index <POSTS_DIR> [--out <DIR>]` writes `<DIR>/catalog.json` and
//! `<DIR>/search.bin` (the full-text search index the app fetches on first search;
//! big sites get it split into `search-<id>-<n>.bin` body shards fetched on demand).
//! `broadsheet export <POSTS_DIR>` prints every article with its plain body text as
//! JSON Lines (for other tools, and the benchmark's peers and ground truth).
//! `broadsheet feed <POSTS_DIR> --base-url <URL> [--out <DIR>]` writes the Atom feed
//! `<DIR>/atom.xml`, `<DIR>/sitemap.xml` (split into `sitemap-<n>.xml` parts past the
//! protocol's limits) and, with `--robots` at a host's root, `robots.txt`
//! (`core::feed` decides what goes in them; this shell only reads and writes files).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::path::{Component, Path, PathBuf};
    use std::process::ExitCode;

    use broadsheet::core::article::{read_post, Post, ReadError};
    use broadsheet::core::catalog::{Catalog, CatalogBuilder};
    use broadsheet::core::feed::{self, FeedOptions, SiteUrl};
    use broadsheet::core::search::{is_shard_file_name, SearchIndexBuilder};
    use broadsheet::core::sources::POST_EXTENSIONS;
    use clap::{Parser, Subcommand, ValueEnum};
    use indicatif::{ProgressBar, ProgressStyle};

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
        },
        /// Prints every article as one JSON object per line (JSON Lines) on stdout:
        /// slug, path, title, date, categories, tags, author, excerpt and `text`, the
        /// plain body text the search index is built from. Errors go to stderr.
        Export {
            /// Folder holding the post files.
            posts_dir: PathBuf,
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
            #[arg(long, default_value_t = feed::DEFAULT_LIMIT)]
            limit: usize,
            /// The feed's title.
            #[arg(long, default_value = feed::DEFAULT_TITLE)]
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

    /// What a feed entry carries besides its summary.
    #[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
    enum Content {
        /// The excerpt only: readers follow the link to read on.
        Summary,
        /// The excerpt and the whole sanitized body.
        Full,
    }

    pub fn main() -> ExitCode {
        let cli = Cli::parse();
        match cli.command {
            Command::Index {
                posts_dir,
                out,
                quiet,
            } => exit(index(&posts_dir, out.as_deref(), quiet)),
            Command::Export { posts_dir } => exit(export(&posts_dir)),
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
                let opts = match feed_options(
                    &base_url,
                    articles_url.as_deref(),
                    limit,
                    title,
                    subtitle,
                    author,
                ) {
                    Ok(o) => o,
                    Err(e) => return exit(Err(e)),
                };
                exit(write_feed(&posts_dir, &out, &opts, content, robots, quiet))
            }
        }
    }

    fn exit(r: Result<(), String>) -> ExitCode {
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
        texts: std::collections::HashMap<String, String>,
    }

    /// `with_text`: also render every body to plain text (the search index and export
    /// need it; the feed does not).
    fn read_all(
        posts_dir: &Path,
        out: Option<&Path>,
        quiet: bool,
        with_text: bool,
    ) -> Result<(Read, PathBuf), String> {
        let meta = std::fs::metadata(posts_dir)
            .map_err(|e| format!("cannot read {}: {e}", posts_dir.display()))?;
        if !meta.is_dir() {
            return Err(format!("{} is not a folder", posts_dir.display()));
        }
        let out_dir = out.unwrap_or(posts_dir);
        std::fs::create_dir_all(out_dir)
            .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
        let posts_abs = std::fs::canonicalize(posts_dir).map_err(|e| e.to_string())?;
        let out_abs = std::fs::canonicalize(out_dir).map_err(|e| e.to_string())?;

        let files = find_posts(&posts_abs);
        let bar = if files.len() >= PROGRESS_THRESHOLD && !quiet {
            let b = ProgressBar::new(files.len() as u64);
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} reading posts [{bar:30}] {pos}/{len} {per_sec} {eta}",
                )
                .expect("static template")
                .progress_chars("=> "),
            );
            b
        } else {
            ProgressBar::hidden()
        };

        // Parse on every core (rendering bodies for excerpts dominates), then add the
        // results in path order so the catalog does not depend on thread timing.
        let workers = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        let chunk = files.len().div_ceil(workers).max(1);
        // Each worker also renders the body to plain text for the search index while the
        // file is in memory (no second read later).
        let results: Vec<Parsed> = std::thread::scope(|scope| {
            let handles: Vec<_> = files
                .chunks(chunk)
                .map(|part| {
                    let bar = &bar;
                    let out_abs = &out_abs;
                    scope.spawn(move || {
                        part.iter()
                            .map(|file| {
                                let rel = relative_path(out_abs, file);
                                let read = match std::fs::read(file) {
                                    Ok(bytes) => Ok(read_post(&rel, &bytes)),
                                    Err(e) => Err(format!("cannot read file: {e}")),
                                };
                                let text = match &read {
                                    Ok(Ok(post)) if with_text => Some(post.render(&rel).text),
                                    _ => None,
                                };
                                bar.inc(1);
                                (rel, read, text)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("worker thread"))
                .collect()
        });
        bar.finish_and_clear();

        let mut builder = CatalogBuilder::default();
        // Body text by catalog path: the catalog assigns final slugs and order, so the
        // search index is fed from the finished catalog (documents in catalog order).
        let mut texts: std::collections::HashMap<String, String> = std::collections::HashMap::new();
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

    fn index(posts_dir: &Path, out: Option<&Path>, quiet: bool) -> Result<(), String> {
        let (Read { catalog, mut texts }, out_abs) = read_all(posts_dir, out, quiet, true)?;
        let target = out_abs.join("catalog.json");
        std::fs::write(&target, catalog.to_json())
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;

        let mut search = SearchIndexBuilder::default();
        for a in &catalog.articles {
            search.add(a, texts.remove(&a.path).as_deref());
        }
        drop(texts);
        let index = search.finish();
        let files = index.to_files();
        remove_old_shards(&out_abs);
        let write = |name: &str, bytes: &[u8]| {
            let path = out_abs.join(name);
            std::fs::write(&path, bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))
        };
        // Shards first, base last: a reader never sees a base whose shards are missing.
        for (i, shard) in files.shards.iter().enumerate() {
            write(&files.shard_file_name(i), shard)?;
        }
        write("search.bin", &files.base)?;
        let total = files.base.len() + files.shards.iter().map(Vec::len).sum::<usize>();
        print_summary(&catalog, &target, total, files.shards.len(), quiet);
        Ok(())
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

    fn export(posts_dir: &Path) -> Result<(), String> {
        use std::io::Write;
        let (Read { catalog, mut texts }, _) = read_all(posts_dir, None, true, true)?;
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        for a in &catalog.articles {
            let line = serde_json::json!({
                "slug": a.slug,
                "path": a.path,
                "title": a.title,
                "date": a.date,
                "categories": a.categories,
                "tags": a.tags,
                "author": a.author,
                "excerpt": a.excerpt,
                "text": texts.remove(&a.path).unwrap_or_default(),
            });
            writeln!(out, "{line}").map_err(|e| format!("cannot write to stdout: {e}"))?;
        }
        out.flush()
            .map_err(|e| format!("cannot write to stdout: {e}"))?;
        for e in &catalog.errors {
            eprintln!("  error: {}: {}", e.path, e.message);
        }
        Ok(())
    }

    fn feed_options(
        base_url: &str,
        articles_url: Option<&str>,
        limit: usize,
        title: String,
        subtitle: Option<String>,
        author: Option<String>,
    ) -> Result<FeedOptions, String> {
        let site = SiteUrl::parse(base_url).map_err(|e| format!("--base-url: {e}"))?;
        let mut opts = FeedOptions::new(site);
        if let Some(a) = articles_url {
            opts.articles = SiteUrl::parse(a).map_err(|e| format!("--articles-url: {e}"))?;
        }
        opts.limit = limit;
        opts.title = title;
        opts.subtitle = subtitle;
        opts.author = author;
        Ok(opts)
    }

    fn write_feed(
        posts_dir: &Path,
        out_dir: &Path,
        opts: &FeedOptions,
        content: Content,
        robots: bool,
        quiet: bool,
    ) -> Result<(), String> {
        // Catalog paths relative to POSTS_DIR: the post files' addresses are
        // `--articles-url` + path, wherever the feed is written.
        let (Read { catalog, .. }, posts_abs) = read_all(posts_dir, None, quiet, false)?;
        std::fs::create_dir_all(out_dir)
            .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
        // robots.txt in the posts folder itself would be read as a post (.txt) next time.
        let out_is_posts = std::fs::canonicalize(out_dir).is_ok_and(|o| o == posts_abs);

        // Full bodies only for the entries the feed holds (20 of 10,000, not all): read
        // again and rendered with their file's address, so relative URLs become absolute.
        let mut bodies: std::collections::HashMap<&str, String> = std::collections::HashMap::new();
        if content == Content::Full {
            for a in feed::feed_entries(&catalog, opts.limit) {
                match std::fs::read(posts_abs.join(&a.path)) {
                    Ok(bytes) => match read_post(&a.path, &bytes) {
                        Ok(post) => {
                            bodies.insert(a.path.as_str(), opts.content_html(&post));
                        }
                        Err(e) => eprintln!("  error: {}: {e} (summary only in the feed)", a.path),
                    },
                    Err(e) => eprintln!(
                        "  error: {}: cannot read file: {e} (summary only in the feed)",
                        a.path
                    ),
                }
            }
        }
        let atom = feed::atom(&catalog, opts, |a| bodies.get(a.path.as_str()).cloned());
        let sitemap = feed::sitemap(&catalog, &opts.site);

        let write = |name: &str, text: &str| {
            let path = out_dir.join(name);
            std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
        };
        // Parts of an earlier, bigger sitemap would be left listing stale pages.
        if let Ok(entries) = std::fs::read_dir(out_dir) {
            for e in entries.flatten() {
                if feed::is_sitemap_part_name(&e.file_name().to_string_lossy()) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        write(feed::FEED_FILE, &atom)?;
        // Parts first, the sitemap (or its index) last.
        for (name, xml) in sitemap.files.iter().rev() {
            write(name, xml)?;
        }
        let robots_note = match (robots, feed::robots_txt(&opts.site)) {
            (true, Some(_)) if out_is_posts => {
                if !quiet {
                    eprintln!("  note: no robots.txt written into POSTS_DIR, where it would be read as a post: use --out");
                }
                String::new()
            }
            (true, Some(text)) => {
                write(feed::ROBOTS_FILE, &text)?;
                format!(", {}", feed::ROBOTS_FILE)
            }
            (true, None) if !quiet => {
                eprintln!(
                    "  note: no robots.txt: {} is not a host's root (crawlers only read /robots.txt; submit the sitemap to them instead)",
                    opts.site.as_str()
                );
                String::new()
            }
            _ => String::new(),
        };
        if !quiet {
            let entries = feed::feed_entries(&catalog, opts.limit).len();
            let undated = catalog
                .articles
                .iter()
                .filter(|a| a.timestamp().is_none())
                .count();
            let parts = if sitemap.files.len() > 1 {
                format!(" in {} parts", sitemap.files.len() - 1)
            } else {
                String::new()
            };
            println!(
                "{entries} of {} articles in the feed ({}){}, {} pages in the sitemap{parts}{robots_note}, {} errors → {}",
                catalog.articles.len(),
                if content == Content::Full { "full text" } else { "summaries" },
                if undated > 0 { format!(", {undated} undated left out") } else { String::new() },
                sitemap.urls,
                catalog.errors.len(),
                out_dir.join(feed::FEED_FILE).display(),
            );
        }
        for u in &sitemap.too_long {
            eprintln!(
                "  warning: left out of the sitemap (address longer than 2,047 characters): {u}"
            );
        }
        for e in &catalog.errors {
            eprintln!("  error: {}: {}", e.path, e.message);
        }
        Ok(())
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
        for e in &c.errors {
            eprintln!("  error: {}: {}", e.path, e.message);
        }
    }

    /// `1234567` → `1.2 MB`, `2048` → `2.0 kB`.
    fn human_bytes(n: usize) -> String {
        match n {
            n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
            n if n >= 1_000 => format!("{:.1} kB", n as f64 / 1e3),
            n => format!("{n} B"),
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
}
