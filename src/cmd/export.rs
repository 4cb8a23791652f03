//! `broadsheet export`: every article with its plain body text as JSON Lines on
//! stdout (for other tools, and the benchmark's peers and ground truth).

use std::io::Write;
use std::path::Path;

use super::{print_errors, read_all, Read};

pub(super) fn run(posts_dir: &Path) -> Result<(), String> {
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
    print_errors(&catalog);
    Ok(())
}
