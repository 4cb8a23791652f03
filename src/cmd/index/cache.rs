//! What the last `broadsheet index` read from each post file, kept between runs so the
//! next run reads and tokenizes only the posts that changed (`update.rs`).
//!
//! One text file, `posts.tsv` in the cache folder: a header line naming the format,
//! the program that wrote it (its version and a hash of its executable: a new build
//! may parse posts differently, so its cache is never trusted), the posts folder and
//! the search index the run wrote; then a line per post file read:
//!
//! ```text
//! <doc or -> TAB <size> TAB <modified, ns> TAB <content hash> TAB <path> TAB <JSON>
//! ```
//!
//! `doc` is the post's document number in that index (its place in the catalog), the
//! JSON is what reading it gave (`Ok`: the post without its body; `Err`: why it is
//! not an article, drafts included). A file is unchanged when its size and modification
//! time are the same, or else when its content hashes the same (a copy that did not
//! keep modification times). Files that could not be read are not cached. The file is
//! written whole to a temporary name and renamed, after everything else is written.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::core::article::{Post, ReadError};
use crate::core::hash::{fnv1a, FNV_OFFSET};

const FILE: &str = "posts.tsv";
const MAGIC: &str = "broadsheet-index-cache";
const FORMAT: u32 = 1;

/// The cache folder: `--cache`, else `.broadsheet-cache` in the output folder (hidden,
/// so never read as posts).
pub(super) fn folder(out: &Path, given: Option<&Path>) -> PathBuf {
    given.map_or_else(|| out.join(".broadsheet-cache"), Path::to_path_buf)
}

/// The search index a cache belongs to: its document count, slug hash and split id
/// (0: one file), as its base file says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct IndexKey {
    pub count: usize,
    pub hash: u64,
    pub split_id: u64,
}

/// How a file looked when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub size: u64,
    pub modified_ns: u64,
    pub hash: u64,
}

impl Stamp {
    /// The stamp of `bytes` just read from a file whose metadata was `meta` (taken
    /// before the read: a change during it shows as a different stamp next time).
    pub fn of(meta: &std::fs::Metadata, bytes: &[u8]) -> Option<Stamp> {
        let size = bytes.len() as u64;
        if meta.len() != size {
            return None;
        }
        Some(Stamp {
            size,
            modified_ns: modified_ns(meta)?,
            hash: fnv1a(FNV_OFFSET, bytes),
        })
    }

    /// Whether `meta` shows the file as it was (no read needed).
    pub fn unchanged(&self, meta: &std::fs::Metadata) -> bool {
        meta.len() == self.size && modified_ns(meta) == Some(self.modified_ns)
    }
}

fn modified_ns(meta: &std::fs::Metadata) -> Option<u64> {
    let t = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    u64::try_from(t.as_nanos()).ok()
}

/// One post file as the last run read it.
pub(super) struct Cached {
    pub doc: Option<u32>,
    pub stamp: Stamp,
    /// `Result<Post, ReadError>` as JSON, parsed when used.
    pub json: String,
}

impl Cached {
    pub fn read(&self) -> Option<Result<Post, ReadError>> {
        serde_json::from_str(&self.json).ok()
    }
}

/// What reading a post gave, as a cache line stores it.
pub(super) fn to_json(read: Result<&Post, &ReadError>) -> Option<String> {
    serde_json::to_string(&read).ok()
}

pub(super) struct Cache {
    pub index: IndexKey,
    /// By catalog path.
    pub files: HashMap<String, Cached>,
}

/// Identifies this program's build: its version and a hash of its executable.
fn tool() -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::read)
        .map_or(0, |b| fnv1a(FNV_OFFSET, &b));
    format!("{}+{exe:016x}", env!("CARGO_PKG_VERSION"))
}

/// The cache in `dir` if this program wrote it for `posts`; `None` otherwise (no
/// cache, another version, another folder, a damaged file: the run reads everything).
pub(super) fn load(dir: &Path, posts: &Path) -> Option<Cache> {
    let text = std::fs::read_to_string(dir.join(FILE)).ok()?;
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next()?.split('\t').collect();
    let [magic, format, tool_id, folder, count, hash, split_id] = head[..] else {
        return None;
    };
    if magic != MAGIC
        || format != FORMAT.to_string()
        || tool_id != tool()
        || folder != posts.to_string_lossy()
    {
        return None;
    }
    let index = IndexKey {
        count: count.parse().ok()?,
        hash: u64::from_str_radix(hash, 16).ok()?,
        split_id: u64::from_str_radix(split_id, 16).ok()?,
    };
    let mut files = HashMap::new();
    for line in lines {
        let mut f = line.splitn(6, '\t');
        let (doc, size, modified, hash, path, json) = (
            f.next()?,
            f.next()?,
            f.next()?,
            f.next()?,
            f.next()?,
            f.next()?,
        );
        let doc = match doc {
            "-" => None,
            d => Some(d.parse().ok()?),
        };
        let stamp = Stamp {
            size: size.parse().ok()?,
            modified_ns: modified.parse().ok()?,
            hash: u64::from_str_radix(hash, 16).ok()?,
        };
        files.insert(
            path.to_owned(),
            Cached {
                doc,
                stamp,
                json: json.to_owned(),
            },
        );
    }
    Some(Cache { index, files })
}

/// One line to write: a post file's path, stamp, document number and JSON.
pub(super) struct Line<'a> {
    pub path: &'a str,
    pub stamp: Stamp,
    pub doc: Option<u32>,
    pub json: &'a str,
}

/// Writes the cache for `posts` and the index `index` (replacing the earlier one in
/// one rename). Paths with a tab or line break are left out (read every time).
pub(super) fn save<'a>(
    dir: &Path,
    posts: &Path,
    index: IndexKey,
    lines: impl Iterator<Item = Line<'a>>,
) -> Result<(), String> {
    let mut text = format!(
        "{MAGIC}\t{FORMAT}\t{}\t{}\t{}\t{:x}\t{:x}\n",
        tool(),
        posts.to_string_lossy(),
        index.count,
        index.hash,
        index.split_id
    );
    for l in lines {
        if l.path.contains(['\t', '\n', '\r']) || l.json.contains(['\t', '\n', '\r']) {
            continue;
        }
        let doc = l.doc.map_or_else(|| "-".to_owned(), |d| d.to_string());
        let s = l.stamp;
        let _ = writeln!(
            text,
            "{doc}\t{}\t{}\t{:x}\t{}\t{}",
            s.size, s.modified_ns, s.hash, l.path, l.json
        );
    }
    let fail = |e: std::io::Error| format!("cannot write the cache in {}: {e}", dir.display());
    std::fs::create_dir_all(dir).map_err(fail)?;
    let tmp = dir.join(format!("{FILE}.{}", std::process::id()));
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, dir.join(FILE)).map_err(fail)
}

/// Removes the cache (a run that cannot write one must not leave a stale one).
pub(super) fn remove(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(FILE));
}
