//! The bounds on what one untrusted source may make the reader do.
//!
//! `?src=`, a widget's `data-src` and opened files bring in content from people the
//! site's owner does not know. Every value here caps the size of something such content
//! controls, so that the work it causes is bounded and every step stays linear (or
//! n log n) in it. Real content is far below each one: the 100,000-article bench site
//! has a 55 MB catalog, 3-level categories, a handful of tags per post. Over a limit a
//! file or source gets a clear error, or is cut with a warning; it never traps or
//! freezes the tab. README "Limits" lists them for site owners.

/// Longest title kept; longer ones are cut (a 50,000-character title is an accident,
/// not a headline).
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest single tag, author or category name.
pub const MAX_NAME_CHARS: usize = 100;
/// Front matter larger than this is refused (real front matter is a few hundred bytes).
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;
/// Category levels kept per path (Hexo sites use 1 to 4).
pub const MAX_CATEGORY_DEPTH: usize = 16;
/// Category paths kept per article.
pub const MAX_CATEGORY_PATHS: usize = 32;
/// Tags kept per article.
pub const MAX_TAGS: usize = 100;
/// Longest excerpt kept from a catalog written elsewhere (the CLI writes ≤ 640).
pub const MAX_EXCERPT_CHARS: usize = 2_000;
/// Longest slug or post path kept from a catalog written elsewhere.
pub const MAX_SLUG_CHARS: usize = 200;
pub const MAX_PATH_CHARS: usize = 2_000;
/// Headings listed in an article's table of contents (all keep their ids).
pub const MAX_TOC_ENTRIES: usize = 500;
/// Articles read from one source (a catalog, or a folder of opened files).
pub const MAX_ARTICLES_PER_SOURCE: usize = 250_000;
/// Warnings kept per catalog (one per cut article would otherwise grow without end).
pub const MAX_WARNINGS: usize = 1_000;

/// Bytes of one fetched file, by what it is. A file over its limit is refused with a
/// message naming the limit (the answer's `Content-Length` is checked first, so most
/// are refused before they are read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A catalog.json, site.json or one post file named by `?src=` / `data-src`.
    Source,
    /// One article's post file, fetched when it is opened.
    Body,
    /// A search index (`search.bin`) or one of its shards.
    Index,
    /// A piece of a site read in pieces (a list chunk, card block, facet file).
    Piece,
}

impl FileKind {
    pub const fn max_bytes(self) -> usize {
        match self {
            // The 100,000-article bench catalog is 55 MB.
            FileKind::Source => 96 * 1024 * 1024,
            // The longest real post in the corpora is ~200 kB.
            FileKind::Body => 8 * 1024 * 1024,
            // A one-file index is ≤ 256 kB and a shard targets 48 kB (codec.rs); the
            // 100,000-article index's largest shard is far below this.
            FileKind::Index => 8 * 1024 * 1024,
            FileKind::Piece => 16 * 1024 * 1024,
        }
    }
}

/// Search index shards one index may declare; an index declaring more is refused.
/// (The 100,000-article bench index has a few hundred.)
pub const MAX_SHARDS: usize = 8_192;
/// Shards one query asks for at a time (a one-letter prefix on a crafted index could
/// need all of them); the next ones are asked for once these have answered.
pub const MAX_SHARDS_PER_QUERY: usize = 32;

/// `1.5 MiB`, `12 kB`: sizes in messages.
pub fn human_bytes(n: usize) -> String {
    const MIB: usize = 1024 * 1024;
    if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else {
        format!("{} kB", n.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(human_bytes(9 * 1024 * 1024), "9.0 MiB");
        assert_eq!(human_bytes(1500), "2 kB");
        assert!(FileKind::Index.max_bytes() < FileKind::Source.max_bytes());
    }
}
