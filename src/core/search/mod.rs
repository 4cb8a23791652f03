//! Client-side search over the catalog (issue 4): tokenizing, index, query, ranking,
//! facets, URL state, highlighting and the index file format.
//!
//! Pure Rust (no web-sys, no leptos); the app calls it, the CLI can build and ship it.
//!
//! ```
//! use broadsheet::core::search::{Query, SearchIndexBuilder, Sort};
//! # use broadsheet::core::catalog::Catalog;
//! # let catalog = Catalog::build(vec![("a.md".to_string(), "---\ntitle: 中国投资者情绪指数\n---\n正文".as_bytes().to_vec())], String::new());
//! let mut builder = SearchIndexBuilder::default();
//! for article in &catalog.articles {
//!     builder.add(article, None); // or Some(&post.render(..).text) for full text
//! }
//! let index = builder.finish();
//! let results = index.search(&Query::parse("投资者情绪"), Sort::Relevance, 0, 20);
//! assert_eq!(results.total, 1);
//! ```
//!
//! Files, one concern each:
//! - `normalize`: character folding (case, diacritics, full width)
//! - `tokenize`: text → words / CJK characters with positions
//! - `postings`: one field's term dictionary + compressed posting lists
//! - `index`: `SearchIndex` and its builder
//! - `query`: typed text → `Query`
//! - `rank`: matching (exact for CJK and phrases) and BM25F ranking
//! - `facets`: filters and live facet counts
//! - `url_state`: `SearchState` ⇄ URL query string
//! - `highlight`: title/snippet segments to mark
//! - `codec`: binary format and body shards
//! - `merge`: a big site's index built from sorted runs, a shard at a time
//! - `update`: an index updated in place after a few posts changed
pub mod codec;
pub mod facets;
pub mod highlight;
pub mod index;
pub mod merge;
pub mod normalize;
pub mod postings;
pub mod query;
pub mod rank;
pub mod tokenize;
pub mod update;
pub mod url_state;

pub use codec::{
    is_shard_file_name, shard_file, shard_file_name, shard_header, CodecError, IndexFiles,
    SplitWriter, SHARD_TARGET_BYTES, SINGLE_FILE_MAX_BYTES,
};
pub use facets::Facets;
pub use highlight::{contains_match, highlight, match_ranges, snippet, Segment, SNIPPET_CHARS};
pub use index::{Field, SearchIndex, SearchIndexBuilder, TermRuns};
pub use query::{Filters, PhraseToken, Query, Term};
pub use rank::{Hit, SearchResults, Sort};
pub use url_state::SearchState;
