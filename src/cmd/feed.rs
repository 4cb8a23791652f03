//! `broadsheet feed`: the Atom feed (`atom.xml`), the sitemap (`sitemap.xml`, split
//! into `sitemap-<n>.xml` parts past the protocol's limits) and, with `--robots` at a
//! host's root, `robots.txt`. `core::feed` decides what goes in them; this module
//! reads the posts and writes the files.

use std::collections::HashMap;
use std::path::Path;

use clap::ValueEnum;

use super::{print_errors, read_all, write_file, Read};
use crate::core::article::read_post;
use crate::core::catalog::Catalog;
use crate::core::feed::{self, FeedOptions, SiteUrl, Sitemap};

/// What a feed entry carries besides its summary.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum Content {
    /// The excerpt only: readers follow the link to read on.
    Summary,
    /// The excerpt and the whole sanitized body.
    Full,
}

/// The feed's options from the command line; a bad address is an error.
pub(super) fn options(
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

pub(super) fn run(
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

    let bodies = match content {
        Content::Full => full_bodies(&catalog, &posts_abs, opts),
        Content::Summary => HashMap::new(),
    };
    let atom = feed::atom(&catalog, opts, |a| bodies.get(a.path.as_str()).cloned());
    let sitemap = feed::sitemap(&catalog, &opts.site);

    remove_old_sitemap_parts(out_dir);
    write_file(out_dir, feed::FEED_FILE, &atom)?;
    // Parts first, the sitemap (or its index) last.
    for (name, xml) in sitemap.files.iter().rev() {
        write_file(out_dir, name, xml)?;
    }
    let robots_note = write_robots(out_dir, &opts.site, robots, out_is_posts, quiet)?;
    if !quiet {
        print_summary(&catalog, opts, content, &sitemap, &robots_note, out_dir);
    }
    for u in &sitemap.too_long {
        eprintln!("  warning: left out of the sitemap (address longer than 2,047 characters): {u}");
    }
    print_errors(&catalog);
    Ok(())
}

/// The full bodies of the entries the feed holds (20 of 10,000, not all), by catalog
/// path: read again and rendered with their file's address, so relative URLs become
/// absolute. An entry whose file cannot be read again keeps its summary only.
fn full_bodies<'c>(
    catalog: &'c Catalog,
    posts_abs: &Path,
    opts: &FeedOptions,
) -> HashMap<&'c str, String> {
    let mut bodies = HashMap::new();
    for a in feed::feed_entries(catalog, opts.limit) {
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
    bodies
}

/// Removes the parts of an earlier, bigger sitemap, which would be left listing
/// stale pages.
fn remove_old_sitemap_parts(out_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(out_dir) else {
        return;
    };
    for e in entries.flatten() {
        if feed::is_sitemap_part_name(&e.file_name().to_string_lossy()) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes robots.txt when asked for and allowed, else says why not (unless `quiet`).
/// Returns what the summary line adds: `, robots.txt` when written.
fn write_robots(
    out_dir: &Path,
    site: &SiteUrl,
    robots: bool,
    out_is_posts: bool,
    quiet: bool,
) -> Result<String, String> {
    Ok(match (robots, feed::robots_txt(site)) {
        (true, Some(_)) if out_is_posts => {
            if !quiet {
                eprintln!("  note: no robots.txt written into POSTS_DIR, where it would be read as a post: use --out");
            }
            String::new()
        }
        (true, Some(text)) => {
            write_file(out_dir, feed::ROBOTS_FILE, &text)?;
            format!(", {}", feed::ROBOTS_FILE)
        }
        (true, None) if !quiet => {
            eprintln!(
                "  note: no robots.txt: {} is not a host's root (crawlers only read /robots.txt; submit the sitemap to them instead)",
                site.as_str()
            );
            String::new()
        }
        _ => String::new(),
    })
}

/// One line on stdout: entries in the feed, pages in the sitemap, files written.
fn print_summary(
    catalog: &Catalog,
    opts: &FeedOptions,
    content: Content,
    sitemap: &Sitemap,
    robots_note: &str,
    out_dir: &Path,
) {
    let entries = feed::feed_entries(catalog, opts.limit).len();
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
